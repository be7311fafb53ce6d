"""`gamecraft-desktop --self-test` in a child process: one sandbox job in the real (offscreen) window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess


def test_self_test_runs_a_job_and_plays_it_to_the_last_frame(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "FAL_KEY": "someone:elses-key"}
    out = subprocess.run([sys.executable, "-m", "gamecraft_desktop", "--self-test"], capture_output=True, text=True,
                         env=env, timeout=240)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    assert lines, out.stdout + out.stderr[-2000:]
    summary = json.loads(lines[-1])
    assert out.returncode == 0, summary
    assert summary["ok"] is True and summary["mode"] == "sandbox"  # a configured key does not matter
    assert summary["state"] == "done"
    assert summary["last_frame_seen"] == summary["frames_expected"] - 1
    assert summary["distinct_frames_shown"] >= summary["frames_expected"] // 2

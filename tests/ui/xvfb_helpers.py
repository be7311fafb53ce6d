"""Run a Python child on a real X server (Xvfb through xvfb-run) with Qt's xcb plugin; parse its RESULT line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def run_on_xvfb(script: str, tmp_path: Path, screen: str = "1280x1024x24", timeout: float = 120,
                extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    """Write `script` to a file, run it under xvfb-run with QT_QPA_PLATFORM=xcb and return the JSON after
    its "RESULT " line. Skips when xvfb-run is missing (packaging/bootstrap.sh test installs it)."""
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (packaging/bootstrap.sh test installs it)")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["QT_QPA_PLATFORM"] = "xcb"
    env.update(extra_env or {})
    child = tmp_path / "child.py"
    child.write_text(script)
    out = subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {screen}", sys.executable, str(child)],
                         env=env, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"child failed: rc={out.returncode}\n{out.stdout}\n{out.stderr}"
    result: dict[str, Any] = json.loads(lines[0].removeprefix("RESULT "))
    return result

"""Run a Python child on a real X server (Xvfb through xvfb-run) with Qt's xcb plugin; parse its RESULT line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def run_on_xvfb(script: str, tmp_path: Path, screen: str = "1280x1024x24", timeout: float = 120,
                extra_env: dict[str, str] | None = None, window_manager: bool = False,
                args: list[str] | None = None) -> dict[str, Any]:
    """Write `script` to a file, run it under xvfb-run with QT_QPA_PLATFORM=xcb and return the JSON after
    its "RESULT " line; with `window_manager`, openbox frames the windows as on a desktop. Skips when
    xvfb-run (or openbox) is missing: packaging/bootstrap.sh test installs them."""
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (packaging/bootstrap.sh test installs it)")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["QT_QPA_PLATFORM"] = "xcb"
    env.update(extra_env or {})
    child = tmp_path / "child.py"
    child.write_text(script)
    command = [sys.executable, str(child), *(args or [])]
    if window_manager:
        if shutil.which("openbox") is None:
            pytest.skip("openbox is not installed (packaging/bootstrap.sh test installs it)")
        # The window manager first, then the child once openbox owns the screen.
        command = ["sh", "-c", 'openbox --sm-disable & sleep 0.5; "$0" "$@"; rc=$?; kill $! 2>/dev/null; exit $rc',
                   *command]
    # Its own process group: a child that hangs is ended with Xvfb and the window manager, not left behind.
    proc = subprocess.Popen(["xvfb-run", "-a", "-s", f"-screen 0 {screen}", *command], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        pytest.fail(f"the child on Xvfb did not finish within {timeout} s\n{stdout}\n{stderr}")
    out = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"child failed: rc={out.returncode}\n{out.stdout}\n{out.stderr}"
    result: dict[str, Any] = json.loads(lines[0].removeprefix("RESULT "))
    return result

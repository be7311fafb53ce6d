"""Killing a child process at a chosen moment, as a crash or `kill -9` would (shared by the CLI and window
tests of what a killed run leaves behind)."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable


def kill_9_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """SIGKILL `proc` as soon as `ready()` holds (it must still be running then); always reaped."""
    try:
        deadline = time.monotonic() + timeout_s
        while not ready():
            assert proc.poll() is None, "the child ended before the moment to kill it"
            assert time.monotonic() < deadline, "the moment to kill the child never came"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)

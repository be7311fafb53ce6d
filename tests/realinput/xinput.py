"""Shared by the real-input drivers: turn the event loop while waiting, and send real X input (XTest through
xdotool, run as a child while the loop keeps turning)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import Any


class XInput:
    def __init__(self, app: Any) -> None:
        self.app = app

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def wait(self, condition: Callable[[], object], seconds: float = 20.0) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            if condition():
                return True
            time.sleep(0.01)
        return False

    def xdo(self, *args: str) -> None:
        """Run xdotool (real XTest input) while the event loop keeps running."""
        proc = subprocess.Popen(["xdotool", *args])
        while proc.poll() is None:
            self.app.processEvents()
            time.sleep(0.005)
        self.pump(0.15)

    def start_window(self, seconds_per_action: float = 0.2) -> tuple[Any, Any]:
        """The real window with its jobs runtime on a fast in-process sandbox, shown and active."""
        from gamecraft_desktop.app import create_main_window
        from gamecraft_desktop.app_jobs import JobsRuntime
        from gamecraft_desktop.fal.secret_store import MemorySecretStore

        window = create_main_window()
        runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env={},
                              sandbox_options={"seconds_per_action": seconds_per_action})
        runtime.ask_quit = lambda _w, _n: True
        window.show()
        runtime.start()
        self.wait(lambda: runtime.sandbox is not None and not runtime.key.info.loading)
        self.wait(lambda: window.isActiveWindow(), 10)
        return window, runtime

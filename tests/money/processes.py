"""Real programs for the money tests: the command line (`python -m gamecraft_desktop ...`) and the real window
(tests/money/window_child.py) as child processes on one app home, the sandbox in the test process. Moments are
detected from the history database and the command's --json events, never by sleeping."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHILD_TIMEOUT_S = 90.0


class Child:
    """A child process whose stdout lines (the command's --json events) are collected as they come."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                     start_new_session=True)
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._pumps = [threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout, True),
                                        name="child-stdout", daemon=True),
                       threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr, False),
                                        name="child-stderr", daemon=True)]
        for t in self._pumps:
            t.start()

    def _pump(self, stream: Any, into: list[str], events: bool) -> None:
        for line in stream:
            into.append(line)
            if events and line.startswith("{"):
                with contextlib.suppress(ValueError):
                    self.events.put(json.loads(line))

    def wait_event(self, name: str, timeout_s: float = CHILD_TIMEOUT_S,
                   pred: Callable[[dict[str, Any]], bool] = lambda ev: True) -> dict[str, Any]:
        """The first event called `name` (already seen or still to come) for which `pred` holds."""
        deadline = time.monotonic() + timeout_s
        for ev in self.seen:
            if ev.get("event") == name and pred(ev):
                return ev
        while time.monotonic() < deadline:
            if self.proc.poll() is not None and self.events.empty():
                break
            try:
                ev = self.events.get(timeout=0.05)
            except queue.Empty:
                continue
            self.seen.append(ev)
            if ev.get("event") == name and pred(ev):
                return ev
        raise AssertionError(f"no such {name!r} event from {self.argv[2:5]}; stderr: {''.join(self.stderr)[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: nothing of the program runs after it (no cleanup, no last write)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)
        self.join()

    def finish(self, timeout_s: float = CHILD_TIMEOUT_S) -> int:
        code = self.proc.wait(timeout_s)
        self.join()
        return code

    def join(self) -> None:
        for t in self._pumps:
            t.join(10)

    @property
    def err(self) -> str:
        return "".join(self.stderr)


class Programs:
    """Starts the command line and the window as child processes on one app home, against one sandbox."""

    def __init__(self, home: Path, server: Any) -> None:
        self.home = home
        self.server = server
        self.key = server.require_key
        self.children: list[Child] = []

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FAL_KEY", "GAMECRAFT_DESKTOP_"))}
        env.update(GAMECRAFT_DESKTOP_HOME=str(self.home), FAL_KEY=self.key, PYTHONUNBUFFERED="1",
                   PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", QT_QPA_PLATFORM="offscreen",
                   GAMECRAFT_DESKTOP_QUEUE_URL=self.server.base_url, GAMECRAFT_DESKTOP_REST_URL=self.server.base_url)
        return env

    def connection(self) -> list[str]:
        base = self.server.base_url
        return ["--queue-url", base, "--rest-url", base, "--retries", "3", "--retry-wait", "0.05",
                "--timeout", "5", "--json"]

    def cli(self, *args: str) -> Child:
        child = Child([sys.executable, "-m", "gamecraft_desktop", *args, *self.connection()], self.env())
        self.children.append(child)
        return child

    def window(self, *args: str) -> Child:
        """The real app (its window offscreen), optionally composing and pressing Generate once."""
        script = Path(__file__).with_name("window_child.py")
        child = Child([sys.executable, str(script), *args], self.env())
        self.children.append(child)
        return child

    def history(self) -> Any:
        from gamecraft_desktop.store.jobs_db import JobStore
        from gamecraft_desktop.store.paths import AppPaths

        old = os.environ.get("GAMECRAFT_DESKTOP_HOME")
        os.environ["GAMECRAFT_DESKTOP_HOME"] = str(self.home)
        try:
            return JobStore(AppPaths.default().database)
        finally:
            if old is None:
                os.environ.pop("GAMECRAFT_DESKTOP_HOME", None)
            else:
                os.environ["GAMECRAFT_DESKTOP_HOME"] = old

    def rows(self) -> list[Any]:
        db = self.home / "data" / "history.sqlite3"
        if not db.exists():
            return []
        with self.history() as store:
            return store.list(limit=1000)

    def wait_row(self, pred: Callable[[Any], bool], what: str, timeout_s: float = CHILD_TIMEOUT_S) -> Any:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for rec in self.rows():
                if pred(rec):
                    return rec
            for child in self.children:
                if child.proc.poll() is not None and child.proc.returncode not in (0, -9):
                    raise AssertionError(f"{child.argv[3:5]} exited {child.proc.returncode}: {child.err[-2000:]}")
            time.sleep(0.02)
        raise AssertionError(f"the history never showed {what}; rows: "
                             f"{[(r.state.value, r.request_id) for r in self.rows()]}")

    def stop_all(self) -> None:
        for child in self.children:
            child.kill()


def manager_on(programs: Programs, *, poll_s: float = 0.05) -> Any:
    """The window's job manager (what the window runs, without widgets) in this process, on the programs'
    app home and sandbox; its history is loaded. The caller shuts it down."""
    from gamecraft_desktop.engine.connection import Backend, ClientPool
    from gamecraft_desktop.fal.config import FalConfig
    from gamecraft_desktop.fal.credentials import Credentials
    from gamecraft_desktop.jobs.job_manager import JobManager, PollTiming
    from gamecraft_desktop.store.jobs_db import JobStore
    from gamecraft_desktop.store.paths import AppPaths

    os.environ["GAMECRAFT_DESKTOP_HOME"] = str(programs.home)  # the test's own home fixture restores it
    paths = AppPaths.default().ensure()
    base = programs.server.base_url
    backend = Backend("fal", FalConfig(queue_url=base, rest_url=base, timeout_s=5.0),
                      Credentials(key=programs.key, source="keyring"))
    poll = PollTiming(initial_s=poll_s, max_s=poll_s * 4, factor=1.5, retry_base_s=poll_s, retry_cap_s=0.5)
    return JobManager(JobStore(paths.database), paths, backend=backend, poll=poll,
                      clients=ClientPool(paths.upload_cache_file))

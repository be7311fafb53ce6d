"""The world the money-rules machine runs in: the real sandbox on loopback (standing in for fal), one history
(SQLite file, job folders, log file) and the two drivers of the one job engine working on it:

- the window's: the real `JobManager` (its `StepScheduler` on a `QThreadPool`, its `QTimer`), on a
  QCoreApplication event loop. No widgets: the scheduling is exactly the window's, and the widgets add nothing
  the money rules depend on (they only call the manager's public actions, as the machine does);
- the command line's: the real `generate`, `result` and `cancel` commands (their parsers and run functions, the
  engine's `SyncDriver`), each run in a thread of its own as if it were another process beside the window.

A crash abandons an engine at a step boundary: steps in flight finish (what they write is written), nothing
else runs, and what only lived in memory (queued history writes of the window) is lost. Killing a process
mid-step is the subprocess tests' part (test_kill_*.py).
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import logging
import os
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jobs_helpers import cached_render
from scenes import make_key, scene

POLL_S = 0.03
TIMEOUT_S = 1.0  # every client's per-request timeout: a hung request is given up after this
SECONDS_PER_ACTION = 0.25
RETRY_WAIT = "0.01"

class Killed(BaseException):
    """Raised in a command's thread at a step boundary: the process is gone (nothing runs after it)."""


class Gate:
    """Stands in front of `run_step` for both drivers: a killed command's thread stops at its next step, an
    abandoned window engine runs no step any more."""

    def __init__(self) -> None:
        self.local = threading.local()
        self._abandoned: list[threading.Event] = []
        self._lock = threading.Lock()
        self._real: dict[str, Callable[..., Any]] = {}

    def install(self) -> None:
        from gamecraft_desktop.engine import run, sync_driver

        self._real = {"run": run.run_step, "sync": sync_driver.run_step}
        run.run_step = self._window_step  # type: ignore[assignment]  # the window imports it per step
        sync_driver.run_step = self._cli_step  # type: ignore[assignment]

    def remove(self) -> None:
        from gamecraft_desktop.engine import run, sync_driver

        if self._real:
            run.run_step = self._real["run"]  # type: ignore[assignment]
            sync_driver.run_step = self._real["sync"]  # type: ignore[assignment]

    def abandon(self, stopping: threading.Event) -> None:
        with self._lock:
            self._abandoned.append(stopping)

    def _window_step(self, step: Any, ctx: Any, budget: Any) -> Any:
        from gamecraft_desktop.engine.context import StepReport, Stopped

        with self._lock:
            dead = any(ctx.stopping is e for e in self._abandoned)
        if dead:
            return StepReport(step, Stopped(), ctx.record)
        return self._real["run"](step, ctx, budget)

    def _cli_step(self, step: Any, ctx: Any, budget: Any) -> Any:
        run: CliRun | None = getattr(self.local, "run", None)
        if run is not None:
            if run.kill.is_set():
                raise Killed()
            if run.interrupt.is_set():
                run.interrupt.clear()
                raise KeyboardInterrupt()
        return self._real["sync"](step, ctx, budget)


class CliRun:
    """One command (`generate`, `result`, `cancel`) running in a thread, as another process would."""

    _ids = itertools.count(1)

    def __init__(self, world: World, argv: list[str], *, prompt: str | None = None,
                 request_id: str | None = None) -> None:
        self.world = world
        self.argv = argv
        self.prompt = prompt
        self.request_id = request_id
        self.kill = threading.Event()
        self.interrupt = threading.Event()
        self.out = io.StringIO()
        self.err = io.StringIO()
        self.code: int | str | None = None
        self.crash: BaseException | None = None
        self.thread = threading.Thread(target=self._main, name=f"money-cli-{next(self._ids)}", daemon=True)

    def start(self) -> CliRun:
        self.thread.start()
        return self

    def _main(self) -> None:
        from gamecraft_desktop.cli.dispatch import build_command_parser
        from gamecraft_desktop.cli.output import Reporter

        self.world.gate.local.run = self
        try:
            args = build_command_parser().parse_args(self.argv)
            self.code = args.run(args, Reporter(json_mode=True, stdout=self.out, stderr=self.err))
        except Killed:
            self.code = "killed"
        except BaseException as exc:  # a traceback for a command is a defect the checks report
            self.crash = exc
        finally:
            self.world.gate.local.run = None

    @property
    def alive(self) -> bool:
        return self.thread.is_alive()

    def stop(self, *, kill: bool = True, timeout_s: float = 30.0) -> None:
        if kill:
            self.kill.set()
        self.thread.join(timeout_s)

    def row_id(self, rows: list[Any]) -> str | None:
        """The history row this run works on."""
        for rec in rows:
            if self.prompt is not None and rec.prompt == self.prompt and rec.started_by == "cli":
                return str(rec.id)
            if self.request_id is not None and rec.request_id == self.request_id:
                return str(rec.id)
        return None


class WindowEngine:
    """The window's driver: a JobManager on this process's Qt event loop, started on the world's history."""

    def __init__(self, world: World) -> None:
        from gamecraft_desktop.engine.connection import ClientPool
        from gamecraft_desktop.fal.retry import RetryPolicy
        from gamecraft_desktop.jobs.job_manager import JobManager, PollTiming
        from gamecraft_desktop.store.jobs_db import JobStore

        self.world = world
        self.store = JobStore(world.paths.database)
        self.clients = ClientPool(world.paths.upload_cache_file,
                                  download_retry=RetryPolicy(base_s=0.02, cap_s=0.1, max_attempts=3, jitter=0))
        poll = PollTiming(initial_s=POLL_S, max_s=0.15, factor=1.5, retry_base_s=0.05, retry_cap_s=0.3)
        self.manager = JobManager(self.store, world.paths, backend=world.backend(), poll=poll, clients=self.clients)
        self.loaded = False
        self.alive = True
        self.manager.historyLoaded.connect(self._on_loaded)
        self.manager.load_history()
        if not world.spin_until(lambda: self.loaded, 15.0):
            raise AssertionError("the window did not load its history within 15 s")

    def _on_loaded(self, _n: int) -> None:
        self.loaded = True

    def moving(self, job_id: str) -> bool:
        """Whether something will move this job: a step in flight or due, or the person was asked (a key, or
        Send/Discard of another program's unsent job)."""
        job = self.manager.job(job_id)
        if job is None:
            return False
        return bool(job.busy or job.held or job.watched or job.waiting_for_key is not None
                    or self.manager.scheduler.pending(job_id))

    def crash(self) -> None:
        """The process dies at a step boundary: steps in flight finish, nothing queued runs."""
        if not self.alive:
            return
        self.alive = False
        scheduler = self.manager.scheduler
        self.world.gate.abandon(scheduler.stopping)
        scheduler.pool.clear()  # queued work (steps, history writes) dies with the process
        with contextlib.suppress(RuntimeError, TypeError):
            scheduler.bridge.done.disconnect()
        with contextlib.suppress(RuntimeError, TypeError):
            scheduler.bridge.progress.disconnect()
        scheduler.pool.waitForDone(60_000)
        self.clients.close()
        self.store.close()
        self._delete()

    def _delete(self) -> None:
        """Delete the manager now, on this (the GUI) thread: left to the garbage collector, it could be
        destroyed on any thread, with its timers."""
        import shiboken6

        if shiboken6.isValid(self.manager):
            shiboken6.delete(self.manager)

    def quit(self) -> None:
        """The person quits: the window's own shutdown."""
        if not self.alive:
            return
        self.alive = False
        self.manager.shutdown()
        self.store.close()
        self._delete()


def _record_escape(escaped: list[str], kind: Any, value: Any, tb: Any) -> None:
    escaped.append("".join(traceback.format_exception(kind, value, tb)))


class World:
    """Sandbox + history + drivers for one example; `close()` stops everything it started."""

    def __init__(self, root: Path, *, runners: int = 2) -> None:
        from gamecraft_desktop.cli import common
        from gamecraft_desktop.fal.secret_store import MemorySecretStore
        from gamecraft_desktop.sandbox import SandboxServer
        from gamecraft_desktop.store.logs import configure_logging
        from gamecraft_desktop.store.paths import AppPaths

        self.root = root
        self.home = root / "home"
        self.out = root / "out"
        self.images = root / "images"
        for folder in (self.home, self.out, self.images):
            folder.mkdir(parents=True, exist_ok=True)
        self.key = make_key()
        self._env = {k: os.environ.get(k) for k in ("GAMECRAFT_DESKTOP_HOME", "FAL_KEY", "PYTHON_KEYRING_BACKEND")}
        os.environ.update({"GAMECRAFT_DESKTOP_HOME": str(self.home), "FAL_KEY": self.key,
                           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
        self._secret_factory = common.secret_store_factory
        common.secret_store_factory = MemorySecretStore
        self.paths = AppPaths.default().ensure()
        self._log_level = logging.getLogger().level
        configure_logging(self.paths.log_file)
        self.gate = Gate()
        self.gate.install()
        self.escaped: list[str] = []  # exceptions that reached a thread's top (the app shows a crash dialog)
        self._excepthooks = (sys.excepthook, threading.excepthook)
        # The hooks hold the list, not the World: every thread that Python first sees while they are set (Qt's
        # pool threads become threading._DummyThread) keeps the hook of that moment for good.
        escaped = self.escaped
        sys.excepthook = functools.partial(_record_escape, escaped)
        threading.excepthook = lambda args: _record_escape(escaped, args.exc_type, args.exc_value,
                                                           args.exc_traceback)
        self.server = SandboxServer(require_key=self.key, render=cached_render, runners=runners,
                                    seconds_per_action=SECONDS_PER_ACTION, time_scale=1.0)
        self.server.start()
        self.runs: list[CliRun] = []
        self._n = itertools.count(1)
        from gamecraft_desktop.store.jobs_db import JobStore

        self.reader = JobStore(self.paths.database)
        self.window = WindowEngine(self)

    # --- the event loop -----------------------------------------------------------------------------

    @staticmethod
    def spin(seconds: float) -> None:
        """Run the Qt event loop (the window's timers and step reports) for `seconds`."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
        loop.exec()

    @staticmethod
    def spin_until(pred: Callable[[], bool], timeout_s: float) -> bool:
        from PySide6.QtCore import QCoreApplication, QEventLoop

        deadline = time.monotonic() + timeout_s
        app = QCoreApplication.instance()
        assert app is not None, "the window's driver needs a Qt application"
        while not pred():
            if time.monotonic() > deadline:
                return False
            World.spin(0.01)
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        return True

    # --- what the person does -----------------------------------------------------------------------

    def backend(self) -> Any:
        from gamecraft_desktop.engine.connection import Backend
        from gamecraft_desktop.fal.config import FalConfig
        from gamecraft_desktop.fal.credentials import Credentials

        config = FalConfig(queue_url=self.server.base_url, rest_url=self.server.base_url, timeout_s=TIMEOUT_S)
        return Backend("fal", config, Credentials(key=self.key, source="keyring"))

    def new_image(self, n: int) -> Path:
        """A distinct image per job, so each job really uploads (the upload cache knows each image once)."""
        return scene(self.images / f"scene-{n}.png", n)

    def next_number(self) -> int:
        return next(self._n)

    def connection_args(self) -> list[str]:
        base = self.server.base_url
        return ["--queue-url", base, "--rest-url", base, "--retries", "3", "--retry-wait", RETRY_WAIT,
                "--timeout", str(TIMEOUT_S), "--json"]

    def start_cli(self, argv: list[str], **kw: Any) -> CliRun:
        run = CliRun(self, argv, **kw).start()
        self.runs.append(run)
        return run

    def restart_window(self, *, crash: bool) -> None:
        if crash:
            self.window.crash()
        else:
            self.window.quit()
        self.window = WindowEngine(self)

    # --- reading -----------------------------------------------------------------------------------

    def rows(self) -> list[Any]:
        return self.reader.list(limit=10_000)

    def run_reports(self) -> list[str]:
        """What each command said (for a failure's story)."""
        return [f"   `{' '.join(r.argv[:3])[:90]}` -> {r.code}: {r.err.getvalue()[-400:]!r}" for r in self.runs]

    def live_runs(self) -> list[CliRun]:
        return [r for r in self.runs if r.alive]

    # --- the end --------------------------------------------------------------------------------------

    def close(self) -> None:
        from gamecraft_desktop.cli import common
        from gamecraft_desktop.store.logs import shutdown_logging

        try:
            for run in self.runs:
                run.stop(kill=True)
            with contextlib.suppress(Exception):
                self.window.quit()
            self.reader.close()
            self.server.stop()
        finally:
            sys.excepthook, threading.excepthook = self._excepthooks
            self.gate.remove()
            common.secret_store_factory = self._secret_factory
            shutdown_logging()
            logging.getLogger().setLevel(self._log_level)
            for name, value in self._env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            shutil.rmtree(self.root, ignore_errors=True)

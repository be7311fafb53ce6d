"""When each job's next step runs, on ONE bounded thread pool whatever the number of jobs.

A job advances by short step tasks; a single QTimer on the GUI thread decides when each job's next poll or
retry is due. Nothing sleeps per job, so 50 jobs are 50 entries in a dict, not 50 threads. Uploads and
downloads take at most `transfer_slots` threads so polls always find one free, and the jobs following one
backend share its poll budget (requests per second), so a batch of 20 does not poll 20 times as often.
Results come back to the GUI thread as typed values through Qt's queued signals.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from gamecraft_desktop.engine.context import StepReport
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.timing import PollTiming
from gamecraft_desktop.jobs.live_job import LiveJob
from gamecraft_desktop.qtsupport.thread_priority import lower_current_thread_priority

Done = Callable[[Any, BaseException | None], None]


@dataclass(frozen=True)
class StepDone:
    """A step finished on a worker: its report, and whether it held a transfer slot."""

    job_id: str
    report: StepReport
    track: bool


@dataclass(frozen=True)
class TaskDone:
    """A one-off task finished on a worker (history, delete, save): `callback(result, error)` on the GUI thread."""

    callback: Done
    result: Any
    error: BaseException | None


@dataclass(frozen=True)
class Progress:
    job_id: str
    kind: str  # "up" | "down"
    done: int
    total: int


class _Bridge(QObject):
    """Lives on the GUI thread; workers emit, Qt queues the call to the GUI thread."""

    done = Signal(object)  # StepDone | TaskDone
    progress = Signal(object)  # Progress


class StepScheduler(QObject):
    """The pool, the timer, the transfer slots and the poll budget. All public methods are for the GUI thread,
    except the bridge's signals, which workers emit."""

    stepDone = Signal(object)  # StepDone
    progressed = Signal(object)  # Progress

    def __init__(self, jobs: dict[str, LiveJob], launch: Callable[[LiveJob, Step], None], *,
                 max_threads: int = 4, transfer_slots: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._launch = launch
        self.pool = QThreadPool(self)
        self.pool.setObjectName("gamecraft-jobs")
        self.pool.setMaxThreadCount(max_threads)
        self.pool.setExpiryTimeout(30_000)
        self._transfer_slots = max(1, min(transfer_slots, max_threads - 1))
        self._transfers = 0
        self._transfer_wait: deque[tuple[str, Step]] = deque()
        self._due: dict[str, tuple[float, Step]] = {}
        self.stopping = threading.Event()
        self.bridge = _Bridge(self)
        self.bridge.done.connect(self._on_done)
        self.bridge.progress.connect(self.progressed.emit)
        self._timer = QTimer(self)
        self._timer.setObjectName("jobScheduler")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run_due)
        self.worker_thread_ids: set[int] = set()  # observed, for the thread-count check

    # --- steps -----------------------------------------------------------------------------------

    def start(self, job: LiveJob, step: Step) -> None:
        """Run `step` now, or as soon as a transfer slot is free (uploads and downloads)."""
        if self.stopping.is_set() or job.deleted or job.shared.cancelled.is_set():
            return
        if step.is_transfer:
            if self._transfers >= self._transfer_slots:
                self._transfer_wait.append((job.job_id, step))
                job.busy = True
                return
            self._transfers += 1
        self._launch(job, step)

    def schedule(self, job: LiveJob, step: Step, delay_s: float) -> None:
        if self.stopping.is_set() or job.deleted:
            return
        if delay_s <= 0:
            self.start(job, step)
            return
        self._due[job.job_id] = (time.monotonic() + delay_s, step)
        self._arm()

    def poke(self, job: LiveJob, step: Step) -> None:
        """Run `step` at once unless a step of the job is in flight or something else is due for it."""
        due = self._due.get(job.job_id)
        if not job.busy and (due is None or due[1] == step):
            self._due[job.job_id] = (time.monotonic(), step)
            self._arm()

    def forget(self, job_id: str) -> None:
        self._due.pop(job_id, None)

    def pending(self, job_id: str) -> bool:
        """Whether a step of the job is due on the timer or waits for a transfer slot."""
        return job_id in self._due or any(j == job_id for j, _ in self._transfer_wait)

    def release_transfer(self) -> None:
        self._transfers = max(0, self._transfers - 1)
        while self._transfer_wait and not self.stopping.is_set():
            job_id, step = self._transfer_wait.popleft()
            job = self._jobs.get(job_id)
            if job is None or job.shared.cancelled.is_set():
                continue
            job.busy = False
            self.start(job, step)
            break

    def submit(self, task: Callable[[], StepReport], job_id: str, *, track: bool, priority: int) -> None:
        """Run a step's `task` on the pool; its report comes back as `stepDone` on the GUI thread."""
        bridge, ids = self.bridge, self.worker_thread_ids

        def run() -> None:
            lower_current_thread_priority()
            ids.add(threading.get_ident())
            report = task()
            bridge.done.emit(StepDone(job_id, report, track))

        self.pool.start(run, priority)

    def run_task(self, fn: Callable[[], Any], done: Done | None) -> None:
        """A one-off task on the pool (history, delete, save); `done(result, error)` runs on the GUI thread."""
        bridge = self.bridge

        def task() -> None:
            lower_current_thread_priority()
            try:
                result, error = fn(), None
            except BaseException as exc:
                result, error = None, exc
            if done is not None:
                bridge.done.emit(TaskDone(done, result, error))

        self.pool.start(task)

    def _on_done(self, payload: StepDone | TaskDone) -> None:
        if isinstance(payload, TaskDone):
            payload.callback(payload.result, payload.error)
            return
        if payload.report.step.is_transfer and payload.track:
            self.release_transfer()
        self.stepDone.emit(payload)

    # --- the timer -------------------------------------------------------------------------------

    def _arm(self) -> None:
        if not self._due or self.stopping.is_set():
            self._timer.stop()
            return
        first = min(t for t, _ in self._due.values())
        self._timer.start(max(0, int((first - time.monotonic()) * 1000) + 1))

    def _run_due(self) -> None:
        now = time.monotonic()
        for job_id, (when, step) in list(self._due.items()):
            if when > now:
                continue
            del self._due[job_id]
            job = self._jobs.get(job_id)
            if job is not None and not job.busy:
                self.start(job, step)
            elif job is not None:  # still busy: look again shortly
                self._due[job_id] = (now + 0.05, step)
        self._arm()

    @staticmethod
    def poll_spacing(timing: PollTiming, following: Iterable[LiveJob]) -> float:
        """The least interval between two polls of one job so that all jobs of this timing together stay
        within `timing.polls_per_s`."""
        if not timing.polls_per_s:
            return 0.0
        return sum(1 for _ in following) / timing.polls_per_s

    def stop(self) -> None:
        """Stop scheduling and drop what waits (steps in flight run to their end: `wait`)."""
        self.stopping.set()
        self._timer.stop()
        self._due.clear()
        self._transfer_wait.clear()
        self.pool.clear()

    def wait(self, wait_ms: int) -> bool:
        return bool(self.pool.waitForDone(wait_ms))

"""Runs generation jobs off the GUI thread and reports every change as a typed `JobEvent`.

Design (architecture.md, "Threading"): ONE bounded `QThreadPool` (4 threads) whatever the number of jobs.
A job advances by short step tasks (prepare+upload, submit, poll once, fetch result, download); a single
`QTimer` on the GUI thread decides when each job's next poll or retry is due, with adaptive poll timing.
Nothing sleeps per job, so 50 jobs are 50 entries in a dict, not 50 threads. Uploads and downloads take
at most `transfer_slots` threads so polls always find one free.

Every state change is written to the JobStore by the step that caused it, before the step returns; the
request id and URLs are on disk from inside `QueueClient.submit` (its `on_accepted` hook). On start,
`resume()` re-attaches to every unfinished job without ever submitting one again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import random
import shutil
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from gamecraft_desktop import __version__
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.engine.connection import Backend, ClientPool
from gamecraft_desktop.engine.continuation import JOINED_NAME, save_last_frame
from gamecraft_desktop.jobs import job_steps as steps
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_types import (
    CANCEL_PENDING_QUEUED,
    CANCEL_PENDING_RUNNING,
    FINISHED_DESPITE_CANCEL,
    JobInputs,
    JobSpec,
    LiveJob,
    PollTiming,
    SharedFlags,
)
from gamecraft_desktop.jobs.thread_priority import lower_current_thread_priority
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore, utc_now
from gamecraft_desktop.store.paths import AppPaths

log = logging.getLogger(__name__)

TRANSFER_STEPS = frozenset({"upload", "download"})
LAST_FRAME_NAME = "last-frame.png"  # in the job's folder: the image a continuation starts from
_FOLLOWED_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})  # the states a job is polled in
IDEMPOTENT_STEPS = frozenset({"poll", "fetch", "download", "cancel"})
PROGRESS_INTERVAL_S = 0.25  # per job: 20 transfers stay at 80 row updates a second
# The GUI thread re-enters Python for every slot, paint and model call, and PySide releases the GIL around
# most Qt calls: each re-entry waits for the GIL up to the switch interval while a worker is busy in Python
# (httpx/h11 streaming, PyAV, PIL). 5 ms (CPython's default) per re-entry added up to 60-180 ms heartbeat
# gaps with 20 jobs downloading 50 MB videos; 1 ms brought p99 from ~40 to ~28 ms, 0.5 ms (with the other
# measures) the max gap from ~35-42 to ~19-35 ms (tests/benchmarks/bench_jobs.py).
GUI_SWITCH_INTERVAL_S = 0.0005


class _Bridge(QObject):
    """Lives on the GUI thread; workers emit, Qt queues the call to the GUI thread."""

    done = Signal(object)
    progress = Signal(object)


class JobManager(QObject):
    """Owns every job of this session. All public methods are for the GUI thread."""

    jobChanged = Signal(object)  # JobEvent
    jobRemoved = Signal(str)  # job id
    jobFinished = Signal(object)  # JobEvent, when a job reaches a terminal state in this session
    authRequired = Signal(str)  # why: the key was refused or is missing
    inputRejected = Signal(str, object)  # job id, tuple[FieldIssue] (422: mark the fields)
    videoSaved = Signal(str, str, str)  # job id, saved path, error text ("" on success)
    inputsReady = Signal(object)  # JobInputs for "load inputs into the composer" (and "continue")
    continueFailed = Signal(str, str)  # job id, why its last frame could not be taken
    historyLoaded = Signal(int)  # number of jobs loaded

    def __init__(self, store: JobStore, paths: AppPaths, *, backend: Backend | None = None,
                 max_threads: int = 4, transfer_slots: int = 2, poll: PollTiming | None = None,
                 clients: ClientPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if sys.getswitchinterval() > GUI_SWITCH_INTERVAL_S:
            sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
        self.store = store
        self.paths = paths
        self.poll = poll or PollTiming(polls_per_s=4.0)
        self._backends: dict[str, Backend] = {}
        self._default_mode = "sandbox"
        # The local sandbox answers in milliseconds and costs nothing: poll it briskly so a finished video
        # shows at once; fal gets the gentle adaptive timing of the protocol page.
        # A running sandbox job is polled at least every 0.2 s (a handful of jobs run at once: ~20 local
        # requests a second) so its video plays within ~300 ms of the sandbox finishing it.
        self.sandbox_poll = poll or PollTiming(initial_s=0.1, max_s=0.6, factor=1.5, retry_base_s=0.3,
                                               retry_cap_s=5.0, running_max_s=0.2, polls_per_s=10.0)
        self._jobs: dict[str, LiveJob] = {}
        self._clients = clients or ClientPool(paths.upload_cache_file)
        self._pool = QThreadPool(self)
        self._pool.setObjectName("gamecraft-jobs")
        self._pool.setMaxThreadCount(max_threads)
        self._pool.setExpiryTimeout(30_000)
        self._transfer_slots = max(1, min(transfer_slots, max_threads - 1))
        self._transfers = 0
        self._transfer_wait: deque[tuple[str, str]] = deque()
        self._due: dict[str, tuple[float, str]] = {}
        self._stopping = threading.Event()
        # Writes queued by _persist_async: shutdown() runs those the pool has not started (it clears its
        # queue), so a state change made just before quitting is never lost.
        self._persist_lock = threading.Lock()
        self._persists: dict[object, Callable[[], Any]] = {}
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._on_step_done)
        self._bridge.progress.connect(self._on_progress)
        self._timer = QTimer(self)
        self._timer.setObjectName("jobScheduler")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run_due)
        self.worker_thread_ids: set[int] = set()  # observed, for the thread-count check
        if backend is not None:
            self.set_backend(backend, default=True)

    # --- configuration -------------------------------------------------------------------------

    def set_backend(self, backend: Backend, *, default: bool = False) -> None:
        """Register where jobs of `backend.mode` go; jobs waiting for a key continue."""
        self._backends[backend.mode] = backend
        if default:
            self._default_mode = backend.mode
        for job in self._jobs.values():
            if job.waiting_for_key and job.record.mode == backend.mode:
                step, job.waiting_for_key, job.note = job.waiting_for_key, None, None
                self._schedule(job, step, 0.0)

    def remove_backend(self, mode: str) -> None:
        self._backends.pop(mode, None)

    def set_default_mode(self, mode: str) -> None:
        self._default_mode = mode

    @property
    def default_mode(self) -> str:
        return self._default_mode

    @property
    def thread_pool(self) -> QThreadPool:
        return self._pool

    # --- queries --------------------------------------------------------------------------------

    def job_ids(self) -> list[str]:
        return list(self._jobs)

    def record(self, job_id: str) -> JobRecord:
        return self._jobs[job_id].record

    def job_event(self, job_id: str) -> JobEvent:
        return self._event(self._jobs[job_id])

    def active_count(self, mode: str | None = None) -> int:
        """Unfinished jobs (of one mode: "fal" or "sandbox", when given)."""
        return sum(1 for j in self._jobs.values()
                   if not j.record.state.is_terminal and (mode is None or j.record.mode == mode))

    # --- creating jobs --------------------------------------------------------------------------

    def submit(self, spec: JobSpec, count: int = 1, *, mode: str | None = None) -> list[str]:
        """Start `count` jobs with consecutive seeds (seed, seed+1, …). Returns their ids at once."""
        mode = mode or self._default_mode
        backend = self._backends.get(mode)
        endpoint = backend.config.endpoint if backend else "anthonywu/gamecraft"
        batch = f"batch-{int(time.time() * 1000)}" if count > 1 else None
        ids: list[str] = []
        continues = spec.continues if spec.continues in self._jobs else None  # deleted meanwhile: no link
        for i in range(max(1, count)):
            inp = spec.input(seed=spec.seed + i)
            rec = JobRecord.new(inp, mode=mode, endpoint=endpoint,  # type: ignore[arg-type]
                                source_image_path=str(spec.image_path), batch_id=batch,
                                parent_job_id=continues)
            job = LiveJob(record=rec, shared=SharedFlags(created=False), source_image=spec.image_path,
                       source_sha256=spec.image_sha256, poll_interval=self.poll.initial_s, priority=spec.priority,
                       start_timeout_s=spec.start_timeout_s)
            self._jobs[rec.id] = job
            ids.append(rec.id)
            self._emit(job)
            self._start_step(job, "upload")
        return ids

    def rerun(self, job_id: str, *, seed: int | None = None) -> str | None:
        """A new job with the same inputs (and `seed` if given). Pays again on fal. A continuation's re-run
        continues the same job (its video is joined after the chain too) while that job is still listed."""
        old = self._jobs[job_id].record
        inp = steps.input_of(old)
        image = self._image_for(old)
        if image is None:
            self._set_note(self._jobs[job_id], "The input image of this job is gone; load another image.")
            return None
        spec = JobSpec(image_path=image, prompt=inp.prompt, path=inp.path, neg_prompt=inp.neg_prompt,
                       cfg_scale=inp.cfg_scale, infer_steps=inp.infer_steps,
                       seed=inp.seed if seed is None else seed, continues=old.parent_job_id)
        return self.submit(spec, mode=old.mode if old.mode in self._backends else None)[0]

    def vary_seed(self, job_id: str) -> str | None:
        return self.rerun(job_id, seed=random.randint(1, 2**31 - 1))

    def load_inputs(self, job_id: str) -> JobInputs:
        rec = self._jobs[job_id].record
        inputs = JobInputs(job_id, self._image_for(rec), steps.input_of(rec))
        self.inputsReady.emit(inputs)
        return inputs

    def continue_from(self, job_id: str) -> None:
        """Take a finished job's last frame (off the GUI thread) and offer it with the job's inputs as the
        next job's image (`inputsReady` with `continues` set), or say why not (`continueFailed`)."""
        rec = dataclasses.replace(self._jobs[job_id].record)
        # Not in the job's folder: the image must outlive the job (deleting it must not take the next
        # job's input away).
        out = self.paths.data / "continue-frames" / f"{job_id}-{LAST_FRAME_NAME}"

        def task() -> Path:
            return save_last_frame(rec, out)

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.continueFailed.emit(job_id, f"{getattr(error, 'strerror', None) or error}")
                return
            self.inputsReady.emit(JobInputs(job_id, Path(result), steps.input_of(rec), continues=job_id))

        self._run_detached("last-frame", task, done)

    @staticmethod
    def _image_for(rec: JobRecord) -> Path | None:
        for p in (rec.source_image_path, rec.prepared_image_path):
            if p and Path(p).exists():
                return Path(p)
        return None

    # --- history and resume ----------------------------------------------------------------------

    def load_history(self, limit: int = 500) -> None:
        """Read the history on a worker thread, show it, and re-attach to every unfinished job."""
        def task() -> tuple[list[JobRecord], list[JobRecord]]:
            return self.store.list(limit=limit), self.store.unfinished()

        self._run_detached("load", task, self._on_history)

    def _on_history(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            log.error("cannot read the job history: %s", error)
            return
        recent, unfinished = result
        by_id = {r.id: r for r in recent}
        by_id.update({r.id: r for r in unfinished})
        for rec in sorted(by_id.values(), key=lambda r: r.created_at):
            if rec.id in self._jobs:
                continue
            job = LiveJob(record=rec, shared=SharedFlags(created=True), poll_interval=self.poll.initial_s,
                       source_image=Path(rec.source_image_path) if rec.source_image_path else None)
            self._jobs[rec.id] = job
            self._emit(job)
        self.historyLoaded.emit(len(by_id))
        for rec in unfinished:
            self._resume(self._jobs[rec.id])

    def _resume(self, job: LiveJob) -> None:
        rec = job.record
        state = rec.state
        backend = self._backends.get(rec.mode)
        if state == JobState.SUBMITTING:
            self._persist_async(job, state=JobState.SUBMIT_UNCERTAIN, error_kind="SubmitUncertain",
                                error_message=("The app stopped while this job was being submitted: fal may "
                                               "or may not have it (and may bill it). It was not sent again; "
                                               "use Re-run to send it deliberately."))
            self.jobFinished.emit(self._event(job))
            return
        if (rec.mode == "sandbox" and backend is not None and rec.status_url
                and not rec.status_url.startswith(backend.origin) and state != JobState.UPLOADING):
            # The in-process sandbox that held this job stopped with the last session: it is free and
            # local, so run it again from the start on the current sandbox.
            self._restart_fresh(job)
            return
        step = {JobState.UPLOADING: "upload", JobState.QUEUED: "poll", JobState.RUNNING: "poll",
                JobState.FETCHING: "fetch", JobState.DOWNLOADING: "fetch"}.get(state)
        if step is not None:
            job.note = "Resumed after restart."
            if rec.cancel_requested and state in (JobState.QUEUED, JobState.RUNNING):
                # Asked to cancel before the restart: say so, and send the cancel again (fal answers an
                # already-cancelled request harmlessly); how the job ends is learned by polling as usual.
                job.cancel_requested = True
                job.note = CANCEL_PENDING_RUNNING if state == JobState.RUNNING else CANCEL_PENDING_QUEUED
                if rec.request_id:
                    job.cancel_sent = True
                    self._run_step(job, "cancel", priority=10, track=False)
            self._start_step(job, step)

    def _restart_fresh(self, job: LiveJob) -> None:
        """Start a never-paid (or sandbox) job again from the upload, keeping its id and inputs."""
        old = job.record
        wire = json.loads(old.input_json)
        wire["image"] = "data:,"
        fresh = JobRecord.new(parse_input(wire), mode=old.mode, endpoint=old.endpoint,
                              source_image_path=old.source_image_path, batch_id=old.batch_id,
                              prepared_image_path=old.prepared_image_path)
        fresh.id = old.id
        job.record = fresh
        job.shared = SharedFlags(created=False)
        job.note, job.field_issues, job.video_url = None, (), None
        job.bytes_up = job.bytes_down = 0
        job.cancel_requested = job.cancel_sent = False

        def recreate() -> None:
            with contextlib.suppress(Exception):
                self.store.delete(old.id)

        job.recreate = recreate  # type: ignore[attr-defined]
        self._emit(job)
        self._start_step(job, "upload")

    # --- user actions -------------------------------------------------------------------------

    def cancel(self, job_id: str) -> None:
        """Before fal can have the job (uploading): stopped here at once, CANCELLED. Once fal has or may have it
        (submitting, queued, running): a cancel is sent and the job is followed until fal says how it ended.
        Dropped from the queue (COMPLETED + client_cancelled): CANCELLED. Run to the end anyway (the gamecraft
        app ignores cancel once running, and fal bills it) or already completed: fetched and downloaded like
        any result, DONE with a note. A paid result is never dropped."""
        job = self._jobs.get(job_id)
        if job is None or job.record.state not in (JobState.UPLOADING, JobState.SUBMITTING, JobState.QUEUED,
                                                   JobState.RUNNING):
            return
        if job.record.state != JobState.UPLOADING:
            self._request_cancel(job)
            return
        message = "Cancelled."
        with job.shared.lock:
            job.shared.cancelled.set()
            if job.shared.created:
                try:
                    self.store.update(job_id, state=JobState.CANCELLED, error_message=message)
                except Exception as exc:  # the row moved on (e.g. completed meanwhile): keep what is stored
                    log.warning("cancel %s: %s", job_id, exc)
                    return
        job.record.state = JobState.CANCELLED
        job.record.error_message = message
        job.note = message
        self._due.pop(job_id, None)
        self._emit(job)
        self.jobFinished.emit(self._event(job))
        if job.record.request_id:
            self._run_step(job, "cancel", priority=10, track=False)

    def _request_cancel(self, job: LiveJob) -> None:
        if job.cancel_requested:
            return
        job.cancel_requested = True
        self._persist_async(job, cancel_requested=1)  # a restart keeps the wish (and sends it if still unsent)
        job.note = CANCEL_PENDING_RUNNING if job.record.state == JobState.RUNNING else CANCEL_PENDING_QUEUED
        self._emit(job)
        if job.record.request_id:  # else: sent as soon as the submit in flight returns the id
            job.cancel_sent = True
            self._run_step(job, "cancel", priority=10, track=False)

    def _follow_cancel(self, job: LiveJob) -> None:
        """After a step of a job with a cancel requested: send the cancel once the id is known, say how it ended."""
        rec = job.record
        if rec.state == JobState.DONE:
            job.note = FINISHED_DESPITE_CANCEL
        elif rec.state == JobState.CANCELLED:
            job.note = "Cancelled: fal dropped it from its queue."
        elif not rec.state.is_terminal:
            if job.note is None:
                job.note = CANCEL_PENDING_RUNNING if rec.state == JobState.RUNNING else CANCEL_PENDING_QUEUED
            if rec.request_id and not job.cancel_sent:
                job.cancel_sent = True
                self._run_step(job, "cancel", priority=10, track=False)

    def _on_cancel_sent(self, job: LiveJob, outcome: steps.StepOutcome) -> None:
        """fal answered the cancel: poll at once to learn how the job ends (ALREADY_COMPLETED: fetch it)."""
        if outcome.next_step is None:  # the cancel did not reach fal: let the person try again
            job.cancel_requested = job.cancel_sent = False
            self._persist_async(job, cancel_requested=0)
        job.note = outcome.note or job.note
        self._emit(job)
        if outcome.next_step == "poll" and job.record.state in (JobState.QUEUED, JobState.RUNNING):
            job.poll_interval = self._timing(job).initial_s
            due = self._due.get(job.record.id)
            if not job.busy and (due is None or due[1] == "poll"):
                self._due[job.record.id] = (time.monotonic(), "poll")
                self._arm()

    def retry(self, job_id: str) -> bool:
        """Fetch a completed job's video again (free), or start a never-submitted job again."""
        job = self._jobs.get(job_id)
        if job is None or job.busy:
            return False
        kind = self.retry_kind(job.record)
        if kind == "refetch":
            job.note, job.error_streak = None, 0
            job.shared = SharedFlags(created=True)
            self._start_step(job, "fetch")
            return True
        if kind == "restart":
            self._retry_in_place(job)
            return True
        return False

    def _retry_in_place(self, job: LiveJob) -> None:
        """A job fal never accepted (no request id) starts over from the upload in its own row and list
        entry (FAILED → UPLOADING, which the state machine allows only without a request id)."""
        store, job_id = self.store, job.record.id
        cleared: dict[str, Any] = {"state": JobState.UPLOADING, "error_message": None, "error_kind": None,
                                   "error_type": None, "error_detail_json": None, "cancel_requested": 0}
        for key, value in cleared.items():
            setattr(job.record, key, value)
        job.note, job.field_issues, job.error_streak, job.waiting_for_key = None, (), 0, None
        job.bytes_up = job.bytes_down = 0
        job.cancel_requested = job.cancel_sent = False
        job.shared = SharedFlags(created=True)
        # Written on the worker right before the upload step (the same pre-step hook a fresh restart uses).
        job.recreate = lambda: store.update(job_id, **cleared)  # type: ignore[attr-defined]
        self._emit(job)
        self._start_step(job, "upload")

    @staticmethod
    def retry_kind(rec: JobRecord) -> str | None:
        """"refetch" (completed on fal, download failed: free), "restart" (never sent), or None."""
        if rec.state != JobState.FAILED:
            return None
        if rec.request_id and rec.completed_at and rec.error_kind not in (
                "ServerError", "AppFailedError", "ValidationFailedError", "ResultExpiredError"):
            return "refetch"
        if not rec.request_id:
            return "restart"
        return None

    def delete(self, job_id: str) -> None:
        """Forget a job and remove its files (cancelling it first if it is still going)."""
        job = self._jobs.get(job_id)
        if job is None:
            return
        if not job.record.state.is_terminal:
            self.cancel(job_id)
        job.deleted = True
        self._jobs.pop(job_id, None)
        self._due.pop(job_id, None)
        self.jobRemoved.emit(job_id)
        folder = self.job_dir(job_id)

        def task() -> None:
            try:
                self.store.delete(job_id)
            except Exception as exc:
                log.info("delete %s: %s", job_id, exc)
            shutil.rmtree(folder, ignore_errors=True)

        self._run_detached("delete", task, None)

    def save_video(self, job_id: str, dest: Path, *, joined: bool = False) -> None:
        """Write the MP4 (or, with `joined`, the video joined after the job it continues) and its JSON
        sidecar beside it, atomically, off the GUI thread."""
        rec = dataclasses.replace(self._jobs[job_id].record)
        joined_path = self.job_dir(job_id) / JOINED_NAME if joined else None

        def task() -> Path:
            return steps.save_video_with_sidecar(rec, Path(dest), app_version=__version__, joined=joined_path)

        def done(result: Any, error: BaseException | None) -> None:
            if error is None:
                self.videoSaved.emit(job_id, str(result), "")
            else:
                self.videoSaved.emit(job_id, str(dest), f"{getattr(error, 'strerror', None) or error}")

        self._run_detached("save", task, done)

    def job_dir(self, job_id: str) -> Path:
        return self.paths.jobs_dir / job_id

    # --- shutdown -----------------------------------------------------------------------------

    def shutdown(self, wait_ms: int = 10_000) -> bool:
        """Stop scheduling, interrupt transfers, wait for steps in flight. Unfinished jobs stay on disk in
        their state and resume on the next start."""
        self._stopping.set()
        self._timer.stop()
        self._due.clear()
        self._transfer_wait.clear()
        self._pool.clear()
        with self._persist_lock:
            left, self._persists = list(self._persists.values()), {}
        for write in left:
            try:
                write()
            except Exception as exc:
                log.error("could not save a job's state while quitting: %s", exc)
        finished = self._pool.waitForDone(wait_ms)
        self._clients.close()
        return bool(finished)

    # --- scheduling ---------------------------------------------------------------------------

    def _schedule(self, job: LiveJob, step: str, delay_s: float) -> None:
        if self._stopping.is_set() or job.deleted:
            return
        if delay_s <= 0:
            self._start_step(job, step)
            return
        self._due[job.record.id] = (time.monotonic() + delay_s, step)
        self._arm()

    def _arm(self) -> None:
        if not self._due or self._stopping.is_set():
            self._timer.stop()
            return
        first = min(t for t, _ in self._due.values())
        ms = max(0, int((first - time.monotonic()) * 1000) + 1)
        self._timer.start(ms)

    def _run_due(self) -> None:
        now = time.monotonic()
        for job_id, (when, step) in list(self._due.items()):
            if when <= now:
                del self._due[job_id]
                job = self._jobs.get(job_id)
                if job is not None and not job.busy:
                    self._start_step(job, step)
                elif job is not None:  # still busy: look again shortly
                    self._due[job_id] = (now + 0.05, step)
        self._arm()

    def _start_step(self, job: LiveJob, step: str) -> None:
        if self._stopping.is_set() or job.deleted or job.shared.cancelled.is_set():
            return
        if step in TRANSFER_STEPS:
            if self._transfers >= self._transfer_slots:
                self._transfer_wait.append((job.record.id, step))
                job.busy = True
                return
            self._transfers += 1
        self._run_step(job, step)

    def _release_transfer(self) -> None:
        self._transfers = max(0, self._transfers - 1)
        while self._transfer_wait and not self._stopping.is_set():
            job_id, step = self._transfer_wait.popleft()
            job = self._jobs.get(job_id)
            if job is None or job.shared.cancelled.is_set():
                continue
            job.busy = False
            self._start_step(job, step)
            break

    def _run_step(self, job: LiveJob, step: str, *, priority: int = 0, track: bool = True) -> None:
        backend = self._backends.get(job.record.mode)
        if backend is None:
            if track and step in TRANSFER_STEPS:
                self._release_transfer()
            job.waiting_for_key = step
            if job.record.mode == "sandbox":
                self._set_note(job, "Waiting for the local sandbox to start…")
            else:
                self._set_note(job, "Waiting for a fal key: this job was sent with a key that is no longer set.")
                self.authRequired.emit("A fal key is needed to follow this job.")
            return
        stale = (job.record.mode == "sandbox" and job.record.status_url
                 and not job.record.status_url.startswith(backend.origin))
        if stale and step in ("poll", "fetch", "download"):
            # Sent to an in-process sandbox of an earlier session (now gone): free and local, so start over.
            if track and step in TRANSFER_STEPS:
                self._release_transfer()
            self._restart_fresh(job)
            return
        if stale and step == "cancel":
            return
        if track:
            job.busy = True
        ctx = self._context(job, backend)
        recreate = getattr(job, "recreate", None)
        if recreate is not None:
            del job.recreate  # type: ignore[attr-defined]
        fn = {"upload": steps.step_upload, "submit": steps.step_submit, "poll": steps.step_poll,
              "fetch": steps.step_fetch, "download": steps.step_download,
              "cancel": steps.step_cancel_remote}[step]
        bridge, clients, ids = self._bridge, self._clients, self.worker_thread_ids
        job_id = job.record.id

        def task() -> None:
            lower_current_thread_priority()
            ids.add(threading.get_ident())
            outcome: steps.StepOutcome
            error: BaseException | None = None
            try:
                if recreate is not None:
                    recreate()
                if step != "cancel" and not ctx_created(ctx, job.shared, self.store):
                    raise steps.StepCancelled()
                if step == "upload":
                    with clients.uploader(backend) as up:
                        ctx.uploader = up
                        with clients.queue(backend) as qc:
                            ctx.client = qc
                            outcome = fn(ctx)
                else:
                    with clients.queue(backend) as qc:
                        ctx.client = qc
                        if step == "fetch" and ctx.record.state == JobState.FAILED:
                            ctx.persist(state=JobState.FETCHING, error_message=None, error_kind=None)
                        outcome = fn(ctx)
            except steps.StepCancelled:
                outcome = steps.StepOutcome(changed=False)
                error = steps.StepCancelled()
            except BaseException as exc:
                error = exc
                outcome = self._failed(step, ctx, exc)
            bridge.done.emit((job_id, step, outcome, error, ctx.record, track))

        self._pool.start(task, priority)

    def _failed(self, step: str, ctx: steps.StepContext, exc: BaseException) -> steps.StepOutcome:
        """On the worker: classify a step's exception and persist a failure when it is final."""
        if step == "cancel":
            return steps.StepOutcome(changed=False, note=f"The cancel request failed: {exc}")
        if step in IDEMPOTENT_STEPS and steps.is_transient(exc) and not self._stopping.is_set():
            return steps.StepOutcome(transient_error=exc, changed=False)  # type: ignore[arg-type]
        if isinstance(exc, steps.AUTH_ERRORS) and step in ("poll", "fetch"):
            return steps.StepOutcome(auth_error=exc, changed=False)  # type: ignore[arg-type]
        if self._stopping.is_set():
            return steps.StepOutcome(changed=False)
        if step == "download" and not isinstance(exc, steps.StepCancelled):
            log.warning("download failed for %s: %s", ctx.record.id, exc)
        fields, outcome = steps.classify_failure(exc)
        if isinstance(exc, steps.AUTH_ERRORS):
            fields = {"state": JobState.FAILED, "error_kind": type(exc).__name__, "error_message": str(exc)}
        outcome.changes = steps.persist_failure(ctx, fields) if fields else {}
        if isinstance(exc, steps.AUTH_ERRORS):
            outcome.auth_error = exc  # type: ignore[assignment]
        return outcome

    def _context(self, job: LiveJob, backend: Backend) -> steps.StepContext:
        job_id = job.record.id
        last = [0.0]
        bridge = self._bridge

        def progress(kind: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done < total and now - last[0] < PROGRESS_INTERVAL_S:
                return
            last[0] = now
            bridge.progress.emit((job_id, kind, done, total))

        # SubmitOptions is built on the worker: importing the HTTP stack must not stall the GUI thread.
        options = {"priority": job.priority, "start_timeout_s": job.start_timeout_s,
                   "webhook_url": backend.webhook_url}
        return steps.StepContext(
            record=dataclasses.replace(job.record), store=self.store, lock=job.shared.lock,
            cancelled=job.shared.cancelled, stopping=self._stopping, job_dir=self.job_dir(job_id),
            client=None, uploader=None, allow_loopback_http=backend.config.is_loopback, progress=progress,
            source_image=job.source_image, source_sha256=job.source_sha256, submit_options=options, video_url=job.video_url,
            video_size=job.video_size, download_client=self._clients.download_client)

    def run_task(self, name: str, fn: Callable[[], Any],
                 done: Callable[[Any, BaseException | None], None] | None = None) -> None:
        """Run `fn` on the jobs pool; `done(result, error)` is called on the GUI thread."""
        self._run_detached(name, fn, done)

    def _run_detached(self, name: str, fn: Callable[[], Any],
                      done: Callable[[Any, BaseException | None], None] | None) -> None:
        """A one-off task on the pool (history, delete, save); `done` runs on the GUI thread."""
        bridge = self._bridge

        def task() -> None:
            lower_current_thread_priority()
            try:
                result, error = fn(), None
            except BaseException as exc:
                result, error = None, exc
            if done is not None:
                bridge.done.emit(("__detached__", name, done, error, result, False))

        self._pool.start(task)

    def _persist_async(self, job: LiveJob, **changes: Any) -> None:
        for k, v in changes.items():
            setattr(job.record, k, v)
        self._emit(job)
        job_id = job.record.id
        token = object()
        with self._persist_lock:
            self._persists[token] = lambda: self.store.update(job_id, **changes)

        def write() -> None:
            with self._persist_lock:
                fn = self._persists.pop(token, None)
            if fn is not None:
                fn()

        self._run_detached("persist", write, None)

    # --- results on the GUI thread ---------------------------------------------------------------

    def _on_progress(self, payload: tuple[str, str, int, int]) -> None:
        job_id, kind, done, total = payload
        job = self._jobs.get(job_id)
        if job is None or job.shared.cancelled.is_set():
            return
        if kind == "up":
            job.bytes_up, job.bytes_up_total = done, total
        else:
            job.bytes_down, job.bytes_down_total = done, total
        self._emit(job)

    def _on_step_done(self, payload: tuple[Any, ...]) -> None:
        job_id, step, outcome, error, record, track = payload
        if job_id == "__detached__":
            callback = outcome
            callback(record, error)
            return
        if step in TRANSFER_STEPS and track:
            self._release_transfer()
        job = self._jobs.get(job_id)
        if job is None or self._stopping.is_set():
            return
        if track:
            job.busy = False
        if step == "cancel":
            self._on_cancel_sent(job, outcome)
            return
        if job.shared.cancelled.is_set() or isinstance(error, steps.StepCancelled):
            if outcome.cancelled_after_submit:
                self._set_note(job, "Cancelled right after fal accepted it; the cancel was sent.")
            return
        previous = job.record.state
        job.record = record
        job.shared.created = True
        if outcome.video_url:
            job.video_url, job.video_size = outcome.video_url, outcome.video_size
        if outcome.field_issues:
            job.field_issues = outcome.field_issues
            self.inputRejected.emit(job_id, outcome.field_issues)
        if outcome.transient_error is not None:
            job.error_streak += 1
            timing = self._timing(job)
            delay = min(timing.retry_cap_s, timing.retry_base_s * 2 ** (job.error_streak - 1))
            job.note = f"{outcome.transient_error} Trying again in {delay:.0f} s (attempt {job.error_streak})."
            self._emit(job)
            self._schedule(job, step, delay)
            return
        if outcome.auth_error is not None:
            job.note = f"{outcome.auth_error} Set a valid key in Key… to continue."
            if not record.state.is_terminal:
                job.waiting_for_key = step
            self._emit(job)
            self.authRequired.emit(str(outcome.auth_error))
            if record.state.is_terminal and not previous.is_terminal:
                self.jobFinished.emit(self._event(job))
            return
        job.error_streak = 0
        if step != "poll" or outcome.changed:
            job.note = outcome.note
        if job.cancel_requested:
            self._follow_cancel(job)
        nxt = outcome.next_step
        if nxt == "poll":
            timing = self._timing(job)
            if step == "poll":
                cap = timing.max_s
                if timing.running_max_s is not None and record.state == JobState.RUNNING:
                    cap = min(cap, timing.running_max_s)
                job.poll_interval = (timing.initial_s if outcome.changed
                                     else min(cap, job.poll_interval * timing.factor))
            else:
                job.poll_interval = timing.initial_s
            if outcome.changed or step != "poll":
                self._emit(job)
            self._schedule(job, "poll", max(outcome.delay_s or job.poll_interval, self._poll_spacing(timing)))
        else:
            self._emit(job)
            if nxt is not None:
                self._schedule(job, nxt, outcome.delay_s)
        if record.state.is_terminal and not previous.is_terminal:
            self.jobFinished.emit(self._event(job))

    def _poll_spacing(self, timing: PollTiming) -> float:
        """The least interval between two polls of one job so that all jobs of this timing together stay
        within `timing.polls_per_s`."""
        if not timing.polls_per_s:
            return 0.0
        following = sum(1 for j in self._jobs.values()
                        if j.record.state in _FOLLOWED_STATES and self._timing(j) is timing)
        return following / timing.polls_per_s

    def _timing(self, job: LiveJob) -> PollTiming:
        return self.sandbox_poll if job.record.mode == "sandbox" else self.poll

    def _set_note(self, job: LiveJob, note: str) -> None:
        job.note = note
        self._emit(job)

    def _emit(self, job: LiveJob) -> None:
        self.jobChanged.emit(self._event(job))

    def _event(self, job: LiveJob) -> JobEvent:
        rec = job.record
        logs = tuple(rec.logs.split("\n")) if rec.logs else ()
        seg = (rec.segment_index, rec.segment_count) if rec.segment_index is not None and rec.segment_count \
            else None
        finished = _parse_time(rec.updated_at) if rec.state.is_terminal else None
        return JobEvent(
            job_id=rec.id, state=rec.state, prompt=rec.prompt or "", seed=rec.seed, mode=rec.mode,
            request_id=rec.request_id, queue_position=rec.queue_position, logs=logs, progress=seg,
            bytes_up=job.bytes_up or (rec.bytes_up or 0), bytes_up_total=job.bytes_up_total or (rec.bytes_up or 0),
            bytes_down=job.bytes_down or (rec.bytes_down or 0),
            bytes_down_total=job.bytes_down_total or (rec.video_size or 0),
            created_at=_parse_time(rec.created_at), started_at=_parse_time(rec.submitted_at),
            finished_at=finished,
            error=rec.error_message if rec.state in (JobState.FAILED, JobState.SUBMIT_UNCERTAIN,
                                                     JobState.CANCELLED) else None,
            error_title=rec.error_kind, field_issues=job.field_issues, note=job.note,
            video_path=Path(rec.video_path) if rec.video_path else None,
            thumbnail_path=Path(rec.thumbnail_first) if rec.thumbnail_first else None,
            frame_count=steps.expected_frames(rec), can_retry=self.retry_kind(rec) is not None,
            retry_is_free=self.retry_kind(rec) == "refetch", batch_id=rec.batch_id,
            cancel_requested=job.cancel_requested, continues=rec.parent_job_id,
            joined_video_path=self._joined_video(rec))

    def _joined_video(self, rec: JobRecord) -> Path | None:
        if rec.state != JobState.DONE or not rec.parent_job_id:
            return None
        path = self.job_dir(rec.id) / JOINED_NAME
        return path if path.exists() else None


def ctx_created(ctx: steps.StepContext, shared: SharedFlags, store: JobStore) -> bool:
    """On the worker: write the job's row the first time a step runs. False when cancelled before that."""
    with shared.lock:
        if shared.created:
            return not shared.cancelled.is_set()
        if shared.cancelled.is_set():
            ctx.record.state = JobState.CANCELLED
            ctx.record.error_message = "Cancelled before it was sent."
        store.create(ctx.record)
        shared.created = True
        return not shared.cancelled.is_set()


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def utc_now_dt() -> datetime:
    return datetime.now(UTC)


__all__ = ["Backend", "JobInputs", "JobManager", "JobSpec", "PollTiming", "utc_now"]

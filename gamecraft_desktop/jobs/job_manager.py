"""The window's driver of the job engine: runs each job's steps (gamecraft_desktop.engine) on one bounded
thread pool and reports every change as a typed `JobEvent`. See docs/architecture.md, "Threads".

The pieces: `scheduler` (pool, timer, transfer slots, poll budget), `history` (load and resume), `cancels`,
`files` (save, delete, continue). This class owns the jobs of the session, applies each step's report on the
GUI thread and emits the signals the window listens to. What is retried, resent or offered is never decided
here: the engine's rules say it (engine.rules), the same ones the command line follows.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.engine.connection import Backend, ClientPool
from gamecraft_desktop.engine.context import (
    Advanced,
    Connection,
    Ended,
    GaveUp,
    JobOptions,
    NeedsKey,
    Retrying,
    RowReset,
    StepContext,
    StepReport,
    Stopped,
)
from gamecraft_desktop.engine.continuation import JOINED_NAME
from gamecraft_desktop.engine.rules import Offer, Owner, offer, sandbox_gone
from gamecraft_desktop.engine.sending import clear_failure
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.timing import FAL_POLL, SANDBOX_POLL, PollTiming
from gamecraft_desktop.engine.wording import JobWording
from gamecraft_desktop.jobs.cancel import Cancels
from gamecraft_desktop.jobs.file_actions import FileActions
from gamecraft_desktop.jobs.history import History
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_types import JobInputs, JobSpec
from gamecraft_desktop.jobs.live_job import LiveJob, SharedFlags, event_of
from gamecraft_desktop.jobs.scheduler import Done, Progress, StepDone, StepScheduler
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore
from gamecraft_desktop.store.paths import AppPaths

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.25  # per job: 20 transfers stay at 80 row updates a second
_FOLLOWED_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})  # the states a job is polled in


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
        self.store = store
        self.paths = paths
        self.poll = poll or FAL_POLL
        self.sandbox_poll = poll or SANDBOX_POLL
        self._backends: dict[str, Backend] = {}
        self._default_mode = "sandbox"
        self._jobs: dict[str, LiveJob] = {}
        self._clients = clients or ClientPool(paths.upload_cache_file)
        self.scheduler = StepScheduler(self._jobs, self._launch, max_threads=max_threads,
                                       transfer_slots=transfer_slots, parent=self)
        self.scheduler.stepDone.connect(self._on_step_done)
        self.scheduler.progressed.connect(self._on_progress)
        # Writes queued by persist_async: shutdown() runs those the pool has not started (it clears its
        # queue), so a state change made just before quitting is never lost.
        self._persist_lock = threading.Lock()
        self._persists: dict[object, Callable[[], Any]] = {}
        self.history = History(self)
        self.cancels = Cancels(self)
        self.files = FileActions(self)
        if backend is not None:
            self.set_backend(backend, default=True)

    # --- configuration -------------------------------------------------------------------------

    def set_backend(self, backend: Backend, *, default: bool = False) -> None:
        """Register where jobs of `backend.mode` go; jobs waiting for a key (or the sandbox) continue."""
        self._backends[backend.mode] = backend
        if default:
            self._default_mode = backend.mode
        for job in self._jobs.values():
            if job.waiting_for_key is not None and job.record.mode == backend.mode:
                step, job.waiting_for_key, job.note = job.waiting_for_key, None, None
                self.scheduler.schedule(job, step, 0.0)

    def remove_backend(self, mode: str) -> None:
        self._backends.pop(mode, None)

    def backend_for(self, job: LiveJob) -> Backend | None:
        return self._backends.get(job.record.mode)

    def set_default_mode(self, mode: str) -> None:
        self._default_mode = mode

    @property
    def default_mode(self) -> str:
        return self._default_mode

    @property
    def thread_pool(self) -> QThreadPool:
        return self.scheduler.pool

    @property
    def worker_thread_ids(self) -> set[int]:
        return self.scheduler.worker_thread_ids

    # --- queries --------------------------------------------------------------------------------

    def job_ids(self) -> list[str]:
        return list(self._jobs)

    def job(self, job_id: str) -> LiveJob | None:
        return self._jobs.get(job_id)

    def jobs(self) -> dict[str, LiveJob]:
        return self._jobs

    def record(self, job_id: str) -> JobRecord:
        return self._jobs[job_id].record

    def job_event(self, job_id: str) -> JobEvent:
        return self.snapshot(self._jobs[job_id])

    def active_count(self, mode: str | None = None) -> int:
        """Unfinished jobs (of one mode: "fal" or "sandbox", when given); a held job waits for nothing."""
        return sum(1 for j in self._jobs.values() if not j.record.state.is_terminal and not j.held
                   and (mode is None or j.record.mode == mode))

    def job_dir(self, job_id: str) -> Path:
        return self.paths.jobs_dir / job_id

    # --- creating jobs --------------------------------------------------------------------------

    def submit(self, spec: JobSpec, count: int = 1, *, mode: str | None = None) -> list[str]:
        """Start `count` jobs with consecutive seeds (seed, seed+1, …). Returns their ids at once."""
        mode = mode or self._default_mode
        backend = self._backends.get(mode)
        endpoint = backend.config.endpoint if backend else "anthonywu/gamecraft"
        batch = f"batch-{int(time.time() * 1000)}" if count > 1 else None
        continues = spec.continues if spec.continues in self._jobs else None  # deleted meanwhile: no link
        made: list[LiveJob] = []
        for i in range(max(1, count)):
            rec = JobRecord.new(spec.input(seed=spec.seed + i), mode=mode, endpoint=endpoint,  # type: ignore[arg-type]
                                source_image_path=str(spec.image_path), batch_id=batch, parent_job_id=continues,
                                started_by=Owner.WINDOW.value)
            job = LiveJob(record=rec, shared=SharedFlags(created=False), source_image=spec.image_path,
                          source_sha256=spec.image_sha256, poll_interval=self.timing(rec).initial_s,
                          priority=spec.priority, start_timeout_s=spec.start_timeout_s)
            self._jobs[rec.id] = job
            made.append(job)
            self.announce(job)
        # Once every row is listed: a worker started earlier competed with this loop for the GIL (issue #16).
        for job in made:
            self.scheduler.start(job, Step.UPLOAD)
        return [job.job_id for job in made]

    def rerun(self, job_id: str, *, seed: int | None = None) -> str | None:
        """A new job with the same inputs (and `seed` if given). Pays again on fal. A continuation's re-run
        continues the same job (its video is joined after the chain too) while that job is still listed."""
        old = self._jobs[job_id].record
        inp = parse_input(json.loads(old.input_json))
        image = self.files.image_for(old)
        if image is None:
            self.set_note(self._jobs[job_id], JobWording.tr("The input image of this job is gone; load "
                                                            "another image."))
            return None
        spec = JobSpec(image_path=image, prompt=inp.prompt, path=inp.path, neg_prompt=inp.neg_prompt,
                       cfg_scale=inp.cfg_scale, infer_steps=inp.infer_steps,
                       seed=inp.seed if seed is None else seed, continues=old.parent_job_id)
        return self.submit(spec, mode=old.mode if old.mode in self._backends else None)[0]

    def vary_seed(self, job_id: str) -> str | None:
        return self.rerun(job_id, seed=random.randint(1, 2**31 - 1))

    def load_inputs(self, job_id: str) -> JobInputs:
        rec = self._jobs[job_id].record
        inputs = JobInputs(job_id, self.files.image_for(rec), parse_input(json.loads(rec.input_json)))
        self.inputsReady.emit(inputs)
        return inputs

    # --- what a stopped job offers ----------------------------------------------------------------

    def retry(self, job_id: str) -> bool:
        """Do what the job offers (engine.rules.offer): fetch a finished result again (free), send a job that
        never reached fal again in its own row, or send another program's unsent job. Nothing else."""
        job = self._jobs.get(job_id)
        if job is None or job.busy or job.watched:
            return False
        kind = offer(job.record, held=job.held)
        if kind is Offer.SEND:
            return self.send(job_id)
        if kind is Offer.REFETCH:
            job.note, job.error_streak = None, 0
            job.shared = SharedFlags(created=True)
            self.scheduler.start(job, Step.FETCH)
            return True
        if kind is Offer.RESEND:
            self._start_again(job, clear_failure())
            return True
        return False

    def send(self, job_id: str) -> bool:
        """Send a job another program started and left unsent: it becomes the window's own."""
        job = self._jobs.get(job_id)
        if job is None or not job.held:
            return False
        job.held = False
        self._start_again(job, {"started_by": Owner.WINDOW.value})
        return True

    def discard(self, job_id: str) -> None:
        """Drop another program's unsent job without sending it."""
        job = self._jobs.get(job_id)
        if job is None or not job.held:
            return
        job.held = False
        job.note = None
        self.persist_async(job, state=JobState.CANCELLED,
                           error_message=JobWording.tr("Discarded before sending: nothing was sent."))
        self.jobFinished.emit(self.snapshot(job))

    def _start_again(self, job: LiveJob, fields: dict[str, Any]) -> None:
        """From the upload, in the job's own row; `fields` are written by that upload, on the worker."""
        for key, value in fields.items():
            setattr(job.record, key, value)
        job.note, job.field_issues, job.error_streak, job.waiting_for_key = None, (), 0, None
        job.bytes_up = job.bytes_down = 0
        job.cancel_requested = job.cancel_sent = False
        job.shared = SharedFlags(created=True)
        job.reset = RowReset(fields=fields)
        self.announce(job)
        self.scheduler.start(job, Step.UPLOAD)

    # --- user actions handled by the pieces ---------------------------------------------------------

    def cancel(self, job_id: str) -> None:
        self.cancels.cancel(job_id)

    def delete(self, job_id: str, *, trash: bool = False, done: Callable[[str, bool], None] | None = None) -> None:
        self.files.delete(job_id, trash=trash, done=done)

    def save_video(self, job_id: str, dest: Path, *, joined: bool = False) -> None:
        self.files.save_video(job_id, dest, joined=joined)

    def continue_from(self, job_id: str) -> None:
        self.files.continue_from(job_id)

    def load_history(self, limit: int = 500) -> None:
        self.history.load(limit)

    def run_task(self, name: str, fn: Callable[[], Any], done: Done | None = None) -> None:
        """Run `fn` on the jobs pool; `done(result, error)` is called on the GUI thread."""
        self.scheduler.run_task(fn, done)

    # --- running a step ------------------------------------------------------------------------

    def launch(self, job: LiveJob, step: Step, *, priority: int = 0, track: bool = True) -> None:
        self._launch(job, step, priority=priority, track=track)

    def _launch(self, job: LiveJob, step: Step, *, priority: int = 0, track: bool = True) -> None:
        backend = self._backends.get(job.record.mode)
        if backend is None:
            if track and step.is_transfer:
                self.scheduler.release_transfer()
            job.waiting_for_key = step
            if job.record.mode == "sandbox":
                self.set_note(job, JobWording.tr("Waiting for the local sandbox to start…"))
            else:
                self.set_note(job, JobWording.tr("Waiting for a fal key: this job was sent with a key that "
                                                 "is no longer set."))
                self.authRequired.emit(JobWording.tr("A fal key is needed to follow this job."))
            return
        if step is not Step.UPLOAD and sandbox_gone(job.record, backend.origin):
            # Sent to an in-process sandbox of an earlier session (now gone).
            if track and step.is_transfer:
                self.scheduler.release_transfer()
            if step is not Step.CANCEL:
                self.history.sandbox_gone(job)
            return
        if track:
            job.busy = True
        ctx = self._context(job, step)
        budget = self.timing(job.record).budget(attempts=None)
        clients = self._clients

        def task() -> StepReport:
            from gamecraft_desktop.engine.run import run_step
            from gamecraft_desktop.fal.queue_types import SubmitOptions

            # Built on the worker: the HTTP stack is imported here, never on the GUI thread.
            ctx.options = dataclasses.replace(ctx.options, submit=SubmitOptions(
                priority=job.priority if job.priority in ("normal", "low") else None,  # type: ignore[arg-type]
                start_timeout_s=job.start_timeout_s, webhook_url=backend.webhook_url))
            with ExitStack() as stack:
                try:
                    queue = stack.enter_context(clients.queue(backend))
                    uploader = stack.enter_context(clients.uploader(backend)) if step is Step.UPLOAD else None
                    download = clients.downloader(backend) if step is Step.DOWNLOAD else None
                except Exception as exc:  # a client that cannot even be made (a broken install): try later
                    return StepReport(step, Retrying(exc, 5.0, ctx.attempt, f"{exc}"), ctx.record)
                ctx.conn = Connection(queue, uploader, download, backend.config.is_loopback)
                return run_step(step, ctx, budget)

        self.scheduler.submit(task, job.job_id, track=track, priority=priority)

    def _context(self, job: LiveJob, step: Step) -> StepContext:
        job_id = job.job_id
        last = [0.0]
        progressed = self.scheduler.bridge.progress

        def progress(kind: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done < total and now - last[0] < PROGRESS_INTERVAL_S:
                return
            last[0] = now
            progressed.emit(Progress(job_id, kind, done, total))

        reset = None
        if step is Step.UPLOAD:
            reset, job.reset = job.reset, None
        return StepContext(
            record=dataclasses.replace(job.record), store=self.store, job_dir=self.job_dir(job_id),
            options=JobOptions(source_image=job.source_image, source_sha256=job.source_sha256),
            follow=job.follow, progress=progress, video=job.video, attempt=job.error_streak + 1,
            flags=job.shared, stopping=self.scheduler.stopping, reset=reset)

    # --- reports on the GUI thread ---------------------------------------------------------------

    def _on_progress(self, p: Progress) -> None:
        job = self._jobs.get(p.job_id)
        if job is None or job.shared.cancelled.is_set():
            return
        if p.kind == "up":
            job.bytes_up, job.bytes_up_total = p.done, p.total
        else:
            job.bytes_down, job.bytes_down_total = p.done, p.total
        self.announce(job)

    def _on_step_done(self, done: StepDone) -> None:
        job = self._jobs.get(done.job_id)
        if job is None or self.scheduler.stopping.is_set():
            return
        report, result, step = done.report, done.report.result, done.report.step
        if done.track:
            job.busy = False
        if step is Step.CANCEL:
            self.cancels.on_sent(job, result)
            return
        if job.shared.cancelled.is_set() or isinstance(result, Stopped):
            if isinstance(result, Advanced) and result.cancelled_after_submit:
                self.set_note(job, result.note or "")
            return
        previous = job.record.state
        report.record.starred = job.record.starred  # the person's, set on this thread while the step ran
        job.record = report.record
        if isinstance(result, Retrying):
            job.error_streak += 1
            job.note = result.note
            self.announce(job)
            self.scheduler.schedule(job, step, result.delay_s)
            return
        if isinstance(result, NeedsKey | GaveUp):
            job.note = result.note if isinstance(result, NeedsKey) else f"{result.error}"
            job.waiting_for_key = step if isinstance(result, NeedsKey) else None
            self.announce(job)
            if isinstance(result, NeedsKey):
                self.authRequired.emit(str(result.error))
            return
        job.error_streak = 0
        if isinstance(result, Ended):
            self._ended(job, result, previous)
            return
        assert isinstance(result, Advanced)
        self._advanced(job, step, result, previous)

    def _ended(self, job: LiveJob, result: Ended, previous: JobState) -> None:
        job.note = JobWording.tr("{error} Set a valid fal key to continue.").format(error=result.error) if result.needs_key else None
        if result.field_issues:
            job.field_issues = result.field_issues
            self.inputRejected.emit(job.job_id, result.field_issues)
        if job.cancel_requested:
            self.cancels.after_step(job)
        self.announce(job)
        if result.needs_key:
            self.authRequired.emit(str(result.error))
        if job.record.state.is_terminal and not previous.is_terminal:
            self.jobFinished.emit(self.snapshot(job))

    def _advanced(self, job: LiveJob, step: Step, result: Advanced, previous: JobState) -> None:
        if result.video is not None:
            job.video = result.video
        if step is not Step.FOLLOW or result.changed:
            job.note = result.note
        if job.cancel_requested:
            self.cancels.after_step(job)
        if result.next is Step.FOLLOW:
            timing = self.timing(job.record)
            running = job.record.state == JobState.RUNNING
            job.poll_interval = (timing.next_interval(job.poll_interval, changed=result.changed, running=running)
                                 if step is Step.FOLLOW else timing.initial_s)
            if result.changed or step is not Step.FOLLOW:
                self.announce(job)
            following = (j for j in self._jobs.values()
                         if j.record.state in _FOLLOWED_STATES and self.timing(j.record) is timing)
            spacing = self.scheduler.poll_spacing(timing, following)
            self.scheduler.schedule(job, Step.FOLLOW, max(result.delay_s or job.poll_interval, spacing))
        else:
            self.announce(job)
            if result.next is not None:
                self.scheduler.schedule(job, result.next, result.delay_s)
        if job.record.state.is_terminal and not previous.is_terminal:
            self.jobFinished.emit(self.snapshot(job))

    def timing(self, rec: JobRecord) -> PollTiming:
        return self.sandbox_poll if rec.mode == "sandbox" else self.poll

    # --- events and writes --------------------------------------------------------------------------

    def set_note(self, job: LiveJob, note: str) -> None:
        job.note = note
        self.announce(job)

    def announce(self, job: LiveJob) -> None:
        self.jobChanged.emit(self.snapshot(job))

    def snapshot(self, job: LiveJob) -> JobEvent:
        rec = job.record
        joined = None
        if rec.state == JobState.DONE and rec.parent_job_id:
            path = self.job_dir(rec.id) / JOINED_NAME
            joined = path if path.exists() else None
        return event_of(job, joined)

    def persist_async(self, job: LiveJob, **changes: Any) -> None:
        """Mirror `changes` at once and write them on the pool (before quitting at the latest)."""
        for k, v in changes.items():
            setattr(job.record, k, v)
        self.announce(job)
        job_id = job.job_id
        token = object()
        with self._persist_lock:
            self._persists[token] = lambda: self.store.update(job_id, **changes)

        def write() -> None:
            with self._persist_lock:
                fn = self._persists.pop(token, None)
            if fn is not None:
                fn()

        self.scheduler.run_task(write, None)

    # --- shutdown -----------------------------------------------------------------------------

    def shutdown(self, wait_ms: int = 10_000) -> bool:
        """Stop scheduling, interrupt transfers, wait for steps in flight. Unfinished jobs stay on disk in
        their state and resume on the next start."""
        self.scheduler.stop()
        self.history.stop()
        with self._persist_lock:
            left, self._persists = list(self._persists.values()), {}
        for write in left:
            try:
                write()
            except Exception as exc:
                log.error("could not save a job's state while quitting: %s", exc)
        finished = self.scheduler.wait(wait_ms)
        self._clients.close()
        return finished


__all__ = ["Backend", "JobInputs", "JobManager", "JobSpec", "PollTiming"]

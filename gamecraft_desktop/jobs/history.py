"""Loading the job history when the window starts, and picking unfinished jobs up again as the engine's rules
say (engine.rules.resume_plan): every job fal has is re-attached, whoever started it; the window's own unsent
jobs carry on; another program's unsent job waits for Send or Discard and is never sent on its own. A job a
live command is running (it holds the job's lease, engine.lease) is watched: its row is read again every
moment, and once the command stops the job is picked up as the rules say."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from gamecraft_desktop.engine.context import RowReset
from gamecraft_desktop.engine.rules import Owner, Resume, resume_plan
from gamecraft_desktop.engine.sending import fresh_record
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.wording import Where
from gamecraft_desktop.jobs.live_job import LiveJob, SharedFlags
from gamecraft_desktop.store.jobs_db import JobRecord

if TYPE_CHECKING:
    from gamecraft_desktop.jobs.job_manager import JobManager

log = logging.getLogger(__name__)


WATCH_INTERVAL_S = 0.5


class History:
    def __init__(self, manager: JobManager) -> None:
        self.m = manager
        self._watched: set[str] = set()
        self._watch_timer: QTimer | None = None

    def load(self, limit: int = 500) -> None:
        """Read the history on a worker thread (removing what killed downloads left behind), show it, and pick
        up every unfinished job."""
        store, jobs_dir = self.m.store, self.m.paths.jobs_dir

        def task() -> tuple[list[JobRecord], list[JobRecord], set[str]]:
            from gamecraft_desktop.engine.lease import held_elsewhere
            from gamecraft_desktop.engine.partials import sweep_history

            sweep_history(store, jobs_dir)
            unfinished = store.unfinished()
            elsewhere = {r.id for r in unfinished if held_elsewhere(jobs_dir, r.id)}
            return store.list(limit=limit), unfinished, elsewhere

        self.m.scheduler.run_task(task, self._loaded)

    def _loaded(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            log.error("cannot read the job history: %s", error)
            return
        recent, unfinished, elsewhere = result
        by_id = {r.id: r for r in recent}
        by_id.update({r.id: r for r in unfinished})
        jobs = self.m.jobs()
        for rec in sorted(by_id.values(), key=lambda r: r.created_at):
            if rec.id in jobs:
                continue
            job = LiveJob(record=rec, shared=SharedFlags(created=True), poll_interval=self.m.timing(rec).initial_s,
                          source_image=Path(rec.source_image_path) if rec.source_image_path else None)
            jobs[rec.id] = job
            self.m.announce(job)
        self.m.historyLoaded.emit(len(by_id))
        for rec in unfinished:
            self.resume(jobs[rec.id], elsewhere=rec.id in elsewhere)

    def resume(self, job: LiveJob, *, elsewhere: bool = False) -> None:
        backend = self.m.backend_for(job)
        origin = backend.origin if backend is not None and job.record.mode == "sandbox" else None
        plan = resume_plan(job.record, here=Owner.WINDOW, sandbox_origin=origin, elsewhere=elsewhere)
        if plan.action is Resume.WATCH:
            job.watched = True
            self.m.set_note(job, plan.note or "")
            self._watched.add(job.job_id)
            self._arm_watch()
            return
        if plan.action in (Resume.UNCERTAIN, Resume.SANDBOX_GONE):
            self.m.persist_async(job, **plan.fields)
            self.m.jobFinished.emit(self.m.snapshot(job))
            return
        if plan.action is Resume.HOLD:
            job.held = True
            self.m.set_note(job, plan.note or "")
            return
        if plan.action is Resume.RESTART_SANDBOX:
            self.restart_fresh(job)
            return
        if plan.step is None:
            return
        job.note = plan.note
        rec = job.record
        if rec.cancel_requested and plan.step is Step.FOLLOW:
            # Asked to cancel before the restart: say so, and send the cancel again (fal answers an already
            # cancelled request harmlessly); how the job ends is learned by following it as usual.
            job.cancel_requested = True
            job.note = Where.of(rec.mode).cancel_pending(running=rec.state.value == "running")
            if rec.request_id:
                job.cancel_sent = True
                self.m.launch(job, Step.CANCEL, priority=10, track=False)
        self.m.scheduler.start(job, plan.step)

    def sandbox_gone(self, job: LiveJob) -> None:
        """A job sent to a sandbox that stopped: the window's own runs again from the start (free and local);
        another program's is marked as gone (nothing was billed)."""
        backend = self.m.backend_for(job)
        plan = resume_plan(job.record, here=Owner.WINDOW,
                           sandbox_origin=backend.origin if backend is not None else None)
        if plan.action is Resume.RESTART_SANDBOX:
            self.restart_fresh(job)
        elif plan.action is Resume.SANDBOX_GONE:
            self.m.persist_async(job, **plan.fields)
            self.m.jobFinished.emit(self.m.snapshot(job))

    def restart_fresh(self, job: LiveJob) -> None:
        """Start a sandbox job again from the upload, keeping its id and inputs (its old row is replaced)."""
        fresh = fresh_record(job.record)
        job.record = fresh
        job.shared = SharedFlags(created=False)
        job.reset = RowReset(record=fresh)
        job.note, job.field_issues, job.video = None, (), None
        job.bytes_up = job.bytes_down = 0
        job.cancel_requested = job.cancel_sent = False
        self.m.announce(job)
        self.m.scheduler.start(job, Step.UPLOAD)

    # --- jobs a live command runs --------------------------------------------------------------------------

    def _arm_watch(self) -> None:
        if self._watch_timer is None:
            self._watch_timer = QTimer(self.m)
            self._watch_timer.setObjectName("watchCommandJobs")
            self._watch_timer.setSingleShot(True)
            self._watch_timer.timeout.connect(self._look_at_watched)
        if self._watched and not self._watch_timer.isActive() and not self.m.scheduler.stopping.is_set():
            self._watch_timer.start(int(WATCH_INTERVAL_S * 1000))

    def _look_at_watched(self) -> None:
        ids = list(self._watched)
        store, jobs_dir = self.m.store, self.m.paths.jobs_dir

        def task() -> list[tuple[str, JobRecord | None, bool]]:
            from gamecraft_desktop.engine.lease import held_elsewhere
            from gamecraft_desktop.store.jobs_db import JobNotFoundError

            out: list[tuple[str, JobRecord | None, bool]] = []
            for job_id in ids:
                held = held_elsewhere(jobs_dir, job_id)  # first: a row read after the lease went is final
                try:
                    out.append((job_id, store.get(job_id), held))
                except JobNotFoundError:
                    out.append((job_id, None, False))
            return out

        self.m.scheduler.run_task(task, self._looked)

    def _looked(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            log.warning("cannot read the jobs a command runs: %s", error)
            result = []
        for job_id, rec, held in result:
            job = self.m.job(job_id)
            if job is None or not job.watched:
                self._watched.discard(job_id)
                continue
            if rec is None:  # deleted by the other program
                self._watched.discard(job_id)
                job.watched = False
                continue
            changed = rec.updated_at != job.record.updated_at
            job.record = rec
            if held:
                if changed:
                    self.m.announce(job)
                continue
            self._watched.discard(job_id)
            job.watched, job.note = False, None
            if rec.state.is_terminal:
                self.m.announce(job)
                self.m.jobFinished.emit(self.m.snapshot(job))
            else:
                self.resume(job)
        self._arm_watch()

    def stop(self) -> None:
        if self._watch_timer is not None:
            self._watch_timer.stop()

"""Cancelling. Before fal can have the job (uploading) it stops here at once: CANCELLED. Once fal has it or
may have it (submitting, queued, running) a cancel is sent and the job is followed until fal says how it ended:
dropped from the queue (COMPLETED + client_cancelled) it is CANCELLED; run to the end anyway (the gamecraft
app ignores a cancel once running, and fal bills it) or already completed, it is fetched and downloaded like
any result, DONE with a note. A paid result is never dropped."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.context import Advanced, StepResult
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.wording import Where
from gamecraft_desktop.jobs.live_job import LiveJob

if TYPE_CHECKING:
    from gamecraft_desktop.jobs.job_manager import JobManager

log = logging.getLogger(__name__)

_CANCELLABLE = (JobState.UPLOADING, JobState.SUBMITTING, JobState.QUEUED, JobState.RUNNING)


class Cancels:
    def __init__(self, manager: JobManager) -> None:
        self.m = manager

    def cancel(self, job_id: str) -> None:
        job = self.m.job(job_id)
        if job is None or job.held or job.record.state not in _CANCELLABLE:
            return
        if job.watched:  # a live command runs it: only that command can stop its sending in time
            self.m.set_note(job, Where.of(job.record.mode).driven_elsewhere())
            return
        if job.record.state != JobState.UPLOADING:
            self._request(job)
            return
        message = "Cancelled."
        with job.shared.lock:
            job.shared.cancelled.set()
            if job.shared.created:
                try:
                    self.m.store.update(job_id, state=JobState.CANCELLED, error_message=message)
                except Exception as exc:  # the row moved on (e.g. completed meanwhile): keep what is stored
                    log.warning("cancel %s: %s", job_id, exc)
                    return
        job.record.state = JobState.CANCELLED
        job.record.error_message = message
        job.note = message
        self.m.scheduler.forget(job_id)
        self.m.announce(job)
        self.m.jobFinished.emit(self.m.snapshot(job))

    def _request(self, job: LiveJob) -> None:
        if job.cancel_requested:
            return
        job.cancel_requested = True
        self.m.persist_async(job, cancel_requested=1)  # a restart keeps the wish (and sends it if still unsent)
        job.note = Where.of(job.record.mode).cancel_pending(running=job.record.state == JobState.RUNNING)
        self.m.announce(job)
        if job.record.request_id:  # else: sent as soon as the submit in flight returns the id
            job.cancel_sent = True
            self.m.launch(job, Step.CANCEL, priority=10, track=False)

    def after_step(self, job: LiveJob) -> None:
        """After a step of a job with a cancel requested: send the cancel once the id is known, say how it ended."""
        rec = job.record
        where = Where.of(rec.mode)
        if rec.state == JobState.DONE:
            job.note = where.finished_despite_cancel()
        elif rec.state == JobState.CANCELLED:
            job.note = where.cancelled_from_queue()
        elif not rec.state.is_terminal:
            if job.note is None:
                job.note = where.cancel_pending(running=rec.state == JobState.RUNNING)
            if rec.request_id and not job.cancel_sent:
                job.cancel_sent = True
                self.m.launch(job, Step.CANCEL, priority=10, track=False)

    def on_sent(self, job: LiveJob, result: StepResult) -> None:
        """fal answered the cancel: follow at once to learn how the job ends (ALREADY_COMPLETED: fetch it)."""
        sent = isinstance(result, Advanced) and result.next is Step.FOLLOW
        if not sent:  # the cancel did not reach fal: let the person try again
            job.cancel_requested = job.cancel_sent = False
            self.m.persist_async(job, cancel_requested=0)
        note = getattr(result, "note", None)
        job.note = note or job.note
        self.m.announce(job)
        if sent and job.record.state in (JobState.QUEUED, JobState.RUNNING):
            job.poll_interval = self.m.timing(job.record).initial_s
            self.m.scheduler.poke(job, Step.FOLLOW)

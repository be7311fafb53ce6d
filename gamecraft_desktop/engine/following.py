"""Following a job fal has: the status stream with a poll fallback, or one poll (FOLLOW), and the remote cancel
(CANCEL). Each look's news is written to the history before the step returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.context import Advanced, FollowState, StepCancelled, StepContext
from gamecraft_desktop.engine.rules import stream_falls_back
from gamecraft_desktop.engine.sending import handle_of
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.wording import JobWording, Where
from gamecraft_desktop.store.jobs_db import JobRecord, utc_now

if TYPE_CHECKING:
    from gamecraft_desktop.fal.queue_types import QueueHandle
    from gamecraft_desktop.fal.status import StatusUpdate


def follow(ctx: StepContext) -> Advanced:
    """One poll, or (when `ctx.follow.stream`) the status stream until the job completes. Any trouble with the
    stream means polling from then on."""
    from gamecraft_desktop.fal.errors import FalError
    from gamecraft_desktop.fal.sse import StreamBroken

    queue = ctx.conn.queue
    assert queue is not None, "following a job needs a queue client"
    handle = handle_of(ctx)
    if ctx.follow.stream:
        try:
            for update in queue.stream_status(handle, logs=True):
                if ctx.should_stop():
                    raise StepCancelled()
                done = _look(ctx, update, handle)
                if done is not None:
                    return done
            raise StreamBroken("the status stream ended before the job completed")
        except StreamBroken:
            pass
        except FalError as exc:
            if not stream_falls_back(exc):
                raise
        ctx.follow.stream = False
        return Advanced(next=Step.FOLLOW, changed=False)
    done = _look(ctx, queue.status(handle, logs=True), handle)
    assert done is not None  # a poll always reports
    return done


def _look(ctx: StepContext, update: StatusUpdate, handle: QueueHandle) -> Advanced | None:
    """Write what `update` says; the step's outcome when the job completed (None while it has not)."""
    changes = status_changes(ctx.record, update, ctx.follow)
    if changes:
        ctx.persist(**changes)
    ctx.observer.status(ctx.record, update)
    if not update.is_completed:
        return None if ctx.follow.stream else Advanced(next=Step.FOLLOW, changed=bool(changes))
    if update.failed:
        raise _run_failure(ctx, update, handle)
    ctx.observer.completed(ctx.record)
    return Advanced(next=Step.FETCH)


def status_changes(rec: JobRecord, update: StatusUpdate, follow: FollowState) -> dict[str, Any]:
    """The history fields one look at the queue changes (nothing when nothing changed)."""
    changes: dict[str, Any] = {}
    now = utc_now()
    if update.status == "IN_QUEUE":
        follow.saw_queue = True
        if rec.state not in (JobState.QUEUED, JobState.RUNNING):
            changes["state"] = JobState.QUEUED
        if update.queue_position != rec.queue_position and rec.state != JobState.RUNNING:
            changes["queue_position"] = update.queue_position
    elif update.status == "IN_PROGRESS":
        if rec.state != JobState.RUNNING:
            changes.update(state=JobState.RUNNING, queue_position=None)
            # Known only when this program saw it queued (or sent it): never invented for a job found running.
            if follow.saw_queue and not rec.started_at:
                changes["started_at"] = now
    else:  # COMPLETED
        if rec.state == JobState.QUEUED and follow.saw_queue and not rec.started_at:
            changes["started_at"] = now  # it ran between two looks
        if not rec.completed_at:
            changes["completed_at"] = now
        inference = update.metrics.get("inference_time") if isinstance(update.metrics, dict) else None
        if isinstance(inference, int | float) and not isinstance(inference, bool):
            changes["inference_time"] = float(inference)
        if not update.failed:
            changes["state"] = JobState.FETCHING
        changes["queue_position"] = None
        if rec.queue_position is None:
            del changes["queue_position"]
    logs = "\n".join(line.message for line in update.logs)
    if update.logs and logs != rec.logs:
        changes["logs"] = logs
    seg = update.segment
    if seg is not None and (seg[0], seg[1]) != (rec.segment_index, rec.segment_count):
        changes.update(segment_index=seg[0], segment_count=seg[1])
    return changes


def _run_failure(ctx: StepContext, update: StatusUpdate, handle: QueueHandle) -> Exception:
    """The typed error of a job fal completed with an error (written by the failure rules)."""
    from gamecraft_desktop.fal.classify import one_line
    from gamecraft_desktop.fal.errors import FalError, JobCancelledError, ServerError, StartTimeoutError

    where = Where.of(ctx.record.mode)
    kw: dict[str, Any] = {"detail": update.error, "error_type": update.error_type,
                          "request_id": ctx.record.request_id}
    if update.error_type == "client_cancelled":
        return JobCancelledError(where.cancelled_on_server(), **kw)
    if update.error_type == "request_timeout" or "timeout" in (update.error or "").lower():
        # Only the replayed result says whether the deadline was the person's own (504, timeout type user).
        assert ctx.conn.queue is not None
        try:
            ctx.conn.queue.result_json(handle)
        except (StartTimeoutError, JobCancelledError) as exc:
            exc.request_id = ctx.record.request_id
            return exc
        except FalError:
            pass  # the replay says nothing more specific: the generic failure below
    typed = f" [{update.error_type}]" if update.error_type else ""
    return ServerError(one_line(JobWording.tr("The generation failed on {name}{typed}: {detail}").format(
        name=where.name, typed=typed, detail=update.error or JobWording.tr("no detail"))),
                       **kw)


def record_look(ctx: StepContext, update: StatusUpdate) -> None:
    """Write what one look at the queue said (the `status` command): how a job ended on fal, or its progress.
    The job's state is left to whoever follows it (a look alone does not fetch anything)."""
    from gamecraft_desktop.engine.rules import Verdict, failure_fields

    if ctx.record.state.is_terminal:
        return
    changes = {k: v for k, v in status_changes(ctx.record, update, ctx.follow).items()
               if k in ("queue_position", "logs", "segment_index", "segment_count", "completed_at",
                        "inference_time")}
    if changes:
        ctx.persist(**changes)
    if update.failed:
        error = _run_failure(ctx, update, handle_of(ctx))
        ctx.persist(**failure_fields(Step.FOLLOW, error, ctx.record, verdict=Verdict.FAIL))


def cancel(ctx: StepContext) -> Advanced:
    """Ask fal to cancel. A queued job is dropped; a running one may still finish (and be billed): the job
    is followed either way (next FOLLOW), so a finished result is fetched, never lost."""
    rec = ctx.record
    if not rec.request_id or ctx.conn.queue is None:
        return Advanced(changed=False)
    accepted = ctx.conn.queue.cancel(handle_of(ctx))
    running = bool(rec.started_at) or rec.state == JobState.RUNNING
    return Advanced(next=Step.FOLLOW, changed=False, note=Where.of(rec.mode).cancel_sent(running, accepted))

"""Run one step and turn whatever happened into a typed report, applying the rules to a failure (retry, wait
for a key, give up, or end the job, written to the history before returning). Both drivers call `run_step`."""

from __future__ import annotations

import logging
from collections.abc import Callable

from gamecraft_desktop.core.job_state import TransitionError
from gamecraft_desktop.core.texts import number
from gamecraft_desktop.engine import following, receiving, sending
from gamecraft_desktop.engine.context import (
    Advanced,
    Ended,
    GaveUp,
    NeedsKey,
    Retrying,
    StepCancelled,
    StepContext,
    StepReport,
    StepResult,
    Stopped,
)
from gamecraft_desktop.engine.rules import (
    AUTH_ERRORS,
    RetryBudget,
    Verdict,
    decide,
    failure_fields,
    offer,
)
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.wording import JobWording
from gamecraft_desktop.store.jobs_db import HistoryFullError, JobNotFoundError

log = logging.getLogger(__name__)

STEPS: dict[Step, Callable[[StepContext], Advanced]] = {
    Step.UPLOAD: sending.upload,
    Step.SUBMIT: sending.submit,
    Step.FOLLOW: following.follow,
    Step.FETCH: receiving.fetch,
    Step.DOWNLOAD: receiving.download,
    Step.JOIN: receiving.join,
    Step.CANCEL: following.cancel,
}


def run_step(step: Step, ctx: StepContext, budget: RetryBudget) -> StepReport:
    """Run `step` for the job in `ctx`. Never raises for an expected failure (KeyboardInterrupt passes)."""
    result: StepResult
    try:
        if step is Step.UPLOAD:
            sending.prepare_row(ctx)
        if step is not Step.CANCEL and ctx.should_stop():
            raise StepCancelled()
        result = STEPS[step](ctx)
    except StepCancelled:
        result = Stopped()
    except Exception as exc:
        try:
            result = _after_failure(step, exc, ctx, budget)
        except JobNotFoundError:
            result = Stopped()  # deleted while this step ran: nothing is left to write to
    return StepReport(step, result, ctx.record)


def _moved_on(step: Step, exc: TransitionError, ctx: StepContext) -> StepResult:
    """Another program moved the job on while this step ran (the window and `result` on one job): this step's
    news is out of date. Carry on from where the history says the job is: following or bringing home a job
    fal has; never sending anything (a row being sent is its sender's)."""
    assert ctx.store is not None
    stored = ctx.store.get(ctx.record.id)
    log.info("job %s: %s; it is %s in the history, carrying on from there", stored.id, exc, stored.state.value)
    ctx.record = stored
    nxt = Step.to_resume(stored.state) if stored.request_id else None
    return Advanced(next=nxt, changed=True)


def _after_failure(step: Step, exc: Exception, ctx: StepContext, budget: RetryBudget) -> StepResult:
    from gamecraft_desktop.fal.downloads import DownloadCancelledError
    from gamecraft_desktop.fal.errors import ValidationFailedError

    if isinstance(exc, JobNotFoundError):
        return Stopped()  # the person deleted the job while this step ran
    if isinstance(exc, TransitionError) and ctx.store is not None:
        return _moved_on(step, exc, ctx)
    if ctx.stopping.is_set() or (isinstance(exc, DownloadCancelledError) and ctx.should_stop()):
        return Stopped()  # quitting (or cancelled mid-download): the job is picked up where it was
    if ctx.cancelled.is_set() and step is not Step.CANCEL:
        return Stopped()
    decision = decide(step, exc, attempt=ctx.attempt, budget=budget, rec=ctx.record)
    if step is Step.CANCEL and decision.verdict is not Verdict.RETRY:
        return Advanced(changed=False, note=JobWording.tr("The cancel request failed: {exc}").format(exc=exc))
    if decision.verdict is Verdict.RETRY:
        note = JobWording.tr("{exc} Trying again in {delay_s} s (attempt {attempt}).").format(
                   exc=exc, delay_s=number(decision.delay_s, 0), attempt=ctx.attempt)
        ctx.observer.retrying(step, exc, decision.delay_s, ctx.attempt)
        return Retrying(exc, decision.delay_s, ctx.attempt, note)
    if decision.verdict is Verdict.NEED_KEY:
        return NeedsKey(exc, JobWording.tr("{exc} Set a valid key in Key… to continue.").format(exc=exc))
    if decision.verdict is Verdict.GIVE_UP:
        return GaveUp(exc)
    if step is Step.DOWNLOAD:
        log.warning("download failed for %s: %s", ctx.record.id, exc)
    fields = failure_fields(step, exc, ctx.record, verdict=decision.verdict)
    try:
        ctx.persist(**fields)
    except StepCancelled:
        return Stopped()
    except HistoryFullError as full:  # the job ended in memory; the history takes it with its next write
        log.warning("job %s: %s", ctx.record.id, full)
    except TransitionError as why:  # the job moved on meanwhile: keep what is stored
        log.warning("job %s: %s", ctx.record.id, why)
    issues = tuple(exc.issues) if isinstance(exc, ValidationFailedError) else ()
    return Ended(exc, decision.verdict, offer(ctx.record), issues, needs_key=isinstance(exc, AUTH_ERRORS))

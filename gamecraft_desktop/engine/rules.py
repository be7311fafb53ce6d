"""The rules about money, in one place: what is retried and how often, what is never resent, what re-attaches,
what counts as sent (and so maybe billed), and what a failure offers. The window's driver (jobs/) and the
command line's (engine/sync_driver.py) both ask these functions; neither decides anything of this itself.

The facts behind them are in the shared protocol notes (fal-queue-protocol.md, real-app-behaviour.md):
- a submit that fal answered with a request id exists on fal: it is never sent again by anything;
- a submit refused before it reached fal's queue (no connection, 429, an ingress 502/503 without a request id)
  is sent again, a bounded number of times, as fal's own clients do;
- a submit that may have left (504, a dropped connection, an unreadable answer) may exist and be billed: it
  is "submit uncertain" and never sent again automatically;
- status, stream, result, storage initiate, upload and download calls are idempotent: a passing failure is
  retried (a 500 on status or stream is such a failure, never a failed job);
- a result-time 500 after COMPLETED, naming the job's own request id, is the app failing the run: failed on
  fal, not billed, and only a deliberate Re-run sends it again (one naming another request is fal's hiccup);
- fal keeps a result about an hour: a 404 ("expired or unknown") for a job it had is looked at again a few
  times before the job is called expired, and an expired job still offers a (free) fetch: a passing 404 must
  not turn a paid result into a Re-run.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.wording import JobWording, Where
from gamecraft_desktop.fal.errors import (
    AppFailedError,
    AuthError,
    EdgeError,
    FalError,
    InvalidInputError,
    JobCancelledError,
    MalformedKeyError,
    MissingKeyError,
    NetworkError,
    RateLimitError,
    ResultExpiredError,
    ResultNotReadyError,
    ServerError,
    StatusUnavailableError,
    UploadError,
    ValidationFailedError,
)
from gamecraft_desktop.store.jobs_db import HistoryFullError, JobRecord

AUTH_ERRORS = (AuthError, MissingKeyError, MalformedKeyError)


class Owner(StrEnum):
    """Who started a job: only its owner ever sends it on its own."""

    WINDOW = "window"
    CLI = "cli"


class Sent(StrEnum):
    NO = "no"        # nothing reached fal: sending it is the first (paid) send
    MAYBE = "maybe"  # the submit may have reached fal: it may exist and be billed
    YES = "yes"      # fal answered with a request id: it exists on fal


class Offer(StrEnum):
    """What the person is offered for a job that stopped (besides Re-run and Delete, always there)."""

    NOTHING = "nothing"
    REFETCH = "refetch"  # fal finished it: fetching the result again is free
    RESEND = "resend"    # it never reached fal: sending it again (in its own row) is its first paid send
    SEND = "send"        # another program started it and stopped before sending: Send or Discard, by hand
    RERUN = "rerun"      # it reached fal (or may have): only a deliberate Re-run, a new job, makes it again


def sent(rec: JobRecord) -> Sent:
    """What counts as sent: a request id (fal has it), or a submit that may have left."""
    if rec.request_id:
        return Sent.YES
    if rec.state in (JobState.SUBMITTING, JobState.SUBMIT_UNCERTAIN):
        return Sent.MAYBE
    return Sent.NO


#: Failures of the run itself on fal (or of its input): fetching again cannot help, Re-run can.
_FAILED_ON_FAL = frozenset({"ServerError", "AppFailedError", "ValidationFailedError", "StartTimeoutError",
                            "JobCancelledError"})


def billed(rec: JobRecord) -> bool | None:
    """True: fal ran it and bills it; False: nothing is billed; None: cannot be known (submit uncertain)."""
    if rec.mode == "sandbox":
        return False
    s = sent(rec)
    if s is Sent.NO:
        return False
    if s is Sent.MAYBE:
        return None
    if rec.state == JobState.CANCELLED and not rec.started_at:
        return False  # dropped from the queue before it ran
    # The app refusing or failing the run at result time: fal bills no units for it.
    return not (rec.state == JobState.FAILED and rec.error_kind in ("AppFailedError", "ValidationFailedError"))


def offer(rec: JobRecord, *, held: bool = False) -> Offer:
    """What a stopped job offers. `held`: a job another program started and left unsent (SEND)."""
    if held:
        return Offer.SEND
    if rec.state == JobState.FAILED:
        if not rec.request_id:
            return Offer.RESEND
        if rec.error_kind == "ResultExpiredError":
            return Offer.REFETCH  # fal said it no longer has it; asking again is free, and it may be wrong
        if rec.completed_at and rec.error_kind not in _FAILED_ON_FAL:
            return Offer.REFETCH
        return Offer.RERUN
    if rec.state == JobState.SUBMIT_UNCERTAIN:
        return Offer.RERUN
    return Offer.NOTHING


def fetchable_later(rec: JobRecord) -> bool:
    """fal has (or had) the job and its result may still be fetched: the command that fetches it is worth
    printing."""
    if not rec.request_id:
        return False
    return not rec.state.is_terminal or rec.state == JobState.DONE or offer(rec) is Offer.REFETCH


# --- retrying ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryBudget:
    """How often and how fast passing failures are tried again. `attempts` bounds the idempotent steps that
    follow a job fal has (None: keep trying, as the window does); sending steps are always bounded."""

    attempts: int | None = 5
    base_s: float = 1.0
    cap_s: float = 30.0
    send_attempts: int = 5  # upload and submit (a submit only when it provably never reached fal)
    download_attempts: int = 5  # resumed downloads, inside the download step
    # Looks at a job before a doubtful answer is believed: fal says it no longer has it (404), or a 500
    # answers its result call that is not this job's own (it names another request, or none).
    doubtful_attempts: int = 3

    def max_attempts(self, step: Step) -> int | None:
        if step in (Step.UPLOAD, Step.SUBMIT):
            return self.send_attempts
        return self.attempts

    def delay(self, attempt: int, retry_after_s: float | None = None) -> float:
        """The wait before try `attempt + 1` (attempt counts the failed tries so far, from 1)."""
        if retry_after_s is not None and retry_after_s >= 0:
            return min(self.cap_s, retry_after_s)
        return min(self.cap_s, self.base_s * 2.0 ** max(0, min(attempt - 1, 30)))


class Verdict(StrEnum):
    RETRY = "retry"            # the same step again after `delay_s`
    FAIL = "fail"              # the job ends (fields to persist from failure_fields)
    UNCERTAIN = "uncertain"    # the submit may have reached fal: SUBMIT_UNCERTAIN, never resent
    NEED_KEY = "need_key"      # the key was refused or is missing; the job waits for one, unchanged
    GIVE_UP = "give_up"        # out of patience on an idempotent step: the job stays as it is (fetch later)


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    delay_s: float = 0.0


def is_passing(step: Step, error: BaseException) -> bool:
    """A failure after which the same step may simply run again (for SUBMIT: nothing reached fal)."""
    if isinstance(error, RateLimitError | HistoryFullError):
        return True  # a full history disk: its writes wait in memory until there is room (engine.context)
    if isinstance(error, EdgeError):
        return step is not Step.SUBMIT or error.status != 504  # a 504 may have passed the request on
    if isinstance(error, NetworkError):  # MalformedResponseError (an unreadable answer) included
        return step is not Step.SUBMIT or not error.maybe_sent
    if isinstance(error, ResultNotReadyError | StatusUnavailableError):
        return True  # a 5xx answering a status or stream call: fal could not say this time, the job is fine
    if isinstance(error, ServerError) and not isinstance(error, AppFailedError):
        # A 500 answering a status, stream or cancel call is a passing hiccup (fal's JS client retries it):
        # never a failed job. (A run fal completed with an error has no HTTP status: it is not passing.)
        return step in (Step.FOLLOW, Step.CANCEL) and error.status is not None and error.status >= 500
    if isinstance(error, UploadError):
        # Storage calls are harmless to repeat (an unused signed URL expires): an unreadable answer (a 2xx
        # that cannot be used), a server failure, or a refused signed URL (401/403: expired, a new initiate
        # gets a new one). A refusal of the request itself (413 too large, other 4xx) is not.
        status = error.status
        return status is None or status < 400 or status >= 500 or status in (401, 403, 408, 429)
    return False


def stream_falls_back(error: BaseException) -> bool:
    """Any trouble with the status stream means polling instead (fal's JS client calls the stream
    experimental): whatever is really wrong, the polls then meet it and the rules above decide."""
    return isinstance(error, FalError)


def may_have_left(step: Step, error: BaseException) -> bool:
    """A submit failure after which the job may exist on fal (and be billed)."""
    if step is not Step.SUBMIT:
        return False
    if isinstance(error, EdgeError):
        return error.status == 504
    if isinstance(error, NetworkError):
        return error.maybe_sent
    if isinstance(error, ServerError):
        return not error.request_id  # a 5xx without fal's id: nobody can say whether the queue took it
    return False


def not_this_jobs_verdict(error: BaseException, rec: JobRecord | None) -> bool:
    """A 5xx answering a job's result call that is not the app's verdict on it: fal replays the app's own
    failure with the job's request id, so an answer naming another request (or none) is fal's hiccup."""
    if rec is None or not rec.request_id or not isinstance(error, ServerError) or isinstance(error, EdgeError):
        return False
    return (error.status or 0) >= 500 and error.request_id != rec.request_id


def decide(step: Step, error: BaseException, *, attempt: int, budget: RetryBudget,
           rec: JobRecord | None = None) -> Decision:
    """What to do after `step` failed with `error` for the `attempt`-th time in a row (`rec`: the job)."""
    if isinstance(error, AUTH_ERRORS):
        # Before fal has the job, a refused key ends it (nothing was sent: it can be sent again later).
        return Decision(Verdict.FAIL if step in (Step.UPLOAD, Step.SUBMIT) else Verdict.NEED_KEY)
    if may_have_left(step, error):
        return Decision(Verdict.UNCERTAIN)
    doubtful = ((isinstance(error, ResultExpiredError) and step in (Step.FOLLOW, Step.FETCH))
                or (step is Step.FETCH and not_this_jobs_verdict(error, rec)))
    if doubtful:
        if attempt < budget.doubtful_attempts:
            return Decision(Verdict.RETRY, budget.delay(attempt))
        return Decision(Verdict.FAIL)
    if is_passing(step, error):
        limit = budget.max_attempts(step)
        delay = budget.delay(attempt, getattr(error, "retry_after_s", None))
        if limit is None or attempt < limit:
            return Decision(Verdict.RETRY, delay)
        if step is Step.FOLLOW and isinstance(error, StatusUnavailableError | ServerError) and not isinstance(
                error, EdgeError):
            return Decision(Verdict.RETRY, budget.cap_s)  # 500 on status: keep polling, never "failed"
        if step in (Step.FOLLOW, Step.FETCH, Step.CANCEL):
            return Decision(Verdict.GIVE_UP)
        return Decision(Verdict.FAIL)
    return Decision(Verdict.FAIL)


# --- what a failure writes ---------------------------------------------------------------------------------


def failure_fields(step: Step, error: BaseException, rec: JobRecord, *, verdict: Verdict) -> dict[str, Any]:
    """The history fields of a job that `error` ended (verdict FAIL or UNCERTAIN)."""
    where = Where.of(rec.mode)
    kind = type(error).__name__
    fields: dict[str, Any] = {"state": JobState.FAILED, "error_kind": kind,
                              "error_type": getattr(error, "error_type", None)}
    if verdict is Verdict.UNCERTAIN:
        fields.update(state=JobState.SUBMIT_UNCERTAIN, error_message=where.submit_uncertain(_text(error)))
        return fields
    if step is Step.SUBMIT and isinstance(error, ServerError) and error.request_id and not rec.request_id:
        # fal's app took this request and failed it: keep its id, so the job counts as sent and is never
        # sent again as new (a Re-run is a new, billed job).
        fields["request_id"] = error.request_id
    if step is Step.FETCH and not_this_jobs_verdict(error, rec):
        # fal kept failing to hand the result over: the result itself may be fine, and fetching is free
        fields.update(error_kind="ResultUnavailableError", error_message=where.result_unavailable(_text(error)))
    elif isinstance(error, ValidationFailedError):
        fields["error_detail_json"] = json.dumps([asdict(i) for i in error.issues])
        fields["error_message"] = _text(error)
    elif isinstance(error, JobCancelledError):
        fields.update(state=JobState.CANCELLED, error_message=where.cancelled_on_server())
    elif isinstance(error, ResultExpiredError):
        fields["error_message"] = f"{_text(error)} {where.keeps_results()}"
    elif isinstance(error, AppFailedError):
        fields["error_message"] = _text(error)
    elif step is Step.FETCH and isinstance(error, ServerError) and not isinstance(error, EdgeError):
        fields.update(error_kind="AppFailedError", error_message=where.failed_after_completed(_text(error)))
    elif step is Step.SUBMIT and is_passing(step, error):
        fields["error_message"] = where.never_reached(_text(error))
    elif isinstance(error, FalError):
        fields["error_message"] = _text(error)
    elif isinstance(error, OSError):
        name = getattr(error, "filename", None) or ""
        fields.update(error_kind="OSError", error_message=f"{error.strerror or error} {f'({name})' if name else ''}"
                      .strip())
    else:
        from gamecraft_desktop.media.errors import MediaError

        if isinstance(error, MediaError):
            fields["error_message"] = str(error)
        else:
            fields.update(error_kind="Bug", error_message=JobWording.tr("Unexpected error: {kind}: {error}").format(
                kind=kind, error=error))
    return fields


def _text(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    error_type = getattr(error, "error_type", None)
    if error_type and error_type not in message:
        message = f"{message} ({error_type})"
    return str(message)


def on_interrupt(rec: JobRecord) -> dict[str, Any]:
    """What the history says about a job whose program was interrupted (Ctrl+C) in the middle of it."""
    where = Where.of(rec.mode)
    if rec.state == JobState.UPLOADING:
        return {"state": JobState.CANCELLED,
                "error_message": JobWording.tr("Interrupted before anything was sent: nothing was paid.")}
    if rec.state == JobState.SUBMITTING:
        return {"state": JobState.SUBMIT_UNCERTAIN, "error_kind": "SubmitUncertain",
                "error_message": where.stopped_while_submitting()}
    if rec.request_id and rec.mode == "sandbox" and not rec.state.is_terminal:
        return {"state": JobState.CANCELLED, "error_message": where.sandbox_gone()}
    return {}  # fal keeps the job: it is fetched later (or re-attached by the window)


# --- the command line's exit code ----------------------------------------------------------------------------


def exit_code(error: BaseException, rec: JobRecord | None) -> int:
    """The README's table. "Nothing was sent" (2) only when nothing was; an ingress that kept failing is a
    network problem (10), not a failed generation."""
    from gamecraft_desktop.media.errors import ImageError, MediaError

    if isinstance(error, EdgeError):
        return 10
    if isinstance(error, ImageError):
        return ImageError.exit_code  # an unusable input image: nothing was sent
    if isinstance(error, HistoryFullError):
        return 15  # the disk is full
    if isinstance(error, MediaError):
        return 1
    code = int(getattr(error, "exit_code", 1)) if isinstance(error, FalError) else 1
    if isinstance(error, OSError):
        code = 15 if getattr(error, "errno", None) == 28 else 1
    if code == 2 and rec is not None and sent(rec) is not Sent.NO:
        return 10  # e.g. a submit answer that could not be used: the job may exist
    if isinstance(error, InvalidInputError) and rec is not None and sent(rec) is not Sent.NO:
        return 10
    return code


# --- picking jobs up again -----------------------------------------------------------------------------------


class Resume(StrEnum):
    NOTHING = "nothing"                # terminal: shown as it is
    FOLLOW = "follow"                  # fal has it: re-attach (whoever started it)
    SEND = "send"                      # our own job that never reached fal: carry on from its upload
    HOLD = "hold"                      # another program's job that never reached fal: Send or Discard, by hand
    UNCERTAIN = "uncertain"            # stopped while submitting: may exist on fal, never sent again
    RESTART_SANDBOX = "restart"        # our sandbox job whose (in-process) sandbox is gone: free, run it again
    SANDBOX_GONE = "sandbox_gone"      # another program's sandbox job whose sandbox stopped with it
    WATCH = "watch"                    # a live command is sending or following it: shown as it goes, picked up
                                       # (as the rules then say) once that command stops


@dataclass(frozen=True)
class ResumePlan:
    action: Resume
    step: Step | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # to write before anything else happens
    note: str | None = None


def sandbox_gone(rec: JobRecord, sandbox_origin: str | None) -> bool:
    """A sandbox job sent to a sandbox that is not the one running now (it stopped with its process)."""
    return (rec.mode == "sandbox" and sandbox_origin is not None and bool(rec.status_url)
            and not str(rec.status_url).startswith(sandbox_origin))


def owner_of(rec: JobRecord) -> Owner | None:
    try:
        return Owner(rec.started_by) if rec.started_by else None
    except ValueError:
        return None


def resume_plan(rec: JobRecord, *, here: Owner, sandbox_origin: str | None = None,
                elsewhere: bool = False) -> ResumePlan:
    """What a program starting up (`here`) does with a job it finds in the history. `elsewhere`: a live
    program holds the job's lease (engine.lease): it is still being sent or followed there, so it is neither
    "interrupted before sending" nor "uncertain", and sending it here would send it twice."""
    where = Where.of(rec.mode)
    state = rec.state
    if state.is_terminal:
        return ResumePlan(Resume.NOTHING)
    if elsewhere:
        return ResumePlan(Resume.WATCH, note=where.driven_elsewhere())
    if state == JobState.SUBMITTING:
        return ResumePlan(Resume.UNCERTAIN, fields={
            "state": JobState.SUBMIT_UNCERTAIN, "error_kind": "SubmitUncertain",
            "error_message": where.stopped_while_submitting()})
    ours = owner_of(rec) is here
    if state == JobState.UPLOADING:
        if ours:
            return ResumePlan(Resume.SEND, Step.UPLOAD, note=JobWording.tr("Resumed after restart."))
        return ResumePlan(Resume.HOLD, note=where.interrupted_before_sending())
    if sandbox_gone(rec, sandbox_origin):
        if ours:
            return ResumePlan(Resume.RESTART_SANDBOX, Step.UPLOAD)
        return ResumePlan(Resume.SANDBOX_GONE, fields={
            "state": JobState.FAILED, "error_kind": "SandboxGone", "error_message": where.sandbox_gone()})
    return ResumePlan(Resume.FOLLOW, Step.to_resume(state), note=JobWording.tr("Resumed after restart."))

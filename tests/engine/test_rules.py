"""The money rules, asked directly: what is retried, what is never resent, what counts as sent and billed, what
a failure offers, what re-attaches, and the exit codes."""

from __future__ import annotations

from typing import Any

import pytest

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.rules import (
    Offer,
    Owner,
    Resume,
    RetryBudget,
    Sent,
    Verdict,
    billed,
    decide,
    exit_code,
    failure_fields,
    offer,
    resume_plan,
    sent,
)
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.fal.errors import (
    AppFailedError,
    AuthError,
    EdgeError,
    InvalidInputError,
    MalformedResponseError,
    NetworkError,
    RateLimitError,
    ResultExpiredError,
    ServerError,
    UploadError,
    ValidationFailedError,
)
from gamecraft_desktop.store.jobs_db import JobRecord

BUDGET = RetryBudget(attempts=3, base_s=1.0, cap_s=8.0, send_attempts=3)


def rec(state: JobState = JobState.QUEUED, **kw: Any) -> JobRecord:
    return JobRecord(id="j", state=state, mode=kw.pop("mode", "fal"), endpoint="anthonywu/gamecraft",
                     input_json="{}", **kw)


@pytest.mark.parametrize(("step", "error", "verdict"), [
    # submit: resent only when it provably never reached fal's queue
    (Step.SUBMIT, EdgeError("bad gateway", status=502), Verdict.RETRY),
    (Step.SUBMIT, EdgeError("unavailable", status=503), Verdict.RETRY),
    (Step.SUBMIT, RateLimitError("slow down", status=429), Verdict.RETRY),
    (Step.SUBMIT, NetworkError("refused", maybe_sent=False), Verdict.RETRY),
    (Step.SUBMIT, EdgeError("gateway timeout", status=504), Verdict.UNCERTAIN),
    (Step.SUBMIT, NetworkError("dropped", maybe_sent=True), Verdict.UNCERTAIN),
    (Step.SUBMIT, MalformedResponseError("garbage"), Verdict.UNCERTAIN),
    (Step.SUBMIT, ServerError("no id", status=500), Verdict.UNCERTAIN),
    (Step.SUBMIT, ServerError("app failed it", status=500, request_id="r"), Verdict.FAIL),
    (Step.SUBMIT, AuthError("no", status=401), Verdict.FAIL),
    # following: passing failures, a 500 included, are retried; a refused key waits for a key
    (Step.FOLLOW, ServerError("hiccup", status=500, request_id="other"), Verdict.RETRY),
    (Step.FOLLOW, EdgeError("gateway timeout", status=504), Verdict.RETRY),
    (Step.FOLLOW, NetworkError("dropped", maybe_sent=True), Verdict.RETRY),
    (Step.FOLLOW, ServerError("the run failed", error_type="runner_disconnected"), Verdict.FAIL),
    (Step.FOLLOW, AuthError("no", status=401), Verdict.NEED_KEY),
    # storage initiate and upload: harmless to repeat
    (Step.UPLOAD, UploadError("unreadable answer"), Verdict.RETRY),
    (Step.UPLOAD, UploadError("storage failed", status=502), Verdict.RETRY),
    (Step.UPLOAD, UploadError("too large", status=413), Verdict.FAIL),
    (Step.UPLOAD, NetworkError("dropped", maybe_sent=True), Verdict.RETRY),
    # the result: a 500 is the app failing the run, not a hiccup
    (Step.FETCH, ServerError("Internal Server Error", status=500, request_id="r"), Verdict.FAIL),
    (Step.FETCH, NetworkError("dropped", maybe_sent=True), Verdict.RETRY),
    (Step.FETCH, ValidationFailedError("bad", []), Verdict.FAIL),
])
def test_what_is_tried_again(step: Step, error: Exception, verdict: Verdict) -> None:
    assert decide(step, error, attempt=1, budget=BUDGET).verdict is verdict


def test_retries_are_bounded_and_back_off() -> None:
    edge = EdgeError("unavailable", status=503)
    delays = [decide(Step.SUBMIT, edge, attempt=n, budget=BUDGET) for n in (1, 2, 3)]
    assert [d.verdict for d in delays] == [Verdict.RETRY, Verdict.RETRY, Verdict.FAIL]
    assert [d.delay_s for d in delays[:2]] == [1.0, 2.0]
    net = NetworkError("dropped", maybe_sent=True)
    assert decide(Step.FOLLOW, net, attempt=3, budget=BUDGET).verdict is Verdict.GIVE_UP
    assert decide(Step.UPLOAD, net, attempt=3, budget=BUDGET).verdict is Verdict.FAIL
    # the window keeps following whatever happens; a 500 on status is never given up on, even by the CLI
    window = RetryBudget(attempts=None)
    assert decide(Step.FOLLOW, net, attempt=99, budget=window).verdict is Verdict.RETRY
    assert decide(Step.FOLLOW, ServerError("x", status=500), attempt=99, budget=BUDGET) == (
        decide(Step.FOLLOW, ServerError("x", status=500), attempt=99, budget=BUDGET))
    assert decide(Step.FOLLOW, ServerError("x", status=500), attempt=99, budget=BUDGET).verdict is Verdict.RETRY
    assert decide(Step.SUBMIT, RateLimitError("x", retry_after_s=3), attempt=1, budget=BUDGET).delay_s == 3


def test_a_job_fal_says_it_no_longer_has_is_asked_again_a_few_times() -> None:
    gone = ResultExpiredError("Request not found", status=404)
    window = RetryBudget(attempts=None)
    for step in (Step.FOLLOW, Step.FETCH):
        verdicts = [decide(step, gone, attempt=n, budget=window).verdict for n in (1, 2, 3)]
        assert verdicts == [Verdict.RETRY, Verdict.RETRY, Verdict.FAIL]


def test_a_500_on_the_result_is_the_apps_verdict_only_when_it_names_the_job() -> None:
    job = rec(JobState.FETCHING, request_id="mine", completed_at="t")
    own = AppFailedError("the app crashed", status=500, request_id="mine")
    other = AppFailedError("Internal Server Error", status=500, request_id="someone-elses")
    window = RetryBudget(attempts=None)
    assert decide(Step.FETCH, own, attempt=1, budget=window, rec=job).verdict is Verdict.FAIL
    verdicts = [decide(Step.FETCH, other, attempt=n, budget=window, rec=job).verdict for n in (1, 2, 3)]
    assert verdicts == [Verdict.RETRY, Verdict.RETRY, Verdict.FAIL]
    fields = failure_fields(Step.FETCH, other, job, verdict=Verdict.FAIL)
    assert fields["error_kind"] == "ResultUnavailableError"
    assert offer(rec(JobState.FAILED, request_id="mine", completed_at="t", **{"error_kind": fields["error_kind"]})) \
        is Offer.REFETCH
    own_fields = failure_fields(Step.FETCH, own, job, verdict=Verdict.FAIL)
    assert offer(rec(JobState.FAILED, request_id="mine", completed_at="t", error_kind=own_fields["error_kind"])) \
        is Offer.RERUN


def test_what_counts_as_sent_and_billed() -> None:
    assert sent(rec(JobState.UPLOADING)) is Sent.NO
    assert sent(rec(JobState.FAILED)) is Sent.NO
    assert sent(rec(JobState.SUBMITTING)) is Sent.MAYBE
    assert sent(rec(JobState.SUBMIT_UNCERTAIN)) is Sent.MAYBE
    assert sent(rec(JobState.FAILED, request_id="r")) is Sent.YES
    assert billed(rec(JobState.DONE, request_id="r")) is True
    assert billed(rec(JobState.SUBMIT_UNCERTAIN)) is None
    assert billed(rec(JobState.FAILED)) is False
    assert billed(rec(JobState.FAILED, request_id="r", error_kind="AppFailedError")) is False
    assert billed(rec(JobState.CANCELLED, request_id="r")) is False  # dropped from the queue before it ran
    assert billed(rec(JobState.DONE, request_id="r", mode="sandbox")) is False


@pytest.mark.parametrize(("record", "expected"), [
    (rec(JobState.FAILED, error_kind="UploadError"), Offer.RESEND),
    (rec(JobState.FAILED, request_id="r", completed_at="t", error_kind="DownloadError"), Offer.REFETCH),
    (rec(JobState.FAILED, request_id="r", completed_at="t", error_kind="AppFailedError"), Offer.RERUN),
    (rec(JobState.FAILED, request_id="r", error_kind="ServerError"), Offer.RERUN),
    (rec(JobState.SUBMIT_UNCERTAIN), Offer.RERUN),
    (rec(JobState.DONE, request_id="r"), Offer.NOTHING),
    # fal says it no longer has it: asking again is free (a passing 404 must not cost a Re-run)
    (rec(JobState.FAILED, request_id="r", completed_at="t", error_kind="ResultExpiredError"), Offer.REFETCH),
    (rec(JobState.FAILED, request_id="r", error_kind="ResultExpiredError"), Offer.REFETCH),
])
def test_what_a_stopped_job_offers(record: JobRecord, expected: Offer) -> None:
    assert offer(record) is expected


def test_a_job_fal_answered_is_never_offered_to_send_again() -> None:
    for state in JobState:
        for kind in (None, "ServerError", "DownloadError", "AppFailedError"):
            r = rec(state, request_id="r", error_kind=kind, completed_at="t")
            assert offer(r) is not Offer.RESEND


@pytest.mark.parametrize(("state", "owner", "here", "action"), [
    (JobState.QUEUED, "cli", Owner.WINDOW, Resume.FOLLOW),
    (JobState.RUNNING, "window", Owner.WINDOW, Resume.FOLLOW),
    (JobState.DOWNLOADING, None, Owner.WINDOW, Resume.FOLLOW),
    (JobState.UPLOADING, "window", Owner.WINDOW, Resume.SEND),
    (JobState.UPLOADING, "cli", Owner.WINDOW, Resume.HOLD),
    (JobState.UPLOADING, None, Owner.WINDOW, Resume.HOLD),  # written before owners were recorded
    (JobState.SUBMITTING, "window", Owner.WINDOW, Resume.UNCERTAIN),
    (JobState.SUBMITTING, "cli", Owner.WINDOW, Resume.UNCERTAIN),
    (JobState.DONE, "cli", Owner.WINDOW, Resume.NOTHING),
])
def test_what_a_start_picks_up(state: JobState, owner: str | None, here: Owner, action: Resume) -> None:
    r = rec(state, started_by=owner, request_id="r" if state.has_request_id else None)
    plan = resume_plan(r, here=here)
    assert plan.action is action
    if action is Resume.HOLD:
        assert plan.step is None and "Interrupted before sending" in (plan.note or "")



@pytest.mark.parametrize("state", [JobState.UPLOADING, JobState.SUBMITTING, JobState.QUEUED, JobState.FETCHING])
def test_a_job_a_live_command_runs_is_watched_not_taken_over(state: JobState) -> None:
    # Neither "interrupted before sending" (Send would send it twice) nor "uncertain" (a paid Re-run offered)
    r = rec(state, started_by="cli", request_id="r" if state.has_request_id else None)
    plan = resume_plan(r, here=Owner.WINDOW, elsewhere=True)
    assert plan.action is Resume.WATCH and plan.step is None and not plan.fields
    assert resume_plan(rec(JobState.DONE, request_id="r"), here=Owner.WINDOW, elsewhere=True).action is \
        Resume.NOTHING


def test_a_sandbox_job_whose_sandbox_is_gone() -> None:
    mine = rec(JobState.QUEUED, mode="sandbox", started_by="window", request_id="r",
               status_url="http://127.0.0.1:1111/x/status")
    assert resume_plan(mine, here=Owner.WINDOW, sandbox_origin="http://127.0.0.1:2222").action is \
        Resume.RESTART_SANDBOX
    assert resume_plan(mine, here=Owner.WINDOW, sandbox_origin="http://127.0.0.1:1111").action is Resume.FOLLOW
    theirs = rec(JobState.QUEUED, mode="sandbox", started_by="cli", request_id="r",
                 status_url="http://127.0.0.1:1111/x/status")
    plan = resume_plan(theirs, here=Owner.WINDOW, sandbox_origin="http://127.0.0.1:2222")
    assert plan.action is Resume.SANDBOX_GONE and plan.fields["state"] == JobState.FAILED


def test_exit_codes_say_nothing_was_sent_only_when_nothing_was() -> None:
    assert exit_code(InvalidInputError("bad"), rec(JobState.UPLOADING)) == 2
    assert exit_code(InvalidInputError("unusable id"), rec(JobState.SUBMIT_UNCERTAIN)) == 10
    assert exit_code(EdgeError("bad gateway", status=502), rec(JobState.FAILED)) == 10
    assert exit_code(ServerError("failed", status=500, request_id="r"), rec(JobState.FAILED, request_id="r")) == 8
    assert exit_code(MalformedResponseError("garbage"), rec(JobState.SUBMIT_UNCERTAIN)) == 10
    from gamecraft_desktop.media.errors import ImageError, MediaError

    assert exit_code(ImageError("damaged"), rec(JobState.FAILED)) == 16  # media's own error, the README's 16
    assert exit_code(MediaError("a thumbnail"), rec(JobState.FAILED)) == 1


def test_sandbox_wording_never_speaks_of_billing_as_fal_does() -> None:
    from gamecraft_desktop.engine.wording import Where

    fal, sandbox = Where.of("fal"), Where.of("sandbox")
    assert "billed anyway" in fal.cancel_running_warning()
    assert "billed anyway" not in sandbox.cancel_running_warning()
    assert "free" in sandbox.cancel_running_warning()
    assert "fal" not in sandbox.cancelled_from_queue()
    assert "sandbox dropped it" in sandbox.cancelled_from_queue()

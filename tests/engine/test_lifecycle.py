"""The job lifecycle with a scripted fake fal (no HTTP): each rule seen from what it does to the history row
and to the number of submits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fake_fal import FakeDownload, FakeQueue, FakeUploader, completed, handle, output, queued, running

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.rules import Offer, RetryBudget, offer
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.sync_driver import Finish
from gamecraft_desktop.fal.errors import (
    AuthError,
    DownloadError,
    EdgeError,
    JobCancelledError,
    MalformedResponseError,
    NetworkError,
    RateLimitError,
    ServerError,
    UploadError,
    ValidationFailedError,
)

Record = Callable[..., Any]


def fine(**kw: Any) -> FakeQueue:
    q = FakeQueue(submits=[handle("req-1")], statuses=[queued(2), running("Generating segment 1/1"), completed()],
                  results=[output()])
    for k, v in kw.items():
        setattr(q, k, v)
    return q


def test_a_job_goes_through_every_step_once(new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    q = fine()
    result = drive(new_record(), q)
    assert result.finish is Finish.DONE and result.exit_code == 0
    row = store.get(result.record.id)
    assert row.state == JobState.DONE and row.request_id == "req-1"
    assert row.started_at and row.completed_at and row.downloaded_at and row.inference_time == 1.5
    assert row.output_json and "v.mp4" in row.output_json
    assert q.calls == ["submit", "status", "status", "status", "result"]


def test_a_submit_answered_with_a_request_id_is_never_sent_again(new_record: Record, drive: Callable[..., Any],
                                                                 store: Any) -> None:
    # fal answered with an id, then the connection broke before the answer was fully read: follow it.
    q = fine(accept_then_raise=NetworkError("the connection broke", maybe_sent=True))
    result = drive(new_record(), q)
    assert result.finish is Finish.DONE and q.submit_count == 1
    assert store.get(result.record.id).request_id == "req-1"


def test_submit_500_with_a_request_id_keeps_the_id_and_offers_only_a_rerun(
        new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    q = fine(submits=[ServerError("The generation failed on fal (HTTP 500)", status=500, request_id="req-500")])
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert (row.state, row.request_id, row.error_kind) == (JobState.FAILED, "req-500", "ServerError")
    assert offer(row) is Offer.RERUN and q.submit_count == 1 and result.exit_code == 8


@pytest.mark.parametrize("status", [502, 503])
def test_ingress_502_503_on_submit_is_retried(status: int, new_record: Record, drive: Callable[..., Any]) -> None:
    q = fine(submits=[EdgeError("edge", status=status), EdgeError("edge", status=status), handle("req-1")])
    result = drive(new_record(), q)
    assert result.finish is Finish.DONE and q.submit_count == 3


def test_ingress_that_keeps_failing_is_bounded_never_sent_and_a_network_problem(
        new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    q = fine(submits=[EdgeError("edge", status=503)] * 5)
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert q.submit_count == 3  # the budget's send_attempts
    assert (row.state, row.request_id) == (JobState.FAILED, None)
    assert offer(row) is Offer.RESEND and result.exit_code == 10
    assert "never reached fal's queue (nothing was billed)" in row.error_message


@pytest.mark.parametrize("error", [
    EdgeError("gateway timeout", status=504),
    NetworkError("the connection broke", maybe_sent=True),
    MalformedResponseError("fal answered the submit with an unusable request id"),
])
def test_a_submit_that_may_have_left_is_uncertain_and_never_resent(
        error: Exception, new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    q = fine(submits=[error, handle("never")])
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert row.state == JobState.SUBMIT_UNCERTAIN and q.submit_count == 1
    assert result.exit_code == 10 and offer(row) is Offer.RERUN
    assert "may exist and be billed" in row.error_message


@pytest.mark.parametrize("error", [RateLimitError("slow down", status=429),
                                   NetworkError("connection refused", maybe_sent=False)])
def test_a_submit_refused_before_it_reached_fal_is_sent_again(
        error: Exception, new_record: Record, drive: Callable[..., Any]) -> None:
    q = fine(submits=[error, handle()])
    assert drive(new_record(), q).finish is Finish.DONE and q.submit_count == 2


def test_500_on_status_is_a_hiccup_not_a_failed_job(new_record: Record, drive: Callable[..., Any],
                                                    store: Any) -> None:
    hiccup = ServerError("Internal Server Error", status=500, request_id="the-500s-own-id")
    q = fine(statuses=[queued(), *[hiccup] * 6, completed()])  # more than the budget's 3 attempts
    result = drive(new_record(), q)
    assert result.finish is Finish.DONE
    assert store.get(result.record.id).request_id == "req-1"


def test_500_on_the_stream_falls_back_to_polling(new_record: Record, drive: Callable[..., Any]) -> None:
    q = fine(streams=[[queued(), ServerError("stream hiccup", status=500, request_id="x")]],
             statuses=[running(), completed()])
    result = drive(new_record(), q, stream=True)
    assert result.finish is Finish.DONE and q.calls.count("stream") == 1 and q.calls.count("status") == 2


def test_a_network_outage_while_following_gives_up_leaving_the_job_fetchable(
        new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    q = fine(statuses=[queued(), *[NetworkError("down", maybe_sent=True)] * 3])
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert result.finish is Finish.GAVE_UP and result.exit_code == 10
    assert row.state == JobState.QUEUED and row.request_id == "req-1"


def test_storage_initiate_and_upload_are_retried(new_record: Record, drive: Callable[..., Any]) -> None:
    uploader = FakeUploader(answers=[UploadError("fal's storage sent an unreadable answer"),
                                     UploadError("Could not connect"), "https://cdn.example.invalid/in.jpg"])
    result = drive(new_record(), fine(), uploader=uploader)
    assert result.finish is Finish.DONE and uploader.calls == 3


def test_an_upload_refused_for_good_is_never_sent(new_record: Record, drive: Callable[..., Any],
                                                  store: Any) -> None:
    q = fine()
    result = drive(new_record(), q, uploader=FakeUploader(answers=[UploadError("too large", status=413)]))
    row = store.get(result.record.id)
    assert (row.state, offer(row), result.exit_code, q.submit_count) == (JobState.FAILED, Offer.RESEND, 14, 0)


def test_result_500_after_completed_is_failed_on_fal_not_billed_and_never_resent(
        new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    from gamecraft_desktop.engine.rules import billed

    q = fine(results=[ServerError("The generation failed on fal (HTTP 500): Internal Server Error", status=500,
                                  request_id="req-1")])
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert (row.state, row.error_kind, offer(row)) == (JobState.FAILED, "AppFailedError", Offer.RERUN)
    assert billed(row) is False and q.submit_count == 1 and result.exit_code == 8
    assert "not billed" not in row.error_message or "does not bill" in row.error_message


def test_result_422_names_the_fields(new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    from gamecraft_desktop.core.schema import FieldIssue

    issue = FieldIssue("action_list", "Input should be a valid string", "string_type")
    q = fine(results=[ValidationFailedError("fal rejected the input", [issue], status=422)])
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert row.error_kind == "ValidationFailedError" and "action_list" in row.error_detail_json
    assert result.field_issues == (issue,) and result.exit_code == 6


def test_completed_with_an_error_fails_with_its_type(new_record: Record, drive: Callable[..., Any],
                                                     store: Any) -> None:
    q = fine(statuses=[queued(), completed("Runner disconnected", "runner_disconnected")])
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert (row.state, row.error_type, result.exit_code) == (JobState.FAILED, "runner_disconnected", 8)
    assert offer(row) is Offer.RERUN


def test_dropped_from_the_queue_is_cancelled(new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    q = fine(statuses=[queued(), completed("cancelled", "client_cancelled")])
    result = drive(new_record(), q)
    assert store.get(result.record.id).state == JobState.CANCELLED and result.exit_code == 12
    assert isinstance(result.error, JobCancelledError)


def test_a_refused_key_while_following_leaves_the_job_as_it_is(new_record: Record, drive: Callable[..., Any],
                                                               store: Any) -> None:
    q = fine(statuses=[queued(), AuthError("fal rejected the key", status=401)])
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert result.finish is Finish.NEEDS_KEY and result.exit_code == 4
    assert row.state == JobState.QUEUED and row.request_id == "req-1"


def test_a_refused_key_at_submit_ends_a_job_never_sent(new_record: Record, drive: Callable[..., Any],
                                                       store: Any) -> None:
    q = fine(submits=[AuthError("fal rejected the key", status=401)])
    result = drive(new_record(), q)
    row = store.get(result.record.id)
    assert (row.state, offer(row), result.exit_code) == (JobState.FAILED, Offer.RESEND, 4)


def test_a_failed_download_offers_a_free_refetch(new_record: Record, drive: Callable[..., Any],
                                                 store: Any) -> None:
    result = drive(new_record(), fine(), download=FakeDownload(answers=[DownloadError("cut off")]))
    row = store.get(result.record.id)
    assert (row.state, offer(row), result.exit_code) == (JobState.FAILED, Offer.REFETCH, 13)
    again = drive(row, FakeQueue(results=[output()]), first=Step.FETCH)
    assert again.finish is Finish.DONE and store.get(row.id).state == JobState.DONE


@pytest.mark.parametrize(("where", "state"), [("upload", JobState.CANCELLED),
                                               ("submit", JobState.SUBMIT_UNCERTAIN),
                                               ("follow", JobState.QUEUED)])
def test_ctrl_c(where: str, state: JobState, new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    q = fine()
    uploader = FakeUploader()
    if where == "upload":
        uploader.answers = [KeyboardInterrupt()]
    elif where == "submit":
        q.submits = [KeyboardInterrupt()]
    else:
        q.statuses = [queued(), KeyboardInterrupt()]
    result = drive(new_record(), q, uploader=uploader)
    assert result.finish is Finish.INTERRUPTED and store.get(result.record.id).state == state


def test_ctrl_c_on_a_sandbox_job_cancels_it(new_record: Record, drive: Callable[..., Any], store: Any) -> None:
    q = fine(statuses=[queued(), KeyboardInterrupt()])
    result = drive(new_record(mode="sandbox"), q)
    assert store.get(result.record.id).state == JobState.CANCELLED


def test_without_a_history_the_job_still_runs(new_record: Record, drive: Callable[..., Any], tmp_path: Any,
                                              image_file: Any) -> None:
    from gamecraft_desktop.engine.context import Connection, JobOptions
    from gamecraft_desktop.engine.sync_driver import SyncDriver
    from gamecraft_desktop.engine.timing import PollTiming

    rec = new_record()
    driver = SyncDriver(rec, store=None, conn=Connection(fine(), FakeUploader(), FakeDownload()),
                        job_dir=tmp_path / "j", options=JobOptions(source_image=image_file, thumbnails=False,
                                                                   video_dest=tmp_path / "v.mp4"),
                        budget=RetryBudget(base_s=0), timing=PollTiming(0, 0), sleep=lambda s: None)
    result = driver.run(Step.UPLOAD)
    assert result.finish is Finish.DONE and result.record.state == JobState.DONE

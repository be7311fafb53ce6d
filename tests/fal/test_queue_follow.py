"""Status, the SSE stream, its fallback to adaptive polling, and how a finished job ends."""

from __future__ import annotations

import itertools

import httpx
import pytest
from fal_fakes import (
    BASE,
    FakeFal,
    FakeTime,
    broken_reply,
    edge,
    make_client,
    sse_body,
    sse_reply,
    status_reply,
)

from gamecraft_desktop.fal.errors import AuthError, JobCancelledError, ServerError, StartTimeoutError
from gamecraft_desktop.fal.queue_client import StatusUpdate
from gamecraft_desktop.fal.status import LogLine


def log(msg: str) -> dict[str, str]:
    return {"message": msg, "timestamp": "2026-01-01T00:00:00Z"}


def test_status_sends_logs_and_branches_on_json_not_http_code() -> None:
    fake = FakeFal().on("status",
                        httpx.Response(200, json={"status": "IN_PROGRESS", "logs": [log("a")]}),
                        httpx.Response(202, json={"status": "COMPLETED", "logs": [], "metrics": {"x": 1}}),
                        httpx.Response(200, json={"status": "IN_QUEUE", "queue_position": 4, "logs": None}))
    with make_client(fake) as client:
        h = client.handle_for("req-1")
        first, second, third = client.status(h), client.status(h), client.status(h, logs=False)
    assert (first.status, [x.message for x in first.logs]) == ("IN_PROGRESS", ["a"])
    assert (second.status, second.metrics) == ("COMPLETED", {"x": 1})
    assert (third.status, third.queue_position, third.logs) == ("IN_QUEUE", 4, [])
    assert str(fake.requests[0].url) == f"{BASE}/status?logs=1"
    assert str(fake.requests[2].url) == f"{BASE}/status?logs=0"


def test_segment_progress_from_logs() -> None:
    u = StatusUpdate("IN_PROGRESS", logs=[LogLine("Generating segment 1/4 with action ID: 0"),
                                           LogLine("other"), LogLine("Generating segment 3/4 with action ID: 2")])
    assert u.segment == (3, 4)
    assert StatusUpdate("IN_PROGRESS", logs=[LogLine("loading weights")]).segment is None


def test_stream_accumulates_incremental_logs_and_stops_after_completed() -> None:
    events = sse_reply(
        {"status": "IN_QUEUE", "queue_position": 2},
        ": ping\n\n",
        {"status": "IN_QUEUE", "queue_position": 1},
        {"status": "IN_PROGRESS", "logs": [log("Generating segment 1/2 with action ID: 0")]},
        ": ping\n\n",
        {"status": "IN_PROGRESS", "logs": [log("Generating segment 2/2 with action ID: 1")]},
        {"status": "COMPLETED", "logs": [log("done")], "metrics": {"inference_time": 17.8}},
        {"status": "COMPLETED", "logs": [log("must not be read")]},
    )
    fake = FakeFal().on("stream", events)
    seen: list[StatusUpdate] = []
    with make_client(fake) as client:
        final = client.follow(client.handle_for("req-1"), seen.append)
    assert [u.status for u in seen] == ["IN_QUEUE", "IN_QUEUE", "IN_PROGRESS", "IN_PROGRESS", "COMPLETED"]
    assert [u.queue_position for u in seen[:2]] == [2, 1]
    assert [len(u.logs) for u in seen] == [0, 0, 1, 2, 3]
    assert seen[3].segment == (2, 2)
    assert [x.message for x in final.logs][-1] == "done"
    assert final.metrics == {"inference_time": 17.8}
    assert fake.routes() == ["stream"]
    assert str(fake.requests[0].url) == f"{BASE}/status/stream?logs=1"


def test_stream_that_sends_cumulative_logs_is_not_doubled() -> None:
    fake = FakeFal().on("stream", sse_reply(
        {"status": "IN_PROGRESS", "logs": [log("a")]},
        {"status": "IN_PROGRESS", "logs": [log("a"), log("b")]},
        {"status": "COMPLETED", "logs": [log("a"), log("b"), log("c")]}))
    with make_client(fake) as client:
        final = client.follow(client.handle_for("req-1"), lambda u: None)
    assert [x.message for x in final.logs] == ["a", "b", "c"]


def _stream_failures() -> list[object]:
    return [
        httpx.Response(404, json={"detail": "Not Found"}),
        httpx.Response(405, json={"detail": "Method Not Allowed"}),
        httpx.Response(200, content=b"this is not an event stream\n\n{{{\n\n", headers={
            "content-type": "text/event-stream"}),
        sse_reply({"status": "IN_QUEUE", "queue_position": 1}, "data: {garbage\n\n"),
        sse_reply({"status": "IN_QUEUE", "queue_position": 1}),  # ends before COMPLETED
        sse_reply({"status": "WHATEVER"}),
        broken_reply(sse_body({"status": "IN_PROGRESS", "logs": [log("x")]})),  # disconnect mid-stream
        httpx.ReadTimeout("no ping for 45 s"),
    ]


@pytest.mark.parametrize("failure", _stream_failures())
def test_any_stream_trouble_falls_back_to_polling(failure: object) -> None:
    fake = FakeFal().on("stream", failure)  # type: ignore[arg-type]
    fake.on("status", status_reply("IN_PROGRESS", logs=["one"]),
            status_reply("COMPLETED", logs=["one", "two"], metrics={"inference_time": 3}))
    seen: list[StatusUpdate] = []
    with make_client(fake) as client:
        final = client.follow(client.handle_for("req-1"), seen.append)
    assert final.status == "COMPLETED" and [x.message for x in final.logs] == ["one", "two"]
    assert seen[-1] is final
    assert fake.count("status") == 2
    assert fake.routes()[-2:] == ["status", "status"]


def test_stream_edge_errors_are_retried_before_falling_back() -> None:
    fake = FakeFal().on("stream", edge(502), sse_reply({"status": "COMPLETED", "logs": []}))
    with make_client(fake) as client:
        final = client.follow(client.handle_for("req-1"), lambda u: None)
    assert final.status == "COMPLETED"
    assert fake.routes() == ["stream", "stream"]


def test_stream_auth_error_is_not_hidden_by_polling() -> None:
    fake = FakeFal().on("stream", httpx.Response(401, json={"detail": "Invalid key"}))
    fake.on("status", httpx.Response(401, json={"detail": "Invalid key"}))
    with make_client(fake) as client, pytest.raises(AuthError, match="Invalid key"):
        client.follow(client.handle_for("req-1"), lambda u: None)


def test_follow_without_stream_polls_only() -> None:
    fake = FakeFal().on("status", status_reply("COMPLETED", logs=[]))
    with make_client(fake) as client:
        client.follow(client.handle_for("req-1"), lambda u: None, use_stream=False)
    assert fake.routes() == ["status"]


def test_polling_backs_off_while_nothing_changes_and_speeds_up_on_change() -> None:
    replies = ([status_reply("IN_QUEUE", queue_position=3)] * 6
               + [status_reply("IN_QUEUE", queue_position=2)]
               + [status_reply("IN_PROGRESS", logs=[])] * 2
               + [status_reply("COMPLETED", logs=[])])
    fake = FakeFal().on("status", *replies)
    t = FakeTime()
    poll_times: list[float] = []
    with make_client(fake, time=t, poll_min_s=1.0, poll_max_s=4.0, poll_backoff=2.0) as client:
        client.follow(client.handle_for("req-1"), lambda u: poll_times.append(t.now), use_stream=False)
    gaps = [round(b - a, 3) for a, b in itertools.pairwise(poll_times)]
    # unchanged: 1 -> 2 -> 4 -> 4 (capped); a new queue position, then a new state, reset to 1 s.
    assert gaps == [1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 1.0, 1.0, 2.0]
    assert fake.count("status") == 10


def test_should_stop_ends_follow_promptly_with_last_update() -> None:
    fake = FakeFal().on("status", status_reply("IN_QUEUE", queue_position=9))
    t = FakeTime()
    polls = []

    def stop() -> bool:
        return t.now >= 1000.0 + 10.3

    with make_client(fake, time=t, poll_min_s=1.0, poll_max_s=5.0) as client:
        last = client.follow(client.handle_for("req-1"), polls.append, use_stream=False, should_stop=stop)
    assert last.status == "IN_QUEUE" and last.queue_position == 9
    assert t.now - 1000.0 <= 10.3 + 0.25  # seen within one sleep slice
    assert max(t.sleeps) <= 0.25


def test_completed_with_error_raises_server_error() -> None:
    fake = FakeFal().on("stream", sse_reply(
        {"status": "COMPLETED", "logs": [], "error": "Runner disconnected", "error_type": "runner_disconnected"}))
    with make_client(fake) as client, pytest.raises(ServerError) as info:
        client.follow(client.handle_for("req-1"), lambda u: None)
    assert info.value.error_type == "runner_disconnected"
    assert "Runner disconnected" in str(info.value) and info.value.request_id == "req-1"
    assert fake.count("result") == 0


def test_completed_client_cancelled_raises_job_cancelled() -> None:
    fake = FakeFal().on("status", status_reply("COMPLETED", error="Cancelled by user",
                                               error_type="client_cancelled"))
    with make_client(fake) as client, pytest.raises(JobCancelledError):
        client.follow(client.handle_for("req-1"), lambda u: None, use_stream=False)


def test_completed_request_timeout_with_user_deadline_raises_start_timeout() -> None:
    fake = FakeFal().on("status", status_reply("COMPLETED", error="Request timed out",
                                               error_type="request_timeout"))
    fake.on("result", httpx.Response(504, json={"detail": "Request timed out", "error_type": "request_timeout"},
                                     headers={"x-fal-request-id": "req-1", "X-Fal-Request-Timeout-Type": "user"}))
    with make_client(fake) as client, pytest.raises(StartTimeoutError):
        client.follow(client.handle_for("req-1"), lambda u: None, use_stream=False)


def test_completed_request_timeout_from_runner_is_server_error() -> None:
    fake = FakeFal().on("status", status_reply("COMPLETED", error="Request timed out",
                                               error_type="request_timeout"))
    fake.on("result", httpx.Response(504, json={"detail": "Request timed out", "error_type": "request_timeout"},
                                     headers={"x-fal-request-id": "req-1"}))
    with make_client(fake) as client, pytest.raises(ServerError) as info:
        client.follow(client.handle_for("req-1"), lambda u: None, use_stream=False)
    assert not isinstance(info.value, StartTimeoutError)
    assert info.value.error_type == "request_timeout"


def test_should_stop_is_checked_on_stream_pings() -> None:
    fake = FakeFal().on("stream", sse_reply({"status": "IN_QUEUE", "queue_position": 5}, ": ping\n\n",
                                            ": ping\n\n", {"status": "COMPLETED", "logs": []}))
    checks = []

    def stop() -> bool:
        checks.append(1)
        return len(checks) >= 3  # false at start and after the event, true at the first ping

    seen: list[StatusUpdate] = []
    with make_client(fake) as client:
        last = client.follow(client.handle_for("req-1"), seen.append, should_stop=stop)
    assert last.status == "IN_QUEUE" and [u.status for u in seen] == ["IN_QUEUE"]
    assert fake.routes() == ["stream"]


def test_public_stream_status_hides_pings() -> None:
    fake = FakeFal().on("stream", sse_reply(": ping\n\n", {"status": "IN_PROGRESS", "logs": [log("a")]},
                                            ": ping\n\n", {"status": "COMPLETED", "logs": [log("b")]}))
    with make_client(fake) as client:
        updates = list(client.stream_status(client.handle_for("req-1")))
    assert [u.status for u in updates] == ["IN_PROGRESS", "COMPLETED"]
    assert [x.message for x in updates[-1].logs] == ["a", "b"]

"""The retry rules, with exact request counts: idempotent calls retry, a submit is never sent twice
unless it provably never left (connect error) or was refused with 429."""

from __future__ import annotations

import httpx
import pytest
from fal_fakes import (
    BASE,
    VALID_INPUT,
    FakeFal,
    FakeTime,
    broken_reply,
    edge,
    make_client,
    result_reply,
    status_reply,
    submit_reply,
)

from gamecraft_desktop.fal.errors import (
    AuthError,
    EdgeError,
    MalformedResponseError,
    NetworkError,
    RateLimitError,
    ServerError,
    StatusUnavailableError,
)
from gamecraft_desktop.fal.retry import RetryPolicy

MAX = 4  # FAST_RETRY.max_attempts


def connect_error() -> httpx.ConnectError:
    return httpx.ConnectError("[Errno -2] Name or service not known")


# --- idempotent calls ------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [
    httpx.ConnectError("refused"),
    httpx.ConnectTimeout("slow connect"),
    httpx.ReadTimeout("slow read"),
    httpx.RemoteProtocolError("server disconnected"),
    httpx.ReadError("reset"),
])
def test_status_retries_network_errors(failure: Exception) -> None:
    fake = FakeFal().on("status", failure, failure, status_reply("IN_PROGRESS"))
    t = FakeTime()
    with make_client(fake, time=t) as client:
        update = client.status(client.handle_for("req-1"))
    assert update.status == "IN_PROGRESS"
    assert fake.count("status") == 3
    assert t.sleeps == [0.5, 1.0]  # exponential (jitter 0 here)


def test_status_gives_up_after_max_attempts() -> None:
    fake = FakeFal().on("status", httpx.ReadTimeout("slow"))
    with make_client(fake) as client, pytest.raises(NetworkError) as info:
        client.status(client.handle_for("req-1"))
    assert fake.count("status") == MAX
    assert info.value.maybe_sent is True


def test_backoff_is_capped() -> None:
    fake = FakeFal().on("status", httpx.ConnectError("down"))
    t = FakeTime()
    policy = RetryPolicy(base_s=1.0, cap_s=3.0, max_attempts=6, jitter=0.0)
    with make_client(fake, time=t, retry=policy) as client, pytest.raises(NetworkError):
        client.status(client.handle_for("req-1"))
    assert t.sleeps == [1.0, 2.0, 3.0, 3.0, 3.0]
    assert fake.count("status") == 6


def test_status_retries_429_honouring_retry_after() -> None:
    limited = httpx.Response(429, json={"detail": "slow down"}, headers={"Retry-After": "2"})
    fake = FakeFal().on("status", limited, status_reply("IN_QUEUE", queue_position=3))
    t = FakeTime()
    with make_client(fake, time=t) as client:
        update = client.status(client.handle_for("req-1"))
    assert update.queue_position == 3
    assert fake.count("status") == 2
    assert t.sleeps == [2.0]


def test_status_429_forever_raises_rate_limit() -> None:
    fake = FakeFal().on("status", httpx.Response(429, json={"detail": "slow down"}))
    with make_client(fake) as client, pytest.raises(RateLimitError):
        client.status(client.handle_for("req-1"))
    assert fake.count("status") == MAX


@pytest.mark.parametrize("code", [502, 503, 504])
def test_status_retries_edge_errors(code: int) -> None:
    fake = FakeFal().on("status", edge(code), status_reply("IN_PROGRESS"))
    with make_client(fake) as client:
        assert client.status(client.handle_for("req-1")).status == "IN_PROGRESS"
    assert fake.count("status") == 2


def test_status_edge_errors_forever_raise_edge_error() -> None:
    fake = FakeFal().on("status", edge(503))
    with make_client(fake) as client, pytest.raises(EdgeError):
        client.status(client.handle_for("req-1"))
    assert fake.count("status") == MAX


@pytest.mark.parametrize("reply", [
    httpx.Response(401, json={"detail": "bad key"}),
    httpx.Response(403, json={"detail": "locked"}),
])
def test_status_does_not_retry_auth_errors(reply: httpx.Response) -> None:
    fake = FakeFal().on("status", reply)
    with make_client(fake) as client, pytest.raises(AuthError):
        client.status(client.handle_for("req-1"))
    assert fake.count("status") == 1


@pytest.mark.parametrize("reply", [
    httpx.Response(500, json={"detail": "Internal Server Error"}, headers={"x-fal-request-id": "req-1"}),
    httpx.Response(503, json={"detail": "runner down", "error_type": "runner_unavailable"},
                   headers={"x-fal-request-id": "req-1"}),
])
def test_a_status_poll_answered_5xx_is_a_passing_hiccup_not_a_failed_job(reply: httpx.Response) -> None:
    """As fal's JS client does: the job is still running (and billed); the poll is simply asked again."""
    fake = FakeFal().on("status", reply, reply, status_reply("IN_PROGRESS"))
    with make_client(fake) as client:
        assert client.status(client.handle_for("req-1")).status == "IN_PROGRESS"
    assert fake.count("status") == 3
    fake = FakeFal().on("status", reply)
    with make_client(fake) as client, pytest.raises(StatusUnavailableError) as info:
        client.status(client.handle_for("req-1"))
    assert not isinstance(info.value, EdgeError)  # it did reach fal; the job layer retries it, never fails on it
    assert "not affected" in str(info.value)
    assert fake.count("status") == MAX


def test_status_retries_malformed_json_in_2xx() -> None:
    garbage = httpx.Response(202, content=b'{"status": "IN_PROG', headers={"content-type": "application/json"})
    fake = FakeFal().on("status", garbage, status_reply("IN_PROGRESS"))
    with make_client(fake) as client:
        assert client.status(client.handle_for("req-1")).status == "IN_PROGRESS"
    assert fake.count("status") == 2


def test_status_retries_truncated_body() -> None:
    fake = FakeFal().on("status", broken_reply(b'{"status": "IN_'), status_reply("IN_QUEUE", queue_position=0))
    with make_client(fake) as client:
        assert client.status(client.handle_for("req-1")).status == "IN_QUEUE"
    assert fake.count("status") == 2


def test_result_retries_edge_then_succeeds() -> None:
    fake = FakeFal().on("result", edge(502), httpx.ReadTimeout("slow"), result_reply())
    with make_client(fake) as client:
        out = client.result(client.handle_for("req-1"))
    assert out.video.url.endswith("out.mp4")
    assert fake.count("result") == 3


def test_result_retries_still_in_progress_then_succeeds() -> None:
    fake = FakeFal().on("result", httpx.Response(400, json={"detail": "Request is still in progress"}),
                        result_reply())
    with make_client(fake) as client:
        assert client.result(client.handle_for("req-1")).video.file_size == 1234
    assert fake.count("result") == 2


def test_cancel_retries_network_and_edge() -> None:
    fake = FakeFal().on("cancel", httpx.ConnectError("down"), edge(504),
                        httpx.Response(202, json={"status": "CANCELLATION_REQUESTED"}))
    with make_client(fake) as client:
        assert client.cancel(client.handle_for("req-1")) is True
    assert fake.count("cancel") == 3


# --- submit ----------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [connect_error(), httpx.ConnectTimeout("connect timed out")])
def test_submit_retries_when_it_provably_never_left(failure: Exception) -> None:
    fake = FakeFal().on("submit", failure, submit_reply())
    accepted = []
    with make_client(fake) as client:
        handle = client.submit(VALID_INPUT, on_accepted=accepted.append)
    assert handle.request_id == "req-1"
    assert fake.count("submit") == 2
    assert accepted == [handle]


def test_submit_retries_429() -> None:
    fake = FakeFal().on("submit", httpx.Response(429, json={"detail": "Too many"}), submit_reply())
    with make_client(fake) as client:
        assert client.submit(VALID_INPUT).request_id == "req-1"
    assert fake.count("submit") == 2


def test_submit_gives_up_after_max_connect_errors_without_sending() -> None:
    fake = FakeFal().on("submit", connect_error())
    with make_client(fake) as client, pytest.raises(NetworkError) as info:
        client.submit(VALID_INPUT)
    assert info.value.maybe_sent is False
    assert fake.count("submit") == MAX


@pytest.mark.parametrize("failure", [
    httpx.ReadTimeout("timed out waiting for the answer"),
    httpx.RemoteProtocolError("Server disconnected without sending a response."),
    httpx.ReadError("connection reset by peer"),
    httpx.WriteTimeout("write timed out"),
    httpx.WriteError("broken pipe"),
])
def test_submit_never_resends_after_the_request_may_have_left(failure: Exception) -> None:
    fake = FakeFal().on("submit", failure, submit_reply())
    accepted = []
    with make_client(fake) as client, pytest.raises(NetworkError) as info:
        client.submit(VALID_INPUT, on_accepted=accepted.append)
    assert info.value.maybe_sent is True
    assert fake.count("submit") == 1
    assert accepted == []


def test_submit_truncated_answer_is_maybe_sent_and_not_resent() -> None:
    fake = FakeFal().on("submit", broken_reply(b'{"status": "IN_QUEUE", "request_'), submit_reply())
    with make_client(fake) as client, pytest.raises(NetworkError) as info:
        client.submit(VALID_INPUT)
    assert info.value.maybe_sent is True
    assert fake.count("submit") == 1


@pytest.mark.parametrize("reply", [
    edge(502), edge(503), edge(504),
    httpx.Response(500, json={"detail": "Internal Server Error"}, headers={"x-fal-request-id": "r"}),
])
def test_submit_does_not_retry_5xx(reply: httpx.Response) -> None:
    fake = FakeFal().on("submit", reply, submit_reply())
    with make_client(fake) as client, pytest.raises(ServerError):
        client.submit(VALID_INPUT)
    assert fake.count("submit") == 1


def test_submit_garbage_2xx_without_request_id_is_uncertain_not_resent() -> None:
    fake = FakeFal().on("submit", httpx.Response(200, content=b"<html>proxy says hi</html>"), submit_reply())
    with make_client(fake) as client, pytest.raises(MalformedResponseError) as info:
        client.submit(VALID_INPUT)
    assert info.value.maybe_sent is True
    assert "may exist" in str(info.value)
    assert fake.count("submit") == 1


def test_submit_garbage_2xx_with_request_id_header_recovers_the_handle() -> None:
    fake = FakeFal().on("submit", httpx.Response(200, content=b"{not json", headers={"x-fal-request-id": "req-1"}))
    accepted = []
    with make_client(fake) as client:
        handle = client.submit(VALID_INPUT, on_accepted=accepted.append)
    assert handle.status_url == f"{BASE}/status"
    assert accepted == [handle]
    assert fake.count("submit") == 1

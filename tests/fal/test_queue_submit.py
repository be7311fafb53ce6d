"""Submit, result and cancel as the protocol page describes them."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import httpx
import pytest
from fal_fakes import BASE, QUEUE, VALID_INPUT, FakeFal, make_client, result_reply, submit_reply

from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import (
    EndpointNotFoundError,
    InvalidInputError,
    MalformedKeyError,
    MissingKeyError,
    ResultExpiredError,
    ServerError,
    ValidationFailedError,
)
from gamecraft_desktop.fal.queue_client import QueueHandle, SubmitOptions


def test_submit_posts_the_bare_wire_input_and_returns_the_servers_urls() -> None:
    other = "https://queue.fal.run/anthonywu/gamecraft/requests/req-1"
    fake = FakeFal().on("submit", submit_reply())
    with make_client(fake) as client:
        handle = client.submit(parse_input(VALID_INPUT))
    req = fake.requests[0]
    assert req.method == "POST" and str(req.url) == f"{QUEUE}/anthonywu/gamecraft"
    body = json.loads(fake.bodies[0])
    assert "input" not in body  # no wrapper
    assert body["prompt"] == "a quiet street at dusk"
    assert body["action_list"] == '["w", "d"]' and body["action_speed_list"] == "[0.2, 0.4]"
    assert body["image"] == {"url": "https://example.com/in.png"}
    assert req.headers["content-type"] == "application/json"
    assert handle == QueueHandle("req-1", "anthonywu/gamecraft", other, f"{other}/status", f"{other}/cancel", 0)


def test_submit_options_become_query_and_headers() -> None:
    fake = FakeFal().on("submit", submit_reply())
    hook = "https://hooks.example.com/fal?job=7&x=a b"
    opts = SubmitOptions(webhook_url=hook, priority="low", start_timeout_s=90, no_retry=True, store_io=False)
    with make_client(fake) as client:
        client.submit(VALID_INPUT, opts)
    req = fake.requests[0]
    assert "fal_webhook=https%3A%2F%2Fhooks.example.com%2Ffal%3Fjob%3D7%26x%3Da" in str(req.url)
    assert parse_qs(req.url.query.decode())["fal_webhook"] == [hook]
    assert req.headers["X-Fal-Queue-Priority"] == "low"
    assert req.headers["X-Fal-Request-Timeout"] == "90"
    assert req.headers["X-Fal-No-Retry"] == "1"
    assert req.headers["X-Fal-Store-IO"] == "0"


def test_submit_without_options_sends_no_optional_headers() -> None:
    fake = FakeFal().on("submit", submit_reply())
    with make_client(fake) as client:
        client.submit(VALID_INPUT)
    req = fake.requests[0]
    assert not [h for h in req.headers if h.lower().startswith("x-fal-")]
    assert req.url.query == b""


@pytest.mark.parametrize("opts", [SubmitOptions(start_timeout_s=1), SubmitOptions(start_timeout_s=0.5),
                                  SubmitOptions(priority="urgent"),  # type: ignore[arg-type]
                                  SubmitOptions(webhook_url="ftp://x/y")])
def test_bad_options_are_refused_before_sending(opts: SubmitOptions) -> None:
    fake = FakeFal().on("submit", submit_reply())
    with make_client(fake) as client, pytest.raises(InvalidInputError):
        client.submit(VALID_INPUT, opts)
    assert fake.requests == []


def test_invalid_input_dict_is_refused_before_sending() -> None:
    fake = FakeFal().on("submit", submit_reply())
    with make_client(fake) as client, pytest.raises(InvalidInputError) as info:
        client.submit({**VALID_INPUT, "action_list": ["w", "left_rot"]})
    assert fake.requests == []
    assert info.value.issues and info.value.issues[0].field == "action_list"


@pytest.mark.parametrize("creds,exc", [(Credentials("no-colon-key", "FAL_KEY"), MalformedKeyError),
                                       (Credentials(None, "none"), MissingKeyError)])
def test_bad_or_missing_key_is_reported_before_sending(creds: Credentials, exc: type[Exception]) -> None:
    fake = FakeFal().on("submit", submit_reply())
    with make_client(fake, credentials=creds) as client, pytest.raises(exc) as info:
        client.submit(VALID_INPUT)
    assert fake.requests == []
    assert "no-colon-key" not in str(info.value)


def test_on_accepted_runs_before_submit_returns() -> None:
    fake = FakeFal().on("submit", submit_reply())
    order: list[str] = []
    with make_client(fake) as client:
        handle = client.submit(VALID_INPUT, on_accepted=lambda h: order.append(f"accepted {h.request_id}"))
        order.append("returned")
    assert order == ["accepted req-1", "returned"]
    assert handle.request_id == "req-1"


def test_submit_to_sub_path_uses_full_id_but_status_uses_base() -> None:
    fake = FakeFal().on("submit", submit_reply())
    cfg = FalConfig(endpoint="anthonywu/gamecraft/fast")
    with make_client(fake, config=cfg) as client:
        handle = client.submit(VALID_INPUT)
        rebuilt = client.handle_for("abc")
    assert str(fake.requests[0].url) == f"{QUEUE}/anthonywu/gamecraft/fast"
    assert handle.endpoint == "anthonywu/gamecraft/fast"
    assert rebuilt.status_url == f"{QUEUE}/anthonywu/gamecraft/requests/abc/status"
    assert rebuilt.response_url == f"{QUEUE}/anthonywu/gamecraft/requests/abc"
    assert rebuilt.cancel_url == f"{QUEUE}/anthonywu/gamecraft/requests/abc/cancel"


def test_returned_urls_are_used_not_rebuilt() -> None:
    odd = f"{QUEUE}/anthonywu/gamecraft/requests/req-1/v2"
    fake = FakeFal().on("submit", submit_reply(response_url=odd, status_url=f"{odd}/status",
                                               cancel_url=f"{odd}/cancel"))
    fake.on("status", httpx.Response(200, json={"status": "COMPLETED"}))
    with make_client(fake) as client:
        handle = client.submit(VALID_INPUT)
        client.status(handle)
    assert handle.status_url == f"{odd}/status"
    assert str(fake.requests[1].url) == f"{odd}/status?logs=1"


def test_handle_round_trips_through_dict() -> None:
    h = QueueHandle("r", "anthonywu/gamecraft", "u1", "u2", "u3", 5)
    assert QueueHandle.from_dict(json.loads(json.dumps(h.to_dict()))) == h


def test_handle_for_refuses_path_like_ids() -> None:
    with make_client(FakeFal()) as client, pytest.raises(InvalidInputError):
        client.handle_for("../../evil")


def test_handle_for_other_endpoint_and_namespace() -> None:
    with make_client(FakeFal()) as client:
        h = client.handle_for("id1", "workflows/me/flow/sub")
    assert h.status_url == f"{QUEUE}/workflows/me/flow/requests/id1/status"
    assert h.endpoint == "workflows/me/flow/sub"


def test_submit_404_says_endpoint_not_reachable() -> None:
    fake = FakeFal().on("submit", httpx.Response(404, json={"detail": "Not found"}))
    with make_client(fake) as client, pytest.raises(EndpointNotFoundError, match="not reachable with this key"):
        client.submit(VALID_INPUT)


def test_submit_422_maps_fields() -> None:
    fake = FakeFal().on("submit", httpx.Response(422, json={"detail": [
        {"loc": ["body", "seed"], "msg": "too big", "type": "value_error"}]}))
    with make_client(fake) as client, pytest.raises(ValidationFailedError) as info:
        client.submit(VALID_INPUT)
    assert [(i.field, i.message) for i in info.value.issues] == [("seed", "too big")]


# --- result -----------------------------------------------------------------------------------


def test_result_parses_video_leniently() -> None:
    fake = FakeFal().on("result", httpx.Response(200, json={"video": "https://v3.fal.media/a.mp4", "seed": 3}))
    with make_client(fake) as client:
        out = client.result(client.handle_for("req-1"))
    assert out.video.url == "https://v3.fal.media/a.mp4"
    assert str(fake.requests[0].url) == BASE


def test_result_without_video_is_a_server_error() -> None:
    fake = FakeFal().on("result", httpx.Response(200, json={"images": []}))
    with make_client(fake) as client, pytest.raises(ServerError, match="without a usable video"):
        client.result(client.handle_for("req-1"))


def test_result_json_returns_raw_output() -> None:
    fake = FakeFal().on("result", result_reply())
    with make_client(fake) as client:
        assert client.result_json(client.handle_for("req-1"))["video"]["file_name"] == "out.mp4"


def test_result_404_after_completion_is_expired() -> None:
    fake = FakeFal().on("result", httpx.Response(404, json={"detail": "Request not found"}))
    with make_client(fake) as client, pytest.raises(ResultExpiredError):
        client.result(client.handle_for("req-1"))
    assert fake.count("result") == 1


def test_result_replayed_app_error() -> None:
    fake = FakeFal().on("result", httpx.Response(500, json={"detail": "CUDA out of memory",
                                                            "error_type": "internal_error"},
                                                 headers={"x-fal-request-id": "req-1"}))
    with make_client(fake) as client, pytest.raises(ServerError) as info:
        client.result(client.handle_for("req-1"))
    assert info.value.error_type == "internal_error" and "CUDA out of memory" in str(info.value)
    assert fake.count("result") == 1


# --- cancel -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reply,expected", [
    (httpx.Response(202, json={"status": "CANCELLATION_REQUESTED"}), True),
    (httpx.Response(200, json={"success": True}), True),
    (httpx.Response(202, content=b"not json at all"), True),
    (httpx.Response(400, json={"status": "ALREADY_COMPLETED"}), False),
    (httpx.Response(404, json={"status": "NOT_FOUND"}), False),
    (httpx.Response(404, content=b"<html>nope</html>"), False),
])
def test_cancel_answers(reply: httpx.Response, expected: bool) -> None:
    fake = FakeFal().on("cancel", reply)
    with make_client(fake) as client:
        assert client.cancel(client.handle_for("req-1")) is expected
    req = fake.requests[0]
    assert req.method == "PUT" and str(req.url) == f"{BASE}/cancel" and fake.bodies[0] == b""

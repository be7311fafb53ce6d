"""Every status code and error shape on the protocol page maps to one typed error with a one-line message."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fal_fakes import NGINX_502

from gamecraft_desktop.fal.classify import classify_response
from gamecraft_desktop.fal.errors import (
    AppFailedError,
    AuthError,
    EdgeError,
    EndpointNotFoundError,
    FalError,
    JobCancelledError,
    RateLimitError,
    ResultExpiredError,
    ResultNotReadyError,
    ServerError,
    StartTimeoutError,
    ValidationFailedError,
)


def resp(status: int, body: Any = None, *, html: bytes | None = None, headers: dict[str, str] | None = None,
         request_id: str | None = None) -> httpx.Response:
    h = dict(headers or {})
    if request_id:
        h["x-fal-request-id"] = request_id
    if html is not None:
        h["content-type"] = "text/html"
        return httpx.Response(status, content=html, headers=h)
    if body is None:
        return httpx.Response(status, headers=h)
    return httpx.Response(status, json=body, headers=h)


def assert_one_line(err: FalError) -> None:
    assert str(err) and "\n" not in str(err) and "\r" not in str(err)
    assert len(str(err)) <= 300
    assert "<html" not in str(err).lower()


def test_401_is_auth_error_with_server_detail() -> None:
    err = classify_response(resp(401, {"detail": "Invalid key"}), "submit")
    assert isinstance(err, AuthError)
    assert "Invalid key" in str(err) and err.status == 401
    assert_one_line(err)


def test_403_locked_account_is_auth_error_with_detail() -> None:
    err = classify_response(resp(403, {"detail": "User is locked. Reason: Exhausted balance."}), "status")
    assert isinstance(err, AuthError)
    assert "Exhausted balance" in str(err)


def test_404_on_submit_says_endpoint_not_reachable_with_this_key() -> None:
    err = classify_response(resp(404, {"detail": "Application 'gamecraft' not found"}), "submit")
    assert isinstance(err, EndpointNotFoundError)
    assert "not reachable with this key" in str(err)


def test_404_on_result_is_result_expired() -> None:
    err = classify_response(resp(404, {"detail": "Request not found"}, request_id="r"), "result")
    assert isinstance(err, ResultExpiredError)
    assert "expired" in str(err)


def test_422_list_maps_loc_to_fields() -> None:
    body = {"detail": [
        {"loc": ["body", "action_list"], "msg": "Invalid action 'q'", "type": "value_error", "input": "q"},
        {"loc": ["body", "image", "url"], "msg": "bad url", "type": "url_parsing"},
        {"loc": ["query", "x"], "msg": "odd", "type": "value_error"},
    ]}
    err = classify_response(resp(422, body, request_id="r"), "result")
    assert isinstance(err, ValidationFailedError)
    assert [(i.field, i.message, i.kind) for i in err.issues] == [
        ("action_list", "Invalid action 'q'", "value_error"),
        ("image", "bad url", "url_parsing"),
        ("x", "odd", "value_error"),
    ]
    assert "action_list: Invalid action 'q'" in str(err)
    assert_one_line(err)


def test_422_string_detail() -> None:
    err = classify_response(resp(422, {"detail": "action_list must be a JSON array"}), "submit")
    assert isinstance(err, ValidationFailedError)
    assert [i.field for i in err.issues] == ["body"]
    assert "JSON array" in str(err)


def test_429_is_rate_limit_with_retry_after() -> None:
    err = classify_response(resp(429, {"detail": "Too many requests"}, headers={"Retry-After": "7"}), "status")
    assert isinstance(err, RateLimitError)
    assert err.retry_after_s == 7.0


@pytest.mark.parametrize("status", [502, 503, 504])
def test_edge_failure_without_request_id_is_edge_error(status: int) -> None:
    err = classify_response(resp(status, html=NGINX_502), "status")
    assert isinstance(err, EdgeError)
    assert str(status) in str(err)
    assert err.detail is None  # the HTML page is not a detail for people
    assert_one_line(err)


@pytest.mark.parametrize("status,error_type", [(500, "internal_error"), (503, "runner_disconnected"),
                                               (502, "runner_connection_error"), (504, "request_timeout")])
def test_5xx_with_request_id_is_server_error_not_edge(status: int, error_type: str) -> None:
    err = classify_response(resp(status, {"detail": "Runner went away", "error_type": error_type},
                                 request_id="req-9"), "result")
    assert type(err) is ServerError
    assert err.status == status and err.error_type == error_type and err.request_id == "req-9"
    assert err.detail == "Runner went away"
    assert "Runner went away" in str(err) and error_type in str(err)


def test_error_type_from_header_when_body_has_none() -> None:
    err = classify_response(resp(503, {"detail": "GPU error"}, request_id="r",
                                 headers={"X-Fal-Error-Type": "runner_scheduling_failure"}), "result")
    assert err.error_type == "runner_scheduling_failure"


@pytest.mark.parametrize("request_id", ["r", None])
def test_unhandled_app_exception_500_at_result_is_a_final_unbilled_failure(request_id: str | None) -> None:
    err = classify_response(resp(500, {"detail": "Internal Server Error"}, request_id=request_id), "result")
    assert type(err) is AppFailedError and isinstance(err, ServerError) and not isinstance(err, EdgeError)
    assert "Internal Server Error" in str(err) and "not bill" in str(err) and "not sent again" in str(err)
    assert err.billed is False and err.status == 500 and err.request_id == request_id
    assert_one_line(err)


def test_a_replayed_infrastructure_500_at_result_stays_a_server_error() -> None:
    err = classify_response(resp(500, {"detail": "boom", "error_type": "runner_server_error"}, request_id="r"),
                            "result")
    assert type(err) is ServerError and err.billed is None


def test_result_422_says_it_was_not_billed_when_fal_says_so() -> None:
    body = {"detail": [{"loc": ["body", "action_list"], "msg": "Input should be a valid string",
                        "type": "string_type", "input": ["w"]}]}
    err = classify_response(resp(422, body, request_id="r", headers={"x-fal-billable-units": "0"}), "result")
    assert isinstance(err, ValidationFailedError) and err.billed is False
    assert [(i.field, i.kind) for i in err.issues] == [("action_list", "string_type")]
    assert str(err).endswith("(not billed)") and err.to_dict()["billed"] is False
    assert classify_response(resp(422, body), "submit").billed is None


def test_504_with_user_timeout_type_is_start_timeout() -> None:
    err = classify_response(resp(504, {"detail": "Request timed out", "error_type": "request_timeout"},
                                 request_id="r", headers={"X-Fal-Request-Timeout-Type": "user"}), "result")
    assert isinstance(err, StartTimeoutError)


def test_504_user_timeout_even_without_request_id_is_not_edge() -> None:
    err = classify_response(resp(504, None, headers={"X-Fal-Request-Timeout-Type": "user"}), "result")
    assert isinstance(err, StartTimeoutError)


@pytest.mark.parametrize("status", [499, 400])
def test_client_cancelled_is_job_cancelled(status: int) -> None:
    err = classify_response(resp(status, {"detail": "Cancelled", "error_type": "client_cancelled"},
                                 request_id="r"), "result")
    assert isinstance(err, JobCancelledError)


def test_400_still_in_progress_on_result() -> None:
    err = classify_response(resp(400, {"detail": "Request is still in progress"}), "result")
    assert isinstance(err, ResultNotReadyError)


def test_400_bad_request_replayed_is_server_error() -> None:
    err = classify_response(resp(400, {"detail": "bad input", "error_type": "bad_request"}, request_id="r"),
                            "result")
    assert type(err) is ServerError and err.error_type == "bad_request"


def test_plain_text_body_becomes_detail() -> None:
    err = classify_response(httpx.Response(500, content=b"boom\nsecond line", headers={"x-fal-request-id": "r"}),
                            "result")
    assert "boom second line" in str(err)
    assert_one_line(err)


def test_long_detail_is_truncated_to_one_line() -> None:
    err = classify_response(resp(500, {"detail": "x\n" * 2000}, request_id="r"), "result")
    assert_one_line(err)
    assert str(err).endswith("…")


def test_every_error_has_a_dict_form() -> None:
    err = classify_response(resp(422, {"detail": [{"loc": ["body", "seed"], "msg": "m", "type": "t"}]}))
    d = err.to_dict()
    assert d["kind"] == "ValidationFailedError" and d["status"] == 422

"""Property tests: the parsers of untrusted text and JSON fail only with their own errors."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gamecraft_desktop.fal.classify import classify_response, issues_from_detail
from gamecraft_desktop.fal.endpoint import EndpointIdError, parse_endpoint_id
from gamecraft_desktop.fal.errors import FalError, MalformedResponseError
from gamecraft_desktop.fal.sse import StreamBroken, accumulate, iter_sse_data
from gamecraft_desktop.fal.status import parse_status

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=15,
)
status_like = st.fixed_dictionaries(
    {"status": st.sampled_from(["IN_QUEUE", "IN_PROGRESS", "COMPLETED", "in_queue", "FAILED", ""]) | json_values},
    optional={"queue_position": json_values, "logs": json_values | st.lists(
        st.fixed_dictionaries({"message": json_values}, optional={"level": json_values, "timestamp": json_values}),
        max_size=4), "metrics": json_values, "error": json_values, "error_type": json_values},
)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=60) | st.from_regex(r"(workflows/|comfy/)?[a-z0-9-]{0,6}(/[a-z0-9.-]{0,6}){0,4}"))
def test_endpoint_parser_raises_only_its_own_error(text: str) -> None:
    try:
        ep = parse_endpoint_id(text)
    except EndpointIdError:
        return
    assert ep.owner and ep.alias
    assert ep.submit_path.startswith(ep.base_path)
    assert parse_endpoint_id(ep.submit_path) == ep  # the printed form parses back to the same id


@FAST
@given(json_values | status_like)
@pytest.mark.slow
def test_status_parser_never_crashes_on_arbitrary_json(data: Any) -> None:
    try:
        update = parse_status(data)
    except MalformedResponseError:
        return
    assert update.status in ("IN_QUEUE", "IN_PROGRESS", "COMPLETED")
    assert all(isinstance(line.message, str) for line in update.logs)
    assert update.queue_position is None or update.queue_position >= 0
    _ = update.segment  # never raises


@FAST
@given(st.integers(400, 599), json_values, st.booleans(), st.sampled_from(
    ["submit", "status", "stream", "result", "cancel", "other"]))
def test_classifier_gives_one_line_typed_error_for_any_body(status: int, body: Any, with_id: bool, op: Any) -> None:
    headers = {"x-fal-request-id": "r"} if with_id else {}
    content = json.dumps(body).encode() if body is not None else b""
    err = classify_response(httpx.Response(status, content=content, headers=headers), op)
    assert isinstance(err, FalError)
    assert str(err) and "\n" not in str(err) and len(str(err)) <= 300
    json.dumps(err.to_dict(), default=str)


@FAST
@given(json_values)
def test_issue_mapping_never_crashes(detail: Any) -> None:
    for issue in issues_from_detail(detail):
        assert isinstance(issue.field, str) and isinstance(issue.message, str)


@FAST
@given(st.lists(st.text(max_size=40) | st.sampled_from(
    [": ping", "", "data: {\"status\": \"IN_QUEUE\"}", "data: {\"status\": \"COMPLETED\"}", "event: x"]),
    max_size=15))
def test_sse_reader_yields_updates_or_raises_stream_broken(lines: list[str]) -> None:
    try:
        updates = list(accumulate(iter_sse_data(lines)))
    except StreamBroken:
        return
    assert updates and updates[-1].status == "COMPLETED"
    assert all(u.status != "COMPLETED" for u in updates[:-1])

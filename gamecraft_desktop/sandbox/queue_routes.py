"""The sandbox's queue API: submit, status, SSE status stream, result and cancel."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gamecraft_desktop.core.schema import FieldIssue, InputError, parse_input
from gamecraft_desktop.sandbox.faults import FaultRule
from gamecraft_desktop.sandbox.httpkit import (
    REQUEST_ID_HEADER,
    Response,
    Route,
    detail_response,
    dumps,
    endpoint_base,
    first_value,
    is_true,
    json_response,
)
from gamecraft_desktop.sandbox.jobs import Job

if TYPE_CHECKING:
    from gamecraft_desktop.sandbox.http_handler import SandboxRequestHandler
    from gamecraft_desktop.sandbox.server import SandboxServer


def issue_to_fal(issue: FieldIssue, data: Any) -> dict[str, Any]:
    """One input problem as fal reports it; short scalar inputs are echoed back like pydantic does."""
    entry = issue.to_fal()
    if issue.field == "body":
        entry["loc"] = ["body"]
    elif isinstance(data, dict) and issue.field in data:
        value = data[issue.field]
        if (isinstance(value, str) and len(value) <= 200) or isinstance(value, bool | int | float):
            entry["input"] = value
    return entry



class QueueRoutes:
    """The queue endpoints of one `SandboxServer` (its job book, limits and validation mode)."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self._sb = sandbox

    def answer(self, h: SandboxRequestHandler, route: Route, query: dict[str, list[str]]) -> Response:
        """Status, SSE stream, result or cancel of one request (the caller has checked the key)."""
        job = self._sb.book.get(route.request_id)
        if job is not None and job.base != route.endpoint:
            job = None
        if route.kind == "cancel":
            return self._cancel(route)
        if job is None:
            return detail_response(404, "Request not found")
        headers = {REQUEST_ID_HEADER: job.request_id}
        want_logs = is_true(query.get("logs"))
        if route.kind == "status":
            body = self._status_body(job, logs=want_logs)
            return json_response(200 if body["status"] == "COMPLETED" else 202, body, headers)
        if route.kind == "stream":
            return Response(200, content_type="text/event-stream",
                            headers={**headers, "Cache-Control": "no-cache"},
                            stream=self._events(job, want_logs))
        # result
        with self._sb.book.cond:
            if job.state != "COMPLETED":
                return detail_response(400, "Request is still in progress", headers)
            return json_response(job.result_status, job.result_body, {**headers, **job.result_headers})

    def submit(self, h: SandboxRequestHandler, route: Route, query: dict[str, list[str]], rule: FaultRule | None) -> Response:
        self._sb.counters.submit()
        raw = h.read_body(self._sb.max_json_bytes)
        if isinstance(raw, Response):
            return raw
        priority = (h.headers.get("X-Fal-Queue-Priority") or "normal").strip().lower()
        if priority not in ("normal", "low"):
            return detail_response(400, "X-Fal-Queue-Priority must be 'normal' or 'low'.")
        deadline: float | None = None
        timeout_header = h.headers.get("X-Fal-Request-Timeout")
        if timeout_header is not None:
            try:
                seconds = float(timeout_header)
                if not seconds > 1 or seconds != seconds or seconds == float("inf"):
                    raise ValueError(timeout_header)
            except ValueError:
                return detail_response(400, "X-Fal-Request-Timeout must be a number of seconds greater than 1.")
            deadline = time.monotonic() + seconds
        if not raw.strip():
            return detail_response(422, [{"loc": ["body"], "msg": "Field required", "type": "missing"}])
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            return detail_response(422, [{"loc": ["body"], "msg": f"the request body is not valid JSON ({exc})"[:300],
                                          "type": "json_invalid"}])
        if self._sb.validation == "submit":  # the explicit option; fal's queue validates nothing
            try:
                parse_input(data)
            except InputError as exc:
                return detail_response(422, [issue_to_fal(i, data) for i in exc.issues])
        job = Job(
            request_id=str(uuid.uuid4()),
            endpoint=route.endpoint,
            base=endpoint_base(route.endpoint),
            body=data,
            fault=rule if rule is not None and rule.fault.is_app else None,
            priority=1 if priority == "low" else 0,
            start_deadline=deadline,
            webhook_url=first_value(query, "fal_webhook"),
        )
        position = self._sb.book.add(job)
        self._sb.counters.job_created(job.request_id)
        accepted: dict[str, Any] = {"status": "IN_QUEUE", "request_id": job.request_id, **self._sb.request_urls(job),
                                     "queue_position": position, "logs": None, "metrics": {}}
        return json_response(200, accepted, {REQUEST_ID_HEADER: job.request_id})

    def _cancel(self, route: Route) -> Response:
        outcome = self._sb.book.cancel(route.request_id) if self._job_matches(route) else "missing"
        headers = {REQUEST_ID_HEADER: route.request_id}
        if outcome == "accepted":
            return json_response(202, {"status": "CANCELLATION_REQUESTED"}, headers)
        if outcome == "completed":
            return json_response(400, {"status": "ALREADY_COMPLETED"}, headers)
        return json_response(404, {"status": "NOT_FOUND"})

    def _job_matches(self, route: Route) -> bool:
        job = self._sb.book.get(route.request_id)
        return job is not None and job.base == route.endpoint

    def _status_body(self, job: Job, *, logs: bool, new_logs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        with self._sb.book.cond:
            body: dict[str, Any] = {"status": job.state, "request_id": job.request_id, **self._sb.request_urls(job)}
            if job.state == "IN_QUEUE":
                body["queue_position"] = self._sb.book.position(job) or 0
            if logs:
                body["logs"] = [dict(e) for e in (job.logs if new_logs is None else new_logs)]
            else:
                body["logs"] = None
            if job.state != "IN_QUEUE":
                body["metrics"] = ({"inference_time": job.inference_time}
                                   if job.state == "COMPLETED" and job.inference_time is not None else {})
            if job.state == "COMPLETED" and job.error is not None:
                body["error"] = job.error
                body["error_type"] = job.error_type
            return body

    def _events(self, job: Job, want_logs: bool) -> Iterator[bytes]:
        """SSE: one `data:` event per change (new log lines only), `: ping` comments, ends after COMPLETED."""
        sent_logs = 0
        last_key: tuple[Any, ...] | None = None
        next_ping = time.monotonic() + self._sb.ping_interval_s
        while not self._sb.stopping.is_set():
            with self._sb.book.cond:
                version = self._sb.book.version
                if self._sb.book.get(job.request_id) is None:
                    return
                key = (job.state, self._sb.book.position(job), len(job.logs))
                body: dict[str, Any] | None
                if key != last_key:
                    new = job.logs[sent_logs:]
                    body = self._status_body(job, logs=want_logs, new_logs=new)
                    sent_logs = len(job.logs)
                    last_key = key
                else:
                    body = None
            if body is not None:
                yield b"data: " + dumps(body) + b"\n\n"
                if body["status"] == "COMPLETED":
                    return
                continue
            now = time.monotonic()
            if now >= next_ping:
                yield b": ping\n\n"
                next_ping = now + self._sb.ping_interval_s
                continue
            self._sb.book.wait_change(version, next_ping - now)


"""Turn a non-2xx fal answer into one typed error with a one-line message for people.

The table is the protocol page's "Errors worth naming" plus the replayed-error shapes of the result call.
The body is read leniently: JSON `{"detail": …, "error_type": …}`, a 422 list, a bare string, or an
nginx HTML page.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

import httpx

from gamecraft_desktop.core.schema import FieldIssue
from gamecraft_desktop.fal.errors import (
    AppFailedError,
    AuthError,
    EdgeError,
    EndpointNotFoundError,
    FalError,
    FalErrors,
    JobCancelledError,
    MalformedResponseError,
    RateLimitError,
    ResultExpiredError,
    ResultNotReadyError,
    ServerError,
    StartTimeoutError,
    StatusUnavailableError,
    ValidationFailedError,
)
from gamecraft_desktop.fal.retry import parse_retry_after

Operation = Literal["submit", "status", "stream", "result", "cancel", "upload", "other"]

REQUEST_ID_HEADER = "x-fal-request-id"
ERROR_TYPE_HEADER = "x-fal-error-type"
TIMEOUT_TYPE_HEADER = "x-fal-request-timeout-type"
BILLABLE_UNITS_HEADER = "x-fal-billable-units"
EDGE_STATUSES = frozenset({502, 503, 504})
_MAX_MESSAGE = 300


def one_line(text: Any, limit: int = _MAX_MESSAGE) -> str:
    """Collapse whitespace and truncate: every error message is a single readable line."""
    s = re.sub(r"\s+", " ", str(text)).strip()
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def body_json(response: httpx.Response) -> Any:
    """The body as JSON, or None when it is empty or not JSON. Never raises."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return None


def require_json_object(response: httpx.Response, what: str) -> dict[str, Any]:
    """A 2xx body that must be a JSON object; MalformedResponseError otherwise."""
    data = body_json(response)
    if not isinstance(data, dict):
        rid = response.headers.get(REQUEST_ID_HEADER)
        raise MalformedResponseError(
            FalErrors.tr("fal's answer to the {what} request was not readable JSON (HTTP {status_code}).").format(
                what=what, status_code=response.status_code),
            status=response.status_code, request_id=rid)
    return data


def _looks_like_html(response: httpx.Response) -> bool:
    ctype = response.headers.get("content-type", "").lower()
    if "html" in ctype:
        return True
    try:
        head = response.content[:64].lstrip().lower()
    except httpx.ResponseNotRead:
        return False
    return head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<center"))


def detail_text(detail: Any) -> str:
    """A short readable rendering of a `detail` value of any shape."""
    if detail is None:
        return ""
    if isinstance(detail, str):
        return one_line(detail)
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict) and "msg" in item:
                parts.append(str(item.get("msg")))
            else:
                parts.append(json.dumps(item, default=str) if not isinstance(item, str) else item)
        return one_line("; ".join(parts))
    if isinstance(detail, dict):
        for key in ("message", "msg", "detail", "error"):
            if isinstance(detail.get(key), str):
                return one_line(detail[key])
    return one_line(json.dumps(detail, default=str))


def issues_from_detail(detail: Any) -> list[FieldIssue]:
    """Per-field issues from a 422 `detail` (a list of `{loc, msg, type}` or a string)."""
    issues: list[FieldIssue] = []
    if isinstance(detail, list):
        for item in detail:
            if not isinstance(item, dict):
                issues.append(FieldIssue("body", one_line(item)))
                continue
            loc = item.get("loc")
            field = "body"
            if isinstance(loc, list | tuple) and loc:
                parts = [str(p) for p in loc]
                field = parts[1] if parts[0] == "body" and len(parts) > 1 else parts[-1]
            msg = item.get("msg")
            kind = item.get("type")
            issues.append(FieldIssue(field, one_line(msg if msg is not None else "invalid value"),
                                     str(kind) if isinstance(kind, str) and kind else "value_error"))
    elif detail is not None:
        issues.append(FieldIssue("body", detail_text(detail)))
    return issues


def classify_response(response: httpx.Response, operation: Operation = "other") -> FalError:
    """The typed error for a non-2xx answer (call only when `not response.is_success`)."""
    status = response.status_code
    headers = response.headers
    request_id = headers.get(REQUEST_ID_HEADER) or None
    data = body_json(response)
    obj = data if isinstance(data, dict) else {}
    detail: Any = obj.get("detail") if obj else (data if isinstance(data, str | list) else None)
    error_type_raw = obj.get("error_type") or headers.get(ERROR_TYPE_HEADER)
    error_type = str(error_type_raw) if error_type_raw else None
    html = _looks_like_html(response)
    if detail is None and not html and data is None:
        try:
            text = response.text.strip()
        except (httpx.ResponseNotRead, UnicodeDecodeError):
            text = ""
        detail = text or None
    reason = response.reason_phrase or "error"
    said = detail_text(detail) if detail is not None and not html else ""
    billed = _billed(headers.get(BILLABLE_UNITS_HEADER))
    kw: dict[str, Any] = {"status": status, "detail": detail if not html else None,
                          "error_type": error_type, "request_id": request_id, "billed": billed}
    suffix = f": {said}" if said else ""
    not_billed = FalErrors.tr(" (not billed)") if billed is False else ""

    if status in (401, 403):
        what = FalErrors.tr("rejected the key") if status == 401 else FalErrors.tr("refused access with this key")
        return AuthError(one_line(FalErrors.tr("fal {what} (HTTP {status}){suffix}").format(
                                      what=what, status=status, suffix=suffix)), **kw)
    if status == 422:
        issues = issues_from_detail(detail)
        listed = "; ".join(f"{i.field}: {i.message}" if i.field != "body" else i.message for i in issues)
        return ValidationFailedError(
            one_line(FalErrors.tr("fal rejected the input: {issues}{not_billed}").format(
                         issues=listed or said or FalErrors.tr("invalid input"), not_billed=not_billed)), issues, **kw)
    if status == 429:
        retry_after = parse_retry_after(headers.get("retry-after"))
        return RateLimitError(one_line(FalErrors.tr("fal is rate limiting this key (HTTP 429){suffix}").format(
                                           suffix=suffix)),
                              retry_after_s=retry_after, **kw)
    if status == 504 and headers.get(TIMEOUT_TYPE_HEADER, "").strip().lower() == "user":
        return StartTimeoutError(
            one_line(FalErrors.tr("The job did not start before the start deadline and was dropped{suffix}").format(
                         suffix=suffix)), **kw)
    if status == 499 or error_type == "client_cancelled":
        return JobCancelledError(one_line(FalErrors.tr("The job was cancelled{suffix}").format(suffix=suffix)), **kw)
    if status in EDGE_STATUSES and not request_id:
        return EdgeError(one_line(FalErrors.tr("fal is temporarily unavailable (HTTP {status} {reason} "
                                               "from its edge)").format(status=status, reason=reason)),
                         **kw)
    if operation in ("status", "stream") and status >= 500:
        return StatusUnavailableError(
            one_line(FalErrors.tr("fal could not report the job's status this time (HTTP {status} "
                                  "{reason}); the job itself is not affected").format(
                         status=status, reason=reason)), **kw)
    if status == 404:
        if operation == "submit":
            return EndpointNotFoundError(
                one_line(FalErrors.tr("The endpoint id is not reachable with this key (HTTP 404){suffix}").format(
                             suffix=suffix)), **kw)
        if operation in ("result", "status", "stream"):
            return ResultExpiredError(
                one_line(FalErrors.tr("fal no longer has this request: its result expired or the id is "
                                      "unknown{suffix}").format(suffix=suffix)),
                **kw)
    if status == 400 and operation == "result" and _still_in_progress(detail, obj):
        return ResultNotReadyError(FalErrors.tr("The job has not finished yet: its result is not available."), **kw)
    if operation == "result" and status == 500 and not html and error_type is None:
        # The app raised inside its handler after fal had completed the request (the real gamecraft app
        # does so for action lists its own parser refuses and for images it cannot download).
        return AppFailedError(one_line(
            FalErrors.tr("The generation failed on fal: the app crashed on this request (HTTP 500{detail}). "
                         "fal does not bill a failed request; it was not sent again.").format(
                detail=suffix or ": " + reason)), **kw)
    if status >= 500:
        typed = f" [{error_type}]" if error_type else ""
        return ServerError(one_line(FalErrors.tr("The generation failed on fal (HTTP {status}){typed}{detail}").format(
                                        status=status, typed=typed, detail=suffix or ": " + reason)),
                           **kw)
    if status == 413:
        return ServerError(one_line(FalErrors.tr("The request is too large for fal (HTTP 413){suffix}").format(
                                        suffix=suffix)), **kw)
    typed = f" [{error_type}]" if error_type else ""
    return ServerError(one_line(FalErrors.tr("fal refused the {operation} request (HTTP {status}){typed}{detail}").format(
                                    operation=operation, status=status, typed=typed, detail=suffix or ": " + reason)),
                       **kw)


def _billed(header: str | None) -> bool | None:
    """What `x-fal-billable-units` says about billing: False for 0, True for more, None when absent."""
    if header is None:
        return None
    try:
        return float(header) > 0
    except ValueError:
        return None


def _still_in_progress(detail: Any, obj: dict[str, Any]) -> bool:
    if isinstance(detail, str) and "in progress" in detail.lower():
        return True
    return obj.get("status") in ("IN_QUEUE", "IN_PROGRESS")

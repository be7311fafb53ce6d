"""The fal queue client: submit, status (polling or SSE), result, cancel. Synchronous httpx, no Qt.

Retry rules (the protocol page's, exactly):
- status, result, cancel and the stream connect retry network errors, 429 and edge 502/503/504 (no
  `x-fal-request-id`) with exponential backoff, jitter and a cap, up to `RetryPolicy.max_attempts`.
- submit retries only a 429 or a failure that provably happened before the request could reach fal (a
  connect error). Anything after sending (a read timeout, a dropped connection, an unreadable answer)
  raises `NetworkError(maybe_sent=True)`: the job may exist, so it is never sent twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Mapping
from contextlib import closing
from typing import Any, Literal, TypeVar

import httpx

from gamecraft_desktop.core.schema import GameCraftInput, GameCraftOutput, InputError, parse_input
from gamecraft_desktop.fal.classify import (
    REQUEST_ID_HEADER,
    classify_response,
    one_line,
    require_json_object,
)
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.endpoint import EndpointId, EndpointIdError, parse_endpoint_id
from gamecraft_desktop.fal.errors import (
    EdgeError,
    FalError,
    FalErrors,
    InvalidInputError,
    JobCancelledError,
    MalformedResponseError,
    NetworkError,
    RateLimitError,
    ResultNotReadyError,
    ServerError,
    StartTimeoutError,
    StatusUnavailableError,
)
from gamecraft_desktop.fal.http_client import FalHttp
from gamecraft_desktop.fal.queue_types import QueueHandle, SubmitOptions
from gamecraft_desktop.fal.retry import DEFAULT_RETRY, RetryPolicy
from gamecraft_desktop.fal.sse import StreamBroken, iter_stream_events
from gamecraft_desktop.fal.status import LogLine, QueueStatus, StatusUpdate, parse_status

__all__ = [
    "LogLine",
    "QueueClient",
    "QueueHandle",
    "QueueStatus",
    "StatusUpdate",
    "SubmitOptions",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The stream sends a `: ping` about every 15 s; three missed pings means the stream is dead.
STREAM_READ_TIMEOUT_S = 45.0


def _idempotent_retryable(err: FalError) -> bool:
    # NetworkError includes MalformedResponseError (a truncated or garbled 2xx body).
    return isinstance(err, NetworkError | RateLimitError | EdgeError | StatusUnavailableError)


def _set_read_timeout(response: httpx.Response, seconds: float) -> None:
    """Change the read timeout for the rest of a streamed body (httpcore reads it from the request's
    `timeout` extension when the body is first iterated, after the head has arrived)."""
    try:
        timeouts = response.request.extensions.get("timeout")
    except RuntimeError:  # no request attached (a hand-built response in a test)
        return
    if isinstance(timeouts, dict):
        timeouts["read"] = seconds


def _submit_retryable(err: FalError) -> bool:
    if isinstance(err, RateLimitError):
        return True
    return isinstance(err, NetworkError) and not err.maybe_sent


class QueueClient:
    """Talks to `{queue}/{endpoint}` per the protocol page. Thread-safe for independent calls."""

    def __init__(
        self,
        config: FalConfig,
        credentials: Credentials,
        *,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        poll_min_s: float = 1.0,
        poll_max_s: float = 5.0,
        poll_backoff: float = 1.5,
        stream_read_timeout_s: float = STREAM_READ_TIMEOUT_S,
    ) -> None:
        self.config = config
        self.credentials = credentials
        self.endpoint = parse_endpoint_id(config.endpoint)
        self.retry = retry or DEFAULT_RETRY
        self._sleep = sleep
        self._clock = clock
        self.poll_min_s = poll_min_s
        self.poll_max_s = max(poll_min_s, poll_max_s)
        self.poll_backoff = max(1.0, poll_backoff)
        self.stream_read_timeout_s = stream_read_timeout_s
        self._http = FalHttp(config, credentials, transport=transport)

    # --- retry loop --------------------------------------------------------------------------

    def _with_retries(self, what: str, attempt: Callable[[], T], retryable: Callable[[FalError], bool]) -> T:
        n = 0
        while True:
            n += 1
            try:
                return attempt()
            except FalError as err:
                if not retryable(err) or n >= self.retry.max_attempts:
                    raise
                wait = self.retry.delay(n, retry_after_s=getattr(err, "retry_after_s", None))
                log.info("%s failed (%s); retry %d/%d in %.1f s", what, type(err).__name__, n,
                         self.retry.max_attempts - 1, wait)
                self._sleep(wait)

    def _send(self, op: Literal["submit", "status", "result", "cancel"], method: str, url: str,
              **kw: Any) -> httpx.Response:
        """One attempt: a 2xx response, or the typed error for anything else."""
        response = self._http.request(method, url, **kw)
        if response.is_success:
            return response
        raise classify_response(response, op)

    # --- submit ------------------------------------------------------------------------------

    def submit(
        self,
        input: GameCraftInput | Mapping[str, Any],
        options: SubmitOptions | None = None,
        on_accepted: Callable[[QueueHandle], None] | None = None,
    ) -> QueueHandle:
        """Queue a job. `on_accepted(handle)` runs as soon as fal's answer is parsed, before this returns:
        persist the handle there. Raises InvalidInputError before sending for an invalid input."""
        opts = options or SubmitOptions()
        body = self._wire_body(input)
        headers = opts.headers()
        params = opts.params()
        url = f"{self.config.queue_base}/{self.endpoint.submit_path}"

        def attempt() -> httpx.Response:
            return self._send("submit", "POST", url, json=body, headers=headers, params=params or None)

        response = self._with_retries("submit", attempt, _submit_retryable)
        handle = self._handle_from_submit(response)
        if on_accepted is not None:
            on_accepted(handle)
        return handle

    @staticmethod
    def _wire_body(input: GameCraftInput | Mapping[str, Any]) -> dict[str, Any]:
        try:
            model = input if isinstance(input, GameCraftInput) else parse_input(dict(input))
        except InputError as exc:
            raise InvalidInputError(FalErrors.tr("The input is invalid: {exc}").format(exc=exc), exc.issues) from None
        return model.to_wire()

    def _handle_from_submit(self, response: httpx.Response) -> QueueHandle:
        header_id = response.headers.get(REQUEST_ID_HEADER) or None
        try:
            data = require_json_object(response, "submit")
        except MalformedResponseError as exc:
            if header_id:
                # The header alone is enough to find the job again.
                log.warning("unreadable submit answer; rebuilding the handle from x-fal-request-id")
                return self.handle_for(header_id)
            raise MalformedResponseError(
                FalErrors.tr("fal answered the submit but the answer was unreadable: the job may exist and "
                             "be billed. Check the fal dashboard before submitting again."), status=exc.status) from None
        request_id = data.get("request_id") or header_id
        if not isinstance(request_id, str) or not request_id.strip():
            raise MalformedResponseError(
                FalErrors.tr("fal answered the submit without a request id: the job may exist and be "
                             "billed. Check the fal dashboard before submitting again."), status=response.status_code)
        try:
            rebuilt = self.handle_for(request_id)
        except InvalidInputError:
            # fal answered (the job may exist and be billed) but with an id no URL can be built from.
            raise MalformedResponseError(
                FalErrors.tr("fal answered the submit with an unusable request id ({request_id}): the job "
                             "may exist and be billed. Check the fal dashboard before submitting again.").format(
                    request_id=repr(one_line(request_id, 80))),
                status=response.status_code) from None
        qp = data.get("queue_position")

        def url(key: str, fallback: str) -> str:
            value = data.get(key)
            if isinstance(value, str) and self.config.is_fal_origin(value):
                return value
            if value is not None:
                log.warning("submit answer's %s is not on the fal queue host; using the standard URL", key)
            return fallback

        return QueueHandle(
            request_id=request_id,
            endpoint=self.endpoint.submit_path,
            response_url=url("response_url", rebuilt.response_url),
            status_url=url("status_url", rebuilt.status_url),
            cancel_url=url("cancel_url", rebuilt.cancel_url),
            queue_position=qp if isinstance(qp, int) and not isinstance(qp, bool) else None,
        )

    def handle_for(self, request_id: str, endpoint: str | EndpointId | None = None) -> QueueHandle:
        """Rebuild a handle when only the request id is known (from `{namespace/}{owner}/{alias}`)."""
        rid = request_id.strip()
        if not rid or any(c in rid for c in "/?#%\\") or any(c.isspace() for c in rid):
            raise InvalidInputError(FalErrors.tr("{request_id} is not a request id.").format(
                                        request_id=repr(request_id)))
        if endpoint is None:
            ep = self.endpoint
        elif isinstance(endpoint, EndpointId):
            ep = endpoint
        else:
            try:
                ep = parse_endpoint_id(endpoint)
            except EndpointIdError as exc:
                raise InvalidInputError(str(exc)) from None
        base = f"{self.config.queue_base}/{ep.base_path}/requests/{rid}"
        return QueueHandle(rid, ep.submit_path, base, f"{base}/status", f"{base}/cancel")

    # --- status ------------------------------------------------------------------------------

    def status(self, handle: QueueHandle, logs: bool = True) -> StatusUpdate:
        """One status look (with retries). Branches on the JSON `status`, not the HTTP code."""

        def attempt() -> StatusUpdate:
            response = self._send("status", "GET", handle.status_url, params={"logs": "1" if logs else "0"})
            return parse_status(require_json_object(response, "status"))

        return self._with_retries("status", attempt, _idempotent_retryable)

    def stream_status(self, handle: QueueHandle, logs: bool = True) -> Generator[StatusUpdate, None, None]:
        """Updates from the SSE stream, logs accumulated. Raises StreamBroken when the stream cannot be
        used or ends before COMPLETED (fall back to polling), or a FalError for auth and the like."""
        with closing(self._stream_events(handle, logs)) as events:
            for event in events:
                if event is not None:
                    yield event

    def _stream_events(self, handle: QueueHandle, logs: bool) -> Generator[StatusUpdate | None, None, None]:
        """`stream_status` plus None for each keep-alive ping (so `follow` can check for a stop)."""
        # The answer's head must come within the normal timeout (a server that never answers is not
        # a quiet stream); only the wait between events gets the long, ping-sized read timeout.
        timeout = httpx.Timeout(self.config.timeout_s)
        params = {"logs": "1" if logs else "0"}

        def connect() -> httpx.Response:
            response = self._http.open_stream("GET", handle.stream_url, params=params,
                                              headers={"Accept": "text/event-stream"}, timeout=timeout)
            if response.is_success:
                _set_read_timeout(response, max(self.stream_read_timeout_s, self.config.timeout_s))
                return response
            try:
                response.read()
            except (httpx.HTTPError, httpx.StreamError):
                pass  # only reading the error body for its detail: the status code is what matters
            finally:
                response.close()
            raise classify_response(response, "stream")

        try:
            response = self._with_retries("stream connect", connect, _idempotent_retryable)
        except (NetworkError, RateLimitError, EdgeError, StatusUnavailableError) as exc:
            raise StreamBroken(f"stream unavailable after retries: {exc}") from exc
        except FalError as exc:
            if exc.status in (400, 404, 405, 406, 501):
                raise StreamBroken(f"stream not supported here (HTTP {exc.status})") from exc
            raise
        try:
            yield from iter_stream_events(response)
        finally:
            response.close()

    def follow(
        self,
        handle: QueueHandle,
        on_update: Callable[[StatusUpdate], None],
        *,
        use_stream: bool = True,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> StatusUpdate:
        """Watch a job until COMPLETED: the SSE stream first, adaptive polling on any stream trouble.

        Returns the COMPLETED update. Raises ServerError for COMPLETED + error, JobCancelledError for
        `client_cancelled`, StartTimeoutError when the user's start deadline passed. When `should_stop()`
        turns true returns the last update seen; it is checked during poll waits (every 0.25 s) and on
        each stream event or keep-alive ping (fal pings about every 15 s).
        """
        last: StatusUpdate | None = None
        if use_stream and not should_stop():
            try:
                with closing(self._stream_events(handle, True)) as events:
                    for update in events:
                        if update is None:  # a ping
                            if should_stop():
                                return last if last is not None else self.status(handle)
                            continue
                        last = update
                        on_update(update)
                        if update.is_completed:
                            return self._finish(handle, update)
                        if should_stop():
                            return update
            except StreamBroken as exc:
                log.info("status stream unusable (%s); polling instead", exc)
        return self._poll(handle, on_update, should_stop, last)

    def _poll(self, handle: QueueHandle, on_update: Callable[[StatusUpdate], None],
              should_stop: Callable[[], bool], last: StatusUpdate | None) -> StatusUpdate:
        interval = self.poll_min_s
        last_key: tuple[Any, ...] | None = (
            (last.status, last.queue_position, len(last.logs)) if last is not None else None)
        while True:
            if should_stop():
                return last if last is not None else self.status(handle)
            update = self.status(handle)
            on_update(update)
            last = update
            if update.is_completed:
                return self._finish(handle, update)
            key = (update.status, update.queue_position, len(update.logs))
            # Fast again whenever something moved; slower while nothing does.
            interval = self.poll_min_s if key != last_key else min(self.poll_max_s,
                                                                     interval * self.poll_backoff)
            last_key = key
            if self._wait(interval, should_stop):
                return last

    def _wait(self, seconds: float, should_stop: Callable[[], bool]) -> bool:
        """Sleep in short slices so a stop request is seen within 0.25 s. True when stopped."""
        deadline = self._clock() + seconds
        while True:
            if should_stop():
                return True
            left = deadline - self._clock()
            if left <= 0:
                return False
            self._sleep(min(0.25, left))

    def _finish(self, handle: QueueHandle, update: StatusUpdate) -> StatusUpdate:
        if not update.failed:
            return update
        kw: dict[str, Any] = {"detail": update.error, "error_type": update.error_type,
                              "request_id": handle.request_id}
        if update.error_type == "client_cancelled":
            raise JobCancelledError(FalErrors.tr("The job was cancelled before it ran."), **kw)
        if update.error_type == "request_timeout" or (update.error or "").lower().find("timeout") >= 0:
            # Only the replayed result says whether the deadline was the user's (504 + timeout type user).
            try:
                self.result_json(handle)
            except (StartTimeoutError, JobCancelledError):
                raise
            except FalError:
                pass  # the replay says nothing more specific: the generic failure below
        typed = f" [{update.error_type}]" if update.error_type else ""
        raise ServerError(one_line(FalErrors.tr("The generation failed on fal{typed}: {detail}").format(
                                       typed=typed, detail=update.error or FalErrors.tr("no detail"))), **kw)

    # --- result and cancel -------------------------------------------------------------------

    def result_json(self, handle: QueueHandle) -> dict[str, Any]:
        """The raw output JSON of a completed job (replayed errors raise their typed error)."""

        def attempt() -> dict[str, Any]:
            response = self._send("result", "GET", handle.response_url)
            return require_json_object(response, "result")

        def retryable(err: FalError) -> bool:
            return _idempotent_retryable(err) or isinstance(err, ResultNotReadyError)

        return self._with_retries("result", attempt, retryable)

    def result(self, handle: QueueHandle) -> GameCraftOutput:
        data = self.result_json(handle)
        video = data.get("video")
        if isinstance(video, str):
            video = {"url": video}
        try:
            return GameCraftOutput.model_validate({**data, "video": video})
        except ValueError:
            detail = data.get("detail") or data.get("error")
            raise ServerError(
                one_line(FalErrors.tr("fal returned a result without a usable video{detail}").format(
                             detail=": " + str(detail) if detail else "")),
                detail=data, request_id=handle.request_id) from None

    def cancel(self, handle: QueueHandle) -> bool:
        """True: fal accepted the cancel (a queued job is dropped; a running gamecraft job keeps running
        and is billed). False: nothing to cancel (already completed or unknown). The body is not parsed."""

        def attempt() -> bool:
            response = self._http.request("PUT", handle.cancel_url)
            if response.is_success:
                return True
            if response.status_code in (400, 404):
                return False
            raise classify_response(response, "cancel")

        return self._with_retries("cancel", attempt, _idempotent_retryable)

    # --- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> QueueClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


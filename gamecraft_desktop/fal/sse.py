"""Reading fal's status stream (`/status/stream`): server-sent events carrying status JSON.

Each `data:` event holds one status object with only the *new* log lines; `: ping` comments keep the
connection alive; the server closes after COMPLETED. Anything unexpected raises StreamBroken so the
caller can fall back to polling.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import httpx

from gamecraft_desktop.fal.errors import FalError
from gamecraft_desktop.fal.status import LogLine, StatusUpdate, merge_logs, parse_status

MAX_EVENT_BYTES = 1_000_000


class StreamBroken(Exception):
    """The stream cannot be used (refused, dropped, garbled, or ended early): poll instead."""


def iter_sse_data(lines: Iterable[str], *, pings: bool = False) -> Iterator[str | None]:
    """The `data` payload of each event (multi-line data joined with newlines). Comments (`: ping`) are
    skipped, or yielded as None when `pings` is true so a reader can check for a stop request."""
    buffer: list[str] = []
    size = 0
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if buffer:
                yield "\n".join(buffer)
                buffer, size = [], 0
            continue
        if line.startswith(":"):
            if pings:
                yield None  # a comment, e.g. ": ping"
            continue
        name, sep, value = line.partition(":")
        if not sep:
            name, value = line, ""
        elif value.startswith(" "):
            value = value[1:]
        if name == "data":
            buffer.append(value)
            size += len(value)
            if size > MAX_EVENT_BYTES:
                raise StreamBroken("a stream event was too large")
        # `event`, `id` and `retry` fields do not change what we do.
    if buffer:
        yield "\n".join(buffer)


def accumulate(payloads: Iterable[str | None]) -> Iterator[StatusUpdate | None]:
    """Status updates with cumulative logs, ending after COMPLETED; StreamBroken on garbage.
    A None payload (a ping) passes through as None."""
    logs: list[LogLine] = []
    for payload in payloads:
        if payload is None:
            yield None
            continue
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError) as exc:
            raise StreamBroken("a stream event was not JSON") from exc
        try:
            update = parse_status(data)
        except FalError as exc:
            raise StreamBroken(str(exc)) from exc
        logs = merge_logs(logs, update.logs)
        update = update.with_logs(logs)
        yield update
        if update.is_completed:
            return
    raise StreamBroken("the stream ended before the job completed")


def iter_stream_events(response: httpx.Response) -> Iterator[StatusUpdate | None]:
    """Read an open streaming response: updates, and None for each keep-alive ping. Transport errors
    become StreamBroken."""
    try:
        yield from accumulate(iter_sse_data(response.iter_lines(), pings=True))
    except (httpx.HTTPError, httpx.StreamError) as exc:
        raise StreamBroken(f"the stream dropped ({type(exc).__name__})") from exc

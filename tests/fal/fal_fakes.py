"""A scripted stand-in for fal's queue behind httpx.MockTransport, for the fal client tests.

Each route has a queue of replies; the last reply repeats. A reply is an httpx.Response, an exception
(raised from the transport, as a network failure would be), or a callable taking the request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.queue_client import QueueClient
from gamecraft_desktop.fal.retry import RetryPolicy

KEY = "test-id:test-secret"
QUEUE = "https://queue.fal.run"
BASE = f"{QUEUE}/anthonywu/gamecraft/requests/req-1"
NGINX_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway"
             b"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")

Reply = httpx.Response | BaseException | type[BaseException] | Callable[[httpx.Request], httpx.Response]


def route_of(request: httpx.Request) -> str:
    path = request.url.path.rstrip("/")
    if request.method == "POST" and "/requests/" not in path:
        return "submit"
    if path.endswith("/status/stream"):
        return "stream"
    if path.endswith("/status"):
        return "status"
    if request.method == "PUT" and path.endswith("/cancel"):
        return "cancel"
    if request.method == "GET" and "/requests/" in path:
        return "result"
    return "other"


@dataclass
class FakeFal:
    replies: dict[str, list[Reply]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)

    def on(self, route: str, *replies: Reply) -> FakeFal:
        self.replies.setdefault(route, []).extend(replies)
        return self

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.read())
        route = route_of(request)
        queue = self.replies.get(route)
        if not queue:
            return httpx.Response(500, json={"detail": f"test has no reply for {route}"},
                                  headers={"x-fal-request-id": "unexpected"})
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(reply, httpx.Response):
            # A Response can be sent once; hand out a fresh copy each time.
            return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, type) and issubclass(reply, BaseException):
            raise reply("scripted failure")
        return reply(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

    def count(self, route: str) -> int:
        return sum(1 for r in self.requests if route_of(r) == route)

    def routes(self) -> list[str]:
        return [route_of(r) for r in self.requests]


@dataclass
class FakeTime:
    """A clock that only moves when `sleep` is called."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


FAST_RETRY = RetryPolicy(base_s=0.5, cap_s=4.0, max_attempts=4, jitter=0.0)


def make_client(fake: FakeFal, *, config: FalConfig | None = None, credentials: Credentials | None = None,
                retry: RetryPolicy = FAST_RETRY, time: FakeTime | None = None, **kw: Any) -> QueueClient:
    t = time or FakeTime()
    return QueueClient(config or FalConfig(), credentials or Credentials(KEY, "FAL_KEY"),
                       transport=fake.transport, retry=retry, sleep=t.sleep, clock=t.clock, **kw)


def submit_reply(request_id: str = "req-1", queue_position: int = 0, **extra: Any) -> httpx.Response:
    base = f"{QUEUE}/anthonywu/gamecraft/requests/{request_id}"
    body = {"status": "IN_QUEUE", "request_id": request_id, "response_url": base,
            "status_url": f"{base}/status", "cancel_url": f"{base}/cancel", "queue_position": queue_position,
            "logs": None, "metrics": {}, **extra}
    return httpx.Response(200, json=body, headers={"x-fal-request-id": request_id})


def status_reply(status: str, *, code: int | None = None, queue_position: int | None = None,
                 logs: list[str] | None = None, **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {"status": status, **extra}
    if queue_position is not None:
        body["queue_position"] = queue_position
    if logs is not None:
        body["logs"] = [{"message": m, "level": "INFO", "timestamp": "2026-01-01T00:00:00"} for m in logs]
    return httpx.Response(code or (200 if status == "COMPLETED" else 202), json=body,
                          headers={"x-fal-request-id": "req-1"})


def result_reply(url: str = "https://v3.fal.media/files/x/out.mp4") -> httpx.Response:
    return httpx.Response(200, json={"video": {"url": url, "content_type": "application/octet-stream",
                                               "file_name": "out.mp4", "file_size": 1234}},
                          headers={"x-fal-request-id": "req-1"})


def sse_body(*events: dict[str, Any] | str) -> bytes:
    """Events as SSE: dicts become `data:` events, strings are sent verbatim (comments, garbage)."""
    out = []
    for ev in events:
        out.append(f"data: {json.dumps(ev)}\n\n" if isinstance(ev, dict) else ev)
    return "".join(out).encode()


def sse_reply(*events: dict[str, Any] | str) -> httpx.Response:
    return httpx.Response(200, content=sse_body(*events), headers={"content-type": "text/event-stream"})


class BrokenStream(httpx.SyncByteStream):
    """A body that delivers some bytes, then fails like a dropped connection."""

    def __init__(self, first: bytes, exc: Exception | None = None) -> None:
        self.first = first
        self.exc = exc or httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    def __iter__(self) -> Iterator[bytes]:
        yield self.first
        raise self.exc


def broken_reply(first: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Callable[
        [httpx.Request], httpx.Response]:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, stream=BrokenStream(first), headers=headers or {})
    return reply


def edge(status: int = 502) -> httpx.Response:
    return httpx.Response(status, content=NGINX_502, headers={"content-type": "text/html"})


VALID_INPUT = {"image": "https://example.com/in.png", "prompt": "a quiet street at dusk",
               "action_list": ["w", "d"], "action_speed_list": [0.2, 0.4]}

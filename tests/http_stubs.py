"""Small HTTP servers on 127.0.0.1 for tests that need the other end of a connection:

- `keyless_proxy`: fal's documented server-proxy pattern: it takes requests carrying `x-fal-target-url`, adds
  the key and forwards them there (only to the given origin, as a real proxy allows only fal's hosts);
- `webhook_receiver`: records the JSON bodies POSTed to it (fal's webhook calls).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx


class _Proxy(ThreadingHTTPServer):
    daemon_threads = True
    key: str
    allowed_origin: str
    seen: list[dict[str, str]]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Proxy

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.headers.get("x-fal-target-url", "")
        self.server.seen.append({k.lower(): v for k, v in self.headers.items()})
        if not target.startswith(self.server.allowed_origin + "/"):
            self._answer(403, b'{"detail": "target not allowed"}', {"Content-Type": "application/json"})
            return
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "x-fal-target-url", "authorization", "content-length",
                                        "connection", "accept-encoding")}
        headers["Authorization"] = f"Key {self.server.key}"
        with httpx.Client(timeout=10) as client:
            r = client.request(self.command, target, content=body, headers=headers)
        out = {k: v for k, v in r.headers.items()
               if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding")}
        self._answer(r.status_code, r.content, out)

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _forward

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def _serving(server: ThreadingHTTPServer, name: str) -> Iterator[None]:
    """Serve on a thread until the block ends; then stop, close and join."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def keyless_proxy(allowed_origin: str, key: str) -> Iterator[_Proxy]:
    """A running proxy on 127.0.0.1 (its URL: `f"http://127.0.0.1:{proxy.server_address[1]}"`)."""
    server = _Proxy(("127.0.0.1", 0), _Handler)
    server.key, server.allowed_origin, server.seen = key, allowed_origin.rstrip("/"), []
    with _serving(server, "test-proxy"):
        yield server


def proxy_url(server: _Proxy) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


class _Hooks(ThreadingHTTPServer):
    daemon_threads = True
    received: list[Any]
    arrived: threading.Event


class _HookHandler(BaseHTTPRequestHandler):
    server: _Hooks

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append(json.loads(body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.arrived.set()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def webhook_receiver() -> Iterator[_Hooks]:
    """A running receiver: `hooks.received` (bodies), `hooks.arrived` (set on the first), `hook_url(hooks)`."""
    server = _Hooks(("127.0.0.1", 0), _HookHandler)
    server.received, server.arrived = [], threading.Event()
    with _serving(server, "test-webhook"):
        yield server


def hook_url(server: _Hooks, path: str = "/hook") -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"

"""The sandbox's HTTP plumbing: the listening server and the per-connection request handler.

Routing and answers live in `SandboxServer.respond`; this module only reads request bodies within limits,
applies the transport-level faults (drop, truncate, bad JSON, SSE drop) and writes responses.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import socketserver
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from gamecraft_desktop.sandbox.faults import ROUTE_KINDS, FaultKind, FaultRule
from gamecraft_desktop.sandbox.httpkit import Response, classify, detail_response, dumps, reason_phrase

if TYPE_CHECKING:
    from gamecraft_desktop.sandbox.server import SandboxServer

log = logging.getLogger("gamecraft_desktop.sandbox")

#: An oversized body up to this many bytes past the limit is read and discarded so the client sees the 413.
DRAIN_LIMIT = 16 * 1024 * 1024


class SandboxHTTPServer(ThreadingHTTPServer):
    """The listening socket: every accepted connection is handed to the sandbox, which serves it on its
    own thread (so `stop()` can close and join each one)."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer):
        self.sandbox = sandbox
        super().__init__(address, SandboxRequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, which can stall without DNS; skip it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.sandbox.on_connection(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection error from %s", client_address, exc_info=True)


class SandboxRequestHandler(BaseHTTPRequestHandler):
    """One HTTP/1.1 connection: reads bodies within limits, applies transport faults, writes answers."""

    protocol_version = "HTTP/1.1"
    server_version = "gamecraft-sandbox"
    sys_version = ""
    timeout = 120.0  # idle keep-alive connections are closed after this
    server: SandboxHTTPServer

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # --- plumbing --------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http: " + format, *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors the stdlib raises itself (bad request line, unknown method, huge headers) as fal JSON."""
        if code == 501:
            code, message = 405, "Method Not Allowed"
        body = dumps({"detail": message or reason_phrase(code)})
        self.close_connection = True
        head = (f"HTTP/1.1 {code} {reason_phrase(code)}\r\nDate: {formatdate(usegmt=True)}\r\n"
                f"Server: {self.server_version}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode("latin-1")
        with contextlib.suppress(OSError):
            self.wfile.write(head + body)
        log.info("%s %s %s -> %d", self.client_address[0], getattr(self, "command", None) or "-",
                 redact_token(getattr(self, "path", "") or ""), code)

    # --- request bodies --------------------------------------------------------------------------

    def read_body(self, cap: int) -> bytes | Response:
        """The whole request body, or a 400/413 response (and the connection marked for closing)."""
        self._body_done = True
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked(cap)
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        try:
            n = int(raw)
            if n < 0:
                raise ValueError(raw)
        except ValueError:
            self.close_connection = True
            return detail_response(400, "Invalid Content-Length header.", close=True)
        if n > cap:
            if n - cap <= DRAIN_LIMIT:
                self._discard(n)
            else:
                self.close_connection = True
            return detail_response(413, f"Request body too large: {n} bytes (the limit is {cap} bytes).",
                                   close=self.close_connection)
        data = self.rfile.read(n)
        if len(data) < n:
            raise ConnectionError("client closed the connection before sending the whole body")
        return data

    def _read_chunked(self, cap: int) -> bytes | Response:
        out = bytearray()
        while True:
            line = self.rfile.readline(1024)
            if not line:
                raise ConnectionError("client closed the connection inside a chunked body")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                self.close_connection = True
                return detail_response(400, "Malformed chunked request body.", close=True)
            if size == 0:
                while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                    pass  # skip chunked trailers up to the blank line
                return bytes(out)
            if len(out) + size > cap:
                self.close_connection = True
                return detail_response(413, f"Request body too large (the limit is {cap} bytes).", close=True)
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                raise ConnectionError("client closed the connection inside a chunked body")
            out += chunk
            self.rfile.readline(16)

    def _discard(self, n: int) -> None:
        while n > 0:
            chunk = self.rfile.read(min(n, 1 << 16))
            if not chunk:
                self.close_connection = True
                return
            n -= len(chunk)

    def _finish_body(self) -> None:
        """Keep the connection usable when a route answered without reading the body."""
        if self._body_done:
            return
        self._body_done = True
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            return
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > DRAIN_LIMIT:
            self.close_connection = True
        elif n:
            self._discard(n)

    # --- dispatch ----------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        sandbox = self.server.sandbox
        started = time.monotonic()
        self._body_done = False
        split = urlsplit(self.path)
        route = classify(split.path)
        query = parse_qs(split.query, keep_blank_values=True)
        number = sandbox.counters.request(route.kind, dict(self.headers.items()))
        rule = sandbox.faults.match(route.kind, number) if route.kind in ROUTE_KINDS else None
        if rule is not None:
            sandbox.counters.fault(rule.fault.value)
        status = 0
        counted = False
        try:
            if rule is not None and rule.fault is FaultKind.HANG:
                sandbox.stopping.wait()
                self.close_connection = True
                return
            resp = sandbox.pre_fault(rule, route) if rule is not None else None
            if resp is None:
                resp = sandbox.respond(self, route, query, rule)
            self._finish_body()
            status = resp.status
            # counted before writing, so a client that has the answer also sees it counted
            sandbox.counters.response(route.kind, status)
            counted = True
            self._write(resp, rule)
        except (ConnectionError, TimeoutError, OSError) as exc:
            log.debug("connection lost during %s %s: %s", self.command, redact_token(self.path), exc)
            self.close_connection = True
        except Exception:
            log.exception("sandbox: unhandled error for %s %s", self.command, redact_token(self.path))
            self.close_connection = True
            if not counted:  # nothing written yet: answer fal-style
                status = 500
                with contextlib.suppress(Exception):
                    self._write(detail_response(500, "Internal Server Error", close=True), None)
        finally:
            if not counted:
                sandbox.counters.response(route.kind, status)
            log.info("%s %s %s -> %s [%s%s] %.0f ms", self.client_address[0], self.command,
                     redact_token(self.path), status or "closed", route.kind,
                     f", fault {rule.fault.value}" if rule is not None else "",
                     (time.monotonic() - started) * 1000)

    # --- writing -------------------------------------------------------------------------------------

    def _write(self, resp: Response, rule: FaultRule | None) -> None:
        fault = rule.fault if rule is not None else None
        body = resp.body
        if fault is FaultKind.BAD_JSON and resp.is_json and body:
            body = body[: max(1, len(body) // 2)]
        lines = [f"HTTP/1.1 {resp.status} {reason_phrase(resp.status)}",
                 f"Date: {formatdate(usegmt=True)}", f"Server: {self.server_version}"]
        if resp.content_type:
            lines.append(f"Content-Type: {resp.content_type}")
        lines += [f"{k}: {v}" for k, v in resp.headers.items()]
        if resp.stream is not None:
            lines.append("Transfer-Encoding: chunked")
        else:
            lines.append(f"Content-Length: {resp.file[2] if resp.file is not None else len(body)}")
        if resp.close or self.close_connection:
            lines.append("Connection: close")
            self.close_connection = True
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if fault is FaultKind.DROP:
            self.wfile.write(head[: len(head) // 2])
            self.close_connection = True
            return
        if self.command == "HEAD":
            self.wfile.write(head)
            if resp.stream is not None:
                resp.stream.close()  # type: ignore[attr-defined]
            return
        truncate = fault is FaultKind.TRUNCATE
        if resp.stream is not None:
            self.wfile.write(head)
            self._write_stream(resp.stream, rule)
        elif resp.file is not None:
            self.wfile.write(head)
            self._write_file(*resp.file, truncate=truncate)
        elif truncate:
            self.wfile.write(head + body[: len(body) // 2])
            self.close_connection = True
        else:
            self.wfile.write(head + body)  # one write: no Nagle/delayed-ACK stall between head and body

    def _write_file(self, path: Path, offset: int, length: int, *, truncate: bool) -> None:
        todo = length // 2 if truncate else length
        with path.open("rb") as fh:
            if todo > 0:
                # Zero-copy in the kernel, the GIL released: serving a 50 MB video costs the app's GUI thread
                # nothing (a Python read/write loop of 64 KB chunks held the GIL 800 times per file).
                self.connection.sendfile(fh, offset, todo)
                todo = 0
            fh.seek(offset)
            while todo > 0:
                chunk = fh.read(min(todo, 1 << 16))
                if not chunk:
                    break
                self.wfile.write(chunk)
                todo -= len(chunk)
        if truncate:
            self.close_connection = True

    def _write_stream(self, stream: Iterator[bytes], rule: FaultRule | None) -> None:
        fault = rule.fault if rule is not None else None
        limit: int | None = None
        if fault is FaultKind.SSE_DROP and rule is not None:
            limit = max(0, rule.int_arg(1))
        elif fault is FaultKind.TRUNCATE:
            limit = 0
        events = 0
        try:
            for chunk in stream:
                if self.server.sandbox.stopping.is_set():
                    self.close_connection = True
                    return
                frame = f"{len(chunk):X}\r\n".encode() + chunk + b"\r\n"
                if limit is not None and chunk.startswith(b"data:"):
                    if events >= limit:
                        if fault is FaultKind.TRUNCATE:
                            self.wfile.write(frame[: len(frame) // 2])
                        self.close_connection = True
                        return
                    events += 1
                self.wfile.write(frame)
            if self.server.sandbox.stopping.is_set():
                self.close_connection = True  # cut, not a clean end: the client must not take it as final
                return
            self.wfile.write(b"0\r\n\r\n")
        finally:
            stream.close()  # type: ignore[attr-defined]


def redact_token(path: str) -> str:
    """The request path for the log, with the signed upload token masked."""
    return re.sub(r"(token=)[^&]*", r"\1***", path)


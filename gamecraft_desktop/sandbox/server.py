"""A local imitation of fal's queue, storage and CDN on 127.0.0.1 (one origin serves all three).

    with SandboxServer(time_scale=0.01, render=False) as sb:
        base = sb.base_url   # use it as queue_url AND rest_url
        sb.faults.add(FaultRule("status", "edge502", nth=2, times=1))
        ...
        sb.counters.submits

See docs in `gamecraft_desktop/sandbox/faults.py` for fault injection and the `--faults` syntax.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import ipaddress
import json
import logging
import os
import re
import shutil
import socket
import socketserver
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

from gamecraft_desktop.core.schema import FieldIssue, InputError, parse_input
from gamecraft_desktop.sandbox.counters import Counters
from gamecraft_desktop.sandbox.faults import (
    ERROR_TYPE_STATUS,
    ROUTE_KINDS,
    FaultKind,
    FaultPlan,
    FaultRule,
    nginx_page,
    parse_fault_spec,
)
from gamecraft_desktop.sandbox.httpkit import (
    Response,
    Route,
    classify,
    detail_response,
    dumps,
    endpoint_base,
    json_response,
    parse_range,
    reason_phrase,
)
from gamecraft_desktop.sandbox.jobs import Job, JobBook
from gamecraft_desktop.sandbox.rendering import RenderFn, resolve_render
from gamecraft_desktop.sandbox.storage import Storage, StorageError

log = logging.getLogger("gamecraft_desktop.sandbox")

DEFAULT_ENDPOINT = "anthonywu/gamecraft"
MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_UPLOAD_BYTES = 256 * 1024 * 1024
MAX_IMAGE_BYTES = 64 * 1024 * 1024
#: An oversized body up to this many bytes past the limit is read and discarded so the client sees the 413.
DRAIN_LIMIT = 16 * 1024 * 1024
REQUEST_ID_HEADER = "x-fal-request-id"
THREAD_PREFIX = "gamecraft-sandbox"
_LIST_FIELDS = frozenset({"action_list", "action_speed_list", "body"})
_TRUE = frozenset({"1", "true", "yes", "on"})

Validation = Literal["submit", "real"]


class ImageFetchError(Exception):
    """The job's input image could not be fetched; the message is for people."""


class _Stop(Exception):
    """The server is stopping: abandon the current job."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer):
        self.sandbox = sandbox
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, which can stall without DNS; skip it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.sandbox._on_connection(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection error from %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "gamecraft-sandbox"
    sys_version = ""
    timeout = 120.0  # idle keep-alive connections are closed after this
    server: _HTTPServer

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
                 _safe_path(getattr(self, "path", "") or ""), code)

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
                    pass
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
                sandbox._stopping.wait()
                self.close_connection = True
                return
            resp = sandbox._pre_fault(rule, route) if rule is not None else None
            if resp is None:
                resp = sandbox._handle(self, route, query, rule)
            self._finish_body()
            status = resp.status
            # counted before writing, so a client that has the answer also sees it counted
            sandbox.counters.response(route.kind, status)
            counted = True
            self._write(resp, rule)
        except (ConnectionError, TimeoutError, OSError) as exc:
            log.debug("connection lost during %s %s: %s", self.command, _safe_path(self.path), exc)
            self.close_connection = True
        except Exception:
            log.exception("sandbox: unhandled error for %s %s", self.command, _safe_path(self.path))
            self.close_connection = True
            if not counted:  # nothing written yet: answer fal-style
                status = 500
                with contextlib.suppress(Exception):
                    self._write(detail_response(500, "Internal Server Error", close=True), None)
        finally:
            if not counted:
                sandbox.counters.response(route.kind, status)
            log.info("%s %s %s -> %s [%s%s] %.0f ms", self.client_address[0], self.command,
                     _safe_path(self.path), status or "closed", route.kind,
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
                if self.server.sandbox._stopping.is_set():
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
            if self.server.sandbox._stopping.is_set():
                self.close_connection = True  # cut, not a clean end: the client must not take it as final
                return
            self.wfile.write(b"0\r\n\r\n")
        finally:
            stream.close()  # type: ignore[attr-defined]


def _safe_path(path: str) -> str:
    return re.sub(r"(token=)[^&]*", r"\1***", path)


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _issue_to_fal(issue: FieldIssue, data: Any) -> dict[str, Any]:
    entry = issue.to_fal()
    if issue.field == "body":
        entry["loc"] = ["body"]
    elif isinstance(data, dict) and issue.field in data:
        value = data[issue.field]
        if (isinstance(value, str) and len(value) <= 200) or isinstance(value, bool | int | float):
            entry["input"] = value
    return entry


class SandboxServer:
    """fal's queue + storage + CDN on loopback, with fault injection and counters. Thread names start
    with "gamecraft-sandbox"; `stop()` joins every thread it started.

    Extra keyword arguments beyond the shared contract:
      seconds_per_action: simulated generation time per action (times `time_scale`);
      ping_interval_s: SSE keep-alive comment interval;
      validation: "submit" (clean 422 list at submit) or "real" (like the real app: the submit is accepted,
          the job completes, and the result is a 422 list, or a 500 for bad action/speed lists);
      output_content_type: the content type reported for the output video;
      faults: rules or a `--faults` spec string to start with.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        time_scale: float = 1.0,
        runners: int = 2,
        require_key: str | None = None,
        endpoints: Iterable[str] = (DEFAULT_ENDPOINT,),
        result_ttl_s: float = 3600.0,
        render: bool | RenderFn | None = True,
        seconds_per_action: float = 2.0,
        ping_interval_s: float = 15.0,
        validation: Validation = "submit",
        output_content_type: str = "video/mp4",
        max_json_bytes: int = MAX_JSON_BYTES,
        max_upload_bytes: int = MAX_UPLOAD_BYTES,
        faults: Iterable[FaultRule] | str | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        if runners < 1:
            raise ValueError("runners must be at least 1")
        if time_scale < 0:
            raise ValueError("time_scale must be >= 0")
        if require_key is not None and ":" not in require_key:
            raise ValueError("require_key must look like KEY_ID:KEY_SECRET")
        if validation not in ("submit", "real"):
            raise ValueError("validation must be 'submit' or 'real'")
        if not _is_loopback(host):
            raise ValueError("the sandbox only listens on loopback")
        self.port = port
        self.host = host
        self.time_scale = time_scale
        self.runners = runners
        self.require_key = require_key
        self.endpoints = tuple(e.strip("/") for e in endpoints)
        self._bases = {endpoint_base(e) for e in self.endpoints}
        self.result_ttl_s = result_ttl_s
        self.render: RenderFn = resolve_render(render)
        self.seconds_per_action = seconds_per_action
        self.ping_interval_s = ping_interval_s
        self.validation: Validation = validation
        self.output_content_type = output_content_type
        self.max_json_bytes = max_json_bytes
        self.max_upload_bytes = max_upload_bytes
        self.faults = FaultPlan()
        if isinstance(faults, str):
            self.faults.extend(parse_fault_spec(faults))
        elif faults is not None:
            self.faults.extend(list(faults))
        self.counters = Counters()
        self.book = JobBook(result_ttl_s)
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._base_url: str | None = None
        self._tmp: Path | None = None
        self._storage: Storage | None = None
        self._threads: list[threading.Thread] = []
        self._conn_lock = threading.Lock()
        self._connections: dict[threading.Thread, socket.socket] = {}
        self._conn_seq = 0
        self._stopped = False

    # --- lifecycle ---------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the sandbox server is not started")
        return self._base_url

    @property
    def storage(self) -> Storage:
        if self._storage is None:
            raise RuntimeError("the sandbox server is not started")
        return self._storage

    @property
    def running(self) -> bool:
        return self._httpd is not None and not self._stopping.is_set()

    def start(self) -> str:
        if self._httpd is not None or self._stopped:
            raise RuntimeError("a SandboxServer can be started once")
        self._tmp = Path(tempfile.mkdtemp(prefix="gamecraft-sandbox-"))
        self._storage = Storage(self._tmp)
        (self._tmp / "renders").mkdir()
        try:
            self._httpd = _HTTPServer((self.host, self.port), self)
        except OSError:
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise
        self.port = int(self._httpd.server_address[1])
        self._base_url = f"http://{self.host}:{self.port}"
        serve = threading.Thread(target=_background(self._httpd.serve_forever),
                                 kwargs={"poll_interval": 0.05}, name=f"{THREAD_PREFIX}-http", daemon=True)
        self._threads.append(serve)
        for i in range(self.runners):
            self._threads.append(threading.Thread(target=_background(self._runner_loop),
                                                  name=f"{THREAD_PREFIX}-runner-{i + 1}", daemon=True))
        for t in self._threads:
            t.start()
        log.info("sandbox serving %s (endpoints: %s; runners: %d; time scale: %g)", self._base_url,
                 ", ".join(self.endpoints), self.runners, self.time_scale)
        return self._base_url

    def stop(self) -> None:
        """Stop serving, close every open connection, join every thread, remove the temporary files."""
        if self._stopped:
            return
        self._stopped = True
        self._stopping.set()
        self.book.shutdown()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        with self._conn_lock:
            conns = dict(self._connections)
        for sock in conns.values():
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for t in list(conns):
            t.join(timeout=10)
        for t in self._threads:
            t.join(timeout=30)
        with self._conn_lock:
            late = list(self._connections)
        for t in late:
            t.join(timeout=5)
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
        log.info("sandbox stopped")

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _on_connection(self, request: socket.socket, client_address: Any) -> None:
        with self._conn_lock:
            if self._stopping.is_set():
                with contextlib.suppress(OSError):
                    request.close()
                return
            self._conn_seq += 1
            t = threading.Thread(target=_background(self._serve_connection), args=(request, client_address),
                                 name=f"{THREAD_PREFIX}-conn-{self._conn_seq}", daemon=True)
            self._connections[t] = request
        t.start()

    def _serve_connection(self, request: socket.socket, client_address: Any) -> None:
        httpd = self._httpd
        assert httpd is not None
        try:
            httpd.finish_request(request, client_address)
        except Exception:
            log.debug("connection from %s ended with an error", client_address, exc_info=True)
        finally:
            httpd.shutdown_request(request)
            with self._conn_lock:
                self._connections.pop(threading.current_thread(), None)

    # --- URLs --------------------------------------------------------------------------------------

    def request_urls(self, job: Job) -> dict[str, str]:
        response_url = f"{self.base_url}/{job.base}/requests/{job.request_id}"
        return {"response_url": response_url, "status_url": f"{response_url}/status",
                "cancel_url": f"{response_url}/cancel"}

    # --- routing ----------------------------------------------------------------------------------

    def _pre_fault(self, rule: FaultRule, route: Route) -> Response | None:
        """Faults that replace the answer before the request reaches the app."""
        fault = rule.fault
        if fault.is_edge:
            code = int(fault.value[-3:])
            return Response(code, nginx_page(code), content_type="text/html")
        if fault is FaultKind.RATE_LIMIT:
            retry = rule.int_arg(1)
            return detail_response(429, "Too many requests: the rate limit was exceeded. Retry later.",
                                   {"Retry-After": str(retry)})
        if fault is FaultKind.UNAUTHORIZED:
            return detail_response(401, "No user found for Key ID and Secret")
        if fault is FaultKind.FORBIDDEN:
            return detail_response(403, "User is locked. Reason: Exhausted balance. Top up your balance at "
                                        "fal.ai/dashboard/billing.")
        if fault is FaultKind.NOT_FOUND:
            return detail_response(404, f"Application '{route.endpoint or 'unknown'}' not found")
        if fault is FaultKind.SLOW:
            self._stopping.wait(rule.float_arg(1.0))
            return None
        if fault is FaultKind.EXPIRED and route.kind in ("status", "stream", "result"):
            return detail_response(404, "Request not found")
        if fault is FaultKind.EXPIRED and route.kind == "cancel":
            return json_response(404, {"status": "NOT_FOUND"})
        return None

    def _handle(self, h: _Handler, route: Route, query: dict[str, list[str]], rule: FaultRule | None) -> Response:
        if route.kind == "other":
            return detail_response(404, "Not Found")
        if h.command not in route.methods:
            return detail_response(405, "Method Not Allowed", {"Allow": ", ".join(route.methods)})
        if route.kind == "cdn":
            return self._cdn(h, route)
        if route.kind == "upload":
            return self._upload(h, route, query)
        denied = self._auth(h.headers.get("Authorization"))
        if denied is not None:
            return denied
        if route.kind == "initiate":
            return self._initiate(h, route)
        if route.kind == "submit":
            if route.endpoint not in self.endpoints:
                return detail_response(404, f"Application '{route.endpoint}' not found")
            return self._submit(h, route, query, rule)
        if route.endpoint not in self._bases:
            return detail_response(404, f"Application '{route.endpoint}' not found")
        job = self.book.get(route.request_id)
        if job is not None and job.base != route.endpoint:
            job = None
        if route.kind == "cancel":
            return self._cancel(route)
        if job is None:
            return detail_response(404, "Request not found")
        headers = {REQUEST_ID_HEADER: job.request_id}
        want_logs = _flag(query.get("logs"))
        if route.kind == "status":
            body = self._status_body(job, logs=want_logs)
            return json_response(200 if body["status"] == "COMPLETED" else 202, body, headers)
        if route.kind == "stream":
            return Response(200, content_type="text/event-stream",
                            headers={**headers, "Cache-Control": "no-cache"},
                            stream=self._events(job, want_logs))
        # result
        with self.book.cond:
            if job.state != "COMPLETED":
                return detail_response(400, "Request is still in progress", headers)
            return json_response(job.result_status, job.result_body, {**headers, **job.result_headers})

    def _auth(self, header: str | None) -> Response | None:
        if not header:
            return detail_response(401, "Missing Authorization header: send 'Authorization: Key <key_id>:<key_secret>'.")
        scheme, _, cred = header.strip().partition(" ")
        key_id, colon, secret = cred.strip().partition(":")
        if scheme.lower() != "key" or not colon or not key_id or not secret:
            return detail_response(401, "Invalid Authorization header: expected 'Key <key_id>:<key_secret>'.")
        if self.require_key is not None and cred.strip() != self.require_key:
            return detail_response(403, "This key is not allowed to use this sandbox.")
        return None

    # --- queue ------------------------------------------------------------------------------------------

    def _submit(self, h: _Handler, route: Route, query: dict[str, list[str]], rule: FaultRule | None) -> Response:
        self.counters.submit()
        raw = h.read_body(self.max_json_bytes)
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
        issues: list[FieldIssue] = []
        try:
            inp = parse_input(data)
        except InputError as exc:
            inp, issues = None, exc.issues
        if inp is None and (self.validation == "submit" or not isinstance(data, dict)):
            return detail_response(422, [_issue_to_fal(i, data) for i in issues])
        job = Job(
            request_id=str(uuid.uuid4()),
            endpoint=route.endpoint,
            base=endpoint_base(route.endpoint),
            input=inp,
            issues=issues,
            fault=rule if rule is not None and rule.fault.is_app else None,
            priority=1 if priority == "low" else 0,
            start_deadline=deadline,
            webhook_url=_first(query, "fal_webhook"),
        )
        position = self.book.add(job)
        self.counters.job_created()
        accepted: dict[str, Any] = {"status": "IN_QUEUE", "request_id": job.request_id, **self.request_urls(job),
                                     "queue_position": position, "logs": None, "metrics": {}}
        return json_response(200, accepted, {REQUEST_ID_HEADER: job.request_id})

    def _cancel(self, route: Route) -> Response:
        outcome = self.book.cancel(route.request_id) if self._job_matches(route) else "missing"
        headers = {REQUEST_ID_HEADER: route.request_id}
        if outcome == "accepted":
            return json_response(202, {"status": "CANCELLATION_REQUESTED"}, headers)
        if outcome == "completed":
            return json_response(400, {"status": "ALREADY_COMPLETED"}, headers)
        return json_response(404, {"status": "NOT_FOUND"})

    def _job_matches(self, route: Route) -> bool:
        job = self.book.get(route.request_id)
        return job is not None and job.base == route.endpoint

    def _status_body(self, job: Job, *, logs: bool, new_logs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        with self.book.cond:
            body: dict[str, Any] = {"status": job.state, "request_id": job.request_id, **self.request_urls(job)}
            if job.state == "IN_QUEUE":
                body["queue_position"] = self.book.position(job) or 0
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
        next_ping = time.monotonic() + self.ping_interval_s
        while not self._stopping.is_set():
            with self.book.cond:
                version = self.book.version
                if self.book.get(job.request_id) is None:
                    return
                key = (job.state, self.book.position(job), len(job.logs))
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
                next_ping = now + self.ping_interval_s
                continue
            self.book.wait_change(version, next_ping - now)

    # --- storage -----------------------------------------------------------------------------------------

    def _initiate(self, h: _Handler, route: Route) -> Response:
        raw = h.read_body(1024 * 1024)
        if isinstance(raw, Response):
            return raw
        try:
            data = json.loads(raw) if raw.strip() else {}
        except (ValueError, RecursionError):
            return detail_response(422, [{"loc": ["body"], "msg": "the request body is not valid JSON",
                                          "type": "json_invalid"}])
        if not isinstance(data, dict):
            return detail_response(422, [{"loc": ["body"], "msg": "the body must be a JSON object", "type": "dict_type"}])
        content_type, file_name = data.get("content_type"), data.get("file_name")
        upload = self.storage.new_upload(content_type if isinstance(content_type, str) else None,
                                         file_name if isinstance(file_name, str) else None,
                                         multipart=route.multipart)
        return json_response(200, {
            "upload_url": f"{self.base_url}{upload.url_path}?token={upload.token}",
            "file_url": f"{self.base_url}{upload.file_url_path}",
        })

    def _upload(self, h: _Handler, route: Route, query: dict[str, list[str]]) -> Response:
        if h.headers.get("Authorization") is not None:
            log.warning("sandbox: an upload request carried an Authorization header (a key leak); refused")
            return detail_response(400, "Refused: a signed upload URL must not receive an Authorization header "
                                        "(it would leak the fal key to the storage host).")
        token = _first(query, "token")
        try:
            upload = self.storage.check_upload(route.upload_id, token, multipart=route.multipart)
            if route.part == "complete":
                raw = h.read_body(1024 * 1024)
                if isinstance(raw, Response):
                    return raw
                try:
                    data = json.loads(raw) if raw.strip() else None
                except (ValueError, RecursionError):
                    data = None
                parts = data.get("parts") if isinstance(data, dict) else None
                blob = self.storage.complete(upload, parts)
                self.counters.upload_finished()
                return json_response(200, {"file_url": f"{self.base_url}{blob.url_path}"})
            raw = h.read_body(self.max_upload_bytes)
            if isinstance(raw, Response):
                return raw
            self.counters.upload_bytes_received(len(raw))
            if route.part:
                etag = self.storage.put_part(upload, int(route.part), raw)
                return json_response(200, {"partNumber": int(route.part), "etag": etag}, {"ETag": f'"{etag}"'})
            blob = self.storage.put_single(upload, raw, h.headers.get("Content-Type"))
            self.counters.upload_finished()
            return Response(200, b"", content_type=None, headers={"ETag": blob.etag})
        except StorageError as exc:
            return detail_response(exc.status, exc.detail)

    def _cdn(self, h: _Handler, route: Route) -> Response:
        blob = self.storage.get(route.blob_id, route.name)
        if blob is None:
            return detail_response(404, "File not found")
        headers = {"Accept-Ranges": "bytes", "ETag": blob.etag,
                   "Last-Modified": formatdate(blob.created, usegmt=True),
                   "Cache-Control": "public, max-age=31536000"}
        rng = parse_range(h.headers.get("Range"), blob.size)
        if_range = h.headers.get("If-Range")
        if if_range is not None and if_range.strip() != blob.etag:
            rng = None
        if rng == "unsatisfiable":
            return detail_response(416, "Requested range not satisfiable",
                                   {**headers, "Content-Range": f"bytes */{blob.size}"})
        if isinstance(rng, tuple):
            start, end = rng
            return Response(206, content_type=blob.content_type, file=(blob.path, start, end - start + 1),
                            headers={**headers, "Content-Range": f"bytes {start}-{end}/{blob.size}"})
        return Response(200, content_type=blob.content_type, file=(blob.path, 0, blob.size), headers=headers)

    # --- runners -------------------------------------------------------------------------------------------

    def _runner_loop(self) -> None:
        last_prune = time.monotonic()
        while not self._stopping.is_set():
            job = self.book.take(self._stopping, timeout=0.5)
            if time.monotonic() - last_prune > 5:
                self.book.prune()
                last_prune = time.monotonic()
            if job is None:
                continue
            try:
                self._run_job(job)
            except _Stop:
                return
            except Exception as exc:
                log.exception("sandbox: job %s failed unexpectedly", job.request_id)
                self.book.complete_error(job, 500, f"Internal Server Error: {exc}", "internal_error")
            self._send_webhook(job)

    def _pause(self, seconds: float) -> None:
        if seconds > 0 and self._stopping.wait(seconds):
            raise _Stop

    def _run_job(self, job: Job) -> None:
        spa = self.seconds_per_action * self.time_scale
        rid_headers = {REQUEST_ID_HEADER: job.request_id}
        self.book.log(job, "Sandbox: simulated GameCraft run (no model is loaded; the video is a synthetic "
                           "camera move).")
        if job.input is None:  # validation="real": the app itself refuses the input
            self._pause(spa * 0.25)
            if any(i.field in _LIST_FIELDS for i in job.issues):
                self.book.log(job, "Traceback (most recent call last): ... ValueError: bad action list", "ERROR")
                self.book.complete(job, 500, {"detail": "Internal Server Error"}, rid_headers)
            else:
                self.book.complete(job, 422, {"detail": [i.to_fal() for i in job.issues]}, rid_headers)
            return
        inp = job.input
        try:
            image = self._fetch_image(inp.image.url)
            _check_image(image)
        except ImageFetchError as exc:
            msg = str(exc)
            kind = "image_load_error" if msg.startswith("The image could not be decoded") else "file_download_error"
            self.book.log(job, msg, "ERROR")
            self.book.complete(job, 422, {"detail": [{"loc": ["body", "image"], "msg": msg, "type": kind}]},
                               rid_headers, error=msg, error_type=kind)
            return
        fault = job.fault.fault if job.fault is not None else None
        path = inp.path
        out = (self._tmp or Path(tempfile.gettempdir())) / "renders" / f"{job.request_id}.mp4"
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["path"] = self.render(image, path, out)
            except Exception as exc:  # reported on the job
                outcome["error"] = exc

        renderer: threading.Thread | None = None
        if fault is None:
            renderer = threading.Thread(target=_background(work),
                                        name=f"{THREAD_PREFIX}-render-{job.request_id[:8]}", daemon=True)
            renderer.start()
        try:
            n = len(inp.action_list)
            for i, action in enumerate(inp.action_list, start=1):
                self.book.log(job, f"Generating segment {i}/{n} with action ID: {action}")
                self._pause(spa)
        finally:
            if renderer is not None:
                renderer.join()
        if fault is FaultKind.APP_500:
            self.book.complete(job, 500, {"detail": "Internal Server Error"}, rid_headers)
            return
        if fault is FaultKind.APP_422:
            self.book.complete(job, 422, {"detail": [{"loc": ["body", "image"], "type": "value_error",
                                                       "msg": "Simulated app validation failure (sandbox fault app422)."}]},
                               rid_headers)
            return
        if fault is FaultKind.APP_ERROR and job.fault is not None:
            error_type = str(job.fault.arg or "runner_disconnected")
            status = ERROR_TYPE_STATUS.get(error_type, 500)
            self.book.complete_error(job, status, f"Simulated failure ({error_type}): the sandbox fault plan "
                                                  "failed this request.", error_type)
            return
        if "error" in outcome:
            failure = outcome["error"]
            self.book.log(job, f"Rendering failed: {failure}", "ERROR")
            self.book.complete_error(job, 500, f"Internal Server Error: the sandbox renderer failed ({failure})",
                                     "internal_error")
            return
        produced = Path(outcome.get("path") or out)
        # Moved into storage, not read and written again (50 MB videos: two copies less per job).
        blob = self.storage.add_path(f"gamecraft-{job.request_id[:8]}.mp4", self.output_content_type, produced)
        self.book.log(job, f"Video ready: {blob.size} bytes, {path.frame_count} frames.")
        output = {"video": {"url": f"{self.base_url}{blob.url_path}", "content_type": blob.content_type,
                            "file_name": blob.name, "file_size": blob.size}}
        self.book.complete(job, 200, output, rid_headers)

    def _fetch_image(self, url: str) -> bytes:
        """The input image's bytes: the sandbox CDN, a data: URI or a loopback http URL (no internet)."""
        if url[:5].lower() == "data:":
            meta, sep, payload = url[5:].partition(",")
            if not sep:
                raise ImageFetchError("Failed to read the image: the data: URI has no comma.")
            try:
                if meta.lower().endswith(";base64"):
                    return base64.b64decode("".join(payload.split()), validate=True)
                return unquote_to_bytes(payload)
            except (binascii.Error, ValueError) as exc:
                raise ImageFetchError(f"Failed to read the image: the data: URI is not valid base64 ({exc}).") from None
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = None
        if (parts.scheme == "http" and _is_loopback(parts.hostname) and port == self.port
                and parts.path.startswith("/files/")):
            route = classify(parts.path)
            blob = self.storage.get(route.blob_id, route.name) if route.kind == "cdn" else None
            if blob is None:
                raise ImageFetchError(f"Failed to download the image from {url}: 404 Not Found on the sandbox CDN.")
            return self.storage.read(blob)
        if parts.scheme in ("http", "https") and _is_loopback(parts.hostname):
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            try:
                with opener.open(urllib.request.Request(url, method="GET"), timeout=10) as resp:
                    data = resp.read(MAX_IMAGE_BYTES + 1)
            except urllib.error.HTTPError as exc:
                raise ImageFetchError(f"Failed to download the image from {url}: HTTP {exc.code}.") from None
            except (urllib.error.URLError, OSError, ValueError) as exc:
                raise ImageFetchError(f"Failed to download the image from {url}: {exc}.") from None
            if len(data) > MAX_IMAGE_BYTES:
                raise ImageFetchError(f"Failed to download the image from {url}: larger than {MAX_IMAGE_BYTES} bytes.")
            return data
        raise ImageFetchError(
            f"Failed to download the image from {url[:200]}: the sandbox has no internet access. Upload the image "
            "(it then comes from the sandbox CDN), send it as a data: URI, or use an http URL on 127.0.0.1.")

    def _send_webhook(self, job: Job) -> None:
        url = job.webhook_url
        if not url:
            return
        parts = urlsplit(url)
        if parts.scheme != "http" or not _is_loopback(parts.hostname):
            log.warning("sandbox: webhook %s not sent (only http URLs on loopback are reachable)", url[:200])
            return
        ok = job.error is None and 200 <= job.result_status < 300
        payload = {"request_id": job.request_id, "gateway_request_id": job.request_id,
                   "status": "OK" if ok else "ERROR", "payload": job.result_body}
        if not ok:
            payload["error"] = job.error or f"Request failed with status {job.result_status}"
        req = urllib.request.Request(url, data=dumps(payload), method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req, timeout=10) as resp:
                resp.read()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            log.warning("sandbox: webhook %s failed: %s", url[:200], exc)


BACKGROUND_NICE = 10


def _background(target: Callable[..., Any]) -> Callable[..., Any]:
    """`target`, run at a lower CPU priority (Linux: per-thread nice). The sandbox stands in for a remote
    service: when it runs inside the app it must not take the CPU from the GUI thread."""
    def run(*args: Any, **kwargs: Any) -> Any:
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError):
                tid = threading.get_native_id()
                if os.getpriority(os.PRIO_PROCESS, tid) < BACKGROUND_NICE:
                    os.setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICE)
        return target(*args, **kwargs)

    return run


def _check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageFetchError(f"The image could not be decoded: {exc}") from None
    except Exception as exc:  # Pillow raises a variety of errors on hostile input
        raise ImageFetchError(f"The image could not be decoded: {exc}") from None


def _first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _flag(values: list[str] | None) -> bool:
    return bool(values) and values is not None and values[-1].strip().lower() in _TRUE

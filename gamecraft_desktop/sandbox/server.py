"""A local imitation of fal's queue, storage and CDN on 127.0.0.1 (one origin serves all three).

    with SandboxServer(time_scale=0.01, render=False) as sb:
        base = sb.base_url   # use it as queue_url AND rest_url
        sb.faults.add(FaultRule("status", "edge502", nth=2, times=1))
        ...
        sb.counters.submits

See docs in `gamecraft_desktop/sandbox/faults.py` for fault injection and the `--faults` syntax.
"""


from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import tempfile
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from gamecraft_desktop.sandbox.background import THREAD_PREFIX, in_background
from gamecraft_desktop.sandbox.counters import Counters
from gamecraft_desktop.sandbox.faults import FaultKind, FaultPlan, FaultRule, nginx_page, parse_fault_spec
from gamecraft_desktop.sandbox.http_handler import SandboxHTTPServer, SandboxRequestHandler
from gamecraft_desktop.sandbox.httpkit import (
    Response,
    Route,
    detail_response,
    endpoint_base,
    is_loopback,
    json_response,
)
from gamecraft_desktop.sandbox.job_runner import JobRunner
from gamecraft_desktop.sandbox.jobs import Job, JobBook
from gamecraft_desktop.sandbox.queue_routes import QueueRoutes
from gamecraft_desktop.sandbox.rendering import RenderFn, fake_render, resolve_render, warm_renderer
from gamecraft_desktop.sandbox.storage import Storage
from gamecraft_desktop.sandbox.storage_routes import StorageRoutes

log = logging.getLogger("gamecraft_desktop.sandbox")

DEFAULT_ENDPOINT = "anthonywu/gamecraft"
MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_UPLOAD_BYTES = 256 * 1024 * 1024
#: How long a storage token for the CDN's upload API lives (fal_client caches it until then).
CDN_TOKEN_TTL_S = 900.0

#: "real": like fal (the queue takes any JSON body, the app's 422/500 verdict arrives at result time).
#: "submit": a 422 at submit from this app's own, stricter schema; NOT how fal behaves.
Validation = Literal["real", "submit"]
#: What the real app reports for its video (it names a file without a content type).
OUTPUT_CONTENT_TYPE = "application/octet-stream"


class SandboxServer:
    """fal's queue + storage + CDN on loopback, with fault injection and counters. Thread names start
    with "gamecraft-sandbox"; `stop()` joins every thread it started.

    Extra keyword arguments beyond the shared contract:
      seconds_per_action: simulated generation time per action (times `time_scale`);
      ping_interval_s: SSE keep-alive comment interval;
      validation: "real" (the default, like fal: any JSON body is accepted, the job completes, and the result
          is the app's 422 list, its 500 for bad action/speed lists or an unfetchable image, or the video) or
          "submit" (a 422 at submit from this app's own stricter schema: not how fal behaves);
      output_content_type: the content type reported for the output video (the real app's by default);
      cdn_token_ttl_s: the lifetime of the storage tokens `POST /storage/auth/token` hands out;
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
        validation: Validation = "real",
        output_content_type: str = OUTPUT_CONTENT_TYPE,
        max_json_bytes: int = MAX_JSON_BYTES,
        max_upload_bytes: int = MAX_UPLOAD_BYTES,
        cdn_token_ttl_s: float = CDN_TOKEN_TTL_S,
        faults: Iterable[FaultRule] | str | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        if runners < 1:
            raise ValueError("runners must be at least 1")
        if time_scale < 0:
            raise ValueError("time_scale must be >= 0")
        if require_key is not None and ":" not in require_key:
            raise ValueError("require_key must look like KEY_ID:KEY_SECRET")
        if validation not in ("real", "submit"):
            raise ValueError("validation must be 'real' or 'submit'")
        if not is_loopback(host):
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
        self.cdn_token_ttl_s = cdn_token_ttl_s
        self.faults = FaultPlan()
        if isinstance(faults, str):
            self.faults.extend(parse_fault_spec(faults))
        elif faults is not None:
            self.faults.extend(list(faults))
        self.counters = Counters()
        self.book = JobBook(result_ttl_s)
        self.stopping = threading.Event()
        self._httpd: SandboxHTTPServer | None = None
        self._base_url: str | None = None
        self._tmp: Path | None = None
        self._storage: Storage | None = None
        self._threads: list[threading.Thread] = []
        self._conn_lock = threading.Lock()
        self._connections: dict[threading.Thread, socket.socket] = {}
        self._conn_seq = 0
        self._stopped = False
        self._queue = QueueRoutes(self)
        self._storage_routes = StorageRoutes(self)
        self._runner = JobRunner(self)

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
    def renders_dir(self) -> Path:
        """Where runners write videos before they are moved into storage."""
        return (self._tmp or Path(tempfile.gettempdir())) / "renders"

    @property
    def running(self) -> bool:
        return self._httpd is not None and not self.stopping.is_set()

    def start(self) -> str:
        if self._httpd is not None or self._stopped:
            raise RuntimeError("a SandboxServer can be started once")
        self._tmp = Path(tempfile.mkdtemp(prefix="gamecraft-sandbox-"))
        self._storage = Storage(self._tmp)
        (self._tmp / "renders").mkdir()
        try:
            self._httpd = SandboxHTTPServer((self.host, self.port), self)
        except OSError:
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise
        self.port = int(self._httpd.server_address[1])
        self._base_url = f"http://{self.host}:{self.port}"
        serve = threading.Thread(target=in_background(self._httpd.serve_forever),
                                 kwargs={"poll_interval": 0.05}, name=f"{THREAD_PREFIX}-http", daemon=True)
        self._threads.append(serve)
        for i in range(self.runners):
            self._threads.append(threading.Thread(target=in_background(self._runner.run_forever),
                                                  name=f"{THREAD_PREFIX}-runner-{i + 1}", daemon=True))
        if self.render is not fake_render:  # the first job's render must not import it: the GIL, mid-batch
            self._threads.append(threading.Thread(target=in_background(warm_renderer),
                                                  name=f"{THREAD_PREFIX}-warm", daemon=True))
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
        self.stopping.set()
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

    def on_connection(self, request: socket.socket, client_address: Any) -> None:
        with self._conn_lock:
            if self.stopping.is_set():
                with contextlib.suppress(OSError):
                    request.close()
                return
            self._conn_seq += 1
            t = threading.Thread(target=in_background(self._serve_connection), args=(request, client_address),
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

    def cdn_url(self, path: str) -> str:
        """A file's public URL (the CDN shares the sandbox's one origin)."""
        return f"{self.base_url}{path}"

    def request_urls(self, job: Job) -> dict[str, str]:
        response_url = f"{self.base_url}/{job.base}/requests/{job.request_id}"
        return {"response_url": response_url, "status_url": f"{response_url}/status",
                "cancel_url": f"{response_url}/cancel"}

    # --- routing ----------------------------------------------------------------------------------

    def pre_fault(self, rule: FaultRule, route: Route) -> Response | None:
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
        if fault is FaultKind.SERVER_500:
            return detail_response(500, "Internal Server Error", {"x-fal-request-id": str(uuid.uuid4())})
        if fault is FaultKind.SLOW:
            self.stopping.wait(rule.float_arg(1.0))
            return None
        if fault is FaultKind.EXPIRED and route.kind in ("status", "stream", "result"):
            return detail_response(404, "Request not found")
        if fault is FaultKind.EXPIRED and route.kind == "cancel":
            return json_response(404, {"status": "NOT_FOUND"})
        return None

    def respond(self, h: SandboxRequestHandler, route: Route, query: dict[str, list[str]],
                rule: FaultRule | None) -> Response:
        """The answer to one request that no fault replaced."""
        if route.kind == "other":
            return detail_response(404, "Not Found")
        if h.command not in route.methods:
            return detail_response(405, "Method Not Allowed", {"Allow": ", ".join(route.methods)})
        if route.kind == "cdn":
            return self._storage_routes.cdn(h, route)
        if route.kind == "upload":
            return self._storage_routes.upload(h, route, query)
        if route.kind == "cdnupload":
            return self._storage_routes.cdn_upload(h, route)  # a storage token, never the key
        denied = self._auth(h.headers.get("Authorization"))
        if denied is not None:
            return denied
        if route.kind == "initiate":
            return self._storage_routes.initiate(h, route)
        if route.kind == "token":
            return self._storage_routes.token(h)
        if route.kind == "submit":
            if route.endpoint not in self.endpoints:
                return detail_response(404, f"Application '{route.endpoint}' not found")
            return self._queue.submit(h, route, query, rule)
        if route.endpoint not in self._bases:
            return detail_response(404, f"Application '{route.endpoint}' not found")
        return self._queue.answer(h, route, query)

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


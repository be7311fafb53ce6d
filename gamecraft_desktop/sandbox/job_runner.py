"""The sandbox's job runners: simulate a GameCraft run (logs, timing, faults), render, store, notify."""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from gamecraft_desktop.core.camera_path import Action, CameraPath, Step
from gamecraft_desktop.sandbox import real_app
from gamecraft_desktop.sandbox.background import THREAD_PREFIX, in_background
from gamecraft_desktop.sandbox.faults import ERROR_TYPE_STATUS, FaultKind
from gamecraft_desktop.sandbox.httpkit import REQUEST_ID_HEADER, dumps, is_loopback
from gamecraft_desktop.sandbox.image_fetch import ImageFetchError, check_image, fetch_image
from gamecraft_desktop.sandbox.jobs import Job

if TYPE_CHECKING:
    from gamecraft_desktop.sandbox.server import SandboxServer

log = logging.getLogger("gamecraft_desktop.sandbox")

class _Stop(Exception):
    """The server is stopping: abandon the current job."""


class JobRunner:
    """Runs the queued jobs of one `SandboxServer`; `run_forever` is the body of each runner thread."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self._sb = sandbox

    def run_forever(self) -> None:
        """One runner thread: take queued jobs until the server stops."""
        last_prune = time.monotonic()
        while not self._sb.stopping.is_set():
            job = self._sb.book.take(self._sb.stopping, timeout=0.5)
            if time.monotonic() - last_prune > 5:
                self._sb.book.prune()
                last_prune = time.monotonic()
            if job is None:
                continue
            try:
                self._run_job(job)
            except _Stop:
                return
            except Exception as exc:
                log.exception("sandbox: job %s failed unexpectedly", job.request_id)
                self._sb.book.complete_error(job, 500, f"Internal Server Error: {exc}", "internal_error")
            self._send_webhook(job)

    def _pause(self, seconds: float) -> None:
        if seconds > 0 and self._sb.stopping.wait(seconds):
            raise _Stop

    def _run_job(self, job: Job) -> None:
        """The app's run, in the real app's order: validation (422), the image download, the parsing of the
        list fields (500 on anything odd), the model (a 500 when no video comes out), the output."""
        spa = self._sb.seconds_per_action * self._sb.time_scale
        rid_headers = {REQUEST_ID_HEADER: job.request_id}
        self._sb.book.log(job, "Sandbox: simulated GameCraft run (no model is loaded; the video is a synthetic "
                           "camera move).")
        inp = real_app.validate_body(job.body)
        if isinstance(inp, list):  # fal's app builder refused the body: nothing ran, nothing is billed
            self._sb.book.complete(job, 422, {"detail": inp},
                                   {**rid_headers, real_app.BILLABLE_UNITS_HEADER: "0"})
            return
        try:
            image = self._download(inp.image.url, spa)
            actions, speeds = real_app.parse_action_fields(inp)
            real_app.check_seed(inp.seed)
            check_image(image)  # the model opens the downloaded file with Pillow
        except (real_app.AppCrash, ImageFetchError) as crash:
            self._crash(job, crash)
            return
        if not actions:  # the model's loop writes no video; the app then fails to find it
            self._crash(job, real_app.AppCrash("FileNotFoundError: the app found no video to return"))
            return
        fault = job.fault.fault if job.fault is not None else None
        path = CameraPath(tuple(Step(Action(a), s) for a, s in zip(actions, speeds, strict=True)))
        out = self._sb.renders_dir / f"{job.request_id}.mp4"
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["path"] = self._sb.render(image, path, out)
            except Exception as exc:  # reported on the job
                outcome["error"] = exc

        renderer: threading.Thread | None = None
        if fault is None:
            renderer = threading.Thread(target=in_background(work),
                                        name=f"{THREAD_PREFIX}-render-{job.request_id[:8]}", daemon=True)
            renderer.start()
        try:
            n = len(actions)
            for i, action in enumerate(actions, start=1):
                self._sb.book.log(job, f"Generating segment {i}/{n} with action ID: {action}")
                self._pause(spa)
        finally:
            if renderer is not None:
                renderer.join()
        if fault is FaultKind.APP_500:
            self._crash(job, real_app.AppCrash("RuntimeError: simulated app failure (sandbox fault app500)"))
            return
        if fault is FaultKind.APP_422:
            self._sb.book.complete(job, 422, {"detail": [{"loc": ["body", "image"], "type": "value_error",
                                                       "msg": "Simulated app validation failure (sandbox fault app422)."}]},
                               {**rid_headers, real_app.BILLABLE_UNITS_HEADER: "0"})
            return
        if fault is FaultKind.APP_ERROR and job.fault is not None:
            error_type = str(job.fault.arg or "runner_disconnected")
            status = ERROR_TYPE_STATUS.get(error_type, 500)
            self._sb.book.complete_error(job, status, f"Simulated failure ({error_type}): the sandbox fault plan "
                                                  "failed this request.", error_type)
            return
        if "error" in outcome:
            failure = outcome["error"]
            self._sb.book.log(job, f"Rendering failed: {failure}", "ERROR")
            self._sb.book.complete_error(job, 500, f"Internal Server Error: the sandbox renderer failed ({failure})",
                                     "internal_error")
            return
        produced = Path(outcome.get("path") or out)
        # Moved into storage, not read and written again (50 MB videos: two copies less per job).
        blob = self._sb.storage.add_path(real_app.output_file_name(), self._sb.output_content_type, produced)
        self._sb.book.log(job, f"Video ready: {blob.size} bytes, {path.frame_count} frames.")
        output = {"video": {"url": f"{self._sb.base_url}{blob.url_path}", "content_type": blob.content_type,
                            "file_name": blob.name, "file_size": blob.size}}
        self._sb.book.complete(job, 200, output, rid_headers)

    def _download(self, url: str, spa: float) -> bytes:
        """The endpoint saves the image to disk first (a failure there is an exception in the handler)."""
        self._pause(spa * 0.1)
        try:
            return fetch_image(url, storage=self._sb.storage, own_port=self._sb.port)
        except ImageFetchError as exc:
            raise real_app.AppCrash(f"DownloadError: {exc}") from None

    def _crash(self, job: Job, crash: BaseException) -> None:
        """An exception inside the endpoint: fal logs the traceback, completes the request *without* an
        error, and answers the result with a bare 500."""
        self._sb.book.log(job, real_app.traceback_line(crash), "ERROR")
        self._sb.book.complete(job, 500, dict(real_app.INTERNAL_ERROR), {REQUEST_ID_HEADER: job.request_id})

    def _send_webhook(self, job: Job) -> None:
        url = job.webhook_url
        if not url:
            return
        parts = urlsplit(url)
        if parts.scheme != "http" or not is_loopback(parts.hostname):
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

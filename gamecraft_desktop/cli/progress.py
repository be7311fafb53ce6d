"""What a headless command shows while the engine runs a job: progress lines for people, JSON events for
scripts. Presentation only: every decision and every history write is the engine's (gamecraft_desktop.engine)."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gamecraft_desktop.cli.output import Reporter, format_bytes, format_elapsed
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.fal.config import DEFAULT_ENDPOINT
from gamecraft_desktop.store.jobs_db import JobRecord

if TYPE_CHECKING:
    from gamecraft_desktop.core.schema import ImageRef
    from gamecraft_desktop.fal.queue_types import QueueHandle
    from gamecraft_desktop.fal.status import StatusUpdate
    from gamecraft_desktop.fal.uploads import PreparedImage

#: Without news, a reassuring line this often so a long queue never looks hung.
HEARTBEAT_S = 15.0


def resume_hint(request_id: str, args: argparse.Namespace, *, out: Path | None) -> str:
    """The exact command that fetches this job later."""
    parts = ["gamecraft-desktop", "result", request_id]
    if out is not None:  # absolute: the command must work from any folder
        parts += ["--out", os.path.abspath(out.expanduser())]
    endpoint = getattr(args, "endpoint", DEFAULT_ENDPOINT)
    if endpoint and endpoint != DEFAULT_ENDPOINT:
        parts += ["--endpoint", endpoint]
    for name in ("queue_url", "rest_url", "proxy_url"):
        value = getattr(args, name, None)
        if value:
            parts += ["--" + name.replace("_", "-"), value]
    return " ".join(shlex.quote(p) for p in parts)


def queue_words(position: int | None) -> str:
    """fal's `queue_position` counts the jobs ahead: 0 is next in line."""
    if position is None:
        return "waiting for a runner"
    if position == 0:
        return "next in line"
    return f"{position} job{'s' if position != 1 else ''} ahead"


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


class CliProgress:
    """The engine's observer for a command: one line (or event) per thing worth telling."""

    def __init__(self, reporter: Reporter, *, context: dict[str, Any], args: argparse.Namespace,
                 local_name: str | None = None, resume_out: Path | None = None, sandbox: bool = False) -> None:
        self.reporter = reporter
        self.context = context
        self.args = args
        self.local_name = local_name
        self.resume_out = resume_out
        self.sandbox = sandbox
        self.started = time.monotonic()
        self._status: str | None = None
        self._position: int | None = None
        self._logs_seen = 0
        self._segment: tuple[int, int] | None = None
        self._last_line = 0.0
        self._running = False
        self._uploads = 0

    def _elapsed(self) -> float:
        return round(time.monotonic() - self.started, 1)

    # --- the engine's Observer ----------------------------------------------------------------

    def uploading(self, prepared: PreparedImage) -> None:
        if self._uploads == 0:
            for warning in prepared.warnings:
                self.reporter.warn(warning)
        self._uploads += 1
        note = " (cropped to 1216x704)" if prepared.cropped else ""
        self.reporter.say(f"Uploading {self.local_name or prepared.file_name}: {prepared.width}x{prepared.height}, "
                          f"{format_bytes(prepared.size)}{note}")

    def uploaded(self, ref: ImageRef, prepared: PreparedImage, seconds: float) -> None:
        self.reporter.say(f"Uploaded in {seconds:.1f} s")
        self.reporter.event("uploaded", url=ref.url, bytes=prepared.size, width=prepared.width,
                            height=prepared.height)

    def submitted(self, record: JobRecord, handle: QueueHandle) -> None:
        self.context["request_id"] = handle.request_id
        if not self.sandbox:  # the sandbox stops with this command: nothing to fetch later
            self.context["resume_command"] = resume_hint(handle.request_id, self.args, out=self.resume_out)
        self.reporter.say(f"Submitted: request id {handle.request_id}")
        self.reporter.event("submitted", job_id=record.id, request_id=handle.request_id, endpoint=handle.endpoint,
                            status_url=handle.status_url, response_url=handle.response_url,
                            cancel_url=handle.cancel_url, queue_position=handle.queue_position)
        self.started = time.monotonic()

    def status(self, record: JobRecord, update: StatusUpdate) -> None:
        r = self.reporter
        now = time.monotonic()
        elapsed = self._elapsed()
        heartbeat = now - self._last_line >= HEARTBEAT_S
        if update.status == "IN_QUEUE":
            if self._status != "IN_QUEUE" or update.queue_position != self._position or heartbeat:
                r.say(f"Queued: {queue_words(update.queue_position)} ({format_elapsed(elapsed)})")
                r.event("queued", queue_position=update.queue_position, elapsed_s=elapsed)
                self._last_line = now
            self._position = update.queue_position
        else:
            first = not self._running
            self._running = True
            logs = update.logs
            if len(logs) < self._logs_seen:  # a reconnect restarted the list
                self._logs_seen = 0
            new = [line.message for line in logs[self._logs_seen:]]
            self._logs_seen = len(logs)
            segment = update.segment
            if update.status == "IN_PROGRESS":
                if first:
                    r.say(f"Running ({format_elapsed(elapsed)})")
                for message in new:
                    r.say(f"  log: {message}")
                if segment is not None and segment != self._segment:
                    r.say(f"Segment {segment[0]}/{segment[1]} ({format_elapsed(elapsed)})")
                elif heartbeat and not first and not new:
                    r.say(f"Running ({format_elapsed(elapsed)})")
                if first or new or heartbeat or segment != self._segment:
                    r.event("running", elapsed_s=elapsed, logs=new, segment=list(segment) if segment else None)
                    self._last_line = now
            else:
                for message in new:
                    r.say(f"  log: {message}")
            self._segment = segment
        self._status = update.status

    def completed(self, record: JobRecord) -> None:
        inference = record.inference_time
        extra = f", inference {inference:.1f} s" if inference is not None else ""
        self.reporter.say(f"Completed after {format_elapsed(self._elapsed())}{extra}")
        self.reporter.event("completed", request_id=record.request_id, elapsed_s=self._elapsed(),
                            inference_time=inference)

    def downloading(self, record: JobRecord, dest: Path, size: int | None) -> None:
        self.reporter.say(f"Downloading {format_bytes(size) if size else 'the video'} to {dest}")

    def retrying(self, step: Step, error: BaseException, delay_s: float, attempt: int) -> None:
        what = {Step.UPLOAD: "the upload", Step.SUBMIT: "the submit", Step.FOLLOW: "the status",
                Step.FETCH: "the result", Step.DOWNLOAD: "the download", Step.CANCEL: "the cancel"}.get(step, step)
        self.reporter.say(f"{error} Trying {what} again in {delay_s:.1f} s (attempt {attempt + 1}).")
        self.reporter.event("retrying", step=str(step), message=str(error), delay_s=round(delay_s, 2),
                            attempt=attempt + 1)

    # --- the end ------------------------------------------------------------------------------

    def saved(self, record: JobRecord, path: Path, sidecar: Path) -> None:
        size = path.stat().st_size
        self.reporter.say(f"Saved {path} ({format_bytes(size)}); sidecar {sidecar}")
        self.reporter.event("downloaded", request_id=record.request_id, path=str(path), sidecar=str(sidecar),
                            bytes=size)
        self.reporter.result(str(path))

"""Watching a queued job, fetching its result and saving video + sidecar: shared by `generate` and `result`."""

from __future__ import annotations

import argparse
import errno
import json
import os
import shlex
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gamecraft_desktop import __version__
from gamecraft_desktop.atomic_files import atomic_write_text as _write_atomic  # tests replace it
from gamecraft_desktop.cli.output import Reporter, format_bytes, format_elapsed, iso_now
from gamecraft_desktop.core.job_state import JobState, TransitionError
from gamecraft_desktop.core.schema import GameCraftInput, GameCraftOutput
from gamecraft_desktop.core.sidecar import SIDECAR_FORMAT, SIDECAR_FORMAT_VERSION, build_sidecar, sidecar_json
from gamecraft_desktop.fal.config import DEFAULT_ENDPOINT
from gamecraft_desktop.store.jobs_db import JobStore, StoreError

if TYPE_CHECKING:
    from gamecraft_desktop.fal.queue_client import QueueClient, QueueHandle
    from gamecraft_desktop.fal.status import StatusUpdate

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}

#: Without news, a reassuring line this often so a long queue never looks hung.
HEARTBEAT_S = 15.0


def update_job(store: JobStore | None, job_id: str | None, reporter: Reporter, **fields: Any) -> None:
    """Best-effort history update: a state change the history refuses is skipped silently (e.g. fetching
    a finished job again); a broken history is a warning, never a failed command."""
    if store is None or job_id is None:
        return
    try:
        store.update(job_id, **fields)
    except TransitionError:
        fields.pop("state", None)
        if fields:
            update_job(store, job_id, reporter, **fields)
    except StoreError as exc:
        reporter.warn(f"could not update the job history: {exc}")


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


def _queue_words(position: int | None) -> str:
    """fal's `queue_position` counts the jobs ahead: 0 is next in line."""
    if position is None:
        return "waiting for a runner"
    if position == 0:
        return "next in line"
    return f"{position} job{'s' if position != 1 else ''} ahead"


class JobFollower:
    """Turns status updates into progress lines/events and history updates."""

    def __init__(self, reporter: Reporter, store: JobStore | None, job_id: str | None, *,
                 submitted_at: str | None, resumed: bool = False) -> None:
        """`resumed`: watching a job submitted earlier (`result ID`), so a job already running or finished
        at the first look has unknown start and queue times (None), not "now" and 0 s."""
        self.reporter = reporter
        self.store = store
        self.job_id = job_id
        self.started = time.monotonic()
        self.timings: dict[str, str | float | None] = {"submitted_at": submitted_at}
        self._status: str | None = None
        self._position: int | None = None
        self._logs_seen = 0
        self._segment: tuple[int, int] | None = None
        self._last_line = 0.0
        self._running_since: float | None = None
        self._resumed = resumed

    def _elapsed(self) -> float:
        return time.monotonic() - self.started

    def on_update(self, update: StatusUpdate) -> None:
        r = self.reporter
        now = time.monotonic()
        elapsed = round(self._elapsed(), 1)
        heartbeat = now - self._last_line >= HEARTBEAT_S
        if update.status == "IN_QUEUE":
            if self._status != "IN_QUEUE" or update.queue_position != self._position or heartbeat:
                where = _queue_words(update.queue_position)
                r.say(f"Queued: {where} ({format_elapsed(elapsed)})")
                r.event("queued", queue_position=update.queue_position, elapsed_s=elapsed)
                self._last_line = now
                if update.queue_position != self._position:
                    update_job(self.store, self.job_id, r, queue_position=update.queue_position)
            self._position = update.queue_position
        elif update.status in ("IN_PROGRESS", "COMPLETED"):
            first = self._running_since is None
            if first:
                self._running_since = now
                # Known only when this command saw the job queued (or submitted it just now).
                seen_start = not self._resumed or self._status == "IN_QUEUE"
                self.timings["started_at"] = iso_now() if seen_start else None
                self.timings["queue_s"] = elapsed if seen_start else None
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
                    r.event("running", elapsed_s=elapsed, logs=new,
                            segment=list(segment) if segment else None)
                    self._last_line = now
            else:
                for message in new:
                    r.say(f"  log: {message}")
            fields: dict[str, Any] = {}
            if first and update.status == "IN_PROGRESS":
                fields.update(state=JobState.RUNNING, queue_position=None)
                if self.timings["started_at"] is not None:
                    fields["started_at"] = self.timings["started_at"]
            if new:
                fields["logs"] = "\n".join(line.message for line in logs)
            if segment is not None and segment != self._segment:
                fields.update(segment_index=segment[0], segment_count=segment[1])
            if fields:
                update_job(self.store, self.job_id, r, **fields)
            self._segment = segment
        self._status = update.status

    def follow(self, client: QueueClient, handle: QueueHandle, *, use_stream: bool = True) -> StatusUpdate:
        final = client.follow(handle, self.on_update, use_stream=use_stream)
        elapsed = round(self._elapsed(), 1)
        self.timings["completed_at"] = iso_now()
        inference = final.metrics.get("inference_time") if isinstance(final.metrics, dict) else None
        if isinstance(inference, int | float) and not isinstance(inference, bool):
            self.timings["inference_s"] = float(inference)
        if self._running_since is None:
            self.timings.setdefault("queue_s", None)
        extra = f", inference {float(inference):.1f} s" if isinstance(inference, int | float) else ""
        self.reporter.say(f"Completed after {format_elapsed(elapsed)}{extra}")
        self.reporter.event("completed", request_id=handle.request_id, elapsed_s=elapsed,
                            inference_time=self.timings.get("inference_s"))
        update_job(self.store, self.job_id, self.reporter, state=JobState.FETCHING,
                   completed_at=self.timings["completed_at"], inference_time=self.timings.get("inference_s"))
        return final

    def fetch_result(self, client: QueueClient, handle: QueueHandle) -> GameCraftOutput:
        update_job(self.store, self.job_id, self.reporter, state=JobState.FETCHING)
        return client.result(handle)


def download_and_sidecar(
    reporter: Reporter,
    store: JobStore | None,
    job_id: str | None,
    *,
    handle: QueueHandle,
    output: GameCraftOutput,
    model: GameCraftInput | None,
    out: Path,
    sidecar: Path,
    timings: dict[str, str | float | None],
    mode: str,
    allow_loopback_http: bool,
    source_image: dict[str, Any] | None = None,
    timeout_s: float = 30.0,
    retry: Any = None,
) -> Path:
    """Download the video to `out`, then write the sidecar beside it. Returns the video path.

    `timeout_s` and `retry` are the command's --timeout and --retries (a stalled CDN must not hang the
    command for minutes). When the sidecar cannot be written the video stays and the error says so.
    """
    from gamecraft_desktop.fal.downloads import download
    from gamecraft_desktop.fal.errors import DiskFullError, DownloadError

    video = output.video
    update_job(store, job_id, reporter, state=JobState.DOWNLOADING)
    reporter.say(f"Downloading {format_bytes(video.file_size) if video.file_size else 'the video'} to {out}")
    path = download(video.url, out, expected_size=video.file_size, allow_loopback_http=allow_loopback_http,
                    timeout_s=timeout_s, retry=retry)
    size = path.stat().st_size
    timings = {**timings, "downloaded_at": iso_now()}
    output_dict = output.model_dump(mode="json", exclude_none=True)
    if model is not None:
        data = build_sidecar(model, request_id=handle.request_id, endpoint=handle.endpoint, timings=timings,
                             app_version=__version__, mode="sandbox" if mode == "sandbox" else "fal",
                             output=output_dict, source_image=source_image)
    else:
        # `result` for a job this machine never saw: the inputs are unknown, the rest is recorded.
        data = {"format": SIDECAR_FORMAT, "format_version": SIDECAR_FORMAT_VERSION, "app_version": __version__,
                "mode": mode, "endpoint": handle.endpoint, "request_id": handle.request_id, "input": None,
                "wire_input": None, "timings": timings, "output": output_dict, "source_image": None}
    try:
        _write_atomic(sidecar, sidecar_json(data))
    except OSError as exc:
        # The video is complete and stays: record it, and say exactly what is missing.
        update_job(store, job_id, reporter, state=JobState.DONE, video_path=str(path.resolve()), video_size=size)
        reason = "the disk is full" if exc.errno in _NO_SPACE else (exc.strerror or str(exc))
        message = (f"The video was saved to {path} ({format_bytes(size)}), but its sidecar {sidecar} could not "
                   f"be written: {reason}.")
        if exc.errno in _NO_SPACE:
            raise DiskFullError(message, request_id=handle.request_id) from None
        raise DownloadError(message, request_id=handle.request_id) from None
    update_job(store, job_id, reporter, state=JobState.DONE, video_path=str(path.resolve()), video_size=size)
    reporter.say(f"Saved {path} ({format_bytes(size)}); sidecar {sidecar}")
    reporter.event("downloaded", request_id=handle.request_id, path=str(path), sidecar=str(sidecar), bytes=size)
    reporter.result(str(path))
    return path


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)

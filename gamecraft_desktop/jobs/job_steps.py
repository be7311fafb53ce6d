"""The short blocking steps a job is made of, run on the job manager's bounded thread pool.

Each step does one thing (prepare+upload, submit, poll once, fetch the result, download), persists its
outcome in the JobStore *before* returning, and returns a `StepOutcome` the manager applies on the GUI
thread. No step sleeps to wait for the next one: the manager's single timer schedules polls and retries.

Persistence and cancellation meet under the job's lock: a cancel on the GUI thread writes CANCELLED
under it, and a step that finishes afterwards sees the flag and does not write over it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import logging
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gamecraft_desktop.atomic_files import atomic_path, atomic_write_bytes
from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION
from gamecraft_desktop.core.job_state import JobState, TransitionError
from gamecraft_desktop.core.schema import FieldIssue, GameCraftInput, ImageRef, parse_input
from gamecraft_desktop.engine.continuation import join_after_parent
from gamecraft_desktop.fal.errors import (
    AppFailedError,
    AuthError,
    EdgeError,
    FalError,
    JobCancelledError,
    MalformedKeyError,
    MissingKeyError,
    NetworkError,
    RateLimitError,
    ResultExpiredError,
    ServerError,
    StatusUnavailableError,
    ValidationFailedError,
)
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore, utc_now

log = logging.getLogger(__name__)

#: Errors after which the same call may simply be tried again later (idempotent calls only).
TRANSIENT = (NetworkError, EdgeError, RateLimitError, StatusUnavailableError)
AUTH_ERRORS = (AuthError, MissingKeyError, MalformedKeyError)


class StepCancelled(Exception):
    """Raised inside a step (e.g. from a progress callback) when the job was cancelled or the app quits."""


@dataclass
class StepOutcome:
    """What a step tells the manager. `changes` are already on disk; the manager mirrors them in memory."""

    changes: dict[str, Any] = field(default_factory=dict)
    next_step: str | None = None  # "submit", "poll", "fetch", "download", None
    delay_s: float = 0.0  # wait before next_step (polls); the manager's timer does the waiting
    transient_error: FalError | None = None  # retry the same step later
    auth_error: FalError | None = None  # the key was refused: the job waits for a key
    field_issues: tuple[FieldIssue, ...] = ()
    note: str | None = None
    logs: tuple[str, ...] | None = None
    video_url: str | None = None
    video_size: int | None = None
    changed: bool = True  # False: a poll that saw nothing new (the manager backs off)
    cancelled_after_submit: bool = False


@dataclass
class StepContext:
    """Everything a step may touch. Built on the GUI thread; the record is a private copy."""

    record: JobRecord
    store: JobStore
    lock: threading.Lock
    cancelled: threading.Event
    stopping: threading.Event
    job_dir: Path
    client: Any  # QueueClient
    uploader: Any  # Uploader
    allow_loopback_http: bool
    progress: Callable[[str, int, int], None]  # ("up" | "down", done, total), throttled by the caller
    source_image: Path | None = None
    source_sha256: str | None = None
    submit_options: Any = None
    video_url: str | None = None
    video_size: int | None = None
    download_client: Callable[[str], Any] | None = None  # url -> a shared httpx client for that host

    def should_stop(self) -> bool:
        return self.cancelled.is_set() or self.stopping.is_set()

    def persist(self, **changes: Any) -> dict[str, Any]:
        """Write changes unless the job was cancelled meanwhile (then only the request id and URLs)."""
        with self.lock:
            if self.cancelled.is_set():
                keep = {k: v for k, v in changes.items()
                        if k in ("request_id", "response_url", "status_url", "cancel_url", "submitted_at")}
                if keep:
                    self.store.update(self.record.id, **keep)
                raise StepCancelled()
            stored = self.store.update(self.record.id, **changes)
        self.record = stored
        return changes


# --- image preparation, shared by the jobs of one "Generate ×N" ------------------------------------

_prepared_lock = threading.Lock()
_prepared: OrderedDict[tuple[str, int, int], Any] = OrderedDict()


def prepared_image(path: Path) -> Any:
    """`prepare_image(path)`, remembered for the last few files: N jobs on one image decode it once."""
    from gamecraft_desktop.fal.uploads import prepare_image

    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    with _prepared_lock:
        hit = _prepared.get(key)
        if hit is not None:
            _prepared.move_to_end(key)
            return hit
    value = prepare_image(path)
    with _prepared_lock:
        _prepared[key] = value
        while len(_prepared) > 3:
            _prepared.popitem(last=False)
    return value


# --- the steps -------------------------------------------------------------------------------------------


def step_upload(ctx: StepContext) -> StepOutcome:
    """Prepare the image (crop to the model's frame), keep a copy in the job folder, upload it."""
    rec = ctx.record
    ctx.job_dir.mkdir(parents=True, exist_ok=True)
    source = ctx.source_image
    kept = Path(rec.prepared_image_path) if rec.prepared_image_path else None
    if kept is not None and kept.exists():
        source = kept
    if source is None or not source.exists():
        raise FileNotFoundError(f"The input image {source or rec.source_image_path} is gone.")
    if source == ctx.source_image and ctx.source_sha256 and _sha256_of(source) != ctx.source_sha256:
        # Edited or replaced between Generate and this upload (a batch can wait for a transfer slot).
        raise OSError(0, "The image file changed after Generate was pressed, so nothing was sent. Load it "
                         "again (or re-run with the image as it is now).", str(source))
    prepared = prepared_image(source)
    if kept is None or not kept.exists():
        suffix = Path(prepared.file_name).suffix or ".jpg"
        kept = ctx.job_dir / f"input{suffix}"
        atomic_write_bytes(kept, prepared.data)
    if ctx.should_stop():
        raise StepCancelled()

    def on_progress(done: int, total: int) -> None:
        if ctx.should_stop():
            raise StepCancelled()
        ctx.progress("up", done, total)

    ref: ImageRef = ctx.uploader.image_ref(prepared, on_progress)
    wire = json.loads(rec.input_json)
    wire["image"] = ref.model_dump(exclude_none=True)
    inp = parse_input(wire)
    changes = ctx.persist(state=JobState.SUBMITTING, image_url=ref.url, prepared_image_path=str(kept),
                          input_json=json.dumps(inp.to_wire(), ensure_ascii=False), bytes_up=prepared.size)
    return StepOutcome(changes=changes, next_step="submit")


def _sha256_of(path: Path) -> str:
    """The file's SHA-256, hashed once per version of the file: the jobs of a ×N batch share one image."""
    st = path.stat()
    return _sha256_of_version(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _sha256_of_version(path: str, size: int, mtime_ns: int) -> str:
    from gamecraft_desktop.store.project_files import file_sha256

    return file_sha256(Path(path))


def step_submit(ctx: StepContext) -> StepOutcome:
    """Submit once. The request id and URLs are on disk (on_accepted) before submit returns."""
    rec = ctx.record
    inp = parse_input(json.loads(rec.input_json))
    accepted: list[Any] = []

    def on_accepted(handle: Any) -> None:
        accepted.append(handle)
        with contextlib.suppress(StepCancelled):
            ctx.persist(state=JobState.QUEUED, request_id=handle.request_id, response_url=handle.response_url,
                        status_url=handle.status_url, cancel_url=handle.cancel_url,
                        queue_position=handle.queue_position, submitted_at=utc_now())

    from gamecraft_desktop.fal.queue_client import SubmitOptions

    opts = ctx.submit_options
    options = SubmitOptions(**opts) if isinstance(opts, dict) else opts
    try:
        handle = ctx.client.submit(inp, options, on_accepted=on_accepted)
    except FalError as exc:
        if accepted:  # the job exists on fal: follow it whatever went wrong after
            return StepOutcome(changes=_state_fields(ctx.record), next_step="poll", delay_s=0.5)
        if isinstance(exc, NetworkError) and exc.maybe_sent:
            changes = ctx.persist(state=JobState.SUBMIT_UNCERTAIN, error_kind=type(exc).__name__,
                                  error_message=(
                                      "The connection broke while submitting: fal may or may not have "
                                      "accepted (and may bill) this job. It was not sent again. "
                                      f"Details: {exc}"))
            return StepOutcome(changes=changes)
        if isinstance(exc, ServerError) and exc.request_id:
            # fal's app took this request and failed it: keep its id (support, the log) so that the job
            # counts as sent: it is failed, never sent again as new (a Re-run is a new, billed job).
            with contextlib.suppress(StepCancelled, TransitionError):
                ctx.persist(request_id=exc.request_id)
        raise
    if not accepted:  # a client that did not call the hook: persist now
        on_accepted(handle)
    if ctx.cancelled.is_set():
        with contextlib.suppress(FalError):
            ctx.client.cancel(handle)
        return StepOutcome(cancelled_after_submit=True)
    return StepOutcome(changes=_state_fields(ctx.record), next_step="poll")


def _state_fields(rec: JobRecord) -> dict[str, Any]:
    return {k: getattr(rec, k) for k in ("state", "request_id", "response_url", "status_url", "cancel_url",
                                         "queue_position", "submitted_at")}


def handle_of(client: Any, rec: JobRecord) -> Any:
    from gamecraft_desktop.fal.queue_client import QueueHandle

    if rec.response_url and rec.status_url and rec.cancel_url and rec.request_id:
        return QueueHandle(request_id=rec.request_id, endpoint=rec.endpoint, response_url=rec.response_url,
                           status_url=rec.status_url, cancel_url=rec.cancel_url)
    return client.handle_for(rec.request_id, rec.endpoint)


def step_poll(ctx: StepContext) -> StepOutcome:
    """One status call; persists only what changed."""
    rec = ctx.record
    update = ctx.client.status(handle_of(ctx.client, rec), logs=True)
    logs = tuple(line.message for line in update.logs)
    seg = update.segment
    changes: dict[str, Any] = {}
    if update.status == "IN_QUEUE":
        if rec.state != JobState.QUEUED:
            changes["state"] = JobState.QUEUED
        if update.queue_position != rec.queue_position:
            changes["queue_position"] = update.queue_position
    elif update.status == "IN_PROGRESS":
        if rec.state != JobState.RUNNING:
            changes.update(state=JobState.RUNNING, started_at=utc_now(), queue_position=None)
    else:  # COMPLETED
        changes["completed_at"] = utc_now()
        inference = update.metrics.get("inference_time") if isinstance(update.metrics, dict) else None
        if isinstance(inference, int | float):
            changes["inference_time"] = float(inference)
        if update.failed:
            if update.error_type == "client_cancelled":
                changes.update(state=JobState.CANCELLED, error_message="Cancelled on fal.",
                               error_type=update.error_type)
            else:
                changes.update(state=JobState.FAILED, error_kind="ServerError", error_type=update.error_type,
                               error_message=_failed_text(update.error, update.error_type))
        else:
            changes["state"] = JobState.FETCHING
    joined = "\n".join(logs)
    if joined != rec.logs:
        changes["logs"] = joined
    if seg is not None and (seg[0], seg[1]) != (rec.segment_index, rec.segment_count):
        changes.update(segment_index=seg[0], segment_count=seg[1])
    if changes:
        ctx.persist(**changes)
    nxt = "fetch" if changes.get("state") == JobState.FETCHING else (
        None if ctx.record.state.is_terminal else "poll")
    return StepOutcome(changes=changes, next_step=nxt, logs=logs, changed=bool(changes))


def _failed_text(error: str | None, error_type: str | None) -> str:
    text = error or "The generation failed on fal."
    return f"{text} ({error_type})" if error_type and error_type not in text else text


def step_fetch(ctx: StepContext) -> StepOutcome:
    """Read the result JSON (the video URL). A job resumed in DOWNLOADING fetches again, same state."""
    rec = ctx.record
    output = ctx.client.result(handle_of(ctx.client, rec))
    video = output.video
    changes: dict[str, Any] = {}
    if rec.state != JobState.DOWNLOADING:
        changes = ctx.persist(state=JobState.DOWNLOADING)
    return StepOutcome(changes=changes, next_step="download", video_url=video.url, video_size=video.file_size)


def step_download(ctx: StepContext) -> StepOutcome:
    """Stream the video into the job folder, make thumbnails, mark the job done."""
    from gamecraft_desktop.fal.downloads import download

    assert ctx.video_url is not None
    dest = ctx.job_dir / "video.mp4"

    def on_progress(done: int, total: int | None) -> None:
        ctx.progress("down", done, total or ctx.video_size or 0)

    client = ctx.download_client(ctx.video_url) if ctx.download_client is not None else None
    download(ctx.video_url, dest, expected_size=ctx.video_size, on_progress=on_progress,
             allow_loopback_http=ctx.allow_loopback_http, should_stop=ctx.should_stop, client=client)
    size = dest.stat().st_size
    thumbs = make_thumbnails(dest, ctx.job_dir)
    join_after_parent(ctx, dest)  # "continue from the last frame": the chain joined into one file
    changes = ctx.persist(state=JobState.DONE, video_path=str(dest), video_size=size, bytes_down=size,
                          thumbnail_first=thumbs[0], thumbnail_last=thumbs[1], error_message=None,
                          error_kind=None)
    return StepOutcome(changes=changes)


def make_thumbnails(video: Path, folder: Path) -> tuple[str | None, str | None]:
    try:
        from gamecraft_desktop.media.thumbnails import make_thumbnail

        first = make_thumbnail(video, folder / "thumb-first.jpg", "first")
        last = make_thumbnail(video, folder / "thumb-last.jpg", "last")
        return str(first), str(last)
    except Exception as exc:  # a thumbnail is a nicety; the video is what matters
        log.warning("no thumbnails for %s: %s", video, exc)
        return None, None


def step_cancel_remote(ctx: StepContext) -> StepOutcome:
    """Ask fal to cancel. A queued job is dropped; a running one may still finish (billed): the manager keeps
    following the job either way (next_step "poll") so a finished result is fetched, never lost."""
    rec = ctx.record
    if not rec.request_id:
        return StepOutcome(changed=False)
    accepted = ctx.client.cancel(handle_of(ctx.client, rec))
    if accepted and (rec.started_at or rec.state == JobState.RUNNING):
        note = ("Cancel sent. fal is already running it and may finish it anyway (and bill it): if so, the "
                "video is kept.")
    elif accepted:
        note = "Cancel sent: waiting for fal to drop it from its queue."
    else:  # 400 ALREADY_COMPLETED (or 404): it finished; its result is fetched like any other
        note = "fal had nothing to cancel: the job had already finished. Fetching its result."
    return StepOutcome(changed=False, note=note, next_step="poll")


def classify_failure(exc: BaseException) -> tuple[dict[str, Any], StepOutcome]:
    """Fields to persist for a failed step, and what the manager should do about it."""
    if isinstance(exc, AUTH_ERRORS):
        return ({}, StepOutcome(auth_error=exc if isinstance(exc, FalError) else None,
                                note=f"{exc} Set a valid fal key to continue."))
    if isinstance(exc, ValidationFailedError):
        issues = tuple(exc.issues)
        fields = {"state": JobState.FAILED, "error_kind": "ValidationFailedError", "error_message": str(exc),
                  "error_detail_json": json.dumps([dataclasses.asdict(i) for i in issues])}
        return fields, StepOutcome(field_issues=issues)
    if isinstance(exc, JobCancelledError):
        return {"state": JobState.CANCELLED, "error_message": "Cancelled on fal."}, StepOutcome()
    if isinstance(exc, ResultExpiredError):
        return ({"state": JobState.FAILED, "error_kind": "ResultExpiredError",
                 "error_message": f"{exc} fal keeps results about an hour; this one is gone."}, StepOutcome())
    if isinstance(exc, FalError):
        return ({"state": JobState.FAILED, "error_kind": type(exc).__name__, "error_type": exc.error_type,
                 "error_message": str(exc)}, StepOutcome())
    if isinstance(exc, OSError):
        return ({"state": JobState.FAILED, "error_kind": "OSError",
                 "error_message": f"{exc.strerror or exc} ({getattr(exc, 'filename', '') or ''})".strip()},
                StepOutcome())
    return ({"state": JobState.FAILED, "error_kind": "Bug",
             "error_message": f"Unexpected error: {type(exc).__name__}: {exc}"}, StepOutcome())


def persist_failure(ctx: StepContext, fields: dict[str, Any]) -> dict[str, Any]:
    """Write a failure; an impossible transition (the job moved on) is logged, not raised."""
    try:
        return ctx.persist(**fields)
    except TransitionError as exc:
        log.warning("job %s: %s", ctx.record.id, exc)
        return {}


def is_transient(exc: BaseException) -> bool:
    # A result-time 500 after COMPLETED is the app's final verdict (failed on fal, not billed), with or
    # without a request id: fetching it again would only repeat it.
    if isinstance(exc, AppFailedError):
        return False
    return isinstance(exc, TRANSIENT) or (isinstance(exc, ServerError) and exc.status is not None
                                          and exc.status >= 500 and exc.request_id is None)


# --- files -------------------------------------------------------------------------------------------------


def save_video_with_sidecar(rec: JobRecord, dest: Path, *, app_version: str, joined: Path | None = None) -> Path:
    """Copy the job's MP4 (or its `joined` video: the videos it continued, then its own) to `dest` and write
    its sidecar `<dest name>.json` (clip.mp4 -> clip.mp4.json, as the CLI does), each atomically."""
    from gamecraft_desktop.core.sidecar import sidecar_json, sidecar_path_for
    from gamecraft_desktop.store.job_sidecar import video_sidecar

    video = joined if joined is not None else (Path(rec.video_path) if rec.video_path else None)
    if video is None or not video.exists():
        raise FileNotFoundError(f"The job's video is missing ({video or rec.video_path}).")
    dest = Path(dest)
    if dest.suffix.lower() != ".mp4":
        dest = dest.with_name(dest.name + ".mp4")
    # A joined file records each earlier part's request id and input beside it (so they survive deleting
    # those jobs); the sidecar lists them.
    sidecar = video_sidecar(rec, video, app_version=app_version)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(dest) as tmp:
        shutil.copyfile(video, tmp)
    atomic_write_bytes(sidecar_path_for(dest), sidecar_json(sidecar).encode("utf-8"))
    return dest


def expected_frames(rec: JobRecord) -> int:
    return _frames_of_input(rec.input_json)


@functools.lru_cache(maxsize=512)
def _frames_of_input(input_json: str) -> int:
    """Cached: every JobEvent carries the frame count, and parsing the input JSON on each of them was a
    visible share of the GUI thread's time while 20 jobs report progress."""
    try:
        wire = json.loads(input_json)
        actions = wire.get("action_list")
        n = len(json.loads(actions) if isinstance(actions, str) else actions)
    except (ValueError, TypeError):
        return 0
    return FRAMES_PER_ACTION * n


def input_of(rec: JobRecord) -> GameCraftInput:
    return parse_input(json.loads(rec.input_json))


def now_monotonic() -> float:
    return time.monotonic()

"""The steps that send: prepare and upload the image (UPLOAD), then submit once (SUBMIT).

A submit is sent once. Whatever happens to it is decided by rules.decide; this module only makes sure the
request id and URLs are on disk (inside `on_accepted`, before submit returns) and that a job cancelled while
its submit was in flight is cancelled on fal too.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from gamecraft_desktop.atomic_files import atomic_write_bytes
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.engine.context import Advanced, StepCancelled, StepContext
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.wording import JobWording, Where
from gamecraft_desktop.store.jobs_db import HistoryFullError, JobRecord, utc_now

if TYPE_CHECKING:
    from gamecraft_desktop.fal.queue_types import QueueHandle
    from gamecraft_desktop.fal.uploads import PreparedImage

_T = TypeVar("_T")

#: An image URL the record holds until the upload replaces it.
PLACEHOLDER_IMAGE = "data:,"

class _Remembered:
    """The last `keep` answers of an expensive function of a file, each computed ONCE even when several workers
    ask at the same moment: a batch of 20 starts 4 jobs at once on one image, and each decoding the same 26 MB
    PNG (~250 ms of CPU) kept both cores busy while the window waited for them (issue #16)."""

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._computing: dict[tuple[Any, ...], threading.Lock] = {}

    def get(self, key: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return cast(_T, self._answers[key])
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:  # the others wait here for the first one's answer
            with self._lock:
                if key in self._answers:
                    return cast(_T, self._answers[key])
            try:
                value = compute()  # an error reaches this caller; the next one waiting tries again
            except BaseException:
                with self._lock:
                    self._computing.pop(key, None)
                raise
            with self._lock:  # the answer before the gate goes: a caller arriving between them computed again
                self._answers[key] = value
                while len(self._answers) > self._keep:
                    self._answers.popitem(last=False)
                self._computing.pop(key, None)
            return value


_prepared = _Remembered(keep=3)
_hashes = _Remembered(keep=32)


def prepared_image(path: Path, *, crop: bool = True) -> PreparedImage:
    """`prepare_image(path)`, remembered for the last few files: N jobs on one image decode it once."""
    from gamecraft_desktop.fal.uploads import prepare_image

    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, crop)
    return _prepared.get(key, lambda: prepare_image(path, crop_to_model=crop))


def _apply_reset(ctx: StepContext) -> None:
    """A sandbox job run again replaces its row; a never-sent job sent again clears its failure."""
    reset, ctx.reset = ctx.reset, None
    if reset is None:
        return
    if reset.record is not None:
        if ctx.store is not None:
            with contextlib.suppress(Exception):
                ctx.store.delete(reset.record.id)
        ctx.record = reset.record
        ctx.flags.created = False
    elif reset.fields:
        ctx.persist(**reset.fields)


def prepare_row(ctx: StepContext) -> None:
    """Before an upload, even a cancelled one: the job's row as it must be on disk (replaced, cleared, or
    written for the first time: as CANCELLED when the job was cancelled before its first step)."""
    _apply_reset(ctx)
    ctx.create_row()


def upload(ctx: StepContext) -> Advanced:
    """Prepare the image (crop to the model's frame), keep a copy in the job folder, upload it. A job whose
    input already holds a URL (the command line passes URLs through) goes straight on to SUBMIT."""
    prepare_row(ctx)
    if ctx.should_stop():
        raise StepCancelled()
    rec = ctx.record
    wire = json.loads(rec.input_json)
    image = wire.get("image")
    url = image.get("url") if isinstance(image, dict) else image
    if ctx.options.source_image is None and not rec.prepared_image_path and url and url != PLACEHOLDER_IMAGE:
        ctx.persist(state=JobState.SUBMITTING, image_url=url)
        return Advanced(next=Step.SUBMIT)
    source = _source_of(ctx)
    prepared = prepared_image(source, crop=ctx.options.crop)
    kept = Path(rec.prepared_image_path) if rec.prepared_image_path else None
    if kept is None or not kept.exists():
        ctx.job_dir.mkdir(parents=True, exist_ok=True)
        kept = ctx.job_dir / f"input{Path(prepared.file_name).suffix or '.jpg'}"
        atomic_write_bytes(kept, prepared.data)
    if ctx.should_stop():
        raise StepCancelled()

    def on_progress(done: int, total: int) -> None:
        if ctx.should_stop():
            raise StepCancelled()
        ctx.progress("up", done, total)

    assert ctx.conn.uploader is not None, "an upload needs an uploader"
    ctx.observer.uploading(prepared)
    started = time.monotonic()
    ref = ctx.conn.uploader.image_ref(prepared, on_progress)
    ctx.observer.uploaded(ref, prepared, time.monotonic() - started)
    wire["image"] = ref.model_dump(exclude_none=True)
    inp = parse_input(wire)
    ctx.persist(state=JobState.SUBMITTING, image_url=ref.url, prepared_image_path=str(kept),
                input_json=json.dumps(inp.to_wire(), ensure_ascii=False), bytes_up=prepared.size)
    return Advanced(next=Step.SUBMIT)


def _source_of(ctx: StepContext) -> Path:
    rec = ctx.record
    source = ctx.options.source_image
    kept = Path(rec.prepared_image_path) if rec.prepared_image_path else None
    if kept is not None and kept.exists():
        return kept  # already prepared (a job sent again): exactly what was checked before
    if source is None and rec.source_image_path:
        source = Path(rec.source_image_path)
    if source is None or not source.exists():
        raise FileNotFoundError(2, JobWording.tr("The input image {image} is gone.").format(
                                       image=source or rec.source_image_path),
                                str(source or rec.source_image_path or ""))
    if ctx.options.source_sha256 and _sha256_of(source) != ctx.options.source_sha256:
        # Edited or replaced between Generate and this upload (a batch can wait for a transfer slot).
        raise OSError(0, JobWording.tr("The image file changed after Generate was pressed, so nothing was "
                                       "sent. Load it again (or re-run with the image as it is now)."), str(source))
    return source


def _sha256_of(path: Path) -> str:
    """The file's SHA-256, hashed once per version of the file: the jobs of a ×N batch share one image."""
    from gamecraft_desktop.store.project_files import file_sha256

    st = path.stat()
    return _hashes.get((str(path), st.st_size, st.st_mtime_ns), lambda: file_sha256(path))


def submit(ctx: StepContext) -> Advanced:
    """Submit once. The request id and URLs are on disk (on_accepted) before submit returns."""
    from gamecraft_desktop.fal.errors import FalError

    rec = ctx.record
    inp = parse_input(json.loads(rec.input_json))
    accepted: list[QueueHandle] = []

    def on_accepted(handle: QueueHandle) -> None:
        accepted.append(handle)
        ctx.follow.saw_queue = True
        # A full disk keeps the id in memory (written first by the job's next write): the submit itself
        # succeeded and must not look failed, or be sent again.
        with contextlib.suppress(StepCancelled, HistoryFullError):
            ctx.persist(state=JobState.QUEUED, request_id=handle.request_id, response_url=handle.response_url,
                        status_url=handle.status_url, cancel_url=handle.cancel_url,
                        queue_position=handle.queue_position, submitted_at=utc_now())
        ctx.observer.submitted(ctx.record, handle)

    assert ctx.conn.queue is not None, "a submit needs a queue client"
    try:
        handle = ctx.conn.queue.submit(inp, ctx.options.submit, on_accepted=on_accepted)
    except FalError:
        if accepted:  # the job exists on fal: follow it whatever went wrong after
            return Advanced(next=Step.FOLLOW, delay_s=0.5)
        raise
    if not accepted:  # a client that did not call the hook: persist now
        on_accepted(handle)
    if ctx.cancelled.is_set():
        with contextlib.suppress(FalError):
            ctx.conn.queue.cancel(handle)
        return Advanced(cancelled_after_submit=True, note=Where.of(rec.mode).cancelled_after_submit())
    return Advanced(next=Step.FOLLOW)


def handle_of(ctx: StepContext) -> QueueHandle:
    """The job's handle: its stored URLs, or rebuilt from the request id."""
    from gamecraft_desktop.fal.queue_types import QueueHandle

    rec = ctx.record
    assert rec.request_id is not None
    if rec.response_url and rec.status_url and rec.cancel_url:
        return QueueHandle(request_id=rec.request_id, endpoint=rec.endpoint, response_url=rec.response_url,
                           status_url=rec.status_url, cancel_url=rec.cancel_url)
    assert ctx.conn.queue is not None
    return ctx.conn.queue.handle_for(rec.request_id, rec.endpoint)


def fresh_record(old: JobRecord) -> JobRecord:
    """A new row for a job that is run again from its upload, keeping its id, inputs and owner."""
    wire: dict[str, Any] = json.loads(old.input_json)
    wire["image"] = PLACEHOLDER_IMAGE
    fresh = JobRecord.new(parse_input(wire), mode=old.mode, endpoint=old.endpoint,
                          source_image_path=old.source_image_path, batch_id=old.batch_id,
                          prepared_image_path=old.prepared_image_path, started_by=old.started_by)
    fresh.id = old.id
    return fresh


def clear_failure() -> dict[str, Any]:
    """The fields a never-sent job gets when it is sent again in its own row (FAILED -> UPLOADING)."""
    return {"state": JobState.UPLOADING, "error_message": None, "error_kind": None, "error_type": None,
            "error_detail_json": None, "cancel_requested": 0}


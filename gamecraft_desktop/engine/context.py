"""What a step works with (`StepContext`) and what it reports (`StepReport`): typed, Qt-free, the same for the
window's thread pool and the command line.

Persistence and cancellation meet under the job's lock: a cancel on the GUI thread writes CANCELLED under it,
and a step that finishes afterwards sees the flag and does not write over it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from gamecraft_desktop.core.job_state import JobState, TransitionError, check_transition
from gamecraft_desktop.engine.rules import Offer, Verdict
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.wording import JobWording
from gamecraft_desktop.store.jobs_db import HistoryFullError, JobRecord, JobStore

if TYPE_CHECKING:
    from gamecraft_desktop.core.schema import FieldIssue, GameCraftInput, GameCraftOutput, ImageRef
    from gamecraft_desktop.fal.queue_types import QueueHandle, SubmitOptions
    from gamecraft_desktop.fal.status import StatusUpdate
    from gamecraft_desktop.fal.uploads import PreparedImage

ProgressFn = Callable[[str, int, int], None]  # ("up" | "down", done, total)


class StepCancelled(Exception):
    """Raised inside a step when the job was cancelled or the program is stopping."""


# --- what the steps talk to (fal's clients, or a scripted fake in tests) ------------------------------------


class QueueApi(Protocol):
    def submit(self, input: GameCraftInput, options: SubmitOptions | None = None,
               on_accepted: Callable[[QueueHandle], None] | None = None) -> QueueHandle: ...

    def status(self, handle: QueueHandle, logs: bool = True) -> StatusUpdate: ...

    def stream_status(self, handle: QueueHandle, logs: bool = True) -> Iterator[StatusUpdate]: ...

    def result(self, handle: QueueHandle) -> GameCraftOutput: ...

    def result_json(self, handle: QueueHandle) -> dict[str, Any]: ...

    def cancel(self, handle: QueueHandle) -> bool: ...

    def handle_for(self, request_id: str, endpoint: Any = None) -> QueueHandle: ...


class UploadApi(Protocol):
    def image_ref(self, prepared: PreparedImage,
                  on_progress: Callable[[int, int], None] | None = None) -> ImageRef: ...


class DownloadApi(Protocol):
    def __call__(self, url: str, dest: Path, *, expected_size: int | None,
                 on_progress: Callable[[int, int | None], None], should_stop: Callable[[], bool]) -> Path: ...


@dataclass
class Connection:
    """The clients one step may use (lent by the driver for the step's duration)."""

    queue: QueueApi | None = None
    uploader: UploadApi | None = None
    download: DownloadApi | None = None
    allow_loopback_http: bool = False


class Observer(Protocol):
    """Fine-grained news for a driver that shows progress as it happens (the command line)."""

    def uploading(self, prepared: PreparedImage) -> None: ...

    def uploaded(self, ref: ImageRef, prepared: PreparedImage, seconds: float) -> None: ...

    def submitted(self, record: JobRecord, handle: QueueHandle) -> None: ...

    def status(self, record: JobRecord, update: StatusUpdate) -> None: ...

    def completed(self, record: JobRecord) -> None: ...

    def downloading(self, record: JobRecord, dest: Path, size: int | None) -> None: ...

    def retrying(self, step: Step, error: BaseException, delay_s: float, attempt: int) -> None: ...


class NullObserver:
    def uploading(self, prepared: PreparedImage) -> None:
        return None

    def uploaded(self, ref: ImageRef, prepared: PreparedImage, seconds: float) -> None:
        return None

    def submitted(self, record: JobRecord, handle: QueueHandle) -> None:
        return None

    def status(self, record: JobRecord, update: StatusUpdate) -> None:
        return None

    def completed(self, record: JobRecord) -> None:
        return None

    def downloading(self, record: JobRecord, dest: Path, size: int | None) -> None:
        return None

    def retrying(self, step: Step, error: BaseException, delay_s: float, attempt: int) -> None:
        return None


# --- the job as one run sees it ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JobOptions:
    """How this job is run: where its image comes from, where its video goes, what else is written."""

    source_image: Path | None = None
    source_sha256: str | None = None  # what the source must still hash to (None: unchecked)
    crop: bool = True  # crop to the model's 1216x704 before uploading (the model crops the same way)
    submit: SubmitOptions | None = None
    video_dest: Path | None = None  # None: `<job folder>/video.mp4`
    thumbnails: bool = True
    sidecar: bool = False  # write `<video>.json` beside the downloaded video (the command line's --out)
    download: bool = True  # False: stop after reading the result (`result ID` without --out)


@dataclass
class FollowState:
    """What following one job has learned in this program (not stored)."""

    stream: bool = False  # use the status stream; any trouble with it falls back to polling for good
    saw_queue: bool = False  # this program saw the job queued (or submitted it): its start time is known


@dataclass(frozen=True)
class VideoRef:
    url: str
    size: int | None = None


@dataclass(frozen=True)
class RowReset:
    """Written at the start of the next upload, on the worker: a fresh row (`record`) replacing the stored one
    (a sandbox job run again), or `fields` clearing a failure (a never-sent job sent again in its own row)."""

    record: JobRecord | None = None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class JobFlags:
    """Shared between whoever cancels a job (the window's GUI thread) and the job's step in flight."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    cancelled: threading.Event = field(default_factory=threading.Event)
    created: bool = True  # False: the row is written the first time a step runs (under `lock`)
    # Writes the history could not take (its disk was full), in order: kept in memory and written first by
    # the job's next write, so a request id fal gave is never dropped, only saved late.
    unsaved: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class StepContext:
    """Everything a step may touch. The record is this step's private copy."""

    record: JobRecord
    store: JobStore | None  # None: the history is unavailable; the record is kept in memory only
    job_dir: Path
    conn: Connection = field(default_factory=Connection)
    options: JobOptions = field(default_factory=JobOptions)
    follow: FollowState = field(default_factory=FollowState)
    observer: Observer = field(default_factory=NullObserver)
    progress: ProgressFn = lambda kind, done, total: None
    video: VideoRef | None = None
    attempt: int = 1  # this try's number: 1 + the failures of the same step just before it
    flags: JobFlags = field(default_factory=JobFlags)
    stopping: threading.Event = field(default_factory=threading.Event)
    reset: RowReset | None = None

    @property
    def lock(self) -> threading.Lock:
        return self.flags.lock

    @property
    def cancelled(self) -> threading.Event:
        return self.flags.cancelled

    def should_stop(self) -> bool:
        return self.cancelled.is_set() or self.stopping.is_set()

    @property
    def video_dest(self) -> Path:
        return self.options.video_dest or self.job_dir / "video.mp4"

    def persist(self, **changes: Any) -> dict[str, Any]:
        """Write `changes` before going on. A job cancelled meanwhile keeps only what identifies it on fal
        (request id and URLs), and the step stops (StepCancelled)."""
        with self.lock:
            if self.cancelled.is_set():
                keep = {k: v for k, v in changes.items()
                        if k in ("request_id", "response_url", "status_url", "cancel_url", "submitted_at")}
                if keep:
                    self._write(keep)
                raise StepCancelled()
            self._write(changes)
        return changes

    def _write(self, changes: dict[str, Any]) -> None:
        if self.store is not None:
            try:
                while self.flags.unsaved:
                    self.store.update(self.record.id, **self.flags.unsaved[0])
                    self.flags.unsaved.pop(0)
                self.record = self.store.update(self.record.id, **changes)
            except HistoryFullError:
                self.flags.unsaved.append(dict(changes))
                self.record = replace(self.record, **changes)  # the job goes on from what it knows
                raise
            except TransitionError:
                stored = self.store.get(self.record.id)
                if stored.state != JobState.DONE:
                    raise  # engine.run picks the job up where the history says it is
                # Another program brought the video home meanwhile: the job stays done and what this step
                # learned is not written. The step goes on (a command still saves the video where asked).
                self.record = stored
            return
        if "state" in changes:
            check_transition(self.record.state, changes["state"], has_request_id=bool(self.record.request_id))
        self.record = replace(self.record, **changes)

    def create_row(self) -> bool:
        """Write the job's row the first time a step runs. False when it was cancelled before that."""
        with self.lock:
            if self.flags.created:
                return not self.cancelled.is_set()
            if self.cancelled.is_set():
                self.record.state = JobState.CANCELLED
                self.record.error_message = JobWording.tr("Cancelled before it was sent.")
            if self.store is not None:
                self.store.create(self.record)
            self.flags.created = True
            return not self.cancelled.is_set()


# --- what a step reports ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Advanced:
    """The step did its work (already written). `next` runs after `delay_s` (None: the job is where it stays)."""

    next: Step | None = None
    delay_s: float = 0.0
    changed: bool = True  # False: a look that saw nothing new (the driver backs off)
    note: str | None = None
    video: VideoRef | None = None
    cancelled_after_submit: bool = False
    problem: BaseException | None = None  # something went wrong after the job's own work was done and kept


@dataclass(frozen=True)
class Retrying:
    """A passing failure: the same step again after `delay_s` (nothing was written)."""

    error: BaseException
    delay_s: float
    attempt: int
    note: str


@dataclass(frozen=True)
class NeedsKey:
    """The key was refused or is missing; the job is unchanged and waits for a key."""

    error: BaseException
    note: str


@dataclass(frozen=True)
class Ended:
    """The failure is final and written (FAILED, CANCELLED or SUBMIT_UNCERTAIN)."""

    error: BaseException
    verdict: Verdict
    offer: Offer
    field_issues: tuple[FieldIssue, ...] = ()
    needs_key: bool = False


@dataclass(frozen=True)
class GaveUp:
    """Out of patience on an idempotent step; the job is unchanged (it can be fetched later)."""

    error: BaseException


@dataclass(frozen=True)
class Stopped:
    """The job was cancelled or the program is stopping; nothing more was written."""


StepResult = Advanced | Retrying | NeedsKey | Ended | GaveUp | Stopped


@dataclass(frozen=True)
class StepReport:
    step: Step
    result: StepResult
    record: JobRecord

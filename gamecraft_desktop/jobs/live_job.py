"""A job as the window's driver holds it while the app runs: its history record plus what only this session
knows (progress bytes, the note shown, where it waits, whether a step of it is in flight)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import FieldIssue
from gamecraft_desktop.engine.context import FollowState, JobFlags, RowReset, VideoRef
from gamecraft_desktop.engine.rules import offer
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.jobs.job_events import JobEvent, run_inputs_of
from gamecraft_desktop.store.jobs_db import JobRecord

#: Shared between the GUI thread (cancel) and the job's step in flight.
SharedFlags = JobFlags


@dataclass
class LiveJob:
    record: JobRecord
    shared: SharedFlags
    source_image: Path | None = None
    source_sha256: str | None = None  # what the source must still hash to when it is prepared (None: unchecked)
    busy: bool = False  # a step of it is in flight (or waits for a transfer slot)
    poll_interval: float = 1.0
    error_streak: int = 0  # passing failures of the same step in a row
    bytes_up: int = 0
    bytes_up_total: int = 0
    bytes_down: int = 0
    bytes_down_total: int = 0
    note: str | None = None
    field_issues: tuple[FieldIssue, ...] = ()
    waiting_for_key: Step | None = None  # the step to run once a key (or the sandbox) is there
    video: VideoRef | None = None
    deleted: bool = False
    priority: str | None = None
    start_timeout_s: float | None = None
    cancel_requested: bool = False  # fal has (or may have) the job: follow it until fal says how it ended
    cancel_sent: bool = False
    follow: FollowState = field(default_factory=FollowState)
    held: bool = False  # another program's job that never reached fal: it waits for Send or Discard
    watched: bool = False  # a live command runs it (it holds the job's lease): shown as it goes, not driven here
    reset: RowReset | None = None  # written by the next upload, on the worker

    @property
    def job_id(self) -> str:
        return self.record.id


def event_of(job: LiveJob, joined_video: Path | None = None) -> JobEvent:
    """The job as the views see it now."""
    rec = job.record
    logs = tuple(rec.logs.split("\n")) if rec.logs else ()
    seg = (rec.segment_index, rec.segment_count) if rec.segment_index is not None and rec.segment_count else None
    finished = parse_time(rec.updated_at) if rec.state.is_terminal else None
    return JobEvent(
        job_id=rec.id, state=rec.state, prompt=rec.prompt or "", seed=rec.seed, mode=rec.mode,
        request_id=rec.request_id, queue_position=rec.queue_position, logs=logs, progress=seg,
        bytes_up=job.bytes_up or (rec.bytes_up or 0), bytes_up_total=job.bytes_up_total or (rec.bytes_up or 0),
        bytes_down=job.bytes_down or (rec.bytes_down or 0),
        bytes_down_total=job.bytes_down_total or (rec.video_size or 0),
        created_at=parse_time(rec.created_at), started_at=parse_time(rec.submitted_at), finished_at=finished,
        error=rec.error_message if rec.state in (JobState.FAILED, JobState.SUBMIT_UNCERTAIN, JobState.CANCELLED)
        else None,
        error_title=rec.error_kind, field_issues=job.field_issues, note=job.note,
        video_path=Path(rec.video_path) if rec.video_path and rec.state == JobState.DONE else None,
        thumbnail_path=Path(rec.thumbnail_first) if rec.thumbnail_first else None,
        frame_count=expected_frames(rec.input_json), offer=offer(rec, held=job.held), held=job.held,
        batch_id=rec.batch_id, cancel_requested=job.cancel_requested, continues=rec.parent_job_id,
        joined_video_path=joined_video, starred=bool(rec.starred),
        inputs=run_inputs_of(rec.input_json, rec.source_image_path))


@functools.lru_cache(maxsize=512)
def expected_frames(input_json: str) -> int:
    """Cached: every JobEvent carries the frame count, and parsing the input JSON on each of them was a
    visible share of the GUI thread's time while 20 jobs report progress."""
    try:
        wire = json.loads(input_json)
        actions = wire.get("action_list")
        n = len(json.loads(actions) if isinstance(actions, str) else actions)
    except (ValueError, TypeError, AttributeError):
        return 0
    return FRAMES_PER_ACTION * n


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)

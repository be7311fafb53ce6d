"""What the job manager tells the views: one typed, immutable snapshot per change of a job.

Workers never touch widgets: they hand results to the manager on the GUI thread, which emits a
`JobEvent` through a Qt signal. A view can rebuild a job's row from its latest event alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.run_inputs import RunInputs
from gamecraft_desktop.core.schema import FieldIssue
from gamecraft_desktop.engine.rules import Offer
from gamecraft_desktop.engine.wording import Where


@dataclass(frozen=True)
class JobEvent:
    """The state of one job right now (not a delta)."""

    job_id: str
    state: JobState
    prompt: str = ""
    seed: int | None = None
    mode: str = "sandbox"  # "fal" | "sandbox": sandbox results are simulated and marked as such
    request_id: str | None = None
    queue_position: int | None = None
    logs: tuple[str, ...] = ()
    progress: tuple[int, int] | None = None  # (segment i, N) when the model's logs say so
    bytes_up: int = 0
    bytes_up_total: int = 0
    bytes_down: int = 0
    bytes_down_total: int = 0
    created_at: datetime | None = None
    started_at: datetime | None = None  # submit time; elapsed counts from here once submitted
    finished_at: datetime | None = None
    error: str | None = None
    error_title: str | None = None
    field_issues: tuple[FieldIssue, ...] = ()
    note: str | None = None  # a transient remark: "connection lost, retrying in 4 s", "may still be billed"
    video_path: Path | None = None
    thumbnail_path: Path | None = None
    frame_count: int = 0
    offer: Offer = Offer.NOTHING  # what a stopped job offers (engine.rules.offer): refetch, resend, send…
    held: bool = False  # another program's job that never reached fal: Send or Discard, never sent on its own
    batch_id: str | None = None
    # A cancel was sent for a job fal holds: it stays in its state until fal says how it ended (removed from
    # the queue: CANCELLED; run to the end anyway: DONE, the paid video kept).
    cancel_requested: bool = False
    # "Continue from the last frame": the job this one continues, and this video joined after that one's.
    continues: str | None = None
    joined_video_path: Path | None = None
    starred: bool = False  # kept by the person: "Delete unstarred" spares it
    inputs: RunInputs | None = None  # what was asked (seed, path, prompt…): tells runs of one image apart

    @property
    def is_terminal(self) -> bool:
        return self.state.is_terminal

    @property
    def is_sandbox(self) -> bool:
        return self.mode == "sandbox"

    def elapsed_s(self, now: datetime) -> float:
        """Seconds since the job was created (or until it finished)."""
        start = self.created_at
        if start is None:
            return 0.0
        end = self.finished_at if self.finished_at is not None and self.is_terminal else now
        return max(0.0, (end - start).total_seconds())

    @property
    def can_cancel(self) -> bool:
        return not self.cancel_requested and not self.held and self.state in (
            JobState.UPLOADING, JobState.SUBMITTING, JobState.QUEUED, JobState.RUNNING)

    @property
    def can_retry(self) -> bool:
        return self.offer in (Offer.REFETCH, Offer.RESEND, Offer.SEND)

    @property
    def retry_is_free(self) -> bool:
        """A failed download of a completed job: fetching again costs nothing."""
        return self.offer is Offer.REFETCH

    @property
    def cancel_warning(self) -> str | None:
        """What to ask before cancelling: a running job may still finish (on fal: and be billed)."""
        return Where.of(self.mode).cancel_running_warning() if self.state == JobState.RUNNING else None


@lru_cache(maxsize=4096)
def run_inputs_of(input_json: str, source_image: str | None) -> RunInputs:
    """A job's inputs from its stored request body, parsed once per distinct body (events are made often)."""
    try:
        wire = json.loads(input_json)
    except ValueError:
        wire = {}
    return RunInputs.from_wire(wire if isinstance(wire, dict) else {}, source_image=source_image)

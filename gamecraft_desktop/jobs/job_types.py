"""The job manager's vocabulary: poll timing, what the composer hands over, a live job's in-memory state,
and the notes shown while a cancel is pending."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.schema import (
    DEFAULT_CFG_SCALE,
    DEFAULT_INFER_STEPS,
    DEFAULT_NEG_PROMPT,
    DEFAULT_SEED,
    FieldIssue,
    GameCraftInput,
)
from gamecraft_desktop.store.jobs_db import JobRecord


@dataclass(frozen=True)
class PollTiming:
    """Adaptive polling: fast after a change, backing off while nothing happens; retries back off too."""

    initial_s: float = 1.0
    max_s: float = 5.0
    factor: float = 1.5
    retry_base_s: float = 1.0
    retry_cap_s: float = 60.0
    running_max_s: float | None = None  # a lower cap while the job runs (its end is near): None = max_s
    #: Status requests per second for all jobs of this timing together: with many jobs in flight each
    #: one is polled less often (a batch of 20 does not make 20 × the requests, nor hog the GIL).
    polls_per_s: float | None = None


@dataclass(frozen=True)
class JobSpec:
    """What the composer hands over for one generation (or N with consecutive seeds)."""

    image_path: Path
    prompt: str
    path: CameraPath
    neg_prompt: str = DEFAULT_NEG_PROMPT
    cfg_scale: float = DEFAULT_CFG_SCALE
    infer_steps: int = DEFAULT_INFER_STEPS
    seed: int = DEFAULT_SEED
    priority: str | None = None
    start_timeout_s: float | None = None
    continues: str | None = None  # the job whose last frame is the image: the video is joined after it
    image_sha256: str | None = None  # of the file the person saw: the upload refuses a file changed since

    def input(self, seed: int | None = None) -> GameCraftInput:
        # The image URL is known only after upload: a placeholder until then.
        return GameCraftInput.from_path(image="data:,", prompt=self.prompt, path=self.path,
                                        neg_prompt=self.neg_prompt, cfg_scale=self.cfg_scale,
                                        infer_steps=self.infer_steps, seed=self.seed if seed is None else seed)


@dataclass(frozen=True)
class JobInputs:
    """A job's inputs, for loading back into the composer."""

    job_id: str
    image_path: Path | None
    input: GameCraftInput
    continues: str | None = None  # set by continue_from: the next Generate continues this job


@dataclass
class SharedFlags:
    """Shared between the GUI thread and the job's step in flight."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    cancelled: threading.Event = field(default_factory=threading.Event)
    created: bool = True


@dataclass
class LiveJob:
    record: JobRecord
    shared: SharedFlags
    source_image: Path | None = None
    source_sha256: str | None = None  # what the source must still hash to when it is prepared (None: unchecked)
    busy: bool = False
    poll_interval: float = 1.0
    error_streak: int = 0
    bytes_up: int = 0
    bytes_up_total: int = 0
    bytes_down: int = 0
    bytes_down_total: int = 0
    note: str | None = None
    field_issues: tuple[FieldIssue, ...] = ()
    waiting_for_key: str | None = None  # the step to run once a key is set
    video_url: str | None = None
    video_size: int | None = None
    deleted: bool = False
    priority: str | None = None
    start_timeout_s: float | None = None
    cancel_requested: bool = False  # fal has (or may have) the job: follow it until fal says how it ended
    cancel_sent: bool = False


#: A cancelled job that fal ran to the end anyway: billed, so its video is fetched and kept.
FINISHED_DESPITE_CANCEL = ("Finished despite cancel: fal ran it to the end (and bills it), so the video was "
                           "downloaded and kept.")
CANCEL_PENDING_RUNNING = ("Cancel requested. fal is already running it and may finish it anyway (and bill it): "
                          "if so, the video is kept.")
CANCEL_PENDING_QUEUED = "Cancel requested: waiting for fal to drop it from its queue."

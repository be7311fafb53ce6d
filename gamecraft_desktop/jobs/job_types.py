"""A job's inputs handed back to the composer; what the composer hands over is composer.job_spec.JobSpec."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gamecraft_desktop.composer.job_spec import JobSpec
from gamecraft_desktop.core.schema import GameCraftInput

__all__ = ["JobInputs", "JobSpec"]


@dataclass(frozen=True)
class JobInputs:
    """A job's inputs, for loading back into the composer."""

    job_id: str
    image_path: Path | None
    input: GameCraftInput
    continues: str | None = None  # set by continue_from: the next Generate continues this job

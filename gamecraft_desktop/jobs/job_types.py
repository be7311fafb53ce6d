"""What the composer hands over for a generation, and a job's inputs handed back to the composer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.schema import (
    DEFAULT_CFG_SCALE,
    DEFAULT_INFER_STEPS,
    DEFAULT_NEG_PROMPT,
    DEFAULT_SEED,
    GameCraftInput,
)


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

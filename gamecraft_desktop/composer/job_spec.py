"""What a Generate hands to the jobs side: the validated request minus the uploaded image URL.

Its own module, loaded when a request is first complete (composer/request.py's check): the first frame does
not need it, and a frozen dataclass costs ~1 ms to create at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.defaults import (
    DEFAULT_CFG_SCALE,
    DEFAULT_INFER_STEPS,
    DEFAULT_NEG_PROMPT,
    DEFAULT_SEED,
    ENDPOINT_ID,
    Priority,
)

if TYPE_CHECKING:
    from gamecraft_desktop.core.schema import GameCraftInput, ImageRef


@dataclass(frozen=True)
class JobSpec:
    """One generation as the composer hands it over (N with consecutive seeds for Runs ×N): everything needed
    to submit except the image URL, which the upload produces from `image_path`."""

    image_path: Path
    prompt: str
    path: CameraPath
    neg_prompt: str = DEFAULT_NEG_PROMPT
    cfg_scale: float = DEFAULT_CFG_SCALE
    infer_steps: int = DEFAULT_INFER_STEPS
    seed: int = DEFAULT_SEED
    image_sha256: str | None = None  # of the file the person saw: the upload refuses a file changed since
    endpoint: str = ENDPOINT_ID
    priority: Priority = "normal"
    start_timeout_s: float | None = None
    continues: str | None = None  # the job whose last frame is the image: the video is joined after it

    def to_input(self, image: ImageRef | str, *, seed: int | None = None) -> GameCraftInput:
        """The model input with the uploaded image (`seed` for one run of a batch); raises InputError (it was
        validated already)."""
        from gamecraft_desktop.core.schema import GameCraftInput

        return GameCraftInput.from_path(image=image, prompt=self.prompt, path=self.path,
                                        neg_prompt=self.neg_prompt, cfg_scale=self.cfg_scale,
                                        infer_steps=self.infer_steps, seed=self.seed if seed is None else seed)

    def input(self, seed: int | None = None) -> GameCraftInput:
        """The input before the upload (the image URL is a placeholder until then)."""
        return self.to_input("data:,", seed=seed)

    def submit_options(self) -> dict[str, Any]:
        """Keyword arguments for fal.queue_client.SubmitOptions."""
        return {"priority": self.priority, "start_timeout_s": self.start_timeout_s}

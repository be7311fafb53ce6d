"""The endpoint's defaults and the soft prompt warnings, without pydantic.

Kept apart from core/schema.py so the window can start (and show these values) before the pydantic
models are imported; schema.py re-exports every name here.
"""

from __future__ import annotations

ENDPOINT_ID = "anthonywu/gamecraft"
DEFAULT_PROMPT = ""
DEFAULT_NEG_PROMPT = (
    "overexposed, low quality, deformation, a poor composition, bad hands, bad teeth, bad eyes, bad limbs, "
    "distortion, blurring, text, subtitles, static, picture, black border."
)
DEFAULT_ACTIONS = ["w", "s", "d", "a"]
DEFAULT_SPEEDS = [0.2, 0.2, 0.2, 0.2]
DEFAULT_CFG_SCALE = 2.0
DEFAULT_INFER_STEPS = 5
DEFAULT_SEED = 42
PROMPT_WORD_WARNING = 200


def prompt_warnings(prompt: str, seed: int) -> list[str]:
    """Soft warnings that do not block sending."""
    out: list[str] = []
    words = len(prompt.split())
    if words > PROMPT_WORD_WARNING:
        out.append(f"The prompt has {words} words; the model reads about the first 256 tokens (~200 words).")
    if seed == 0:
        out.append("Seed 0 means a random seed on the server: the result cannot be reproduced.")
    return out


PROJECT_SUFFIX = ".gamecraft.json"


def is_project_file_name(name: str) -> bool:
    """A `*.gamecraft.json` name (case-insensitive)."""
    return name.lower().endswith(PROJECT_SUFFIX)

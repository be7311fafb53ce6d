"""The endpoint's defaults and the soft prompt warnings, without pydantic.

Kept apart from core/schema.py so the window can start (and show these values) before the pydantic
models are imported; schema.py re-exports every name here.
"""

from __future__ import annotations

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, SECONDS_PER_ACTION

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

#: The seed is a signed 64-bit integer on the wire (what the endpoint's int and torch's generator take).
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1

#: Rough time on fal for one move at the default 5 steps: a 4-move job has been reported at 10+ minutes
#: on an H100 (gamecraft-model.md). Time grows linearly with moves and with steps.
SECONDS_PER_MOVE_AT_DEFAULT_STEPS = 150.0
#: Above this estimated time per run (four times the default request) a request is called costly.
COSTLY_RUN_MINUTES = 40.0


def prompt_warnings(prompt: str, seed: int) -> list[str]:
    """Soft warnings that do not block sending."""
    out: list[str] = []
    words = len(prompt.split())
    if words > PROMPT_WORD_WARNING:
        out.append(f"The prompt has {words} words; the model reads about the first 256 tokens (~200 words).")
    if seed == 0:
        out.append("Seed 0 means a random seed on the server: the result cannot be reproduced.")
    return out


def parse_seed(text: str) -> int | None:
    """The seed field's whole number, or None when `seed_problem` has something to say about it."""
    return None if seed_problem(text) else int(text.strip())


def seed_problem(text: str) -> str | None:
    """Why the seed field's text cannot be sent, in words; None for a whole number in range."""
    t = text.strip()
    if not t:
        return "The seed is empty: type a whole number, or press Random."
    digits = t[1:] if t[:1] in "+-" else t
    if not digits.isascii() or not digits.isdigit():
        try:
            float(t) if t.isascii() else float("x")
        except ValueError:
            return f"The seed must be a whole number; “{t[:24]}” is not a number."
        return f"The seed must be a whole number; {t[:24]} has a fractional part or exponent."
    value = int(t)
    if not SEED_MIN <= value <= SEED_MAX:
        return (f"Seed {t[:24]}{'…' if len(t) > 24 else ''} is out of range: seeds go from {SEED_MIN} "
                f"to {SEED_MAX}.")
    return None


def batch_seeds(seed: int, runs: int) -> tuple[int, int]:
    """The first and last seed of a Generate ×`runs`: consecutive seeds, seed … seed + runs − 1."""
    return seed, seed + max(1, runs) - 1


def estimated_run_seconds(moves: int, steps: int) -> float:
    """A rough time on fal for one run (the model renders one chunk per move, each `steps` denoising steps)."""
    return SECONDS_PER_MOVE_AT_DEFAULT_STEPS * max(0, moves) * max(0, steps) / DEFAULT_INFER_STEPS


def format_duration(seconds: float) -> str:
    """'45 s', '12 min', '3.5 h', '9 days': a length a person reads at a glance."""
    if seconds < 90:
        return f"{round(seconds, 1):g} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        hours = seconds / 3600
        return f"{hours:.1f} h" if hours < 10 else f"{hours:.0f} h"
    return f"{seconds / 86400:.0f} days"


def cost_warnings(moves: int, steps: int, runs: int = 1) -> list[str]:
    """A warning (not a refusal: the model can do it) for a request far costlier than the default one,
    with the video's length and the estimated time on fal."""
    per_run = estimated_run_seconds(moves, steps)
    if per_run <= COSTLY_RUN_MINUTES * 60:
        return []
    runs_text = f" per run, {format_duration(per_run * runs)} for {runs} runs" if runs > 1 else ""
    return [f"Costly request: {moves} move{'s' if moves != 1 else ''} make a {format_duration(moves * SECONDS_PER_ACTION)}"
            f" video ({moves * FRAMES_PER_ACTION} frames) at {steps} step{'s' if steps != 1 else ''} each, "
            f"which may take about {format_duration(per_run)} on fal{runs_text} (the default 4 moves at "
            f"{DEFAULT_INFER_STEPS} steps take about {format_duration(estimated_run_seconds(4, DEFAULT_INFER_STEPS))})."
            " fal bills the time it runs."]


PROJECT_SUFFIX = ".gamecraft.json"


def is_project_file_name(name: str) -> bool:
    """A `*.gamecraft.json` name (case-insensitive)."""
    return name.lower().endswith(PROJECT_SUFFIX)

"""The endpoint's defaults and the soft prompt warnings, without pydantic.

Kept apart from core/schema.py so the window can start (and show these values) before the pydantic
models are imported; schema.py re-exports every name here.
"""

from __future__ import annotations

from typing import Literal

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, SECONDS_PER_ACTION
from gamecraft_desktop.core.texts import Texts, number

#: fal's queue priority for a submit.
Priority = Literal["normal", "low"]

#: The request's checks in words (core/texts.py: the name is the translation context).
RequestRules = Texts("RequestRules")

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
        out.append(RequestRules.tr("The prompt has %n words; the model reads about the first 256 tokens "
                                   "(~200 words).", "", words))
    if seed == 0:
        out.append(RequestRules.tr("Seed 0 means a random seed on the server: the result cannot be reproduced."))
    return out


def parse_seed(text: str) -> int | None:
    """The seed field's whole number, or None when `seed_problem` has something to say about it."""
    return None if seed_problem(text) else int(text.strip())


def seed_problem(text: str) -> str | None:
    """Why the seed field's text cannot be sent, in words; None for a whole number in range."""
    t = text.strip()
    if not t:
        return RequestRules.tr("The seed is empty: type a whole number, or press Random.")
    digits = t[1:] if t[:1] in "+-" else t
    if not digits.isascii() or not digits.isdigit():
        try:
            float(t) if t.isascii() else float("x")
        except ValueError:
            return RequestRules.tr("The seed must be a whole number; “{text}” is not a number.").format(text=t[:24])
        return RequestRules.tr("The seed must be a whole number; {text} has a fractional part or exponent.") \
            .format(text=t[:24])
    value = int(t)
    if not SEED_MIN <= value <= SEED_MAX:
        return RequestRules.tr("Seed {seed} is out of range: seeds go from {low} to {high}.").format(
            seed=t[:24] + ("…" if len(t) > 24 else ""), low=SEED_MIN, high=SEED_MAX)
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
        return RequestRules.tr("{n} s").format(n=number(round(seconds, 1)))
    if seconds < 90 * 60:
        return RequestRules.tr("{n} min").format(n=number(seconds / 60, 0))
    if seconds < 48 * 3600:
        hours = seconds / 3600
        return RequestRules.tr("{n} h").format(n=number(hours, 1 if hours < 10 else 0))
    return RequestRules.tr("%n day(s)", "", round(seconds / 86400))


def cost_warnings(moves: int, steps: int, runs: int = 1) -> list[str]:
    """A warning (not a refusal: the model can do it) for a request far costlier than the default one,
    with the video's length and the estimated time on fal."""
    per_run = estimated_run_seconds(moves, steps)
    if per_run <= COSTLY_RUN_MINUTES * 60:
        return []
    video = RequestRules.tr("%n move(s) make a {length} video ({frames} frames)", "", moves).format(
        length=format_duration(moves * SECONDS_PER_ACTION), frames=moves * FRAMES_PER_ACTION)
    steps_text = RequestRules.tr("at %n step(s) each", "", steps)
    time_text = RequestRules.tr("which may take about {time} on fal").format(time=format_duration(per_run))
    if runs > 1:
        time_text = RequestRules.tr("which may take about {time} on fal per run, {total} for %n runs", "",
                                    runs).format(time=format_duration(per_run), total=format_duration(per_run * runs))
    default = RequestRules.tr("the default 4 moves at {steps} steps take about {time}").format(
        steps=DEFAULT_INFER_STEPS, time=format_duration(estimated_run_seconds(4, DEFAULT_INFER_STEPS)))
    return [RequestRules.tr("Costly request: {video} {steps}, {time} ({default}). fal bills the time it runs.")
            .format(video=video, steps=steps_text, time=time_text, default=default)]


PROJECT_SUFFIX = ".gamecraft.json"


def is_project_file_name(name: str) -> bool:
    """A `*.gamecraft.json` name (case-insensitive)."""
    return name.lower().endswith(PROJECT_SUFFIX)

"""What one run was asked to do, in a form that compares cheaply: telling runs of the same image apart.

Jobs of one image and prompt look the same in a list; what sets each apart is its seed, path, speeds, CFG or
steps. This module answers, without Qt: what differs between 2–4 runs (the compare view's table), what is
unique to one of them (a compare tile's caption), and a short line that tells a job from its neighbours
(the jobs list). Values are plain text made of numbers, keys and the prompt's own words: nothing to translate.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, CameraPath
from gamecraft_desktop.core.defaults import DEFAULT_CFG_SCALE, DEFAULT_INFER_STEPS, DEFAULT_NEG_PROMPT

#: Runs of one move at least this long are written once with a count ("W×4").
RUN_LENGTH_FROM = 3
#: More speed values than this are summarised as a range ("0.1–0.6").
MAX_LISTED_SPEEDS = 6
#: The image URL a job holds until its image is uploaded (the source file then names the image).
_PLACEHOLDER_IMAGES = ("", "data:,")
_MOVE_KEYS = frozenset({"w", "a", "s", "d"})
_NO_VALUE = object()


class InputField(StrEnum):
    """The inputs the compare view's table lists, in its order."""

    SEED = "seed"
    MOVES = "moves"
    SPEEDS = "speeds"
    PROMPT = "prompt"
    NEG_PROMPT = "neg_prompt"
    CFG = "cfg_scale"
    STEPS = "infer_steps"
    IMAGE = "image"


@dataclass(frozen=True, slots=True)
class RunInputs:
    """One run's inputs. `image_key` tells images apart (same file, same key); `image_name` is for people."""

    seed: int | None
    moves: tuple[str, ...]
    speeds: tuple[float, ...]
    prompt: str
    neg_prompt: str = DEFAULT_NEG_PROMPT
    cfg_scale: float = DEFAULT_CFG_SCALE
    infer_steps: int = DEFAULT_INFER_STEPS
    image_key: str = ""
    image_name: str = ""

    @classmethod
    def from_wire(cls, wire: Mapping[str, Any], *, source_image: str | None = None) -> RunInputs:
        """From a job's stored input (the request body as sent: the two lists may be JSON strings).

        Tolerant: a history row written by another version still gives what it can, never an exception.
        """
        url = _image_url(wire.get("image"))
        if source_image:
            # The file the person chose: runs of a batch upload it at the same moment, each under its own URL.
            key = f"file:{source_image}"
        elif url in _PLACEHOLDER_IMAGES:
            key = ""
        else:  # a data: URI can be megabytes long, so it is hashed
            key = url if len(url) <= 512 else "sha1:" + hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()
        name = _file_name(source_image) if source_image else _file_name(url) if url.startswith("http") else ""
        return cls(
            seed=_int_or_none(wire.get("seed")),
            moves=tuple(str(a).upper() for a in _list(wire.get("action_list"))),
            speeds=tuple(_float(s) for s in _list(wire.get("action_speed_list"))),
            prompt=str(wire.get("prompt") or ""),
            neg_prompt=str(wire.get("neg_prompt", DEFAULT_NEG_PROMPT) or ""),
            cfg_scale=_float(wire.get("cfg_scale", DEFAULT_CFG_SCALE)),
            infer_steps=_int_or_none(wire.get("infer_steps")) or DEFAULT_INFER_STEPS,
            image_key=key,
            image_name=name,
        )

    @property
    def frame_count(self) -> int:
        return FRAMES_PER_ACTION * len(self.moves)

    def path(self) -> CameraPath:
        """The camera path asked for (moves this app does not know are left out)."""
        known = [(m.lower(), s) for m, s in zip(self.moves, self.speeds, strict=False) if m.lower() in _MOVE_KEYS]
        return CameraPath.of([m for m, _ in known], [s for _, s in known])

    def same_scene(self, other: RunInputs) -> bool:
        """Same image and prompt: the runs a person must tell apart by their other inputs."""
        return self.image_key == other.image_key and _words(self.prompt) == _words(other.prompt)


# --- text for people -------------------------------------------------------------------------------------

def number_text(value: float) -> str:
    """0.3, 2, 2.5: the shortest exact form (no trailing zeros)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def moves_text(moves: Sequence[str]) -> str:
    """'W D S A'; a run of one move is written once with its count: 'W×4 A'."""
    return " ".join(f"{m}×{n}" if n >= RUN_LENGTH_FROM else " ".join([m] * n) for m, n in _runs(list(moves)))


def speeds_text(speeds: Sequence[float]) -> str:
    """'0.3' when every move has that speed, else each speed ('0.2 0.3×3'), or the range when there are many."""
    if not speeds:
        return "–"
    if len(set(speeds)) == 1:
        return number_text(speeds[0])
    runs = _runs(list(speeds))
    if len(runs) > MAX_LISTED_SPEEDS:
        return f"{number_text(min(speeds))}–{number_text(max(speeds))}"
    return " ".join(f"{number_text(v)}×{n}" if n >= RUN_LENGTH_FROM else " ".join([number_text(v)] * n)
                    for v, n in runs)


def path_summary(run: RunInputs) -> str:
    """The path in a few characters: 'W D S A · 0.3'."""
    return f"{moves_text(run.moves)} · {speeds_text(run.speeds)}"


#: (input, its value as text): the pieces a caption is made of; the window words them (translated).
Part = tuple[InputField, str]


def distinct_parts(run: RunInputs) -> list[Part]:
    """What tells a job from a neighbour with the same image and prompt: its seed, its moves and speeds, and
    CFG or steps when they are not the default (worded 'seed 43 · W D S A · 0.3 · CFG 3')."""
    parts: list[Part] = [(InputField.SEED, str(run.seed) if run.seed is not None else "–"),
                         (InputField.MOVES, moves_text(run.moves)), (InputField.SPEEDS, speeds_text(run.speeds))]
    if run.cfg_scale != DEFAULT_CFG_SCALE:
        parts.append((InputField.CFG, number_text(run.cfg_scale)))
    if run.infer_steps != DEFAULT_INFER_STEPS:
        parts.append((InputField.STEPS, str(run.infer_steps)))
    return parts


# --- comparing runs ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class InputRow:
    """One input across the compared runs: its text per run, whether the runs differ in it, and per run
    whether its value is particular to it (see `particular`)."""

    field: InputField
    values: tuple[str, ...]
    differs: bool
    full: tuple[str, ...] = ()  # the whole value per run where `values` shows only part (prompt words)
    particular: tuple[bool, ...] = ()


def compare_inputs(runs: Sequence[RunInputs]) -> tuple[InputRow, ...]:
    """Every input of the runs in table order, each marked as differing or shared."""
    rows = [
        _row(InputField.SEED, [str(r.seed) if r.seed is not None else "–" for r in runs]),
        _row(InputField.MOVES, [moves_text(r.moves) for r in runs], [tuple(r.moves) for r in runs]),
        _row(InputField.SPEEDS, [speeds_text(r.speeds) for r in runs], [tuple(r.speeds) for r in runs]),
        _prompt_row(InputField.PROMPT, [r.prompt for r in runs]),
        _prompt_row(InputField.NEG_PROMPT, [r.neg_prompt for r in runs]),
        _row(InputField.CFG, [number_text(r.cfg_scale) for r in runs]),
        _row(InputField.STEPS, [str(r.infer_steps) for r in runs]),
        _row(InputField.IMAGE, [r.image_name or "–" for r in runs], [r.image_key for r in runs]),
    ]
    return tuple(rows)


def differing(runs: Sequence[RunInputs]) -> tuple[InputRow, ...]:
    """Only the inputs the runs differ in."""
    return tuple(row for row in compare_inputs(runs) if row.differs)


def unique_parts(runs: Sequence[RunInputs], index: int) -> list[Part]:
    """A compare tile's caption: the run's seed, then its value of every other input that sets it apart
    (worded 'seed 43 · W×4 · speed 0.5 · CFG 3 · “dusk”'; a prompt's value is its particular words). A value
    most of the compared runs share is left out: with CFG 3, 2, 2, 2 only the first says "CFG 3"."""
    run = runs[index]
    parts: list[Part] = [(InputField.SEED, str(run.seed) if run.seed is not None else "–")]
    parts += [(row.field, row.values[index]) for row in differing(runs)
              if row.field is not InputField.SEED and row.particular[index]]
    return parts


def particular(keys: Sequence[object]) -> tuple[bool, ...]:
    """Per run, whether its value sets it apart: every value but the one most runs share. With no such value
    (all alike, or a tie: 1–1, 2–2, 1–1–1–1) every value is particular when they differ, none when alike."""
    counts = Counter(keys).most_common(2)
    if len(counts) < 2:
        return tuple(False for _ in keys)
    common = counts[0][0] if counts[0][1] > counts[1][1] else _NO_VALUE
    return tuple(k != common for k in keys)


def particular_words(prompts: Sequence[str]) -> list[str]:
    """Per prompt, its words that not every prompt has, in its own order ('dusk' against 'noon')."""
    tokens = [p.split() for p in prompts]
    shared = set.intersection(*(set(_fold(t)) for t in tokens)) if tokens else set()
    return [" ".join(w for w in t if w.casefold() not in shared) for t in tokens]


# --- internals -------------------------------------------------------------------------------------------

def _row(field: InputField, values: list[str], keys: Sequence[object] | None = None) -> InputRow:
    compared = list(keys) if keys is not None else values
    return InputRow(field, tuple(values), any(k != compared[0] for k in compared[1:]), particular=particular(compared))


def _prompt_row(field: InputField, prompts: list[str]) -> InputRow:
    differs = len({_words(p) for p in prompts}) > 1
    shown = particular_words(prompts) if differs else [" ".join(p.split()) for p in prompts]
    return InputRow(field, tuple(shown), differs, tuple(prompts), particular([_words(p) for p in prompts]))


def _words(text: str) -> tuple[str, ...]:
    return tuple(_fold(text.split()))


def _fold(words: Sequence[str]) -> list[str]:
    return [w.casefold() for w in words]


def _runs(items: list[Any]) -> list[tuple[Any, int]]:
    out: list[tuple[Any, int]] = []
    for item in items:
        if out and out[-1][0] == item:
            out[-1] = (item, out[-1][1] + 1)
        else:
            out.append((item, 1))
    return out


def _list(value: Any) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return list(value) if isinstance(value, list | tuple) else []


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _image_url(value: Any) -> str:
    if isinstance(value, Mapping):
        value = value.get("url")
    return value if isinstance(value, str) else ""


def _file_name(text: str) -> str:
    return text.rstrip("/").replace("\\", "/").rsplit("/", 1)[-1].split("?", 1)[0]

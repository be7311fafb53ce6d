"""The timeline's words: seconds, block tooltips and the digit-key speeds (the path summary is the
composer's, shared with the window's summary line)."""

from __future__ import annotations

from gamecraft_desktop.composer.request import path_summary
from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, SECONDS_PER_ACTION, Step
from gamecraft_desktop.core.texts import Texts, number
from gamecraft_desktop.ui.path_menus import action_label

__all__ = ["TimelineText", "block_tooltip", "digit_speed", "format_seconds", "format_speed", "path_summary"]

#: Words painted on or said about the timeline outside its widget classes (core/texts.py).
TimelineText = Texts("TimelineText")


def digit_speed(digit: int) -> float:
    """The speed a digit key sets: 1 → 0.1 … 9 → 0.9, 0 → 1.0."""
    return 1.0 if digit == 0 else digit / 10


def format_seconds(seconds: float) -> str:
    """5.5 → '5.5 s', 1.375 → '1.375 s', 0 → '0 s' (the decimal sign of the reader's locale)."""
    return TimelineText.tr("{n} s").format(n=number(round(seconds, 3)))


def format_speed(speed: float) -> str:
    """A speed as blocks and lists show it: two decimals (0.30, or 0,30 in German)."""
    return number(speed, 2)


def block_tooltip(index: int, step: Step, invalid: bool) -> str:
    """What hovering block `index` explains: the move, its speed and its frames and seconds."""
    f0 = index * FRAMES_PER_ACTION
    text = TimelineText.tr("Move {i}: {move}, speed {speed}\nframes {first}–{last} ({start} – {end})").format(
        i=index + 1, move=action_label(step.action), speed=format_speed(step.speed), first=f0,
        last=f0 + FRAMES_PER_ACTION - 1, start=format_seconds(index * SECONDS_PER_ACTION),
        end=format_seconds((index + 1) * SECONDS_PER_ACTION))
    if invalid:
        text += "\n" + TimelineText.tr("Not sendable: speeds must be above 0 and at most 3, and only W, A, S, D "
                                       "work.")
    return text

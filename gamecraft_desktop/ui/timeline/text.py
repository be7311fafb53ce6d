"""The timeline's words: the path summary, seconds, block tooltips and the digit-key speeds."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, SECONDS_PER_ACTION, CameraPath, Step
from gamecraft_desktop.ui.path_menus import action_label


def tr(text: str) -> str:
    """Translate in the timeline's context (the strings predate the split into modules)."""
    return QCoreApplication.translate("TimelineView", text)


def digit_speed(digit: int) -> float:
    """The speed a digit key sets: 1 → 0.1 … 9 → 0.9, 0 → 1.0."""
    return 1.0 if digit == 0 else digit / 10


def format_seconds(seconds: float) -> str:
    """5.5 → '5.5 s', 1.375 → '1.375 s', 0 → '0 s'."""
    return tr("%1 s").replace("%1", f"{seconds:.3f}".rstrip("0").rstrip("."))


def path_summary(path: CameraPath) -> str:
    """'4 moves · 132 frames · 5.5 s' — what the timeline header and the window's summary show."""
    n = len(path)
    moves = tr("1 move") if n == 1 else tr("%1 moves").replace("%1", str(n))
    frames = tr("%1 frames").replace("%1", str(path.frame_count))
    return f"{moves} · {frames} · {format_seconds(path.duration_seconds)}"


def block_tooltip(index: int, step: Step, invalid: bool) -> str:
    """What hovering block `index` explains: the move, its speed and its frames and seconds."""
    f0 = index * FRAMES_PER_ACTION
    text = tr("Move %1: %2, speed %3\nframes %4–%5 (%6 – %7)")
    for k, v in (("%1", str(index + 1)), ("%2", action_label(step.action)), ("%3", f"{step.speed:.2f}"),
                 ("%4", str(f0)), ("%5", str(f0 + FRAMES_PER_ACTION - 1)),
                 ("%6", format_seconds(index * SECONDS_PER_ACTION)),
                 ("%7", format_seconds((index + 1) * SECONDS_PER_ACTION))):
        text = text.replace(k, v)
    if invalid:
        text += "\n" + tr("Not sendable: speeds must be above 0 and at most 3, and only W, A, S, D work.")
    return text

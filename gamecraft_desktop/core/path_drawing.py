"""How a camera path is drawn top-down, shared by the path map (Qt) and the contact sheet (Pillow).

Pure geometry and colour rules: fitting the path into a rectangle (forward is up), the scale bar's
length, where direction arrows go, and the colour of each move and marker on light and dark backgrounds.
One rule in one place, so a contact sheet shows the path exactly as the path map does.
"""

from __future__ import annotations

import colorsys
import math
from typing import NamedTuple

from gamecraft_desktop.core.camera_path import Action

#: Hue per action (degrees): forward blue, back orange, left green, right purple; rotations grey.
ACTION_HUES: dict[Action, int] = {
    Action.FORWARD: 210,
    Action.BACKWARD: 28,
    Action.LEFT: 140,
    Action.RIGHT: 285,
}
#: (saturation, lightness) of a move's stroke (map lines, block outlines) and fill (timeline blocks).
STROKE_SL = {"light": (0.70, 0.38), "dark": (0.65, 0.62)}
FILL_SL = {"light": (0.70, 0.85), "dark": (0.45, 0.30)}
#: Fixed-meaning colours: (on a dark background, on a light background).
ACCENTS: dict[str, tuple[str, str]] = {
    "playhead": ("#ff6b6b", "#d32f2f"),
    "warning": ("#ffb74d", "#b26a00"),
    "record": ("#ff5252", "#c62828"),
    "start": ("#66bb6a", "#2e7d32"),
    "end": ("#ef5350", "#c62828"),
    "camera": ("#ffd54f", "#e65100"),
}
#: Direction arrows are drawn on at most this many segments (more is clutter).
MAX_ARROWS = 120
#: Arrows are left off segments shorter than this (pixels).
MIN_ARROW_SEGMENT = 18.0


def action_hsl(action: Action, *, dark: bool, fill: bool = False) -> tuple[float, float, float] | None:
    """(hue, saturation, lightness) in 0..1 of a move's stroke or fill; None for moves without a hue."""
    hue = ACTION_HUES.get(action)
    if hue is None:
        return None
    s, lightness = (FILL_SL if fill else STROKE_SL)["dark" if dark else "light"]
    return hue / 360, s, lightness


def action_rgb(action: Action, *, dark: bool, fill: bool = False) -> tuple[int, int, int] | None:
    """The same colour as 8-bit RGB (for painters without HSL, such as Pillow)."""
    hsl = action_hsl(action, dark=dark, fill=fill)
    if hsl is None:
        return None
    r, g, b = colorsys.hls_to_rgb(hsl[0], hsl[2], hsl[1])
    return round(r * 255), round(g * 255), round(b * 255)


def accent_hex(role: str, *, dark: bool) -> str:
    light_on_dark, dark_on_light = ACCENTS[role]
    return light_on_dark if dark else dark_on_light


def nice_length(max_units: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above `max_units` (the scale bar's length)."""
    if max_units <= 0 or not math.isfinite(max_units):
        return 1.0
    k = math.floor(math.log10(max_units))
    for m in (5, 2, 1):
        if m * 10**k <= max_units * (1 + 1e-9):
            return float(m * 10**k)
    return float(10**k)


class MapFit(NamedTuple):
    """Speed units to pixels: X to the right, forward (Y) up the screen."""

    scale: float  # pixels per speed unit
    centre_units: tuple[float, float]
    centre_px: tuple[float, float]

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (self.centre_px[0] + (x - self.centre_units[0]) * self.scale,
                self.centre_px[1] - (y - self.centre_units[1]) * self.scale)


def fit_path(bounds: tuple[float, float, float, float], area: tuple[float, float, float, float]) -> MapFit:
    """Fit a path's bounds (min x, min y, max x, max y) into `area` (left, top, width, height), centred.

    A straight line is not blown up sideways; an empty path (or one that stays put) shows one unit.
    """
    min_x, min_y, max_x, max_y = bounds
    left, top, width, height = area
    w, h = max(width, 1.0), max(height, 1.0)
    span_x, span_y = max_x - min_x, max_y - min_y
    span = max(span_x, span_y)
    if span < 1e-9:
        span_x = span_y = span = 1.0
    scale = min(w / max(span_x, span * 1e-3), h / max(span_y, span * 1e-3))
    return MapFit(scale, ((min_x + max_x) / 2, (min_y + max_y) / 2), (left + width / 2, top + height / 2))


def arrow_stride(segments: int) -> int:
    """Draw an arrow on every n-th segment so that at most MAX_ARROWS are drawn, evenly spread."""
    return max(1, -(-segments // MAX_ARROWS))


def arrow_head(ax: float, ay: float, bx: float, by: float,
               size: float = 6.0) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]] | None:
    """The triangle of the direction arrow on the segment a→b (pixels), or None when it is too short.

    It sits at 40 % rather than halfway, so a move and its exact reverse (W then S) show two arrows.
    """
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    if length < MIN_ARROW_SEGMENT:
        return None
    ux, uy = dx / length, dy / length
    tx, ty = ax + dx * 0.4 + ux * 4, ay + dy * 0.4 + uy * 4
    return ((tx, ty),
            (tx - ux * size * 1.6 - uy * size, ty - uy * size * 1.6 + ux * size),
            (tx - ux * size * 1.6 + uy * size, ty - uy * size * 1.6 - ux * size))

"""Colours for the timeline and the path map, derived from the widget's palette so they stay readable in
light and dark themes. Text colours are picked by WCAG contrast, not assumed. The hues and tones per move
live in core.path_drawing, shared with the contact sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from gamecraft_desktop.core.camera_path import Action
from gamecraft_desktop.core.path_drawing import accent_hex, action_hsl

#: WCAG AA for normal text.
MIN_TEXT_CONTRAST = 4.5


def relative_luminance(c: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def chan(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * chan(c.redF()) + 0.7152 * chan(c.greenF()) + 0.0722 * chan(c.blueF())


def composite(fg: QColor, bg: QColor) -> QColor:
    """What `fg` looks like drawn over `bg` (alpha blending in sRGB, as QPainter does): opaque."""
    if bg.alphaF() < 1.0:
        bg = composite(bg, QColor(255, 255, 255))
    a = fg.alphaF()
    return QColor.fromRgbF(fg.redF() * a + bg.redF() * (1 - a), fg.greenF() * a + bg.greenF() * (1 - a),
                           fg.blueF() * a + bg.blueF() * (1 - a))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast of two colours as drawn: a translucent one is first blended over the other (a
    half-transparent black on white is the grey it shows, ~4:1, not 21:1)."""
    if a.alphaF() < 1.0 and b.alphaF() >= 1.0:
        a = composite(a, b)
    elif b.alphaF() < 1.0:
        b = composite(b, a if a.alphaF() >= 1.0 else QColor(255, 255, 255))
        a = composite(a, QColor(255, 255, 255))
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


#: legible()'s answers: the same few colours are asked for again at every start-up and every repaint of the
#: job rows, and each answer walks the lightness scale in Python (up to ~0.1 ms).
_LEGIBLE: dict[tuple[tuple[float, ...], tuple[float, ...], float], QColor] = {}


def legible(color: QColor, background: QColor, minimum: float = MIN_TEXT_CONTRAST + 0.1) -> QColor:
    """`color` (its hue and saturation kept) made darker or lighter, away from `background`, until text in it
    reaches `minimum` contrast there; opaque. Colours that already read are returned as drawn."""
    key = (color.getRgbF(), background.getRgbF(), minimum)
    known = _LEGIBLE.get(key)
    if known is None:
        if len(_LEGIBLE) > 1024:
            _LEGIBLE.clear()
        known = _LEGIBLE[key] = _legible(color, background, minimum)
    return QColor(known)  # a copy: callers may change theirs


def _legible(color: QColor, background: QColor, minimum: float) -> QColor:
    bg = composite(background, QColor(255, 255, 255))
    c = composite(color, bg)
    if contrast_ratio(c, bg) >= minimum:
        return c
    h, s, lightness, _a = c.getHslF()
    step = -0.01 if relative_luminance(bg) > 0.18 else 0.01  # dark text on light, light text on dark
    while 0.0 <= lightness <= 1.0:
        lightness += step
        candidate = QColor.fromHslF(max(h, 0.0), s, min(1.0, max(0.0, lightness)))
        if contrast_ratio(candidate, bg) >= minimum:
            return candidate
    return QColor(0, 0, 0) if step < 0 else QColor(255, 255, 255)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def readable_text(background: QColor, palette: QPalette) -> QColor:
    """The palette's text colour if it reads on `background`, else whichever of the palette's text and
    base colours (then black/white) contrasts best."""
    candidates = [
        palette.color(QPalette.ColorRole.Text),
        palette.color(QPalette.ColorRole.Base),
        palette.color(QPalette.ColorRole.WindowText),
        QColor(0, 0, 0),
        QColor(255, 255, 255),
    ]
    for c in candidates:
        if contrast_ratio(c, background) >= MIN_TEXT_CONTRAST:
            return c
    return max(candidates, key=lambda c: contrast_ratio(c, background))


def action_fill(action: Action, palette: QPalette) -> QColor:
    """A block's fill: pastel on light themes, deep on dark ones."""
    hsl = action_hsl(action, dark=is_dark(palette), fill=True)
    return palette.color(QPalette.ColorRole.Mid) if hsl is None else QColor.fromHslF(*hsl)


def action_stroke(action: Action, palette: QPalette) -> QColor:
    """A stronger tone of the action's hue, for outlines and the map."""
    hsl = action_hsl(action, dark=is_dark(palette))
    return palette.color(QPalette.ColorRole.Dark) if hsl is None else QColor.fromHslF(*hsl)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """An opaque colour `t` of the way from `a` to `b` (pre-blended: translucent strokes are slow to paint)."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def accent(palette: QPalette, role: str) -> QColor:
    """Fixed-meaning colours (playhead, warning, start, end) tuned to the theme's lightness."""
    return QColor(accent_hex(role, dark=is_dark(palette)))


def dark_palette() -> QPalette:
    """A plain dark palette (used by screenshots and tests; the app follows the system scheme)."""
    p = QPalette()
    roles = QPalette.ColorRole
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    p.setColor(roles.Window, window)
    p.setColor(roles.WindowText, text)
    p.setColor(roles.Base, base)
    p.setColor(roles.AlternateBase, QColor("#26282b"))
    p.setColor(roles.Text, text)
    p.setColor(roles.Button, window)
    p.setColor(roles.ButtonText, text)
    p.setColor(roles.Highlight, QColor("#3d7bd9"))
    p.setColor(roles.HighlightedText, QColor("#ffffff"))
    p.setColor(roles.ToolTipBase, window)
    p.setColor(roles.ToolTipText, text)
    p.setColor(roles.PlaceholderText, QColor("#9aa0a6"))
    p.setColor(roles.Mid, QColor("#4a4d52"))
    p.setColor(roles.Dark, QColor("#111214"))
    p.setColor(roles.Light, QColor("#5a5d63"))
    p.setColor(roles.Midlight, QColor("#3c3f44"))
    p.setColor(roles.Shadow, QColor("#000000"))
    return p

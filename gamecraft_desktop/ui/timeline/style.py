"""Colours for the timeline and the path map, derived from the widget's palette so they stay readable in
light and dark themes. Text colours are picked by WCAG contrast, not assumed."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from gamecraft_desktop.core.camera_path import Action

#: Hue per action (degrees): forward blue, back orange, left green, right purple; rotations grey.
ACTION_HUES: dict[Action, int] = {
    Action.FORWARD: 210,
    Action.BACKWARD: 28,
    Action.LEFT: 140,
    Action.RIGHT: 285,
}

#: WCAG AA for normal text.
MIN_TEXT_CONTRAST = 4.5


def relative_luminance(c: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def chan(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * chan(c.redF()) + 0.7152 * chan(c.greenF()) + 0.0722 * chan(c.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


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
    hue = ACTION_HUES.get(action)
    if hue is None:
        return palette.color(QPalette.ColorRole.Mid)
    if is_dark(palette):
        return QColor.fromHslF(hue / 360, 0.45, 0.30)
    return QColor.fromHslF(hue / 360, 0.70, 0.85)


def action_stroke(action: Action, palette: QPalette) -> QColor:
    """A stronger tone of the action's hue, for outlines and the map."""
    hue = ACTION_HUES.get(action)
    if hue is None:
        return palette.color(QPalette.ColorRole.Dark)
    if is_dark(palette):
        return QColor.fromHslF(hue / 360, 0.65, 0.62)
    return QColor.fromHslF(hue / 360, 0.70, 0.38)


def accent(palette: QPalette, role: str) -> QColor:
    """Fixed-meaning colours (playhead, warning, start, end) tuned to the theme's lightness."""
    dark = is_dark(palette)
    table = {
        "playhead": ("#ff6b6b", "#d32f2f"),
        "warning": ("#ffb74d", "#b26a00"),
        "record": ("#ff5252", "#c62828"),
        "start": ("#66bb6a", "#2e7d32"),
        "end": ("#ef5350", "#c62828"),
        "camera": ("#ffd54f", "#e65100"),
    }
    light_on_dark, dark_on_light = table[role]
    return QColor(light_on_dark if dark else dark_on_light)


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

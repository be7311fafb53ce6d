"""A few semantic text roles (error, warning, note) that read well on light and dark palettes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

# Mid-saturation colours readable on both light and dark window backgrounds.
STYLE_SHEET = """
QLabel[role="error"] { color: #d9534f; }
QLabel[role="warning"] { color: #c98a12; }
QLabel[role="note"] { color: palette(placeholder-text); font-style: italic; }
QLabel#imageMessage { color: #d9534f; border: 1px solid #d9534f; border-radius: 4px; padding: 4px 6px; }
QPlainTextEdit[invalid="true"] { border: 1px solid #d9534f; border-radius: 2px; }
QLabel#modeBadge { border-radius: 8px; padding: 1px 8px; font-weight: 600; color: white; background: #7a5cc2; }
QLabel#modeBadge[mode="fal"] { background: #2f7fd9; }
QLabel#summaryLine { font-weight: 600; }
/* Tool buttons that only open a menu: room for the arrow, which otherwise overlaps the text's last letter. */
QToolButton[popupMode="2"] { padding-right: 14px; }
/* Generate is the one primary action: the accent colour while it can run, the native look while it cannot. */
QToolButton#generateButton:enabled { background: palette(highlight); color: palette(highlighted-text);
    border: 1px solid palette(dark); border-radius: 4px; padding: 4px 14px; }
QToolButton#generateButton:enabled:hover { border: 1px solid palette(highlighted-text); }
QToolButton#generateButton:enabled:pressed { background: palette(dark); }
"""


def set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)


def install_style(app: QApplication) -> None:
    app.setStyleSheet(app.styleSheet() + STYLE_SHEET)


def dark_palette() -> QPalette:
    """A Fusion dark palette for platforms that cannot switch colour scheme themselves (offscreen, old X11)."""
    p = QPalette()
    base, window, text, mid = QColor("#1e2127"), QColor("#2a2e35"), QColor("#e6e9ef"), QColor("#3a3f48")
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: window,
        QPalette.ColorRole.ToolTipBase: base, QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: mid, QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"), QPalette.ColorRole.Highlight: QColor("#3d8bfd"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"), QPalette.ColorRole.Link: QColor("#6ab0ff"),
        QPalette.ColorRole.PlaceholderText: QColor("#8b93a1"), QPalette.ColorRole.Mid: QColor("#4a505a"),
        QPalette.ColorRole.Dark: QColor("#15171b"), QPalette.ColorRole.Light: QColor("#4a505a"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7280"))
    return p


def apply_color_scheme(app: QApplication, scheme: str) -> None:
    """`GAMECRAFT_DESKTOP_COLOR_SCHEME=dark|light`: ask the platform, and fall back to our own dark palette."""
    from PySide6.QtCore import Qt

    want_dark = scheme.lower() == "dark"
    app.styleHints().setColorScheme(Qt.ColorScheme.Dark if want_dark else Qt.ColorScheme.Light)
    is_dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    if want_dark and not is_dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())

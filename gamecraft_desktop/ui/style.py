"""A few semantic text roles (error, warning, note) that read well on light and dark palettes."""

from __future__ import annotations

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
"""


def set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)


def install_style(app: QApplication) -> None:
    app.setStyleSheet(app.styleSheet() + STYLE_SHEET)

"""The veil over a preview that no longer matches the path: dimmed picture, a busy bar and a readable line.

Was: the old preview kept playing under a small grey "Rendering…" while the map already showed the new path,
so the two disagreed with nothing saying which one was current.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

from gamecraft_desktop.ui.accessibility import describe_label

#: How much of the stale picture still shows through (0 = none).
_VEIL = QColor(8, 8, 10, 185)
_CARD_SHEET = ("QFrame#staleCard { background: rgba(20, 20, 24, 235); border: 1px solid rgba(255, 255, 255, 60);"
               " border-radius: 8px; } QLabel { color: #f2f2f2; background: transparent; }")


class StaleOverlay(QWidget):
    """Covers its parent (the video view) while shown. `show_stale(text)` / `hide()`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("staleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.card = QFrame(self)
        self.card.setObjectName("staleCard")
        self.card.setStyleSheet(_CARD_SHEET)
        self.label = QLabel(self.card)
        self.label.setObjectName("staleText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        describe_label(self.label, self.tr("Preview status"))
        self.busy = QProgressBar(self.card)
        self.busy.setObjectName("staleBusy")
        self.busy.setRange(0, 0)  # indeterminate: the renderer reports no fraction
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setAccessibleName(self.tr("Rendering the preview"))
        self._text = ""
        card = QVBoxLayout(self.card)
        card.setContentsMargins(16, 12, 16, 12)
        card.setSpacing(8)
        card.addWidget(self.label)
        card.addWidget(self.busy)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.hide()

    def show_stale(self, text: str) -> None:
        self._text = text
        self.fit()
        self.show()
        self.raise_()

    def text(self) -> str:
        return self._text if self.isVisible() else ""

    def fit(self) -> None:
        """Follow the parent's size (the player calls this on resize): one line, as wide as the text or the
        picture allows (elided there), never clipped in height."""
        self.setGeometry(self.parentWidget().rect())
        fm = self.label.fontMetrics()
        room = max(120, int(self.parentWidget().width() * 0.9) - 32)
        self.label.setText(fm.elidedText(self._text, Qt.TextElideMode.ElideRight, room))
        self.card.setFixedWidth(min(room, fm.horizontalAdvance(self._text) + 8) + 32)

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), _VEIL)

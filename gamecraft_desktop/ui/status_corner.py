"""The key button and the mode badge at the right end of the menu bar, where a screen reader finds them.

A menu bar's corner widget is invisible to assistive technology: QMenuBar's accessible interface lists only
its menus. So the corner is a child of the window, laid over the menu bar's right end; the bar is made as
tall as the corner, and the corner follows the bar whenever it moves or is resized. (A placeholder set as the
bar's corner widget, to hold the place, was laid out by QMenuBar just past the bar's right edge: nothing of
the corner was visible.)

What a blind person must be able to tell from here: whether Generate costs money. The badge's accessible
name says the mode ("Mode: Sandbox"), its description what that means (free, simulated / billed by fal),
and the key button is named by its visible text (WCAG 2.5.3: the spoken name contains what is shown).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QToolButton, QWidget

from gamecraft_desktop.ui.accessibility import announce
from gamecraft_desktop.ui.style import style_badge


class StatusCorner(QWidget):
    """`key_button` and `mode_badge`, laid over the menu bar's top-right corner of `window`."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("statusCorner")
        self._window = window
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 8, 2)
        self.key_button = QToolButton(self)
        self.key_button.setObjectName("keyButton")
        self.key_button.setAutoRaise(True)
        self.key_button.setToolTip(self.tr("Set, test or remove your fal key"))
        self.key_button.setAccessibleDescription(self.key_button.toolTip())
        self.key_button.setAccessibleName(self.tr("fal key"))  # until the key is known and it says more
        self.key_button.hide()
        self.mode_badge = QLabel(self)
        self.mode_badge.setObjectName("modeBadge")
        self.mode_badge.hide()
        row.addWidget(self.key_button)
        row.addWidget(self.mode_badge)
        self._bar = window.menuBar()
        self._bar.installEventFilter(self)
        self.relayout()

    def set_key_state(self, text: str) -> None:
        self.key_button.setText(text)
        # The spoken name is the visible text, without the check mark a speech synthesiser reads as a word.
        self.key_button.setAccessibleName(text.replace("✓", "").replace("  ", " ").strip())
        self.key_button.setVisible(bool(text))
        self.relayout()

    def set_mode(self, text: str, tooltip: str, kind: str) -> None:
        """`kind` ("fal", "sandbox", "server") picks the colour; the tooltip says what the mode means."""
        changed = text != self.mode_badge.text()
        self.mode_badge.setText(text)
        self.mode_badge.setToolTip(tooltip)
        name = self.tr("Mode: %1").replace("%1", text) if text else ""
        self.mode_badge.setAccessibleName(name)
        self.mode_badge.setAccessibleDescription(tooltip)
        style_badge(self.mode_badge, kind)
        self.mode_badge.setVisible(bool(text))
        self.relayout()
        if changed and text and text != "…":
            announce(self.mode_badge, f"{name}. {tooltip}" if tooltip else name)

    def relayout(self) -> None:
        """The bar is at least as tall as the corner; the corner takes its new width at the bar's right end."""
        self.adjustSize()
        self._bar.setMinimumHeight(self.sizeHint().height())
        self.follow()

    def follow(self) -> None:
        bar = self._bar
        if not bar.isVisible():
            self.hide()
            return
        size = QSize(min(self.sizeHint().width(), bar.width()), bar.height())
        top_left = bar.mapTo(self._window, QPoint(bar.width() - size.width(), 0))
        self.setGeometry(QRect(top_left, size))
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._bar and event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                                                     QEvent.Type.Hide):
            self.follow()
        return super().eventFilter(watched, event)

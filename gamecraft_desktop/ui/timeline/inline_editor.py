"""The spin box that a double-click or F2 opens over a timeline block to type its speed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDoubleSpinBox

from gamecraft_desktop.composer.path_model import MIN_EDIT_SPEED, SPEED_NUDGE
from gamecraft_desktop.core.camera_path import MAX_SPEED

if TYPE_CHECKING:
    from gamecraft_desktop.ui.timeline.view import TimelineView


class InlineSpeedEditor(QDoubleSpinBox):
    """Edits the speed of `indices`. Enter or leaving commits, Esc cancels; either way it closes itself."""

    def __init__(self, view: TimelineView, indices: tuple[int, ...], value: float) -> None:
        super().__init__(view.viewport())
        self._view, self._indices, self._done = view, indices, False
        self.setObjectName("inlineSpeedEditor")
        self.setRange(MIN_EDIT_SPEED, MAX_SPEED)
        self.setDecimals(2)
        self.setSingleStep(SPEED_NUDGE)
        self.setValue(value)
        self.setKeyboardTracking(False)
        self.setAccessibleName(self.tr("Speed of the selected moves"))
        self.setToolTip(self.tr("Speed from 0.01 to 3.00 (speed units per move). Enter applies, Esc cancels."))
        self.editingFinished.connect(self.commit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_editor()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # QAbstractSpinBox lets Return through to its parent, which would reopen the editor.
            self.commit()
            event.accept()
            return
        super().keyPressEvent(event)

    def commit(self) -> None:
        if self._done:
            return
        self.interpretText()
        self._view.document().set_speed(self._indices, self.value())
        self.close_editor()

    def close_editor(self) -> None:
        if self._done:
            return
        self._done = True
        self.hide()
        self._view.editor_closed(self)
        self._view.setFocus()
        self.deleteLater()

"""A compact speed editor bound to a PathDocument: it shows and edits the speed of the selected moves,
or the speed for new moves when nothing is selected. The timeline's header says which of the two the box
edits, and a speed set on a selection also becomes the speed for new moves (as the digit keys do), so the
two never disagree after an edit."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QWidget

from gamecraft_desktop.composer.path_model import MIN_EDIT_SPEED, SPEED_NUDGE, PathDocument
from gamecraft_desktop.core.camera_path import MAX_SPEED, is_valid_speed
from gamecraft_desktop.ui.style import set_invalid
from gamecraft_desktop.ui.timeline.text import format_speed


class SpeedEditor(QWidget):
    """'Speed [0.20]'. Arrow/wheel steps on the same selection merge into one undo step."""

    def __init__(self, doc: PathDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self.setObjectName("speedEditor")
        self.label = QLabel(self.tr("&Speed"), self)
        self.spin = QDoubleSpinBox(self)
        self.spin.setObjectName("speedSpin")
        self.spin.setRange(MIN_EDIT_SPEED, MAX_SPEED)
        self.spin.setDecimals(2)
        self.spin.setSingleStep(SPEED_NUDGE)
        self.spin.setKeyboardTracking(False)
        self.spin.setAccelerated(True)
        self.label.setBuddy(self.spin)
        self.setAccessibleName(self.tr("Speed editor"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.spin)
        self.spin.valueChanged.connect(self._on_value_changed)
        doc.selectionChanged.connect(self.refresh)
        doc.pathChanged.connect(lambda _p: self.refresh())
        doc.currentSpeedChanged.connect(lambda _v: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        doc = self._doc
        sel = doc.selection()
        steps = doc.path().steps
        if sel:
            cur = doc.current_index() if doc.current_index() in sel else sel[-1]
            value = steps[cur].speed
            speeds = {steps[i].speed for i in sel}
            if len(sel) == 1:
                tip = self.tr("Speed of move {i} (0.01–3.00 speed units per move)").format(i=cur + 1)
            elif len(speeds) == 1:
                tip = self.tr("Speed of the %n selected move(s) (0.01–3.00)", "", len(sel))
            else:
                tip = self.tr("The %n selected move(s) have different speeds; a change sets them all (0.01–3.00)",
                              "", len(sel))
            name = self.tr("Speed of the selected moves")
            tip += "\n" + self.tr("A change also becomes the speed for new moves.")
        else:
            value = doc.current_speed()
            tip = self.tr("Speed for new moves added with W, A, S, D (0.01–3.00)")
            name = self.tr("Speed for new moves")
        invalid = not is_valid_speed(value)
        if invalid:
            tip = self.tr("Speed {speed} is outside 0.01–3.00: the path cannot be sent until it is changed.") \
                .format(speed=format_speed(value)) + "\n" + tip
        # A speed from a file may lie outside what can be typed: widen the range so the box shows the real
        # value (in red) instead of a clamped one.
        finite = math.isfinite(value)
        with QSignalBlocker(self.spin):
            self.spin.setRange(min(MIN_EDIT_SPEED, value) if finite else MIN_EDIT_SPEED,
                               max(MAX_SPEED, value) if finite else MAX_SPEED)
            self.spin.setValue(value)
        set_invalid(self.spin, invalid)
        self.spin.setToolTip(tip)
        self.label.setToolTip(tip)
        self.spin.setAccessibleName(name)
        self.label.setAccessibleName(name)

    def _on_value_changed(self, value: float) -> None:
        doc = self._doc
        if doc.selection():
            doc.set_speed(None, value, merge_key="speedEditor")
        doc.set_current_speed(value)

"""The player's scrub bar: a slider over the frames that also shows the trim range (in and out points
set with I and O) as a band with a bracket at each end, so the part an export will keep is visible."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget


class ScrubBar(QSlider):
    """A horizontal slider whose value is the frame shown; `set_trim(first, last)` draws the kept range
    (None clears it). The band goes under the handle, so scrubbing stays as it was."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._trim: tuple[int, int] | None = None
        self.setMinimumHeight(max(22, self.fontMetrics().height() + 6))
        self._describe()

    def set_trim(self, trim: tuple[int, int] | None) -> None:
        if trim != self._trim:
            self._trim = trim
            self._describe()
            self.update()

    def _describe(self) -> None:
        if self._trim is None:
            tip = self.tr("Drag to scrub through the video · I / O set the in and out points for export")
        else:
            first, last = self._trim
            tip = self.tr("Export range: frames {a}–{b} (%n frame(s)) · I / O move its ends · Alt+X clears it", "",
                          last - first + 1).format(a=first + 1, b=last + 1)
        self.setToolTip(tip)
        self.setAccessibleDescription(tip)

    def trim(self) -> tuple[int, int] | None:
        return self._trim

    def x_for(self, value: int) -> float:
        """The centre of the handle when the slider shows `value`, in widget pixels."""
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self)
        span = max(1, groove.width() - handle.width())
        pos = QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), value, span, opt.upsideDown)
        return groove.x() + pos + handle.width() / 2

    def trim_rect(self) -> QRectF | None:
        """Where the trim band is drawn (None without a trim)."""
        if self._trim is None or self.maximum() <= self.minimum():
            return None
        first, last = self._trim
        half = self._frame_width() / 2
        x0, x1 = self.x_for(first) - half, self.x_for(last) + half
        h = max(6.0, self.height() / 3)
        return QRectF(x0, (self.height() - h) / 2, max(2.0, x1 - x0), h)

    def _frame_width(self) -> float:
        n = self.maximum() - self.minimum()
        return (self.x_for(self.maximum()) - self.x_for(self.minimum())) / n if n > 0 else 0.0

    def paintEvent(self, event: QPaintEvent) -> None:
        band = self.trim_rect()
        if band is None:
            super().paintEvent(event)
            return
        # The groove, then the band, then the handle on top: scrubbing looks as it always did.
        p = QPainter(self)
        style = self.style()
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        opt.subControls = QStyle.SubControl.SC_SliderGroove
        style.drawComplexControl(QStyle.ComplexControl.CC_Slider, opt, p, self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        colour = pal.color(QPalette.ColorRole.Highlight)
        fill = QColor(colour)
        fill.setAlphaF(0.45)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawRoundedRect(band, 3, 3)
        p.setPen(QPen(colour, 2))
        top, bottom = 2.0, self.height() - 2.0
        for x, direction in ((band.left(), 1), (band.right(), -1)):  # [ at the in point, ] at the out point
            p.drawLine(QPointF(x, top), QPointF(x, bottom))
            p.drawLine(QPointF(x, top), QPointF(x + 4 * direction, top))
            p.drawLine(QPointF(x, bottom), QPointF(x + 4 * direction, bottom))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        opt.subControls = QStyle.SubControl.SC_SliderHandle
        style.drawComplexControl(QStyle.ComplexControl.CC_Slider, opt, p, self)
        p.end()

    def band_pixels(self) -> QRect:
        """The band's pixel rectangle (tests look at what is painted there)."""
        band = self.trim_rect()
        return band.toAlignedRect() if band is not None else QRect()

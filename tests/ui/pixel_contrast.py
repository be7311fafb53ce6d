"""Contrast measured from rendered pixels, the way an auditor with a colour picker does it: the background is
the most common colour of a region, the text the pixel that differs most from it (the core of a glyph's stem,
which anti-aliasing leaves at the full text colour)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from gamecraft_desktop.ui.timeline.style import contrast_ratio


def grab(widget: QWidget, rect: QRect | None = None) -> QImage:
    """The widget as painted (at device pixel ratio 1: one pixel per colour sample)."""
    image = widget.grab(rect or widget.rect()).toImage()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def measured_contrast(image: QImage, rect: QRect | None = None) -> tuple[float, QColor, QColor]:
    """(ratio, text colour, background colour) of the text in `rect` (the whole image by default)."""
    r = rect or image.rect()
    counts: Counter[int] = Counter()
    for y in range(max(0, r.top()), min(image.height(), r.bottom() + 1)):
        for x in range(max(0, r.left()), min(image.width(), r.right() + 1)):
            counts[image.pixel(x, y)] += 1
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    best, text = 1.0, background
    for rgb in counts:
        color = QColor.fromRgb(rgb)
        ratio = contrast_ratio(color, background)
        if ratio > best:
            best, text = ratio, color
    return best, text, background

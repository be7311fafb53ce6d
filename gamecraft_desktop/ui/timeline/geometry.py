"""Where things are on the timeline: block, ruler and header layout in viewport coordinates.

Pure arithmetic on three numbers taken from the font (padding, text height, block width), the horizontal
scroll offset and the number of moves, so every question (which block is under the mouse, which blocks
are visible, where the playhead is) is O(1) whatever the length of the path.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, SECONDS_PER_ACTION

#: Ruler label spacings tried in order (seconds); the first that leaves room for a label wins.
RULER_STEPS = (0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0)


class TimelineGeometry(NamedTuple):
    """The timeline's layout for one font: a header row (summary, status), the seconds ruler, then the
    band of equal-width blocks. x = 0 is the left edge of the viewport at scroll 0."""

    pad: int
    font_height: int
    block_width: int
    #: Height added to the blocks when the view is taller than it needs (see `with_height`).
    extra: int = 0

    @classmethod
    def from_metrics(cls, fm: QFontMetrics) -> TimelineGeometry:
        h = fm.height()
        return cls(max(4, h // 3), h, max(64, 2 * fm.horizontalAdvance("0.00") + 20))

    @property
    def min_blocks_height(self) -> int:
        return 2 * self.font_height + 3 * self.pad

    @property
    def max_extra(self) -> int:
        """Blocks grow to at most about twice their compact height (taller looks like a bar chart)."""
        return 2 * self.font_height

    def with_height(self, viewport_height: int, bottom_room: int) -> TimelineGeometry:
        """The same layout with blocks grown into the height a viewport leaves under the ruler, keeping
        `bottom_room` pixels free below them (selection bar, margin), so the band has no blank strip."""
        spare = viewport_height - self.blocks_top - self.min_blocks_height - bottom_room
        extra = max(0, min(spare, self.max_extra))
        return self if extra == self.extra else self._replace(extra=extra)

    # --- rows ------------------------------------------------------------------------------------

    @property
    def x0(self) -> int:
        """Content x of the left edge of block 0."""
        return self.pad * 2

    @property
    def header_height(self) -> int:
        return self.font_height + 2 * self.pad

    @property
    def ruler_height(self) -> int:
        return self.font_height + self.pad + 6

    @property
    def blocks_top(self) -> int:
        return self.header_height + self.ruler_height

    @property
    def blocks_height(self) -> int:
        return self.min_blocks_height + self.extra

    def label_offsets(self) -> tuple[int, int]:
        """(key, speed) label tops relative to a block's top: the two lines centred as a pair."""
        key = (self.blocks_height - 2 * self.font_height - self.pad) // 2
        return key, key + self.font_height + self.pad

    def content_width(self, count: int) -> int:
        return 2 * self.x0 + count * self.block_width

    # --- blocks ----------------------------------------------------------------------------------

    def block_left(self, index: int, scroll: int) -> int:
        return self.x0 + index * self.block_width - scroll

    def block_rect(self, index: int, scroll: int) -> QRect:
        """Block `index` in viewport coordinates (possibly outside the visible part)."""
        return QRect(self.block_left(index, scroll), self.blocks_top, self.block_width, self.blocks_height)

    def frame_x(self, frame: int, scroll: int) -> float:
        """The x of a frame's playhead line."""
        return self.x0 + frame / FRAMES_PER_ACTION * self.block_width - scroll

    def index_at(self, pos: QPoint, scroll: int, count: int) -> int:
        """The block under a viewport point, or -1."""
        if not self.blocks_top <= pos.y() < self.blocks_top + self.blocks_height:
            return -1
        i = math.floor((pos.x() + scroll - self.x0) / self.block_width)
        return i if 0 <= i < count else -1

    def gap_at(self, x: float, scroll: int, count: int) -> int:
        """The gap between blocks (0..count) nearest a viewport x."""
        g = round((x + scroll - self.x0) / self.block_width)
        return max(0, min(g, count))

    def gap_x(self, gap: int, scroll: int) -> int:
        return self.x0 + gap * self.block_width - scroll

    def visible_range(self, scroll: int, width: int, count: int) -> range:
        """The blocks that intersect a viewport `width` pixels wide."""
        bw = self.block_width
        first = max(0, (scroll - self.x0) // bw)
        last = min(count, (scroll + width - self.x0) // bw + 1)
        return range(first, max(first, last))

    def scroll_to_show(self, index: int, scroll: int, width: int) -> int:
        """The scroll offset that brings block `index` into view, moving as little as possible."""
        left = self.x0 + index * self.block_width
        if left < scroll:
            return left - self.x0
        if left + self.block_width > scroll + width:
            return left + self.block_width + self.x0 - width
        return scroll

    def label_rects(self, index: int, scroll: int) -> tuple[QRect, QRect]:
        """(key label, speed label) boxes of a block: the rows its two lines of text are centred in."""
        r = self.block_rect(index, scroll).adjusted(2, 0, -2, 0)
        key_dy, speed_dy = self.label_offsets()
        key = QRect(r.left(), r.top() + key_dy, r.width(), self.font_height)
        speed = QRect(r.left(), r.top() + speed_dy, r.width(), self.font_height)
        return key, speed

    # --- ruler -----------------------------------------------------------------------------------

    @property
    def pixels_per_second(self) -> float:
        return self.block_width / SECONDS_PER_ACTION

    def ruler_step(self, label_width: int) -> float:
        """Seconds between ruler labels: the smallest round step whose labels do not touch."""
        pps = self.pixels_per_second
        return next((s for s in RULER_STEPS if s * pps >= label_width), RULER_STEPS[-1])

    def ruler_ticks(self, label_width: int, scroll: int, width: int, count: int) -> list[tuple[float, float]]:
        """(seconds, viewport x) of every visible ruler tick, up to one step past the path's end."""
        step, pps = self.ruler_step(label_width), self.pixels_per_second
        total = count * SECONDS_PER_ACTION
        k = max(0, math.floor((scroll - self.x0) / pps / step))
        out: list[tuple[float, float]] = []
        while True:
            sec = k * step
            x = self.x0 + sec * pps - scroll
            if x > width or sec > total + step:
                return out
            out.append((sec, x))
            k += 1

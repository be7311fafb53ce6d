"""Where the compare grid puts its pictures: side by side a gap apart, the block centred in the canvas."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRect, QSize

from gamecraft_desktop.ui.compare.tile_layout import fit_rect, grid_cells, grid_shape

VIDEO = QSize(1216, 704)
CAPTION, GAP = 24, 4


def pictures(count: int, area: QRect) -> list[QRect]:
    return [fit_rect(QRect(c.left(), c.top() + CAPTION, c.width(), c.height() - CAPTION), VIDEO)
            for c in grid_cells(count, area, VIDEO, CAPTION, GAP)]


def test_four_videos_in_a_wide_short_canvas_sit_together_in_the_middle() -> None:
    area = QRect(4, 4, 692, 262)  # the player area at 1440 × 900 with the table and the path map under it
    a, b, c, d = pictures(4, area)
    assert b.left() - a.right() - 1 == GAP and d.left() - c.right() - 1 == GAP  # no dark band between them
    assert c.top() - a.bottom() - 1 == GAP + CAPTION
    left_margin, right_margin = a.left() - area.left(), area.right() - b.right()
    assert abs(left_margin - right_margin) <= 1 and left_margin > 100


@given(st.integers(1, 4), st.integers(120, 2400), st.integers(120, 1600))
def test_pictures_stay_inside_the_canvas_a_gap_apart(count: int, width: int, height: int) -> None:
    area = QRect(4, 4, width, height)
    shown = pictures(count, area)
    cols, _rows = grid_shape(count, area.size(), VIDEO, CAPTION, GAP)
    for i, picture in enumerate(shown):
        assert area.contains(picture) or picture.isEmpty()
        if i % cols and not picture.isEmpty():  # a neighbour on its left in the same row
            assert abs(picture.left() - shown[i - 1].right() - 1 - GAP) <= 2  # rounding of the fit

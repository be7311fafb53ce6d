"""Where compared videos go: the grid's cells, a picture fitted in a cell, and the wipe's two halves."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QRect, QSize, Qt

#: Tile letters and colours (Okabe–Ito: told apart with the common colour-vision deficiencies), a lighter
#: tone of each on dark backgrounds.
LETTERS = "ABCD"
TILE_COLOURS_LIGHT = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")
TILE_COLOURS_DARK = ("#56b4e9", "#e69f00", "#2fd3a0", "#e7a1c8")
MAX_TILES = 4


class Layout(StrEnum):
    GRID = "grid"
    WIPE = "wipe"
    SOLO = "solo"


def tile_colour_hex(index: int, *, dark: bool) -> str:
    return (TILE_COLOURS_DARK if dark else TILE_COLOURS_LIGHT)[index % MAX_TILES]


def grid_shape(count: int, area: QSize, video: QSize, caption_h: int = 0, gap: int = 0) -> tuple[int, int]:
    """(columns, rows) that show `count` videos largest in `area` (2 side by side on a wide area, stacked
    on a tall one; 3 or 4 as 2 × 2 unless a row or column is larger)."""
    best = (count, 1)
    best_scale = -1.0
    for cols in range(1, count + 1):
        rows = -(-count // cols)
        if (cols - 1) * rows >= count:  # a whole column would stay empty
            continue
        cell_w = (area.width() - gap * (cols - 1)) / cols
        cell_h = (area.height() - gap * (rows - 1)) / rows - caption_h
        scale = min(cell_w / max(1, video.width()), cell_h / max(1, video.height()))
        if scale > best_scale + 1e-9:
            best, best_scale = (cols, rows), scale
    return best


def grid_cells(count: int, area: QRect, video: QSize, caption_h: int = 0, gap: int = 4) -> list[QRect]:
    """The cells of `count` tiles in `area`, row by row (A top left)."""
    if count <= 0:
        return []
    cols, rows = grid_shape(count, area.size(), video, caption_h, gap)
    cell_w = (area.width() - gap * (cols - 1)) // cols
    cell_h = (area.height() - gap * (rows - 1)) // rows
    return [QRect(area.left() + (i % cols) * (cell_w + gap), area.top() + (i // cols) * (cell_h + gap),
                  cell_w, cell_h) for i in range(count)]


def fit_rect(box: QRect, video: QSize) -> QRect:
    """The largest rectangle with the video's aspect ratio, centred in `box`."""
    if video.isEmpty() or box.isEmpty():
        return QRect(box.center(), QSize(0, 0))
    scaled = video.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    return QRect(box.left() + (box.width() - scaled.width()) // 2, box.top() + (box.height() - scaled.height()) // 2,
                 scaled.width(), scaled.height())


def wipe_split(picture: QRect, position: float) -> int:
    """The divider's x in pixels for a position in 0..1 across the picture."""
    position = min(1.0, max(0.0, position))
    return picture.left() + round(picture.width() * position)


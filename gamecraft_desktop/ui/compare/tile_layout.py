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
    """The cells of `count` tiles in `area`, row by row (A top left). Each cell is as large as its caption
    and picture need, and the block of cells is centred: the pictures sit `gap` apart, not each in the
    middle of an equal share of the area with wide dark bands between them."""
    if count <= 0:
        return []
    cols, rows = grid_shape(count, area.size(), video, caption_h, gap)
    share_w = (area.width() - gap * (cols - 1)) // cols
    share_h = (area.height() - gap * (rows - 1)) // rows
    picture = fit_rect(QRect(0, 0, share_w, max(0, share_h - caption_h)), video).size()
    cell_w = max(0, picture.width()) if not video.isEmpty() else share_w
    cell_h = max(0, picture.height()) + caption_h if not video.isEmpty() else share_h
    left = area.left() + (area.width() - (cols * cell_w + gap * (cols - 1))) // 2
    top = area.top() + (area.height() - (rows * cell_h + gap * (rows - 1))) // 2
    return [QRect(left + (i % cols) * (cell_w + gap), top + (i // cols) * (cell_h + gap), cell_w, cell_h)
            for i in range(count)]


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


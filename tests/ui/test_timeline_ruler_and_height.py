"""Timeline polish that can be measured on its pixels: ruler ticks sit under their labels (nothing drawn
left of 0 s), and the blocks grow into a taller view instead of leaving a blank strip under them."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QImage, QPalette

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.ui.timeline.view import TimelineView


def _view(qtbot: Any, height: int) -> TimelineView:
    doc = PathDocument()
    doc.set_path(CameraPath.of("wwdwwa"))
    view = TimelineView(doc)
    qtbot.addWidget(view)
    view.resize(900, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def _dark_columns(img: QImage, y: int, x_from: int, x_to: int, base: Any) -> list[int]:
    return [x for x in range(x_from, x_to)
            if abs(img.pixelColor(x, y).lightness() - base.lightness()) > 40]


def test_ruler_ticks_are_under_their_labels_and_none_left_of_zero(qtbot: Any) -> None:
    view = _view(qtbot, 160)
    geo = view.timeline_geometry()
    img = view.viewport().grab().toImage()
    dpr = img.devicePixelRatio()
    base = view.palette().color(QPalette.ColorRole.Base)
    y = round((geo.blocks_top - 3) * dpr)  # inside the ticks, above the ruler's baseline
    ticks = _dark_columns(img, y, 0, img.width(), base)
    assert ticks, "no ruler ticks drawn"
    assert min(ticks) >= round((geo.x0 - 1) * dpr), f"ticks left of 0 s at {ticks[:8]}"
    step_px = geo.ruler_step(view.fontMetrics().horizontalAdvance("888.8 s") + 12) * geo.pixels_per_second
    second = round((geo.x0 + step_px) * dpr)
    assert any(abs(x - second) <= 2 for x in ticks), f"no tick at the second label ({second}): {ticks[:8]}"


def test_blocks_grow_into_a_taller_timeline(qtbot: Any) -> None:
    compact = _view(qtbot, 110)
    hint = compact.sizeHint().height()
    tall = _view(qtbot, hint + compact.timeline_geometry().max_extra // 2)  # a bit taller than it asks for
    geo_c, geo_t = compact.timeline_geometry(), tall.timeline_geometry()
    assert geo_t.blocks_height > geo_c.blocks_height
    blank_under = tall.viewport().height() - (geo_t.blocks_top + geo_t.blocks_height)
    assert blank_under <= 3 * geo_t.pad + 2, f"{blank_under} px blank under the blocks"
    key, speed = geo_t.label_rects(0, 0)
    block = geo_t.block_rect(0, 0)
    # the two labels stay together in the middle of the block
    assert abs((key.top() - block.top()) - (block.bottom() - speed.bottom())) <= 2

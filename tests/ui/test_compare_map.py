"""The path map while comparing: each path in its tile's colour, identical paths (a batch of seeds) all
visible as bands, and each camera where its own video is."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.ui.compare.tile_layout import tile_colour_hex


def make_map(qtbot: Any, paths: list[CameraPath]) -> Any:
    from gamecraft_desktop.ui.compare.compare_map import ComparePathMap

    view = ComparePathMap(paths)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def colours_across(view: Any, point: QPointF, reach: int = 8) -> list[QColor]:
    """The colours on a horizontal line through `point` (the paths here run up the map)."""
    image = view.grab().toImage()
    dpr = image.devicePixelRatio()
    return [image.pixelColor(round((point.x() + dx) * dpr), round(point.y() * dpr)) for dx in range(-reach, reach + 1)]


def shows(colours: list[QColor], hex_colour: str) -> bool:
    want = QColor(hex_colour)
    return any(abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 40
               for c in colours)


def tile(index: int, view: Any) -> str:
    from gamecraft_desktop.ui.timeline.style import is_dark

    return tile_colour_hex(index, dark=is_dark(view.palette()))


def test_runs_with_the_same_path_each_show_their_colour(qtbot: Any) -> None:
    forward = CameraPath.of("wwww", 0.5)
    view = make_map(qtbot, [forward, forward, forward, CameraPath.of("dddd", 0.5)])
    halfway = view.map_point(forward.pose_at_frame(forward.frame_count // 2 + 10))
    across = colours_across(view, halfway)
    assert shows(across, tile(0, view)) and shows(across, tile(1, view)) and shows(across, tile(2, view))
    assert not shows(across, tile(3, view))  # D went right, not forward


def test_each_camera_is_where_its_video_is(qtbot: Any) -> None:
    a, b = CameraPath.of("wwww", 0.5), CameraPath.of("ddd", 0.5)
    view = make_map(qtbot, [a, b])
    view.set_frames([20, 90])
    assert view.camera_position(0) == view.map_point(a.pose_at_frame(20))
    assert view.camera_position(1) == view.map_point(b.pose_at_frame(90))
    assert shows(colours_across(view, view.camera_position(1), 2), tile(1, view))

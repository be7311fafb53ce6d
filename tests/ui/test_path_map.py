"""The path map against core's geometry: the camera marker sits at map_point(pose_at_frame(f)), W moves it
up the screen and D to the right, the fit keeps every waypoint inside the margins."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPalette

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.core.camera_path import DEFAULT_PATH, CameraPath, Pose
from gamecraft_desktop.core.presets import PRESETS_BY_KEY
from gamecraft_desktop.ui.path_map_view import PathMapView, format_units, nice_length
from gamecraft_desktop.ui.timeline import style


@pytest.fixture
def doc(qapp) -> PathDocument:
    return PathDocument(CameraPath.of("wwdd", 0.3))


@pytest.fixture
def view(qtbot, doc: PathDocument) -> PathMapView:
    v = PathMapView(doc)
    qtbot.addWidget(v)
    v.resize(400, 300)
    v.show()
    qtbot.waitExposed(v)
    return v


def close(a: QPointF, b: QPointF, tol: float = 1e-6) -> bool:
    return abs(a.x() - b.x()) <= tol and abs(a.y() - b.y()) <= tol


def test_marker_follows_pose_at_frame(view: PathMapView, doc: PathDocument) -> None:
    path = doc.path()
    traj = path.trajectory()
    for f in (0, 1, 16, 32, 33, 66, 100, path.frame_count - 1):
        doc.set_playhead(f)
        assert view.frame() == f
        assert close(view.marker_position(), view.map_point(path.pose_at_frame(f)))
        assert close(view.marker_position(), view.map_point(traj[f]))


def test_w_moves_up_and_d_moves_right(view: PathMapView) -> None:
    # wwdd: frames 0..65 go forward, 66..131 go right.
    view.set_frame(0)
    p0 = view.marker_position()
    view.set_frame(40)
    p1 = view.marker_position()
    assert p1.y() < p0.y() and p1.x() == pytest.approx(p0.x()), "W: straight up the screen"
    view.set_frame(66)
    p2 = view.marker_position()
    view.set_frame(120)
    p3 = view.marker_position()
    assert p3.x() > p2.x() and p3.y() == pytest.approx(p2.y()), "D: straight to the right"
    # Constant speed: 33 frames of a 0.3 move span 0.3 units of pixels.
    view.set_frame(33)
    assert p0.y() - view.marker_position().y() == pytest.approx(0.3 * view.pixels_per_unit())


def test_a_and_s_go_left_and_down(qtbot) -> None:
    v = PathMapView()
    qtbot.addWidget(v)
    v.resize(300, 300)
    v.set_path(CameraPath.of("as", 0.5))
    v.set_frame(0)
    start = v.marker_position()
    v.set_frame(32)
    left = v.marker_position()
    v.set_frame(65)
    down = v.marker_position()
    assert left.x() < start.x() and down.y() > left.y()


def test_no_playhead_puts_camera_at_end_of_path(view: PathMapView, doc: PathDocument) -> None:
    doc.set_playhead(-1)
    end = doc.path().waypoints()[-1]
    assert close(view.marker_position(), view.map_point(end))
    assert (end.x, end.y) == pytest.approx((0.6, 0.6))


def test_fit_keeps_waypoints_inside_margins_and_is_isotropic(view: PathMapView, qtbot) -> None:
    for path in (PRESETS_BY_KEY["zigzag_forward"].path, DEFAULT_PATH, CameraPath.of("wwwwwwwwwd", 0.5),
                 CameraPath.of("d", 3.0)):
        view.set_path(path)
        margin, bottom = view._margins()
        for w in path.waypoints():
            pt = view.map_point(w)
            assert margin - 1e-6 <= pt.x() <= view.width() - margin + 1e-6
            assert margin - 1e-6 <= pt.y() <= view.height() - margin - bottom + 1e-6
        a, b = path.waypoints()[0], path.waypoints()[1]
        pa, pb = view.map_point(a), view.map_point(b)
        px = math.hypot(pb.x() - pa.x(), pb.y() - pa.y())
        assert px == pytest.approx(math.hypot(b.x - a.x, b.y - a.y) * view.pixels_per_unit())
    view.resize(800, 600)
    qtbot.waitUntil(lambda: view.width() == 800)
    before = view.pixels_per_unit()
    view.resize(400, 300)
    qtbot.waitUntil(lambda: view.width() == 400)
    assert view.pixels_per_unit() < before, "resizing refits"


def test_marker_is_painted_at_its_position(view: PathMapView, doc: PathDocument) -> None:
    doc.set_playhead(50)
    img = view.grab().toImage()
    dpr = img.devicePixelRatio()
    pos = view.marker_position()
    got = img.pixelColor(round(pos.x() * dpr), round(pos.y() * dpr))
    want = style.accent(view.palette(), "camera")
    assert max(abs(got.red() - want.red()), abs(got.green() - want.green()), abs(got.blue() - want.blue())) < 40


def test_selection_highlights_segments(view: PathMapView, doc: PathDocument) -> None:
    doc.select([2])
    assert view._highlight == frozenset({2})
    a, b = (view.map_point(p) for p in doc.path().waypoints()[2:4])
    mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2 + 3)  # beside the line, inside the glow
    img = view.grab().toImage()
    dpr = img.devicePixelRatio()
    c = img.pixelColor(round(mid.x() * dpr), round(mid.y() * dpr))
    doc.clear_selection()
    img2 = view.grab().toImage()
    c2 = img2.pixelColor(round(mid.x() * dpr), round(mid.y() * dpr))
    assert c != c2, "the selected segment is drawn differently"


def test_scale_bar_is_a_round_length(view: PathMapView) -> None:
    length, px = view.scale_bar()
    assert px == pytest.approx(length * view.pixels_per_unit())
    mantissa = length / 10 ** math.floor(math.log10(length))
    assert round(mantissa, 6) in (1.0, 2.0, 5.0)
    assert nice_length(0.37) == 0.2 and nice_length(7.0) == 5.0 and nice_length(1.0) == 1.0
    assert nice_length(0.099) == pytest.approx(0.05)
    assert format_units(0.5) == "0.5 speed units" and format_units(1.0) == "1 speed unit"


def test_empty_path_shows_origin_and_hint(qtbot) -> None:
    v = PathMapView(PathDocument())
    qtbot.addWidget(v)
    v.resize(300, 200)
    v.set_frame(10)
    assert v.frame() == -1
    assert close(v.marker_position(), v.map_point(Pose(0.0, 0.0)))
    v.grab()  # paints without error


def test_rebinding_follows_only_the_new_document(view: PathMapView, doc: PathDocument) -> None:
    other = PathDocument(CameraPath.of("ss", 0.2))
    view.set_document(other)
    assert view.path() == other.path()
    doc.append("w")
    doc.set_playhead(5)
    assert view.path() == other.path() and view.frame() == -1, "the old document is disconnected"
    other.append("d")
    assert view.path() == other.path()


def test_accessible_name_tooltip_and_dark_palette(view: PathMapView) -> None:
    assert view.accessibleName() == "Path map"
    assert "89.4°" in view.toolTip()
    assert "0.60 right" in view.accessibleDescription()
    view.setPalette(style.dark_palette())
    img = view.grab().toImage()
    corner = img.pixelColor(2, 2)
    assert corner.lightnessF() < 0.3 and corner != QColor("white")


@pytest.mark.parametrize("keys", ["wwww", "dddd", "wwdd", "ssss", "aaww"])
def test_marker_labels_clear_the_camera_wedge(qtbot, keys: str) -> None:
    doc = PathDocument(CameraPath.of(keys, 0.3))
    view = PathMapView(doc)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    end_pose = doc.path().waypoints()[-1]
    assert view.current_pose() == end_pose, "with no playhead the camera rests at the end"
    wedge = view.camera_wedge(end_pose)
    rects = view.label_rects()
    assert set(rects) == {"Start", "End"}
    inside = QRectF(view.rect())
    for name, rect in rects.items():
        assert not wedge.intersects(rect), f"{name} label under the field-of-view wedge"
        assert inside.contains(rect), f"{name} label leaves the widget"
    assert not rects["Start"].intersects(rects["End"])
    # The End label is painted where label_rects says: some text-coloured pixels inside its box.
    img = view.grab().toImage()
    text = view.palette().color(QPalette.ColorRole.Text)
    r = rects["End"].toRect()
    dark = [img.pixelColor(x, y) for x in range(r.left(), r.right()) for y in range(r.top(), r.bottom())]
    assert any(abs(c.lightness() - text.lightness()) < 60 for c in dark)


def test_map_renders_its_static_layer_once_per_turn(view: PathMapView, doc: PathDocument, qtbot,
                                                     monkeypatch) -> None:
    calls = []
    real = view._render_static
    monkeypatch.setattr(view, "_render_static", lambda dpr: calls.append(dpr) or real(dpr))
    for _ in range(5):
        doc.append("d")
    doc.select([1, 2])
    qtbot.waitUntil(lambda: len(calls) >= 1)
    qtbot.wait(50)
    assert len(calls) == 1


def test_a_short_map_still_draws_the_path_large_enough_to_see(qtbot) -> None:
    """Seen at 200 % on a 1600×1000 screen: a map 85 px high drew the path as a dot ("10 speed units" bar),
    because the fixed margins and scale-bar band took more than its whole height."""
    view = PathMapView()
    qtbot.addWidget(view)
    view.resize(600, 85)
    view.show()
    qtbot.waitUntil(lambda: view.height() == 85)
    path = CameraPath.of("wwd", 0.2)
    view.set_path(path)
    ys = [view.map_point(w).y() for w in path.waypoints()]
    assert max(ys) - min(ys) >= 85 / 4  # the path spans a fair part of the height
    assert all(0 <= y <= 85 for y in ys)

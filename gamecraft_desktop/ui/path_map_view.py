"""A top-down map of the commanded camera path: X to the right, forward up the screen, auto-fitted, with
a scale bar, start/end markers, direction arrows, the camera with its horizontal field of view, and the
selected moves highlighted. The player drives the camera marker with `set_frame`."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from gamecraft_desktop.core.camera_path import HORIZONTAL_FOV_DEG, CameraPath, Pose
from gamecraft_desktop.jobs.path_model import PathDocument
from gamecraft_desktop.ui import timeline_style as style


def _tr(text: str) -> str:
    return QCoreApplication.translate("PathMapView", text)


def nice_length(max_units: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above `max_units` (the scale bar's length)."""
    if max_units <= 0 or not math.isfinite(max_units):
        return 1.0
    k = math.floor(math.log10(max_units))
    for m in (5, 2, 1):
        if m * 10**k <= max_units * (1 + 1e-9):
            return float(m * 10**k)
    return float(10**k)


def format_units(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return _tr("%1 speed units").replace("%1", text) if value != 1 else _tr("1 speed unit")


class PathMapView(QWidget):
    """Custom-painted map over a PathDocument (or a bare path via `set_path`)."""

    def __init__(self, doc: PathDocument | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pathMapView")
        self.setAccessibleName(_tr("Path map"))
        self.setToolTip(_tr(
            "Top-down view of the commanded camera path: right is +X, up is forward.\n"
            "Lengths are the model's speed units; the real motion depends on the scene.\n"
            "The wedge is the camera's horizontal field of view (89.4°); thick segments are the selected moves."))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._doc: PathDocument | None = None
        self._path = CameraPath()
        self._waypoints: list[Pose] = [Pose(0.0, 0.0)]
        self._highlight: frozenset[int] = frozenset()
        self._frame = -1
        self._scale = 1.0
        self._center_units = (0.0, 0.0)
        self._center_px = QPointF()
        if doc is not None:
            self.set_document(doc)
        else:
            self._relayout()

    # --- public -------------------------------------------------------------------------------------

    def set_document(self, doc: PathDocument) -> None:
        """Follow a document: its path, selection (highlight) and playhead (camera marker)."""
        if self._doc is not None:
            for sig, slot in self._connections():
                sig.disconnect(slot)
        self._doc = doc
        for sig, slot in self._connections():
            sig.connect(slot)
        self.set_path(doc.path())
        self._on_selection()
        self.set_frame(doc.playhead())

    def _connections(self) -> list:  # type: ignore[type-arg]
        assert self._doc is not None
        return [(self._doc.pathChanged, self.set_path), (self._doc.selectionChanged, self._on_selection),
                (self._doc.playheadChanged, self.set_frame)]

    def set_path(self, path: CameraPath) -> None:
        self._path = path
        self._waypoints = path.waypoints()
        if self._frame >= path.frame_count:
            self._frame = path.frame_count - 1 if path.steps else -1
        self._highlight = frozenset(i for i in self._highlight if i < len(path))
        self._relayout()
        end = self._waypoints[-1]
        self.setAccessibleDescription(
            _tr("Camera path of %1 moves; it ends %2 right and %3 forward of the start.")
            .replace("%1", str(len(path))).replace("%2", f"{end.x:.2f}").replace("%3", f"{end.y:.2f}"))
        self.update()

    def path(self) -> CameraPath:
        return self._path

    def set_frame(self, frame: int) -> None:
        """Put the camera marker at an output frame (pose_at_frame); -1 puts it at the end of the path."""
        frame = -1 if frame < 0 or not self._path.steps else min(frame, self._path.frame_count - 1)
        if frame != self._frame:
            self._frame = frame
            self.update()

    def frame(self) -> int:
        return self._frame

    def set_highlight(self, indices: set[int] | frozenset[int] | tuple[int, ...]) -> None:
        """Highlight these moves' segments (the document's selection when bound to one)."""
        self._highlight = frozenset(i for i in indices if 0 <= i < len(self._path))
        self.update()

    def current_pose(self) -> Pose:
        return self._path.pose_at_frame(self._frame) if self._frame >= 0 else self._waypoints[-1]

    def map_point(self, pose: Pose) -> QPointF:
        """Where a pose is drawn, in widget pixels (forward is up)."""
        cx, cy = self._center_units
        return QPointF(self._center_px.x() + (pose.x - cx) * self._scale,
                       self._center_px.y() - (pose.y - cy) * self._scale)

    def marker_position(self) -> QPointF:
        """The camera marker's centre in widget pixels."""
        return self.map_point(self.current_pose())

    def pixels_per_unit(self) -> float:
        return self._scale

    def scale_bar(self) -> tuple[float, float]:
        """(length in speed units, length in pixels) of the scale bar."""
        length = nice_length(self._scale_bar_target() / self._scale)
        return length, length * self._scale

    def sizeHint(self) -> QSize:
        return QSize(360, 280)

    def minimumSizeHint(self) -> QSize:
        h = self.fontMetrics().height()
        return QSize(h * 10, h * 8)

    # --- layout -------------------------------------------------------------------------------------

    def _margins(self) -> tuple[float, float]:
        """(side margin, bottom band for the scale bar) in pixels."""
        h = self.fontMetrics().height()
        return max(28.0, 2.2 * h), max(24.0, 1.8 * h)

    def _scale_bar_target(self) -> float:
        return max(60.0, self.width() / 4)

    def _relayout(self) -> None:
        margin, bottom = self._margins()
        area = QRectF(self.rect()).adjusted(margin, margin, -margin, -(margin + bottom))
        w, h = max(area.width(), 1.0), max(area.height(), 1.0)
        xs = [p.x for p in self._waypoints]
        ys = [p.y for p in self._waypoints]
        min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
        span_x, span_y = max_x - min_x, max_y - min_y
        # A straight line must not be blown up sideways; an empty path shows one unit.
        span = max(span_x, span_y)
        if span < 1e-9:
            span_x = span_y = span = 1.0
        self._scale = min(w / max(span_x, span * 1e-3), h / max(span_y, span * 1e-3))
        self._center_units = ((min_x + max_x) / 2, (min_y + max_y) / 2)
        self._center_px = area.center()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _on_selection(self) -> None:
        if self._doc is not None:
            self.set_highlight(self._doc.selection())

    # --- painting -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        self._paint_grid(p, pal)
        self._paint_segments(p, pal)
        self._paint_markers(p, pal)
        self._paint_camera(p, pal)
        self._paint_scale(p, pal)
        if not self._path.steps:
            p.setPen(self._soft_text(pal))
            rect = QRectF(self.rect()).adjusted(8, 8, -8, -self.height() / 2)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       _tr("Add moves on the timeline to see the camera's path"))
        p.end()

    def _soft_text(self, pal: QPalette) -> QColor:
        c = pal.color(QPalette.ColorRole.PlaceholderText)
        if style.contrast_ratio(c, pal.color(QPalette.ColorRole.Base)) < style.MIN_TEXT_CONTRAST:
            c = pal.color(QPalette.ColorRole.Text)
        return c

    def _paint_grid(self, p: QPainter, pal: QPalette) -> None:
        _length, px = self.scale_bar()
        if px < 12:
            return
        grid = QColor(pal.color(QPalette.ColorRole.Text))
        grid.setAlphaF(0.08)
        p.setPen(QPen(grid, 1))
        origin = self.map_point(Pose(0.0, 0.0))
        x = origin.x() - math.floor(origin.x() / px) * px
        while x < self.width():
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            x += px
        y = origin.y() - math.floor(origin.y() / px) * px
        while y < self.height():
            p.drawLine(QPointF(0, y), QPointF(self.width(), y))
            y += px

    def _paint_segments(self, p: QPainter, pal: QPalette) -> None:
        pts = [self.map_point(w) for w in self._waypoints]
        highlight = pal.color(QPalette.ColorRole.Highlight)
        for i, step in enumerate(self._path.steps):
            a, b = pts[i], pts[i + 1]
            if i in self._highlight:
                glow = QColor(highlight)
                glow.setAlphaF(0.55)
                p.setPen(QPen(glow, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                p.drawLine(a, b)
            color = style.action_stroke(step.action, pal)
            p.setPen(QPen(color, 3 if i in self._highlight else 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(a, b)
            self._paint_arrow(p, a, b, color)

    @staticmethod
    def _paint_arrow(p: QPainter, a: QPointF, b: QPointF, color: QColor) -> None:
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = math.hypot(dx, dy)
        if length < 18:
            return
        ux, uy = dx / length, dy / length
        # At 40 % rather than halfway, so a move and its exact reverse (W then S) show two arrows.
        tip = QPointF(a.x() + dx * 0.4 + ux * 4, a.y() + dy * 0.4 + uy * 4)
        size = 6.0
        left = QPointF(tip.x() - ux * size * 1.6 - uy * size, tip.y() - uy * size * 1.6 + ux * size)
        right = QPointF(tip.x() - ux * size * 1.6 + uy * size, tip.y() - uy * size * 1.6 - ux * size)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawPolygon(QPolygonF([tip, left, right]))

    def _paint_markers(self, p: QPainter, pal: QPalette) -> None:
        fm = self.fontMetrics()
        start = self.map_point(self._waypoints[0])
        end = self.map_point(self._waypoints[-1])
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        p.setPen(QPen(base, 2))
        p.setBrush(style.accent(pal, "start"))
        p.drawEllipse(start, 6, 6)
        same = math.hypot(start.x() - end.x(), start.y() - end.y()) < 14
        if self._path.steps:
            p.setPen(QPen(style.accent(pal, "end"), 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(end.x() - 7, end.y() - 7, 14, 14))
        p.setPen(text)
        gap = 10
        if not self._path.steps or same:
            label = _tr("Start") if not self._path.steps else _tr("Start · End")
            p.drawText(QPointF(start.x() + gap, start.y() + fm.ascent() + gap / 2), label)
            return
        p.drawText(QPointF(start.x() + gap, start.y() + fm.ascent() + gap / 2), _tr("Start"))
        p.drawText(QPointF(end.x() + gap, end.y() - gap / 2), _tr("End"))

    def _paint_camera(self, p: QPainter, pal: QPalette) -> None:
        pose = self.current_pose()
        c = self.map_point(pose)
        radius = max(26.0, 2.0 * self.fontMetrics().height())
        # Qt angles run counter-clockwise from 3 o'clock; heading 0 is up, positive turns right.
        centre_angle = 90.0 - pose.heading_deg
        wedge = QPainterPath(c)
        rect = QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius)
        wedge.arcTo(rect, centre_angle - HORIZONTAL_FOV_DEG / 2, HORIZONTAL_FOV_DEG)
        wedge.closeSubpath()
        cam = style.accent(pal, "camera")
        fill = QColor(cam)
        fill.setAlphaF(0.22)
        p.setPen(QPen(cam, 1.5))
        p.setBrush(fill)
        p.drawPath(wedge)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Base), 2))
        p.setBrush(cam)
        p.drawEllipse(c, 5, 5)

    def _paint_scale(self, p: QPainter, pal: QPalette) -> None:
        length, px = self.scale_bar()
        margin, bottom = self._margins()
        fm = self.fontMetrics()
        x0 = margin / 2
        y = self.height() - bottom / 2
        text = pal.color(QPalette.ColorRole.Text)
        p.setPen(QPen(text, 2))
        p.drawLine(QPointF(x0, y), QPointF(x0 + px, y))
        p.drawLine(QPointF(x0, y - 4), QPointF(x0, y + 4))
        p.drawLine(QPointF(x0 + px, y - 4), QPointF(x0 + px, y + 4))
        p.drawText(QPointF(x0 + px + 8, y + fm.ascent() / 2 - 1), format_units(length))

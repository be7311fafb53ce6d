"""A top-down map of the commanded camera path: X to the right, forward up the screen, auto-fitted, with
a scale bar, start/end markers, direction arrows, the camera with its horizontal field of view, and the
selected moves highlighted. The player drives the camera marker with `set_frame`."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.core.camera_path import HORIZONTAL_FOV_DEG, Action, CameraPath, Pose, frame_position
from gamecraft_desktop.core.path_drawing import arrow_head, arrow_stride, fit_path, nice_length
from gamecraft_desktop.core.texts import Texts, number
from gamecraft_desktop.ui.timeline import style

__all__ = ["PathMapView", "format_units", "nice_length"]



#: The map's words outside its widget (core/texts.py).
PathMapText = Texts("PathMapText")


def format_units(value: float) -> str:
    """'1 speed unit', '0.5 speed units' (a scale bar's length; only exactly 1 is singular)."""
    return PathMapText.tr("{n} speed unit(s)", "", 1 if value == 1 else 2).format(n=number(round(value, 6)))


class PathMapView(QWidget):
    """Custom-painted map over a PathDocument (or a bare path via `set_path`)."""

    def __init__(self, doc: PathDocument | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pathMapView")
        self.setAccessibleName(self.tr("Path map"))
        self.setToolTip(self.tr(
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
        self._static: QPixmap | None = None  # grid, path, markers, scale: repainted only when they change
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

    def detach(self) -> None:
        """Stop following the document (to show another path, e.g. the playing job's own)."""
        if self._doc is not None:
            for sig, slot in self._connections():
                sig.disconnect(slot)
        self._doc = None
        self.set_highlight(())

    @property
    def document(self) -> PathDocument | None:
        return self._doc

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
        self._static = None
        self._describe()
        self.update()

    def _describe(self) -> None:
        """What a screen reader hears: the path's end point, the selected moves and where the camera is
        (per move, not per frame: playback must not flood assistive technology)."""
        end = self._waypoints[-1]
        text = self.tr("Camera path of %n move(s); it ends {x} right and {y} forward of the start.", "",
                       len(self._path)).format(x=number(end.x, 2), y=number(end.y, 2))
        if self._highlight:
            text += " " + self.tr("Highlighted: move(s) {moves}.", "", len(self._highlight)).format(
                moves=", ".join(str(i + 1) for i in sorted(self._highlight)))
        if self._frame >= 0:
            text += " " + self.tr("The camera is in move {i}.").format(i=frame_position(self._frame).action_index + 1)
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    def path(self) -> CameraPath:
        return self._path

    def set_frame(self, frame: int) -> None:
        """Put the camera marker at an output frame (pose_at_frame); -1 puts it at the end of the path."""
        frame = -1 if frame < 0 or not self._path.steps else min(frame, self._path.frame_count - 1)
        if frame != self._frame:
            move_changed = (frame < 0) != (self._frame < 0) or \
                (frame >= 0 and frame_position(frame).action_index != frame_position(self._frame).action_index)
            self._frame = frame
            if move_changed:
                self._describe()
            self.update()

    def frame(self) -> int:
        return self._frame

    def set_highlight(self, indices: set[int] | frozenset[int] | tuple[int, ...]) -> None:
        """Highlight these moves' segments (the document's selection when bound to one)."""
        highlight = frozenset(i for i in indices if 0 <= i < len(self._path))
        if highlight != self._highlight:
            self._highlight = highlight
            self._static = None
            self._describe()
            self.update()

    def current_pose(self) -> Pose:
        """pose_at_frame(frame), from the cached waypoints: within one action every move is linear in
        the frame (constant velocity, heading fixed or turning at a constant rate), so interpolating
        between the action's two waypoints is exact and O(1) per frame while playing."""
        if self._frame < 0:
            return self._waypoints[-1]
        pos = frame_position(self._frame)
        a, b = self._waypoints[pos.action_index], self._waypoints[pos.action_index + 1]
        t = pos.fraction
        return Pose(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.heading_deg + (b.heading_deg - a.heading_deg) * t)

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
        # Small enough that the whole window fits a 1366×768 screen at 150 % and 1600×1000 at 200 %.
        h = self.fontMetrics().height()
        return QSize(h * 8, h * 5)

    # --- layout -------------------------------------------------------------------------------------

    def _margins(self) -> tuple[float, float]:
        """(side margin, bottom band for the scale bar) in pixels; in a short map (200 % on a small screen)
        they give way, so the path keeps at least a third of the height instead of shrinking to a dot."""
        h = self.fontMetrics().height()
        margin, bottom = max(28.0, 2.2 * h), max(24.0, 1.8 * h)
        spare = self.height() * 2 / 3
        if 2 * margin + bottom > spare > 0:
            k = spare / (2 * margin + bottom)
            margin, bottom = margin * k, bottom * k
        return margin, bottom

    def _scale_bar_target(self) -> float:
        return max(60.0, self.width() / 4)

    def _relayout(self) -> None:
        margin, bottom = self._margins()
        area = QRectF(self.rect()).adjusted(margin, margin, -margin, -(margin + bottom))
        # The path's bounds are cached on the path, like its waypoints.
        fit = fit_path(self._path.bounds(), (area.x(), area.y(), area.width(), area.height()))
        self._scale = fit.scale
        self._center_units = fit.centre_units
        self._center_px = QPointF(*fit.centre_px)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()
        self._static = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._relayout()
            self._static = None
        super().changeEvent(event)

    def _on_selection(self) -> None:
        if self._doc is not None:
            self.set_highlight(self._doc.selection())

    # --- painting -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        dpr = self.devicePixelRatioF()
        if self._static is None or self._static.devicePixelRatio() != dpr:
            self._static = self._render_static(dpr)
        p = QPainter(self)
        p.drawPixmap(0, 0, self._static)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_camera(p, self.palette())
        p.end()

    def _render_static(self, dpr: float) -> QPixmap:
        pm = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
        pm.setDevicePixelRatio(dpr)
        pal = self.palette()
        pm.fill(pal.color(QPalette.ColorRole.Base))
        p = QPainter(pm)
        p.setFont(self.font())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_grid(p, pal)
        self._paint_segments(p, pal)
        self._paint_markers(p, pal)
        self._paint_scale(p, pal)
        if not self._path.steps:
            p.setPen(self._soft_text(pal))
            rect = QRectF(self.rect()).adjusted(8, 8, -8, -self.height() / 2)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.tr("Add moves on the timeline to see the camera's path"))
        p.end()
        return pm

    def _soft_text(self, pal: QPalette) -> QColor:
        c = pal.color(QPalette.ColorRole.PlaceholderText)
        if style.contrast_ratio(c, pal.color(QPalette.ColorRole.Base)) < style.MIN_TEXT_CONTRAST:
            c = pal.color(QPalette.ColorRole.Text)
        return c

    def _paint_grid(self, p: QPainter, pal: QPalette) -> None:
        _length, px = self.scale_bar()
        if px < 12:
            return
        # Pre-blended opaque colours: translucent lines take the raster engine's slow path (~25x).
        grid = style.mix(pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text), 0.08)
        origin = self.map_point(Pose(0.0, 0.0))
        lines: list[QLineF] = []
        x = origin.x() - math.floor(origin.x() / px) * px
        while x < self.width():
            lines.append(QLineF(x, 0, x, self.height()))
            x += px
        y = origin.y() - math.floor(origin.y() / px) * px
        while y < self.height():
            lines.append(QLineF(0, y, self.width(), y))
            y += px
        # Hairlines without antialiasing, in one call: translucent AA lines are slow in the raster engine.
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(QPen(grid, 0))
        p.drawLines(lines)
        p.restore()

    def _paint_segments(self, p: QPainter, pal: QPalette) -> None:
        # Batched per colour (one drawLines and one arrow path each), so 500 moves cost a few calls.
        steps = self._path.steps
        if not steps:
            return
        cx, cy = self._center_units
        s = self._scale
        px, py = self._center_px.x(), self._center_px.y()
        xs = [px + (w.x - cx) * s for w in self._waypoints]
        ys = [py - (w.y - cy) * s for w in self._waypoints]
        highlight = self._highlight
        glow_lines = [QLineF(xs[i], ys[i], xs[i + 1], ys[i + 1]) for i in sorted(highlight)]
        if glow_lines:
            glow = style.mix(pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Highlight), 0.55)
            p.setPen(QPen(glow, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLines(glow_lines)
        # Keyed by id(action): Enum members hash in Python, which dominates this loop at 500 moves.
        by_action: dict[int, tuple[list[QLineF], list[QLineF], QPainterPath, Action]] = {}
        seen: set[tuple[int, bool, int, int, int, int]] = set()
        ixs, iys = [int(x) for x in xs], [int(y) for y in ys]
        # Arrows on at most ~MAX_ARROWS segments, evenly spread: more is clutter, and each costs Python time.
        stride = arrow_stride(len(steps))
        for i, step in enumerate(steps):
            hot = i in highlight
            # A path that retraces itself (W S W S…) draws each pixel-identical segment once.
            action = step.action
            aid = id(action)
            key = (aid, hot, ixs[i], iys[i], ixs[i + 1], iys[i + 1])
            if key in seen:
                continue
            seen.add(key)
            group = by_action.get(aid)
            if group is None:
                group = by_action[aid] = ([], [], QPainterPath(), action)
            (group[1] if hot else group[0]).append(QLineF(xs[i], ys[i], xs[i + 1], ys[i + 1]))
            if i % stride == 0:
                self._add_arrow(group[2], xs[i], ys[i], xs[i + 1], ys[i + 1])
        for lines, thick, arrows, action in by_action.values():
            color = style.action_stroke(action, pal)
            # Square caps close the corners like round ones at these widths, at a quarter of the cost.
            for lst, width in ((lines, 2), (thick, 3)):
                if lst:
                    p.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap))
                    p.drawLines(lst)
            if not arrows.isEmpty():
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawPath(arrows)

    @staticmethod
    def _add_arrow(path: QPainterPath, ax: float, ay: float, bx: float, by: float) -> None:
        head = arrow_head(ax, ay, bx, by)
        if head is None:
            return
        path.moveTo(*head[0])
        path.lineTo(*head[1])
        path.lineTo(*head[2])
        path.closeSubpath()

    def _paint_markers(self, p: QPainter, pal: QPalette) -> None:
        start = self.map_point(self._waypoints[0])
        end = self.map_point(self._waypoints[-1])
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        p.setPen(QPen(base, 2))
        p.setBrush(style.accent(pal, "start"))
        p.drawEllipse(start, 6, 6)
        if self._path.steps:
            p.setPen(QPen(style.accent(pal, "end"), 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(end.x() - 7, end.y() - 7, 14, 14))
        p.setPen(text)
        for name, rect in self.label_rects().items():
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

    def label_rects(self) -> dict[str, QRectF]:
        """Where the marker labels ("Start", "End" or "Start · End") are drawn. They keep clear of the
        field-of-view wedge of the camera at rest (at the end of the path, where it sits when nothing
        plays) and of each other, and never leave the widget."""
        start = self.map_point(self._waypoints[0])
        end = self.map_point(self._waypoints[-1])
        wedge = self.camera_wedge(self._waypoints[-1])
        if not self._path.steps or math.hypot(start.x() - end.x(), start.y() - end.y()) < 14:
            label = self.tr("Start") if not self._path.steps else self.tr("Start · End")
            return {label: self._label_rect(start, label, below=True, wedge=wedge, avoid=[])}
        start_rect = self._label_rect(start, self.tr("Start"), below=True, wedge=wedge, avoid=[])
        end_rect = self._label_rect(end, self.tr("End"), below=False, wedge=wedge, avoid=[start_rect])
        return {self.tr("Start"): start_rect, self.tr("End"): end_rect}

    def _label_rect(self, at: QPointF, text: str, below: bool, wedge: QPainterPath,
                    avoid: list[QRectF]) -> QRectF:
        """The first of eight places around `at` (preferred side first) that stays inside the widget
        and clears the wedge and `avoid`; the preferred one if none does."""
        fm = self.fontMetrics()
        gap = 10.0
        w, h = fm.horizontalAdvance(text) + 1, float(fm.height())
        xs = (at.x() + gap, at.x() - gap - w)
        down, up = at.y() + gap / 2, at.y() - gap / 2 - h
        ys = (down, up, at.y() + gap + 8, at.y() - gap - 8 - h) if below else \
             (up, down, at.y() - gap - 8 - h, at.y() + gap + 8)
        inside = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        candidates = [QRectF(x, y, w, h) for y in ys for x in xs]
        fits = [r for r in candidates if inside.contains(r)] or candidates
        for r in fits:
            if not wedge.intersects(r) and not any(r.intersects(a) for a in avoid):
                return r
        return fits[0]

    def camera_wedge(self, pose: Pose) -> QPainterPath:
        """The camera's horizontal field of view drawn at `pose`, in widget pixels."""
        c = self.map_point(pose)
        radius = max(26.0, 2.0 * self.fontMetrics().height())
        # Qt angles run counter-clockwise from 3 o'clock; heading 0 is up, positive turns right.
        centre_angle = 90.0 - pose.heading_deg
        wedge = QPainterPath(c)
        rect = QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius)
        wedge.arcTo(rect, centre_angle - HORIZONTAL_FOV_DEG / 2, HORIZONTAL_FOV_DEG)
        wedge.closeSubpath()
        return wedge

    def _paint_camera(self, p: QPainter, pal: QPalette) -> None:
        pose = self.current_pose()
        c = self.map_point(pose)
        wedge = self.camera_wedge(pose)
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


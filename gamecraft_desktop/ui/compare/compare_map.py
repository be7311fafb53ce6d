"""The path map while comparing: every compared job's path in its tile's colour, each with its own camera.

A `PathMapView` (same grid, scale bar, fitting and field-of-view wedge) fitted to all the paths at once. The
paths are drawn thin in their tile colours with direction arrows; each camera marker follows the frame its
tile shows, so a short video's camera stops at its end (or starts again) exactly as its picture does. Runs
with the same path (a batch of seeds) would hide one another: a path drawn under later identical ones is
drawn wider, so each shows as a coloured band around the next.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QWidget

from gamecraft_desktop.core.camera_path import CameraPath, Pose
from gamecraft_desktop.core.path_drawing import arrow_stride, fit_path
from gamecraft_desktop.ui.compare.tile_layout import LETTERS, tile_colour_hex
from gamecraft_desktop.ui.path_map_view import PathMapView
from gamecraft_desktop.ui.timeline import style

#: A path's line width, and how much wider it is drawn per identical path drawn over it.
LINE_WIDTH = 2.5
BAND = 4.0


class ComparePathMap(PathMapView):
    """`set_paths(paths)` once; `set_frames(frames)` as the tiles change frame (-1: at the path's end)."""

    def __init__(self, paths: Sequence[CameraPath], parent: QWidget | None = None) -> None:
        self._paths = list(paths)
        self._poses = [p.waypoints() for p in self._paths]
        self._frames = [-1] * len(self._paths)
        #: Per path, how many paths drawn after it are the same path (each widens it by one band).
        self._covered = [sum(1 for later in self._paths[i + 1:] if later.steps == path.steps)
                         for i, path in enumerate(self._paths)]
        super().__init__(None, parent)
        self.setObjectName("comparePathMap")
        self.setAccessibleName(self.tr("Path map of the compared videos"))
        self.setToolTip(self.tr("Top-down view of each compared video's camera path, in its tile's colour; each "
                                "dot is that video's camera at the frame it shows."))
        union = CameraPath(tuple(s for p in self._paths for s in p.steps))
        super().set_path(union)  # the grid, scale and fit code of the base class read self._path
        self._describe()

    def paths(self) -> list[CameraPath]:
        return list(self._paths)

    def set_frames(self, frames: Sequence[int]) -> None:
        frames = [min(f, p.frame_count - 1) if f >= 0 and p.steps else -1 for f, p in zip(frames, self._paths,
                                                                                        strict=True)]
        if frames != self._frames:
            self._frames = frames
            self.update()

    def frames(self) -> list[int]:
        return list(self._frames)

    def camera_position(self, index: int) -> QPointF:
        """Where compared path `index`'s camera dot is drawn (widget pixels)."""
        return self.map_point(self._pose(index))

    # --- the base class's hooks ---------------------------------------------------------------------

    def _relayout(self) -> None:
        if not hasattr(self, "_paths"):
            super()._relayout()
            return
        margin, bottom = self._margins()
        area = QRectF(self.rect()).adjusted(margin, margin, -margin, -(margin + bottom))
        bounds = [p.bounds() for p in self._paths] or [(0.0, 0.0, 0.0, 0.0)]
        union = (min(b[0] for b in bounds), min(b[1] for b in bounds), max(b[2] for b in bounds),
                 max(b[3] for b in bounds))
        fit = fit_path(union, (area.x(), area.y(), area.width(), area.height()))
        self._scale, self._center_units, self._center_px = fit.scale, fit.centre_units, QPointF(*fit.centre_px)

    def _paint_segments(self, p: QPainter, pal: QPalette) -> None:
        for i, poses in enumerate(self._poses):
            colour = self._colour(i, pal)
            points = [self.map_point(w) for w in poses]
            width = LINE_WIDTH + BAND * self._covered[i]
            p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            for a, b in itertools.pairwise(points):
                p.drawLine(a, b)
            arrows = QPainterPath()
            stride = arrow_stride(len(points) - 1)
            for k, (a, b) in enumerate(itertools.pairwise(points)):
                if k % stride == 0:
                    self._add_arrow(arrows, a.x(), a.y(), b.x(), b.y())
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawPath(arrows)

    def _paint_markers(self, p: QPainter, pal: QPalette) -> None:
        start = self.map_point(Pose(0.0, 0.0))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Base), 2))
        p.setBrush(style.accent(pal, "start"))
        p.drawEllipse(start, 6, 6)
        for i, poses in enumerate(self._poses):
            end = self.map_point(poses[-1])
            half = 6 + BAND * self._covered[i]
            p.setPen(QPen(self._colour(i, pal), 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(end.x() - half, end.y() - half, 2 * half, 2 * half))
        self._paint_legend(p, pal)

    def _paint_legend(self, p: QPainter, pal: QPalette) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        fm = p.fontMetrics()
        x, y = 8.0, 6.0
        for i in range(len(self._paths)):
            colour = self._colour(i, pal)
            box = QRectF(x, y, fm.horizontalAdvance("W") + 10, fm.height() + 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRoundedRect(box, 3, 3)
            p.setPen(style.readable_text(colour, pal))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, LETTERS[i])
            x += box.width() + 4
        p.setFont(self.font())

    def _paint_camera(self, p: QPainter, pal: QPalette) -> None:
        for i in range(len(self._paths)):
            pose = self._pose(i)
            colour = self._colour(i, pal)
            fill = QColor(colour)
            fill.setAlphaF(0.18)
            p.setPen(QPen(colour, 1.2))
            p.setBrush(fill)
            p.drawPath(self.camera_wedge(pose))
            p.setPen(QPen(pal.color(QPalette.ColorRole.Base), 2))
            p.setBrush(colour)
            radius = 5 + BAND * self._covered[i] / 2
            p.drawEllipse(self.map_point(pose), radius, radius)

    # --- internals -----------------------------------------------------------------------------------

    def _pose(self, index: int) -> Pose:
        frame = self._frames[index]
        return self._poses[index][-1] if frame < 0 else self._paths[index].pose_at_frame(frame)

    def _colour(self, index: int, pal: QPalette) -> QColor:
        return QColor(tile_colour_hex(index, dark=style.is_dark(pal)))

    def _describe(self) -> None:
        ends = "; ".join(
            self.tr("{letter} ends {x} right and {y} forward").format(
                letter=LETTERS[i], x=f"{w[-1].x:.2f}", y=f"{w[-1].y:.2f}") for i, w in enumerate(self._poses))
        self.setAccessibleDescription(self.tr("Camera paths of {n} compared videos: {ends}.").format(
            n=len(self._paths), ends=ends))

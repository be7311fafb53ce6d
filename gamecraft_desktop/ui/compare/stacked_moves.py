"""The timeline while comparing: each compared job's own moves on its own row, aligned in time, each row with
its own playhead at the frame its tile shows. Read-only: the composer's timeline comes back on leaving."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, CameraPath
from gamecraft_desktop.core.run_inputs import number_text
from gamecraft_desktop.ui.compare.tile_layout import LETTERS, tile_colour_hex
from gamecraft_desktop.ui.timeline import style

PAD = 4


class StackedMoves(QWidget):
    """`set_frames(frames)` moves each row's playhead (-1 hides it)."""

    def __init__(self, paths: Sequence[CameraPath], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareStackedMoves")
        self.setAccessibleName(self.tr("Moves of the compared videos"))
        self.setToolTip(self.tr("Each compared video's own moves, one row each; the composer's timeline comes "
                                "back when you leave compare"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._paths = list(paths)
        self._frames = [-1] * len(self._paths)
        rows = "; ".join(f"{LETTERS[i]}: " + " ".join(f"{s.action.key} {number_text(s.speed)}" for s in p.steps)
                         for i, p in enumerate(self._paths))
        self.setAccessibleDescription(rows)

    def set_frames(self, frames: Sequence[int]) -> None:
        frames = list(frames)
        if frames != self._frames:
            self._frames = frames
            self.update()

    def frames(self) -> list[int]:
        return list(self._frames)

    def sizeHint(self) -> QSize:
        return QSize(600, self._row_height() * max(2, len(self._paths)) + 2 * PAD)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, (self.fontMetrics().height() + 6) * max(2, len(self._paths)))

    # --- geometry ----------------------------------------------------------------------------------

    def _row_height(self) -> int:
        return self.fontMetrics().height() * 2 + 6

    def _label_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("W") + 18

    def _frame_width(self) -> float:
        """Pixels per frame: the longest path fills the width; every row shares the scale (aligned in time)."""
        longest = max((p.frame_count for p in self._paths), default=0)
        return (self.width() - self._label_width() - 2 * PAD) / max(1, longest)

    def row_rect(self, row: int) -> QRect:
        h = max(self.fontMetrics().height() + 6, min(self._row_height(), (self.height() - 2 * PAD) // len(self._paths)))
        return QRect(PAD, PAD + row * h, self.width() - 2 * PAD, h - 2)

    def block_rect(self, row: int, index: int) -> QRectF:
        r = self.row_rect(row)
        fw = self._frame_width()
        x = r.left() + self._label_width() + index * FRAMES_PER_ACTION * fw
        return QRectF(x, r.top(), FRAMES_PER_ACTION * fw - 2, r.height())

    def playhead_x(self, row: int) -> float | None:
        frame = self._frames[row] if row < len(self._frames) else -1
        if frame < 0:
            return None
        return self.row_rect(row).left() + self._label_width() + (frame + 0.5) * self._frame_width()

    # --- painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = style.is_dark(pal)
        bold = QFont(self.font())
        bold.setBold(True)
        fm = self.fontMetrics()
        for row, path in enumerate(self._paths):
            r = self.row_rect(row)
            colour = QColor(tile_colour_hex(row, dark=dark))
            badge = QRectF(r.left(), r.top(), self._label_width() - 6, r.height())
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRoundedRect(badge, 4, 4)
            p.setFont(bold)
            p.setPen(style.readable_text(colour, pal))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, LETTERS[row])
            p.setFont(self.font())
            for i, step in enumerate(path.steps):
                block = self.block_rect(row, i)
                fill = style.action_fill(step.action, pal)
                p.setPen(QPen(style.action_stroke(step.action, pal), 1))
                p.setBrush(fill)
                p.drawRoundedRect(block, 3, 3)
                text = f"{step.action.key} {number_text(step.speed)}"
                if fm.horizontalAdvance(text) + 6 > block.width():
                    text = step.action.key if fm.horizontalAdvance(step.action.key) + 4 <= block.width() else ""
                p.setPen(style.readable_text(fill, pal))
                p.drawText(block, Qt.AlignmentFlag.AlignCenter, text)
            x = self.playhead_x(row)
            if x is not None:
                p.setPen(QPen(style.accent(pal, "playhead"), 2))
                p.drawLine(QPoint(round(x), r.top() - 1), QPoint(round(x), r.bottom() + 1))
        p.end()

    def event(self, e: object) -> bool:  # type: ignore[override]
        if isinstance(e, QHelpEvent):
            tip = self._tip_at(e.pos())
            if tip:
                QToolTip.showText(e.globalPos(), tip, self)
                return True
        return super().event(e)  # type: ignore[arg-type]

    def _tip_at(self, pos: QPoint) -> str:
        for row, path in enumerate(self._paths):
            for i, step in enumerate(path.steps):
                if self.block_rect(row, i).contains(pos.toPointF()):
                    return self.tr("{letter} · move {n}: {key} ({label}) at {speed}").format(
                        letter=LETTERS[row], n=i + 1, key=step.action.key, label=step.action.label,
                        speed=number_text(step.speed))
        return ""


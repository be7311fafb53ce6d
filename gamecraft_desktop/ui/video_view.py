"""The picture of the inline player, and the frame and time arithmetic of playback.

`VideoView` keeps the video fitted with its aspect ratio, toggles play on a click, starts a drag with the
file's URL and opens the player's menu on a right click; its owner is the PlayerView.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QDrag, QMouseEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import QApplication, QGraphicsView, QLabel, QSizePolicy, QWidget

from gamecraft_desktop.core.camera_path import FPS

FRAME_MS = 1000.0 / FPS


def frame_for_ms(ms: float) -> int:
    """The frame on screen at a playback position (ms). A small epsilon absorbs rounding in the backend."""
    return max(0, math.floor(ms * FPS / 1000.0 + 1e-3))


def ms_for_frame(frame: int) -> int:
    """A position safely inside frame `frame` (its middle), so seeking lands on it and not its neighbour."""
    return round((frame + 0.5) * FRAME_MS)


def format_time(ms: float, *, round_up: bool = False) -> str:
    """m:ss.f (tenths: calm while playing, no raw milliseconds). Positions round down, totals up, so a
    position never reads past its total (8.25 s → 0:08.3 as a total)."""
    tenths = max(0.0, ms) / 100.0
    t = math.ceil(tenths - 1e-6) if round_up else math.floor(tenths + 1e-6)
    minutes, rest = divmod(t, 600)
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


class VideoView(QGraphicsView):
    """The picture. Keeps the video fitted with its aspect ratio and starts a drag with the file's URL."""

    def __init__(self, owner: Any) -> None:
        super().__init__(owner)
        self._owner = owner
        self._press: QPoint | None = None
        # Our own viewport (a Qt-made one would cost PySide a type scan when first wrapped), named: it is
        # what a screen reader meets as the picture.
        screen = QWidget(self)
        screen.setObjectName("videoScreen")
        screen.setAccessibleName(self.tr("Video"))
        screen.setAccessibleDescription(self.tr("The selected job's video or the free preview; Space plays "
                                                "or pauses"))
        self.setViewport(screen)
        screen.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the player takes the keys, not its picture
        # Over the picture, in the viewport: a child of a scroll area beside its viewport is left out of the
        # accessibility tree (the area lists only its viewport and scroll bars). The player sets the texts.
        self.message = QLabel(screen)
        self.message.setObjectName("playerMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #d8d8d8; background: transparent; padding: 12px;")
        self.badge = QLabel(screen)
        self.badge.setObjectName("sandboxBadge")
        self.badge.setStyleSheet("QLabel { color: #1b1300; background: #ffc53d; border-radius: 4px; "
                                 "padding: 3px 8px; font-weight: 600; }")
        self.badge.hide()
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QColor(16, 16, 18))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(200, 96)  # the window must fit 1600×1000 at 200 % (800×500 logical)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._owner._fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            moved = (event.position().toPoint() - self._press).manhattanLength()
            if moved < QApplication.startDragDistance():
                self._owner.toggle_play()
        self._press = None
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self._owner.show_menu(event.globalPos())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        far = self._press is not None and \
            (event.position().toPoint() - self._press).manhattanLength() >= QApplication.startDragDistance()
        if far and event.buttons() & Qt.MouseButton.LeftButton:
            self._press = None
            self.start_drag()
            return
        super().mouseMoveEvent(event)

    def start_drag(self) -> None:
        """Drag the video file out (into a file manager or another app)."""
        mime = self._owner.drag_mime_data()
        if mime is None or not self._owner.video_path.exists():
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        thumb = self.grab().scaledToWidth(160, Qt.TransformationMode.SmoothTransformation)
        if not thumb.isNull():
            drag.setPixmap(thumb)
        drag.exec(Qt.DropAction.CopyAction)

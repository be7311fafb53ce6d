"""The compared pictures: a grid of up to four tiles, an A/B wipe with a draggable divider, or one tile alone.

Each tile has a caption strip above its picture: its letter in its colour, its seed and whatever else is
unique to it, and its star and actions buttons. Pictures arrive from the session already at the size they
are drawn at, so painting is a copy, not a scale. The wipe shows the left video left of the divider and the
right video right of it, on one picture; drag anywhere on it (or press [ and ]) to move the divider.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolButton, QToolTip, QWidget

from gamecraft_desktop.core.run_inputs import InputField, RunInputs, unique_parts
from gamecraft_desktop.media.frame_reader import fit_size
from gamecraft_desktop.ui.compare.session import CompareSession
from gamecraft_desktop.ui.compare.tile_layout import (
    LETTERS,
    Layout,
    fit_rect,
    grid_cells,
    tile_colour_hex,
    wipe_split,
)
from gamecraft_desktop.ui.run_text import caption, part_text
from gamecraft_desktop.ui.timeline.style import readable_text

BACKGROUND = QColor(16, 16, 18)
CAPTION_TEXT = QColor(230, 230, 232)
GAP = 4
#: Between the grid's pictures: their coloured frames stay apart (they touched at 4 px).
TILE_GAP = 10
DEFAULT_VIDEO = QSize(1216, 704)


class CompareCanvas(QWidget):
    """Signals: `starClicked(int tile)`, `menuRequested(int tile, QPoint global)`, `wipeMoved(float)`,
    `pictureClicked()` (a click on a picture outside the wipe: play or pause, as in the single player),
    `tileDoubleClicked(int tile)` (that video alone, or back)."""

    starClicked = Signal(int)
    menuRequested = Signal(int, QPoint)
    wipeMoved = Signal(float)
    pictureClicked = Signal()
    tileDoubleClicked = Signal(int)

    def __init__(self, session: CompareSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareCanvas")
        self.setAccessibleName(self.tr("Compared videos"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 140)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(True)
        self.session = session
        self.layout_mode = Layout.GRID
        self.solo = 0
        self.wipe_pair = (0, 1)
        self.wipe_position = 0.5
        self._dragging = False
        self.hovered: int | None = None  # the tile under the pointer (Ctrl+D stars it)
        self._errors: dict[int, str] = {}
        self._stars: list[QToolButton] = []
        self._menus: list[QToolButton] = []
        for i in range(session.count):
            self._stars.append(self._tile_button(i, "star"))
            self._menus.append(self._tile_button(i, "menu"))
        self.update_stars()
        session.shownChanged.connect(lambda _f: self.update())
        session.lengthsChanged.connect(self.relayout)
        session.tileFailed.connect(self._on_failed)

    def _tile_button(self, tile: int, kind: str) -> QToolButton:
        button = QToolButton(self)
        letter = LETTERS[tile]
        button.setAutoRaise(True)
        button.setObjectName(f"compareTile{kind.title()}_{letter}")
        # Tab reaches it; a click does not take the keyboard (Space would toggle the star again, not play).
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setStyleSheet("QToolButton { color: #e6e6e8; border: none; padding: 0 4px; }"
                             "QToolButton:focus { border: 1px solid #e6e6e8; border-radius: 3px; }"
                             "QToolButton:hover { background: rgba(255, 255, 255, 40); border-radius: 3px; }")
        if kind == "star":
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, t=tile: self.starClicked.emit(t))
        else:
            button.setText("⋯")
            button.setAccessibleName(self.tr("Actions for video {letter}").format(letter=letter))
            button.setToolTip(self.tr("Use these inputs, vary the seed, continue from the last frame, save the "
                                      "video (or right-click the picture)"))
            button.clicked.connect(
                lambda _c=False, t=tile, b=button: self.menuRequested.emit(t, b.mapToGlobal(b.rect().bottomLeft())))
        return button

    # --- state -------------------------------------------------------------------------------------

    def set_layout_mode(self, mode: Layout, solo: int | None = None) -> None:
        self.layout_mode = mode
        if solo is not None:
            self.solo = max(0, min(solo, self.session.count - 1))
        self.relayout()

    def set_wipe_pair(self, left: int, right: int) -> None:
        self.wipe_pair = (left, right)
        self.relayout()

    def set_wipe_position(self, position: float) -> None:
        position = min(1.0, max(0.0, position))
        if position != self.wipe_position:
            self.wipe_position = position
            self.wipeMoved.emit(position)
            self._describe()
            self.update()

    def update_stars(self) -> None:
        for i, button in enumerate(self._stars):
            starred = self.session.jobs[i].starred
            button.setChecked(starred)
            button.setText("★" if starred else "☆")
            letter = LETTERS[i]
            button.setAccessibleName(self.tr("Unstar video {letter}").format(letter=letter) if starred
                                     else self.tr("Star video {letter}").format(letter=letter))
            button.setToolTip(self.tr("Starred: kept by “Delete unstarred”. Click to unstar.") if starred
                              else self.tr("Star this video to keep it (Delete unstarred spares it)"))

    def visible_tiles(self) -> list[int]:
        if self.layout_mode is Layout.SOLO:
            return [self.solo]
        if self.layout_mode is Layout.WIPE:
            return list(dict.fromkeys(self.wipe_pair))
        return list(range(self.session.count))

    # --- geometry ----------------------------------------------------------------------------------

    def caption_height(self) -> int:
        return self.fontMetrics().height() + 10

    def _video_size(self, tile: int) -> QSize:
        w, h = self.session.feeds[tile].video_size
        return QSize(w, h) if w > 0 and h > 0 else DEFAULT_VIDEO

    def tile_rects(self) -> dict[int, tuple[QRect, QRect]]:
        """Per visible tile: (caption strip, picture), in widget pixels. In the wipe both videos share one
        picture; the captions split the strip."""
        area = self.rect().adjusted(GAP, GAP, -GAP, -GAP)
        cap = self.caption_height()
        out: dict[int, tuple[QRect, QRect]] = {}
        if self.layout_mode is Layout.GRID:
            cells = grid_cells(self.session.count, area, self._video_size(0), cap, TILE_GAP)
            for i, cell in enumerate(cells):
                out[i] = self._caption_and_picture(cell, cap, self._video_size(i))
        elif self.layout_mode is Layout.SOLO:
            out[self.solo] = self._caption_and_picture(area, cap, self._video_size(self.solo))
        else:
            left, right = self.wipe_pair
            strip, picture = self._caption_and_picture(area, cap, self._video_size(left))
            # The captions take the canvas's whole width (the picture may be narrow): left one, right one.
            half = area.width() // 2
            out[left] = (QRect(area.left(), strip.top(), half - GAP, strip.height()), picture)
            out[right] = (QRect(area.left() + half + GAP, strip.top(), area.width() - half - GAP, strip.height()),
                          picture)
        return out

    @staticmethod
    def _caption_and_picture(cell: QRect, cap: int, video: QSize) -> tuple[QRect, QRect]:
        picture = fit_rect(QRect(cell.left(), cell.top() + cap, cell.width(), max(0, cell.height() - cap)), video)
        strip = QRect(picture.left(), picture.top() - cap, picture.width(), cap)
        return strip, picture

    def relayout(self) -> None:
        """Tell the session what is on screen and at which size, and place the tile buttons."""
        rects = self.tile_rects()
        dpr = self.devicePixelRatioF()
        sizes = {}
        for i, (_strip, picture) in rects.items():
            native = self._video_size(i)
            sizes[i] = fit_size((native.width(), native.height()),
                                (round(picture.width() * dpr), round(picture.height() * dpr)))
        self.session.set_view(list(rects), sizes)
        # Another tile may now be under a pointer that did not move.
        self.hovered = self.tile_at(self.mapFromGlobal(QCursor.pos())) if self.underMouse() else None
        for i in range(self.session.count):
            shown = i in rects
            self._stars[i].setVisible(shown)
            self._menus[i].setVisible(shown)
            if shown:
                strip = rects[i][0]
                h = strip.height() - 4
                self._menus[i].setGeometry(strip.right() - h - 2, strip.top() + 2, h + 2, h)
                self._stars[i].setGeometry(strip.right() - 2 * h - 6, strip.top() + 2, h + 2, h)
        self._describe()
        self.update()

    def _describe(self) -> None:
        if self.layout_mode is Layout.WIPE:
            left, right = (LETTERS[i] for i in self.wipe_pair)
            text = self.tr("Wipe: video {left} left of the divider, video {right} right of it; the divider is at "
                           "{pct} %. Drag it, or press [ and ].").format(left=left, right=right,
                                                                           pct=round(self.wipe_position * 100))
        elif self.layout_mode is Layout.SOLO:
            text = self.tr("Video {letter} alone").format(letter=LETTERS[self.solo])
        else:
            text = self.tr("{n} videos side by side").format(n=self.session.count)
        self.setAccessibleDescription(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    # --- painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), BACKGROUND)
        rects = self.tile_rects()
        if self.layout_mode is Layout.WIPE:
            self._paint_wipe(p, rects)
        else:
            for i, (_strip, picture) in rects.items():
                self._paint_picture(p, i, picture, picture)
                self._paint_frame(p, i, picture)
        for i, (strip, _picture) in rects.items():
            self._paint_caption(p, i, strip)
        p.end()

    def _paint_picture(self, p: QPainter, tile: int, picture: QRect, clip: QRect) -> None:
        image = self.session.image(tile)
        error = self._errors.get(tile)
        if image is None or error:
            p.fillRect(picture.intersected(clip), QColor(32, 32, 36))
            p.setPen(CAPTION_TEXT)
            text = error or self.tr("Loading…")
            p.drawText(picture.intersected(clip).adjusted(8, 8, -8, -8),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
            return
        p.save()
        p.setClipRect(clip)
        exact = image.width() == round(picture.width() * self.devicePixelRatioF())
        if not exact:  # a resize is being decoded: scale the old picture meanwhile
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(QRectF(picture), image, QRectF(image.rect()))
        p.restore()

    def _paint_frame(self, p: QPainter, tile: int, picture: QRect) -> None:
        p.setPen(QPen(self.tile_colour(tile), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(picture).adjusted(-1, -1, 1, 1))

    def _paint_wipe(self, p: QPainter, rects: dict[int, tuple[QRect, QRect]]) -> None:
        left, right = self.wipe_pair
        picture = rects[left][1]
        x = wipe_split(picture, self.wipe_position)
        self._paint_picture(p, left, picture, QRect(picture.left(), picture.top(), x - picture.left(),
                                                    picture.height()))
        self._paint_picture(p, right, picture, QRect(x, picture.top(), picture.right() - x + 1, picture.height()))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(255, 255, 255), 2))
        p.drawLine(x, picture.top(), x, picture.bottom())
        r = max(10, self.fontMetrics().height() * 0.8)
        centre_y = picture.center().y()
        p.setBrush(QColor(255, 255, 255))
        p.setPen(QPen(BACKGROUND, 1))
        p.drawEllipse(QRectF(x - r, centre_y - r, 2 * r, 2 * r))
        p.setPen(BACKGROUND)
        p.drawText(QRectF(x - r, centre_y - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, "◀▶")
        for tile, side in ((left, picture.adjusted(0, 0, x - picture.right(), 0)),
                           (right, picture.adjusted(x - picture.left(), 0, 0, 0))):
            p.setPen(QPen(self.tile_colour(tile), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(side).adjusted(-1, -1, 1, 1))

    def _paint_caption(self, p: QPainter, tile: int, strip: QRect) -> None:
        colour = self.tile_colour(tile)
        letter = LETTERS[tile]
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        badge_w = p.fontMetrics().horizontalAdvance(letter) + 12
        badge = QRect(strip.left(), strip.top() + 2, badge_w, strip.height() - 4)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(QRectF(badge), 4, 4)
        p.setPen(readable_text(colour, self.palette()))
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, letter)
        p.setFont(self.font())
        p.setPen(CAPTION_TEXT)
        buttons = 2 * (strip.height() - 4) + 10 if self._stars[tile].isVisible() else 0
        text_rect = QRect(badge.right() + 6, strip.top(), strip.width() - badge_w - 6 - buttons, strip.height())
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                   self.caption_text(tile, text_rect.width(), p.fontMetrics()))

    def caption_text(self, tile: int, width: int, fm: QFontMetrics) -> str:
        """The caption as drawn in `width` pixels: whole when it fits, else the seed's number first (a narrow
        tile still tells which run it is: "45 · CFG…", not "se…"), elided, and with less room the number
        alone ("45", never "4…")."""
        parts = self.caption_parts(tile)
        text = " · ".join(parts)
        if fm.horizontalAdvance(text) <= width:
            return text
        seed = str(self.session.jobs[tile].seed) if self.session.jobs[tile].seed is not None else "–"
        compact = fm.elidedText(" · ".join([seed, *parts[1:]]), Qt.TextElideMode.ElideRight, width)
        if compact.startswith(seed) or fm.horizontalAdvance(seed) > width:
            return compact
        return seed

    def caption_parts(self, tile: int) -> list[str]:
        """The tile's seed and what else is unique to it among the compared runs."""
        runs = [ev.inputs for ev in self.session.jobs]
        if any(r is None for r in runs):
            seed = self.session.jobs[tile].seed
            return [part_text(InputField.SEED, str(seed) if seed is not None else "–")]
        return caption(unique_parts([r for r in runs if isinstance(r, RunInputs)], tile))

    def tile_colour(self, tile: int) -> QColor:
        # The pictures sit on a dark ground in both themes (like the player): the light tones read there.
        return QColor(tile_colour_hex(tile, dark=True))

    def _on_failed(self, tile: int, text: str) -> None:
        self._errors[tile] = text
        self.update()

    # --- mouse -------------------------------------------------------------------------------------

    def event(self, e: QEvent) -> bool:
        if isinstance(e, QHelpEvent):
            tile = self.tile_at(e.pos())
            if tile is not None:  # the whole caption, which a narrow tile elides
                text = f"{LETTERS[tile]} · " + " · ".join(self.caption_parts(tile))
                QToolTip.showText(e.globalPos(), text, self)
                return True
        return super().event(e)

    def tile_at(self, pos: QPoint) -> int | None:
        for i, (strip, picture) in self.tile_rects().items():
            if self.layout_mode is Layout.WIPE and picture.contains(pos):
                return self.wipe_pair[0] if pos.x() < wipe_split(picture, self.wipe_position) else self.wipe_pair[1]
            if strip.contains(pos) or picture.contains(pos):
                return i
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self.layout_mode is Layout.WIPE and event.button() == Qt.MouseButton.LeftButton:
            picture = self.tile_rects()[self.wipe_pair[0]][1]
            if picture.contains(pos):
                self._dragging = True
                self._drag_to(pos, picture)
                return
        if event.button() == Qt.MouseButton.RightButton:
            tile = self.tile_at(pos)
            if tile is not None:
                self.menuRequested.emit(tile, event.globalPosition().toPoint())
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        self.hovered = self.tile_at(pos)
        if self.layout_mode is Layout.WIPE:
            picture = self.tile_rects()[self.wipe_pair[0]][1]
            if self._dragging:
                self._drag_to(pos, picture)
                return
            near = abs(pos.x() - wipe_split(picture, self.wipe_position)) <= 8 and picture.contains(pos)
            self.setCursor(Qt.CursorShape.SplitHCursor if near else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hovered = None
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        dragged, self._dragging = self._dragging, False
        if not dragged and event.button() == Qt.MouseButton.LeftButton and \
                self.tile_at(event.position().toPoint()) is not None:
            self.pictureClicked.emit()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        tile = self.tile_at(event.position().toPoint())
        if tile is not None and event.button() == Qt.MouseButton.LeftButton and self.layout_mode is not Layout.WIPE:
            self.tileDoubleClicked.emit(tile)
            return
        super().mouseDoubleClickEvent(event)

    def _drag_to(self, pos: QPoint, picture: QRect) -> None:
        if picture.width() > 0:
            self.set_wipe_position((pos.x() - picture.left()) / picture.width())


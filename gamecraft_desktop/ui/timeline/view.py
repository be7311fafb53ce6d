"""The timeline: one equal-width block per move (33 frames = 1.375 s), a seconds ruler, the playhead,
and keyboard/mouse/record editing of a PathDocument.

Keys with the timeline focused:
  W A S D        append a move at the current speed (Shift: twice as fast); auto-repeat is ignored;
                 the keys in those places count too (Z Q S D on AZERTY), see interaction.py
  1 … 9, 0       speed 0.1 … 0.9, and 0 = 1.0, for the selection and for new moves
  + / -          selection speed ±0.05 (clamped to 0.01 … 3); without a selection, the speed for new moves
  Delete, ⌫      remove the selection
  ← →            move the cursor (Shift extends the selection); Home / End jump to the ends
  Ctrl+← →       reorder the selection one place
  Ctrl+D / Ctrl+A   duplicate / select all;  F2 or Enter: edit the speed;  Esc: clear selection / stop
  R              record mode on/off (see composer/path_recorder.py for the hold-to-add rule)
  Ctrl+Z, Ctrl+Shift+Z   undo / redo (when the window does not already own these shortcuts)

The work is split by responsibility: layout maths in geometry.py, painting in painter.py,
input in interaction.py, words in text.py; this module is the widget that ties them together.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFocusEvent,
    QHelpEvent,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QToolTip, QWidget

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.composer.path_recorder import Clock, PathRecorder
from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, CameraPath, is_valid_speed
from gamecraft_desktop.ui.path_menus import build_context_menu
from gamecraft_desktop.ui.timeline import announcer
from gamecraft_desktop.ui.timeline.geometry import TimelineGeometry
from gamecraft_desktop.ui.timeline.inline_editor import InlineSpeedEditor
from gamecraft_desktop.ui.timeline.interaction import TimelineInput, handles_key
from gamecraft_desktop.ui.timeline.painter import TimelinePainter
from gamecraft_desktop.ui.timeline.text import block_tooltip, digit_speed, format_seconds, path_summary

__all__ = ["TimelineView", "digit_speed", "format_seconds", "path_summary"]


class TimelineView(QAbstractScrollArea):
    """A custom-painted, horizontally scrolling view of a PathDocument. Only the visible blocks are
    painted (from cached pixmaps), derived state is cached per path, and repaints are coalesced by
    Qt into one per event-loop turn, so an edit at 500 moves costs about what it does at 10."""

    summaryChanged = Signal(str)

    def __init__(self, doc: PathDocument, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        # Our own viewport, set up as Qt sets up its default one: a viewport Qt creates has no Python
        # wrapper yet, and wrapping it on the first viewport() call makes PySide initialise every QWidget
        # subclass to find its type (~6 ms of a cold start).
        viewport = QWidget(self)
        viewport.setObjectName("qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        self.setViewport(viewport)
        self._doc = doc
        self.recorder = PathRecorder(doc, clock, self)
        self._invalid: frozenset[int] = frozenset()
        self._summary = ""
        self._editor: InlineSpeedEditor | None = None
        self._geometry: TimelineGeometry | None = None
        self._painter = TimelinePainter(self)
        self._input = TimelineInput(self)

        self.setObjectName("timelineView")
        self.setAccessibleName(self.tr("Timeline"))
        self.setToolTip(self.tr(
            "Timeline: one block per move (1.375 s each).\n"
            "W A S D (or the keys in their places, e.g. Z Q S D) add a move (Shift: 2× speed) · 1–9 set speed 0.1–0.9, 0 sets 1.0 · +/− change speed by 0.05\n"
            "Del removes · ←/→ select (Shift extends) · Ctrl+←/→ reorder · Ctrl+D duplicate · Ctrl+A select all\n"
            "F2 or double-click edits the speed · wheel over a block changes its speed · drag to reorder\n"
            "R toggles record mode: hold W A S D to add one move now and one per further 1.375 s held"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalScrollBar().setAccessibleName(self.tr("Scroll the timeline"))
        self.verticalScrollBar().setAccessibleName(self.tr("Timeline vertical scroll (unused)"))
        self.viewport().setAccessibleName(self.tr("Timeline blocks"))
        self.viewport().setMouseTracking(False)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

        self.record_action = QAction(self.tr("Record mode"), self)
        self.record_action.setObjectName("recordMode")
        self.record_action.setCheckable(True)
        self.record_action.setShortcut("R")
        self.record_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.record_action.setToolTip(self.tr("Record mode (R): hold W, A, S or D to add moves in real time; "
                                         "Shift for 2× speed"))
        self.record_action.toggled.connect(self.recorder.set_recording)
        self.recorder.recordingChanged.connect(self._on_recording_changed)
        self.recorder.strokeChanged.connect(self.viewport().update)

        doc.pathChanged.connect(self._on_path_changed)
        doc.selectionChanged.connect(self._on_selection_changed)
        self._accessible = announcer.install(self)  # each move is an item for screen readers
        doc.playheadChanged.connect(self._on_playhead_changed)
        doc.currentSpeedChanged.connect(lambda _v: self.viewport().update())
        self._on_path_changed(doc.path())

    # --- public -------------------------------------------------------------------------------------

    def document(self) -> PathDocument:
        return self._doc

    def summary(self) -> str:
        return self._summary

    def is_recording(self) -> bool:
        return self.recorder.is_recording()

    def set_recording(self, on: bool) -> None:
        self.record_action.setChecked(on)

    def timeline_geometry(self) -> TimelineGeometry:
        """The layout for the current font (cached until the font or style changes)."""
        if self._geometry is None:
            base = TimelineGeometry.from_metrics(self.fontMetrics())
            # Blocks grow into a taller view (up to a cap) instead of leaving a blank strip under them.
            self._geometry = base.with_height(self.viewport().height(), 2 * base.pad)
        return self._geometry

    def scroll_offset(self) -> int:
        return self.horizontalScrollBar().value()

    def invalid_indices(self) -> frozenset[int]:
        """The moves the endpoint would refuse (bad speed or a rotation)."""
        return self._invalid

    def block_width(self) -> int:
        return self.timeline_geometry().block_width

    def block_rect(self, index: int) -> QRect:
        """Where block `index` is drawn, in viewport coordinates (may be outside the visible part)."""
        return self.timeline_geometry().block_rect(index, self.scroll_offset())

    def frame_x(self, frame: int) -> float:
        """The x of a frame's playhead line in viewport coordinates."""
        return self.timeline_geometry().frame_x(frame, self.scroll_offset())

    def index_at(self, pos: QPoint) -> int:
        """The block under a viewport point, or -1."""
        return self.timeline_geometry().index_at(pos, self.scroll_offset(), len(self._doc.path()))

    def gap_at(self, x: float) -> int:
        """The gap between blocks (0..n) nearest a viewport x."""
        return self.timeline_geometry().gap_at(x, self.scroll_offset(), len(self._doc.path()))

    def drop_gap(self) -> int:
        """While a drag is in progress, the gap the selection would land in, else -1."""
        return self._input.drop_gap

    def autoscroll_timer(self) -> QTimer:
        """The timer that scrolls while a drag is held near an edge (active only then)."""
        return self._input.autoscroll

    def playhead_label_boxes(self) -> list[QRect]:
        """Where the text of the block under the playhead is (the playhead line is not drawn there)."""
        i = self._doc.playhead_action()
        return self._painter.label_boxes(i) if i >= 0 else []

    def ensure_visible(self, index: int) -> None:
        if index < 0:
            return
        sb = self.horizontalScrollBar()
        sb.setValue(self.timeline_geometry().scroll_to_show(index, sb.value(), self.viewport().width()))

    def edit_speed(self, index: int | None = None) -> InlineSpeedEditor | None:
        """Open the inline speed editor over a block (the current one by default); it applies to the
        selection when the block is part of it."""
        idx = self._doc.current_index() if index is None else index
        if idx < 0:
            return None
        sel = self._doc.selection()
        indices = sel if idx in sel else (idx,)
        if idx not in sel:
            self._doc.select([idx])
        if self._editor is not None:
            self._editor.close_editor()
        self.ensure_visible(idx)
        editor = InlineSpeedEditor(self, indices, self._doc.path().steps[idx].speed)
        rect = self.block_rect(idx)
        hint = editor.sizeHint()
        w = max(rect.width() - 4, hint.width())
        editor.setGeometry(rect.center().x() - w // 2, rect.center().y() - hint.height() // 2, w, hint.height())
        editor.show()
        editor.setFocus()
        editor.selectAll()
        self._editor = editor
        return editor

    def editor_closed(self, editor: InlineSpeedEditor) -> None:
        if self._editor is editor:
            self._editor = None

    def context_menu(self) -> QMenu:
        """The right-click menu for the selection (built fresh each time)."""
        return build_context_menu(self._doc, self, lambda: self.edit_speed(), self.record_action)

    def show_context_menu(self, global_pos: QPoint | None) -> None:
        """Open the context menu at a global point, or under the current block (keyboard)."""
        if global_pos is None:
            cur = self._doc.current_index()
            geo = self.timeline_geometry()
            local = self.block_rect(cur).center() if cur >= 0 else QPoint(geo.x0, geo.blocks_top)
            global_pos = self.viewport().mapToGlobal(local)
        menu = self.context_menu()
        menu.exec(global_pos)
        menu.deleteLater()

    def block_tooltip(self, i: int) -> str:
        return block_tooltip(i, self._doc.path().steps[i], i in self._invalid)

    # --- sizes --------------------------------------------------------------------------------------

    def _header_h(self) -> int:
        return self.timeline_geometry().header_height

    def _ruler_h(self) -> int:
        return self.timeline_geometry().ruler_height

    def _blocks_band(self) -> tuple[int, int]:
        geo = self.timeline_geometry()
        return geo.blocks_top, geo.blocks_height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            self._geometry = None
            self._painter.invalidate()
            self._update_scroll_range()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        geo = self.timeline_geometry()
        sb = self.horizontalScrollBar().sizeHint().height()
        return QSize(8 * geo.block_width,
                     geo.blocks_top + geo.min_blocks_height + geo.pad * 2 + sb + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return QSize(3 * self.block_width(), self.sizeHint().height())

    def _update_scroll_range(self) -> None:
        geo, sb, vw = self.timeline_geometry(), self.horizontalScrollBar(), self.viewport().width()
        sb.setRange(0, max(0, geo.content_width(len(self._doc.path())) - vw))
        sb.setPageStep(max(1, vw))
        sb.setSingleStep(geo.block_width // 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            self._geometry = None  # the blocks' height follows the view's
        self._update_scroll_range()

    # --- document signals ---------------------------------------------------------------------------

    def _on_path_changed(self, path: CameraPath) -> None:
        # problems() is cached on the path (and shared with the window's check): scan only when needed.
        self._invalid = frozenset(
            i for i, s in enumerate(path.steps) if not s.action.is_translation or not is_valid_speed(s.speed)
        ) if path.steps and path.problems() else frozenset()
        self._update_scroll_range()
        summary = path_summary(path)
        if summary != self._summary:
            self._summary = summary
            self.setAccessibleDescription(summary)
            self.summaryChanged.emit(summary)
        self.viewport().update()

    def _on_selection_changed(self) -> None:
        self.ensure_visible(self._doc.current_index())
        self.viewport().update()

    def _on_playhead_changed(self, frame: int) -> None:
        if frame >= 0 and self._input.press_pos is None:
            x = self.frame_x(frame)
            if not 0 <= x <= self.viewport().width():
                self.ensure_visible(frame // FRAMES_PER_ACTION)
        self.viewport().update()

    def _on_recording_changed(self, on: bool) -> None:
        if self.record_action.isChecked() != on:
            self.record_action.setChecked(on)
        self.viewport().update()

    # --- events (input is handled by interaction.py) -----------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Keep our keys when the window has shortcuts on the same keys (e.g. Delete for jobs).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and handles_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._input.key_press(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if not self._input.key_release(event):
            super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._input.mouse_press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._input.mouse_move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._input.mouse_release(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._input.mouse_double_click(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._input.wheel(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # A key released while another widget has focus never reaches us: end the stroke now.
        self.recorder.finish()
        self.recorder.set_fast(False)
        if self._input.drop_gap >= 0 and self._editor is None:
            self._input.end_drag()
        super().focusOutEvent(event)
        self.viewport().update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._accessible.focus_current()
        self.viewport().update()

    def hideEvent(self, event: QHideEvent) -> None:
        self.recorder.finish()
        self._input.end_drag()
        super().hideEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.show_context_menu(None)
            return
        i = self.index_at(self.viewport().mapFrom(self, event.pos()))
        if i >= 0 and i not in self._doc.selection():
            self._doc.select([i])
        self.show_context_menu(event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self.index_at(event.pos())
            text = self.block_tooltip(i) if i >= 0 else self.toolTip()
            QToolTip.showText(event.globalPos(), text, self.viewport(),
                              self.block_rect(i) if i >= 0 else QRect())
            return True
        return super().viewportEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        self._painter.paint(p)
        p.end()

"""The timeline: one equal-width block per move (33 frames = 1.375 s), a seconds ruler, the playhead,
and keyboard/mouse/record editing of a PathDocument.

Keys with the timeline focused:
  W A S D        append a move at the current speed (Shift: twice as fast); auto-repeat is ignored
  1 … 9, 0       speed 0.1 … 0.9, and 0 = 1.0, for the selection and for new moves
  + / -          selection speed ±0.05 (clamped to 0.01 … 3); without a selection, the speed for new moves
  Delete, ⌫      remove the selection
  ← →            move the cursor (Shift extends the selection); Home / End jump to the ends
  Ctrl+← →       reorder the selection one place
  Ctrl+D / Ctrl+A   duplicate / select all;  F2 or Enter: edit the speed;  Esc: clear selection / stop
  R              record mode on/off (see jobs/path_recorder.py for the hold-to-add rule)
  Ctrl+Z, Ctrl+Shift+Z   undo / redo (when the window does not already own these shortcuts)
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDoubleSpinBox, QMenu, QToolTip, QWidget

from gamecraft_desktop.core.camera_path import (
    FRAMES_PER_ACTION,
    MAX_SPEED,
    SECONDS_PER_ACTION,
    Action,
    CameraPath,
    is_valid_speed,
)
from gamecraft_desktop.jobs.path_model import MIN_EDIT_SPEED, SPEED_NUDGE, PathDocument
from gamecraft_desktop.jobs.path_recorder import Clock, PathRecorder
from gamecraft_desktop.ui import timeline_style as style
from gamecraft_desktop.ui.path_menus import action_label, build_context_menu

_KEY_ACTIONS: dict[int, Action] = {Qt.Key.Key_W: Action.FORWARD, Qt.Key.Key_A: Action.LEFT,
                Qt.Key.Key_S: Action.BACKWARD, Qt.Key.Key_D: Action.RIGHT}
_DIGIT_KEYS: dict[int, int] = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}


def digit_speed(digit: int) -> float:
    """The speed a digit key sets: 1 → 0.1 … 9 → 0.9, 0 → 1.0."""
    return 1.0 if digit == 0 else digit / 10


def _tr(text: str) -> str:
    return QCoreApplication.translate("TimelineView", text)


def format_seconds(seconds: float) -> str:
    """5.5 → '5.5 s', 1.375 → '1.375 s', 0 → '0 s'."""
    return _tr("%1 s").replace("%1", f"{seconds:.3f}".rstrip("0").rstrip("."))


def path_summary(path: CameraPath) -> str:
    """'4 moves · 132 frames · 5.5 s' — what the timeline header and the window's summary show."""
    n = len(path)
    moves = _tr("1 move") if n == 1 else _tr("%1 moves").replace("%1", str(n))
    frames = _tr("%1 frames").replace("%1", str(path.frame_count))
    return f"{moves} · {frames} · {format_seconds(path.duration_seconds)}"


class _InlineSpeedEditor(QDoubleSpinBox):
    """The spin box a double-click (or F2) opens over a block. Enter or leaving commits, Esc cancels."""

    def __init__(self, view: TimelineView, indices: tuple[int, ...], value: float) -> None:
        super().__init__(view.viewport())
        self._view, self._indices, self._done = view, indices, False
        self.setObjectName("inlineSpeedEditor")
        self.setRange(MIN_EDIT_SPEED, MAX_SPEED)
        self.setDecimals(2)
        self.setSingleStep(SPEED_NUDGE)
        self.setValue(value)
        self.setKeyboardTracking(False)
        self.setAccessibleName(_tr("Speed of the selected moves"))
        self.setToolTip(_tr("Speed from 0.01 to 3.00 (speed units per move). Enter applies, Esc cancels."))
        self.editingFinished.connect(self.commit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_editor()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # QAbstractSpinBox lets Return through to its parent, which would reopen the editor.
            self.commit()
            event.accept()
            return
        super().keyPressEvent(event)

    def commit(self) -> None:
        if self._done:
            return
        self.interpretText()
        self._view.document().set_speed(self._indices, self.value())
        self.close_editor()

    def close_editor(self) -> None:
        if self._done:
            return
        self._done = True
        self.hide()
        if self._view._editor is self:
            self._view._editor = None
        self._view.setFocus()
        self.deleteLater()


class TimelineView(QAbstractScrollArea):
    """A custom-painted, horizontally scrolling view of a PathDocument. Only the visible blocks are
    painted, and no edit does more than O(n) work, so 500 moves stay smooth."""

    summaryChanged = Signal(str)

    def __init__(self, doc: PathDocument, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self.recorder = PathRecorder(doc, clock, self)
        self._invalid: frozenset[int] = frozenset()
        self._press_pos: QPoint | None = None
        self._press_index = -1
        self._pending_single = -1
        self._drop_gap = -1  # while dragging: the gap (0..n) the selection would land in
        self._wheel_rest = 0
        self._editor: _InlineSpeedEditor | None = None
        self._metrics_cache: tuple[int, int, int] | None = None
        self._color_cache: dict[tuple[int, Action, bool], tuple[QColor, QColor, QColor]] = {}

        self.setObjectName("timelineView")
        self.setAccessibleName(_tr("Timeline"))
        self.setToolTip(_tr(
            "Timeline: one block per move (1.375 s each).\n"
            "W A S D add a move (Shift: 2× speed) · 1–9 set speed 0.1–0.9, 0 sets 1.0 · +/− change speed by 0.05\n"
            "Del removes · ←/→ select (Shift extends) · Ctrl+←/→ reorder · Ctrl+D duplicate · Ctrl+A select all\n"
            "F2 or double-click edits the speed · wheel over a block changes its speed · drag to reorder\n"
            "R toggles record mode: hold W A S D to add one move now and one per further 1.375 s held"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalScrollBar().setAccessibleName(_tr("Scroll the timeline"))
        self.verticalScrollBar().setAccessibleName(_tr("Timeline vertical scroll (unused)"))
        self.viewport().setAccessibleName(_tr("Timeline blocks"))
        self.viewport().setMouseTracking(False)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

        self.record_action = QAction(_tr("Record mode"), self)
        self.record_action.setObjectName("recordMode")
        self.record_action.setCheckable(True)
        self.record_action.setShortcut(_tr("R"))
        self.record_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.record_action.setToolTip(_tr("Record mode (R): hold W, A, S or D to add moves in real time; "
                                          "Shift for 2× speed"))
        self.record_action.toggled.connect(self.recorder.set_recording)
        self.recorder.recordingChanged.connect(self._on_recording_changed)
        self.recorder.strokeChanged.connect(self.viewport().update)

        doc.pathChanged.connect(self._on_path_changed)
        doc.selectionChanged.connect(self._on_selection_changed)
        doc.playheadChanged.connect(self._on_playhead_changed)
        doc.currentSpeedChanged.connect(lambda _v: self.viewport().update())
        self._on_path_changed(doc.path())

    # --- public -------------------------------------------------------------------------------------

    def document(self) -> PathDocument:
        return self._doc

    def summary(self) -> str:
        return path_summary(self._doc.path())

    def is_recording(self) -> bool:
        return self.recorder.is_recording()

    def set_recording(self, on: bool) -> None:
        self.record_action.setChecked(on)

    def block_width(self) -> int:
        return self._metrics()[2]

    def block_rect(self, index: int) -> QRect:
        """Where block `index` is drawn, in viewport coordinates (may be outside the visible part)."""
        bw = self.block_width()
        top, height = self._blocks_band()
        return QRect(self._x0() + index * bw - self._scroll(), top, bw, height)

    def frame_x(self, frame: int) -> float:
        """The x of a frame's playhead line in viewport coordinates."""
        return self._x0() + frame / FRAMES_PER_ACTION * self.block_width() - self._scroll()

    def index_at(self, pos: QPoint) -> int:
        """The block under a viewport point, or -1."""
        top, height = self._blocks_band()
        if not top <= pos.y() < top + height:
            return -1
        i = math.floor((pos.x() + self._scroll() - self._x0()) / self.block_width())
        return i if 0 <= i < len(self._doc.path()) else -1

    def gap_at(self, x: float) -> int:
        """The gap between blocks (0..n) nearest a viewport x."""
        g = round((x + self._scroll() - self._x0()) / self.block_width())
        return max(0, min(g, len(self._doc.path())))

    def drop_gap(self) -> int:
        """While a drag is in progress, the gap the selection would land in, else -1."""
        return self._drop_gap

    def ensure_visible(self, index: int) -> None:
        if index < 0:
            return
        bw, sb = self.block_width(), self.horizontalScrollBar()
        left = self._x0() + index * bw
        vw = self.viewport().width()
        if left < sb.value():
            sb.setValue(left - self._x0())
        elif left + bw > sb.value() + vw:
            sb.setValue(left + bw + self._x0() - vw)

    def edit_speed(self, index: int | None = None) -> _InlineSpeedEditor | None:
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
        editor = _InlineSpeedEditor(self, indices, self._doc.path().steps[idx].speed)
        rect = self.block_rect(idx)
        hint = editor.sizeHint()
        w = max(rect.width() - 4, hint.width())
        editor.setGeometry(rect.center().x() - w // 2, rect.center().y() - hint.height() // 2, w, hint.height())
        editor.show()
        editor.setFocus()
        editor.selectAll()
        self._editor = editor
        return editor

    def context_menu(self) -> QMenu:
        """The right-click menu for the selection (built fresh each time)."""
        return build_context_menu(self._doc, self, lambda: self.edit_speed(), self.record_action)

    # --- sizes --------------------------------------------------------------------------------------

    def _pad(self) -> int:
        return self._metrics()[0]

    def _metrics(self) -> tuple[int, int, int]:
        """(padding, font height, block width), cached until the font changes."""
        if self._metrics_cache is None:
            fm = self.fontMetrics()
            self._metrics_cache = (max(4, fm.height() // 3), fm.height(),
                                   max(64, 2 * fm.horizontalAdvance("0.00") + 20))
        return self._metrics_cache

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._metrics_cache = None
            self._update_scroll_range()
        super().changeEvent(event)

    def _x0(self) -> int:
        return self._pad() * 2

    def _header_h(self) -> int:
        pad, fh, _bw = self._metrics()
        return fh + 2 * pad

    def _ruler_h(self) -> int:
        pad, fh, _bw = self._metrics()
        return fh + pad + 6

    def _blocks_band(self) -> tuple[int, int]:
        pad, fh, _bw = self._metrics()
        return self._header_h() + self._ruler_h(), 2 * fh + 3 * pad

    def _content_width(self) -> int:
        return 2 * self._x0() + len(self._doc.path()) * self.block_width()

    def _scroll(self) -> int:
        return self.horizontalScrollBar().value()

    def sizeHint(self) -> QSize:
        top, h = self._blocks_band()
        sb = self.horizontalScrollBar().sizeHint().height()
        return QSize(8 * self.block_width(), top + h + self._pad() * 2 + sb + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return QSize(3 * self.block_width(), self.sizeHint().height())

    def _update_scroll_range(self) -> None:
        sb = self.horizontalScrollBar()
        sb.setRange(0, max(0, self._content_width() - self.viewport().width()))
        sb.setPageStep(max(1, self.viewport().width()))
        sb.setSingleStep(self.block_width() // 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scroll_range()

    # --- document signals ---------------------------------------------------------------------------

    def _on_path_changed(self, path: CameraPath) -> None:
        self._invalid = frozenset(i for i, s in enumerate(path.steps)
                                  if not s.action.is_translation or not is_valid_speed(s.speed))
        self._update_scroll_range()
        summary = path_summary(path)
        self.setAccessibleDescription(summary)
        self.summaryChanged.emit(summary)
        self.viewport().update()

    def _on_selection_changed(self) -> None:
        self.ensure_visible(self._doc.current_index())
        self.viewport().update()

    def _on_playhead_changed(self, frame: int) -> None:
        if frame >= 0 and self._press_pos is None:
            x = self.frame_x(frame)
            if not 0 <= x <= self.viewport().width():
                self.ensure_visible(frame // FRAMES_PER_ACTION)
        self.viewport().update()

    def _on_recording_changed(self, on: bool) -> None:
        if self.record_action.isChecked() != on:
            self.record_action.setChecked(on)
        self.viewport().update()

    # --- keyboard -----------------------------------------------------------------------------------

    def _handles(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), self._mods(event)
        ctrl = Qt.KeyboardModifier.ControlModifier
        if mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return key in _KEY_ACTIONS or key in _DIGIT_KEYS or key in (
                Qt.Key.Key_R, Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_Underscore,
                Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home,
                Qt.Key.Key_End, Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape,
                Qt.Key.Key_Menu, Qt.Key.Key_F10)
        if mods in (ctrl, ctrl | Qt.KeyboardModifier.ShiftModifier):
            return key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_D, Qt.Key.Key_A)
        return False

    @staticmethod
    def _mods(event: QKeyEvent) -> Qt.KeyboardModifier:
        return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier

    def event(self, event: QEvent) -> bool:
        # Keep our keys when the window has shortcuts on the same keys (e.g. Delete for jobs).
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._handles(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), self._mods(event)
        doc = self._doc
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Shift:
            self.recorder.set_fast(True)
        if ctrl and key == Qt.Key.Key_Z:
            (doc.undo_stack().redo if shift else doc.undo_stack().undo)()
        elif ctrl and key == Qt.Key.Key_Y:
            doc.undo_stack().redo()
        elif not self._handles(event):
            super().keyPressEvent(event)
            return
        elif key in _KEY_ACTIONS and not ctrl:
            if not event.isAutoRepeat():
                self._add_move(_KEY_ACTIONS[key], shift)
        elif key == Qt.Key.Key_R:
            if not event.isAutoRepeat():
                self.set_recording(not self.is_recording())
        elif key in _DIGIT_KEYS:
            speed = digit_speed(_DIGIT_KEYS[key])
            doc.set_current_speed(speed)
            doc.set_speed(None, speed)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            delta = SPEED_NUDGE if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) else -SPEED_NUDGE
            if doc.selection():
                doc.nudge_speed(None, delta)
            else:
                doc.set_current_speed(doc.current_speed() + delta)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            doc.remove()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            delta = -1 if key == Qt.Key.Key_Left else 1
            if ctrl:
                doc.shift_selection(delta)
            else:
                cur = doc.current_index()
                target = (len(doc.path()) - 1 if delta < 0 else 0) if cur < 0 else cur + delta
                self._move_cursor(target, shift)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._move_cursor(0 if key == Qt.Key.Key_Home else len(doc.path()) - 1, shift)
        elif ctrl and key == Qt.Key.Key_D:
            doc.duplicate()
        elif ctrl and key == Qt.Key.Key_A:
            doc.select_all()
        elif key in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_speed()
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and shift):
            self._show_context_menu(None)
        elif key == Qt.Key.Key_Escape:
            if self._drop_gap >= 0:
                self._end_drag()
            elif self.is_recording():
                self.set_recording(False)
            else:
                doc.clear_selection()
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Shift:
            self.recorder.set_fast(False)
        if event.key() in _KEY_ACTIONS and not event.isAutoRepeat():
            self.recorder.release(_KEY_ACTIONS[event.key()])
            event.accept()
            return
        super().keyReleaseEvent(event)

    def _add_move(self, action: Action, fast: bool) -> None:
        if self.recorder.press(action, fast):
            return
        speed = self._doc.current_speed() * 2 if fast else None
        self._doc.append(action, speed)

    def _move_cursor(self, target: int, extend: bool) -> None:
        n = len(self._doc.path())
        if n == 0:
            return
        target = max(0, min(target, n - 1))
        anchor = self._doc.anchor_index()
        if extend and anchor >= 0:
            lo, hi = sorted((anchor, target))
            self._doc.select(range(lo, hi + 1), current=target, anchor=anchor)
        else:
            self._doc.select([target])

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # A key released while another widget has focus never reaches us: end the stroke now.
        self.recorder.finish()
        self.recorder.set_fast(False)
        super().focusOutEvent(event)
        self.viewport().update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def hideEvent(self, event: QHideEvent) -> None:
        self.recorder.finish()
        super().hideEvent(event)

    # --- mouse --------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position().toPoint()
        i = self.index_at(pos)
        mods = event.modifiers()
        doc = self._doc
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_pos, self._press_index, self._pending_single = pos, i, -1
            if i < 0:
                if not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
                    doc.clear_selection()
            elif mods & Qt.KeyboardModifier.ControlModifier:
                sel = set(doc.selection())
                sel.symmetric_difference_update({i})
                doc.select(sel, current=i, anchor=i)
            elif mods & Qt.KeyboardModifier.ShiftModifier and doc.anchor_index() >= 0:
                a = doc.anchor_index()
                lo, hi = sorted((a, i))
                doc.select(range(lo, hi + 1), current=i, anchor=a)
            elif i in doc.selection() and len(doc.selection()) > 1:
                self._pending_single = i  # a click (no drag) on a multi-selection narrows it on release
                doc.select(doc.selection(), current=i, anchor=i)
            else:
                doc.select([i])
        elif event.button() == Qt.MouseButton.RightButton and i >= 0 and i not in doc.selection():
            doc.select([i])
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press_pos is None or self._press_index < 0 or self._press_index not in self._doc.selection():
            return
        pos = event.position().toPoint()
        if self._drop_gap < 0 and (pos - self._press_pos).manhattanLength() < QApplication.startDragDistance():
            return
        # Scroll when dragging near an edge (no timer: each mouse move scrolls a bit).
        vw, edge = self.viewport().width(), self.block_width() // 2
        sb = self.horizontalScrollBar()
        if pos.x() < edge:
            sb.setValue(sb.value() - edge // 2)
        elif pos.x() > vw - edge:
            sb.setValue(sb.value() + edge // 2)
        self._drop_gap = self.gap_at(pos.x())
        self._pending_single = -1
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self._drop_gap >= 0:
            gap, sel = self._drop_gap, self._doc.selection()
            self._end_drag()
            self._doc.move(sel, gap - sum(1 for i in sel if i < gap))
        elif self._pending_single >= 0:
            self._doc.select([self._pending_single])
        self._press_pos, self._press_index, self._pending_single = None, -1, -1

    def _end_drag(self) -> None:
        self._drop_gap = -1
        self._press_pos = None
        self.viewport().update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        i = self.index_at(event.position().toPoint())
        if i >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.edit_speed(i)

    def wheelEvent(self, event: QWheelEvent) -> None:
        dy = event.angleDelta().y()
        i = self.index_at(event.position().toPoint())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if i >= 0 and dy and not shift:
            # Accumulate high-resolution deltas into whole 120-unit notches.
            self._wheel_rest += dy
            notches = int(self._wheel_rest / 120)
            self._wheel_rest -= notches * 120
            if notches:
                sel = self._doc.selection()
                indices = sel if i in sel else (i,)
                self._doc.nudge_speed(indices, notches * SPEED_NUDGE, merge_key="wheel")
            event.accept()
            return
        delta = event.angleDelta().x() or dy
        sb = self.horizontalScrollBar()
        sb.setValue(sb.value() - delta * self.block_width() // 120)
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self._show_context_menu(None)
            return
        vp = self.viewport().mapFrom(self, event.pos())
        i = self.index_at(vp)
        if i >= 0 and i not in self._doc.selection():
            self._doc.select([i])
        self._show_context_menu(event.globalPos())

    def _show_context_menu(self, global_pos: QPoint | None) -> None:
        if global_pos is None:  # from the keyboard: under the current block
            cur = self._doc.current_index()
            local = self.block_rect(cur).center() if cur >= 0 else QPoint(self._x0(), self._blocks_band()[0])
            global_pos = self.viewport().mapToGlobal(local)
        menu = self.context_menu()
        menu.exec(global_pos)
        menu.deleteLater()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            i = self.index_at(event.pos())
            text = self.block_tooltip(i) if i >= 0 else self.toolTip()
            QToolTip.showText(event.globalPos(), text, self.viewport(),
                              self.block_rect(i) if i >= 0 else QRect())
            return True
        return super().viewportEvent(event)

    def block_tooltip(self, i: int) -> str:
        step = self._doc.path().steps[i]
        f0 = i * FRAMES_PER_ACTION
        text = _tr("Move %1: %2, speed %3\nframes %4–%5 (%6 – %7)")
        for k, v in (("%1", str(i + 1)), ("%2", action_label(step.action)), ("%3", f"{step.speed:.2f}"),
                     ("%4", str(f0)), ("%5", str(f0 + FRAMES_PER_ACTION - 1)),
                     ("%6", format_seconds(i * SECONDS_PER_ACTION)),
                     ("%7", format_seconds((i + 1) * SECONDS_PER_ACTION))):
            text = text.replace(k, v)
        if i in self._invalid:
            text += "\n" + _tr("Not sendable: speeds must be above 0 and at most 3, and only W, A, S, D work.")
        return text

    # --- painting -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        pal = self.palette()
        vp = self.viewport().rect()
        p.fillRect(vp, pal.color(QPalette.ColorRole.Base))
        self._paint_ruler(p, pal)  # crisp 1 px ticks: no antialiasing (also much faster)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_blocks(p, pal)
        self._paint_playhead(p, pal)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._paint_header(p, pal)
        if self.hasFocus():
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 2)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(vp).adjusted(1, 1, -1, -1))
        p.end()

    def _visible_range(self) -> range:
        bw, n = self.block_width(), len(self._doc.path())
        first = max(0, (self._scroll() - self._x0()) // bw)
        last = min(n, (self._scroll() + self.viewport().width() - self._x0()) // bw + 1)
        return range(first, max(first, last))

    def _paint_header(self, p: QPainter, pal: QPalette) -> None:
        fm, pad = self.fontMetrics(), self._pad()
        rect = QRect(0, 0, self.viewport().width(), self._header_h())
        p.fillRect(rect, pal.color(QPalette.ColorRole.Window))
        text_rect = rect.adjusted(self._x0(), 0, -self._x0(), 0)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        summary = self.summary()
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, summary)
        used = QFontMetrics(bold).horizontalAdvance(summary) + 2 * pad
        p.setFont(self.font())
        problems = self._doc.path().problems() if self._invalid else []
        if self.is_recording():
            held = self.recorder.held_action()
            status = (_tr("● Recording %1").replace("%1", held.key) if held else
                      _tr("● Record mode: hold W, A, S or D (Shift: 2×) · R or Esc stops"))
            color = style.accent(pal, "record")
        elif problems:
            status, color = problems[0], style.accent(pal, "warning")
        else:
            status = _tr("New moves: speed %1").replace("%1", f"{self._doc.current_speed():.2f}")
            color = pal.color(QPalette.ColorRole.PlaceholderText)
            if style.contrast_ratio(color, pal.color(QPalette.ColorRole.Window)) < style.MIN_TEXT_CONTRAST:
                color = pal.color(QPalette.ColorRole.WindowText)
        status_rect = text_rect.adjusted(used, 0, 0, 0)
        p.setPen(color)
        p.drawText(status_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                   fm.elidedText(status, Qt.TextElideMode.ElideRight, max(0, status_rect.width())))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(rect.bottomLeft(), rect.bottomRight())

    def _paint_ruler(self, p: QPainter, pal: QPalette) -> None:
        fm = self.fontMetrics()
        top, h = self._header_h(), self._ruler_h()
        pps = self.block_width() / SECONDS_PER_ACTION
        label_w = fm.horizontalAdvance(format_seconds(888.8)) + 12
        step = next((s for s in (0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600) if s * pps >= label_w), 600.0)
        text_color = pal.color(QPalette.ColorRole.Text)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(0, top + h - 1, self.viewport().width(), top + h - 1)
        x_of = lambda sec: self._x0() + sec * pps - self._scroll()  # noqa: E731
        total = max(len(self._doc.path()) * SECONDS_PER_ACTION, 0.0)
        k = max(0, math.floor((self._scroll() - self._x0()) / pps / step))
        while True:
            sec = k * step
            x = x_of(sec)
            if x > self.viewport().width() or sec > total + step:
                break
            p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
            p.drawLine(QPointF(x, top + h - 6), QPointF(x, top + h - 1))
            p.setPen(text_color)
            p.drawText(QRectF(x + 3, top, label_w, h - 4), Qt.AlignmentFlag.AlignVCenter, format_seconds(sec))
            k += 1

    def _paint_blocks(self, p: QPainter, pal: QPalette) -> None:
        doc, path = self._doc, self._doc.path()
        top, height = self._blocks_band()
        if not path.steps:
            hint_rect = QRect(0, top, self.viewport().width(), height)
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText)
                     if style.contrast_ratio(pal.color(QPalette.ColorRole.PlaceholderText),
                                             pal.color(QPalette.ColorRole.Base)) >= style.MIN_TEXT_CONTRAST
                     else pal.color(QPalette.ColorRole.Text))
            p.drawText(hint_rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       _tr("Press W, A, S or D to add a move — or pick a preset from the right-click menu"))
            return
        sel, cur = set(doc.selection()), doc.current_index()
        fm, pad = self.fontMetrics(), self._pad()
        big = QFont(self.font())
        big.setBold(True)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        active = doc.playhead_action()
        for i in self._visible_range():
            step = path.steps[i]
            r = QRectF(self.block_rect(i)).adjusted(2, 0, -2, 0)
            fill, stroke, text = self._block_colors(step.action, i in sel, pal)
            p.setPen(QPen(stroke, 1))
            p.setBrush(fill)
            p.drawRoundedRect(r, 4, 4)
            if i == active:
                p.setPen(QPen(style.accent(pal, "playhead"), 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 4, 4)
            if i in sel:
                p.setPen(QPen(highlight, 3))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(r.adjusted(1.5, 1.5, -1.5, -1.5), 4, 4)
                # A bar under the block: selection stays visible where the outline is hard to see.
                p.fillRect(QRectF(r.left() + 4, r.bottom() + 3, r.width() - 8, 3), highlight)
            if i in self._invalid:
                p.setPen(QPen(style.accent(pal, "warning"), 2, Qt.PenStyle.DashLine))
                p.drawRoundedRect(r.adjusted(3, 3, -3, -3), 3, 3)
            if i == cur and self.hasFocus():
                p.setPen(QPen(text, 1, Qt.PenStyle.DotLine))
                p.drawRoundedRect(r.adjusted(5, 5, -5, -5), 2, 2)
            p.setPen(text)
            p.setFont(big)
            key_rect = QRectF(r.left(), r.top() + pad, r.width(), fm.height())
            p.drawText(key_rect, Qt.AlignmentFlag.AlignCenter, step.action.key)
            p.setFont(self.font())
            speed_rect = QRectF(r.left(), r.bottom() - pad - fm.height(), r.width(), fm.height())
            p.drawText(speed_rect, Qt.AlignmentFlag.AlignCenter, f"{step.speed:.2f}")
        if self._drop_gap >= 0:
            x = self._x0() + self._drop_gap * self.block_width() - self._scroll()
            p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 3))
            p.drawLine(QPointF(x, top - 4), QPointF(x, top + height + 4))

    def _block_colors(self, action: Action, selected: bool, pal: QPalette) -> tuple[QColor, QColor, QColor]:
        """(fill, outline, text) for a block, cached per palette: contrast maths is not free per paint."""
        key = (pal.cacheKey(), action, selected)
        hit = self._color_cache.get(key)
        if hit is None:
            fill = style.action_fill(action, pal)
            if selected:  # a light tint only, so the action's hue stays recognisable
                fill = _mix(fill, pal.color(QPalette.ColorRole.Highlight), 0.12)
            hit = (fill, style.action_stroke(action, pal), style.readable_text(fill, pal))
            if len(self._color_cache) > 64:
                self._color_cache.clear()
            self._color_cache[key] = hit
        return hit

    def _paint_playhead(self, p: QPainter, pal: QPalette) -> None:
        frame = self._doc.playhead()
        if frame < 0:
            return
        x = self.frame_x(frame)
        top = self._header_h()
        bottom = sum(self._blocks_band()) + 2
        color = style.accent(pal, "playhead")
        p.setPen(QPen(color, 2))
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
        p.setBrush(color)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon([QPointF(x - 5, top), QPointF(x + 5, top), QPointF(x, top + 7)])


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                           a.blueF() * (1 - t) + b.blueF() * t)

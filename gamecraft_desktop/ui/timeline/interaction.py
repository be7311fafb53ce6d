"""Keyboard, mouse, wheel and drag handling for the timeline (the key map is in view.py's docstring).

A drag that reaches within half a block of either edge scrolls the timeline on a timer, faster the
deeper the pointer goes, so a block can be carried past the visible part without jiggling the mouse.
The timer only runs during such a drag and stops on release, Esc, focus loss or hide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from gamecraft_desktop.composer.path_model import SPEED_NUDGE
from gamecraft_desktop.core.camera_path import Action
from gamecraft_desktop.ui.timeline.text import digit_speed

if TYPE_CHECKING:
    from gamecraft_desktop.ui.timeline.view import TimelineView

K = Qt.Key
KEY_ACTIONS: dict[int, Action] = {K.Key_W: Action.FORWARD, K.Key_A: Action.LEFT,
                                  K.Key_S: Action.BACKWARD, K.Key_D: Action.RIGHT}
#: The keys in the W, A, S and D places of a US keyboard, by the platform's native scan code, so that
#: Z Q S D on AZERTY (or , A O E on Dvorak) also steer. X11 and Wayland report evdev codes + 8; Windows
#: reports set-1 scan codes. A typed W/A/S/D always wins; a position only counts for keys the timeline does
#: not otherwise use (so Colemak's R in the S place still toggles recording).
_EVDEV_PLACES = {25: Action.FORWARD, 38: Action.LEFT, 39: Action.BACKWARD, 40: Action.RIGHT}
POSITION_ACTIONS: dict[str, dict[int, Action]] = {
    "xcb": _EVDEV_PLACES,
    "wayland": _EVDEV_PLACES,
    "windows": {0x11: Action.FORWARD, 0x1E: Action.LEFT, 0x1F: Action.BACKWARD, 0x20: Action.RIGHT},
}
DIGIT_KEYS: dict[int, int] = {getattr(K, f"Key_{d}"): d for d in range(10)}
_PLAIN_KEYS = frozenset({K.Key_R, K.Key_Plus, K.Key_Equal, K.Key_Minus, K.Key_Underscore, K.Key_Delete,
                         K.Key_Backspace, K.Key_Left, K.Key_Right, K.Key_Home, K.Key_End, K.Key_F2,
                         K.Key_Return, K.Key_Enter, K.Key_Escape, K.Key_Menu, K.Key_F10})
_CTRL_KEYS = frozenset({K.Key_Left, K.Key_Right, K.Key_D, K.Key_A})

#: Auto-scroll timer period while dragging near an edge (about one frame at 60 Hz).
AUTOSCROLL_INTERVAL_MS = 16


def modifiers(event: QKeyEvent) -> Qt.KeyboardModifier:
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


def move_for_key(event: QKeyEvent, platform: str | None = None) -> Action | None:
    """The move a key press adds: by the typed letter, else by the key's place on the keyboard."""
    key = event.key()
    if key in KEY_ACTIONS:
        return KEY_ACTIONS[key]
    if key in DIGIT_KEYS or key in _PLAIN_KEYS:
        return None
    positions = POSITION_ACTIONS.get(platform if platform is not None else QApplication.platformName(), {})
    return positions.get(event.nativeScanCode())


def handles_key(event: QKeyEvent) -> bool:
    """Whether the timeline uses this key (so a window shortcut on the same key must not take it)."""
    key, mods = event.key(), modifiers(event)
    ctrl = Qt.KeyboardModifier.ControlModifier
    if mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
        return key in DIGIT_KEYS or key in _PLAIN_KEYS or move_for_key(event) is not None
    if mods in (ctrl, ctrl | Qt.KeyboardModifier.ShiftModifier):
        return key in _CTRL_KEYS
    return False


class TimelineInput(QObject):
    """Turns a TimelineView's input events into PathDocument edits; holds the press/drag state."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._view = view
        self.press_pos: QPoint | None = None
        self.press_index = -1
        self.pending_single = -1
        self.drop_gap = -1  # while dragging: the gap (0..n) the selection would land in
        self.wheel_rest = 0
        self._drag_x = 0
        self.autoscroll = QTimer(self)
        self.autoscroll.setObjectName("timelineAutoScroll")
        self.autoscroll.setInterval(AUTOSCROLL_INTERVAL_MS)
        self.autoscroll.timeout.connect(self._autoscroll_step)

    # --- keyboard --------------------------------------------------------------------------------

    def key_press(self, event: QKeyEvent) -> bool:
        """Handle a key press; False means the view should pass it on."""
        view = self._view
        doc = view.document()
        key, mods = event.key(), modifiers(event)
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key == K.Key_Shift:
            view.recorder.set_fast(True)
        if ctrl and key == K.Key_Z:
            (doc.undo_stack().redo if shift else doc.undo_stack().undo)()
        elif ctrl and key == K.Key_Y:
            doc.undo_stack().redo()
        elif not handles_key(event):
            return False
        elif not ctrl and (move := move_for_key(event)) is not None:
            if not event.isAutoRepeat():
                self._add_move(move, shift)
        elif key == K.Key_R:
            if not event.isAutoRepeat():
                view.set_recording(not view.is_recording())
        elif key in DIGIT_KEYS:
            speed = digit_speed(DIGIT_KEYS[key])
            doc.set_current_speed(speed)
            doc.set_speed(None, speed)
        elif key in (K.Key_Plus, K.Key_Equal, K.Key_Minus, K.Key_Underscore):
            delta = SPEED_NUDGE if key in (K.Key_Plus, K.Key_Equal) else -SPEED_NUDGE
            if doc.selection():
                doc.nudge_speed(None, delta)
            else:
                doc.set_current_speed(doc.current_speed() + delta)
        elif key in (K.Key_Delete, K.Key_Backspace):
            doc.remove()
        elif key in (K.Key_Left, K.Key_Right):
            delta = -1 if key == K.Key_Left else 1
            if ctrl:
                doc.shift_selection(delta)
            else:
                cur = doc.current_index()
                target = (len(doc.path()) - 1 if delta < 0 else 0) if cur < 0 else cur + delta
                self._move_cursor(target, shift)
        elif key in (K.Key_Home, K.Key_End):
            self._move_cursor(0 if key == K.Key_Home else len(doc.path()) - 1, shift)
        elif ctrl and key == K.Key_D:
            doc.duplicate()
        elif ctrl and key == K.Key_A:
            doc.select_all()
        elif key in (K.Key_F2, K.Key_Return, K.Key_Enter):
            view.edit_speed()
        elif key == K.Key_Menu or (key == K.Key_F10 and shift):
            view.show_context_menu(None)
        elif key == K.Key_Escape:
            if self.drop_gap >= 0:
                self.end_drag()
            elif view.is_recording():
                view.set_recording(False)
            else:
                doc.clear_selection()
        event.accept()
        return True

    def key_release(self, event: QKeyEvent) -> bool:
        recorder = self._view.recorder
        if event.key() == K.Key_Shift:
            recorder.set_fast(False)
        move = move_for_key(event)
        if move is not None and not event.isAutoRepeat():
            recorder.release(move)
            event.accept()
            return True
        return False

    def _add_move(self, action: Action, fast: bool) -> None:
        view = self._view
        if view.recorder.press(action, fast):
            return
        doc = view.document()
        doc.append(action, doc.current_speed() * 2 if fast else None)

    def _move_cursor(self, target: int, extend: bool) -> None:
        doc = self._view.document()
        n = len(doc.path())
        if n == 0:
            return
        target = max(0, min(target, n - 1))
        anchor = doc.anchor_index()
        if extend and anchor >= 0:
            lo, hi = sorted((anchor, target))
            doc.select(range(lo, hi + 1), current=target, anchor=anchor)
        else:
            doc.select([target])

    # --- mouse -----------------------------------------------------------------------------------

    def mouse_press(self, event: QMouseEvent) -> None:
        view = self._view
        doc = view.document()
        view.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position().toPoint()
        i = view.index_at(pos)
        mods = event.modifiers()
        if event.button() == Qt.MouseButton.LeftButton:
            self.press_pos, self.press_index, self.pending_single = pos, i, -1
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
                self.pending_single = i  # a click (no drag) on a multi-selection narrows it on release
                doc.select(doc.selection(), current=i, anchor=i)
            else:
                doc.select([i])
        elif event.button() == Qt.MouseButton.RightButton and i >= 0 and i not in doc.selection():
            doc.select([i])
        event.accept()

    def mouse_move(self, event: QMouseEvent) -> None:
        view = self._view
        if self.press_pos is None or self.press_index < 0 or self.press_index not in view.document().selection():
            return
        pos = event.position().toPoint()
        if self.drop_gap < 0 and (pos - self.press_pos).manhattanLength() < QApplication.startDragDistance():
            return
        self._drag_x = pos.x()
        self.pending_single = -1
        self._update_drop_gap()
        if self._edge_speed() and not self.autoscroll.isActive():
            self.autoscroll.start()

    def mouse_release(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        doc = self._view.document()
        if self.drop_gap >= 0:
            gap, sel = self.drop_gap, doc.selection()
            self.end_drag()
            doc.move(sel, gap - sum(1 for i in sel if i < gap))
        elif self.pending_single >= 0:
            doc.select([self.pending_single])
        self.autoscroll.stop()
        self.press_pos, self.press_index, self.pending_single = None, -1, -1

    def end_drag(self) -> None:
        """Abandon a drag (Esc, release, focus loss): no drop indicator, no auto-scroll."""
        self.autoscroll.stop()
        self.drop_gap = -1
        self.press_pos = None
        self._view.viewport().update()

    def _update_drop_gap(self) -> None:
        gap = self._view.gap_at(self._drag_x)
        if gap != self.drop_gap:
            self.drop_gap = gap
            self._view.viewport().update()

    def _edge_speed(self) -> int:
        """Pixels per tick to scroll for the pointer's depth into an edge zone (negative: leftwards)."""
        view = self._view
        bw = view.block_width()
        edge, width, x = max(8, bw // 2), view.viewport().width(), self._drag_x
        depth = edge - x if x < edge else x - (width - edge) if x > width - edge else 0
        if depth <= 0:
            return 0
        speed = 2 + round(min(depth, 2 * edge) / edge * bw / 6)
        return -speed if x < edge else speed

    def _autoscroll_step(self) -> None:
        speed = self._edge_speed() if self.drop_gap >= 0 else 0
        sb = self._view.horizontalScrollBar()
        before = sb.value()
        if speed:
            sb.setValue(before + speed)
        if sb.value() == before:  # left the edge zone, or nothing more to scroll: idle until the next move
            self.autoscroll.stop()
            return
        self._update_drop_gap()

    def mouse_double_click(self, event: QMouseEvent) -> None:
        view = self._view
        i = view.index_at(event.position().toPoint())
        if i >= 0 and event.button() == Qt.MouseButton.LeftButton:
            view.edit_speed(i)

    def wheel(self, event: QWheelEvent) -> None:
        view = self._view
        doc = view.document()
        dy = event.angleDelta().y()
        i = view.index_at(event.position().toPoint())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if i >= 0 and dy and not shift:
            # Accumulate high-resolution deltas into whole 120-unit notches.
            self.wheel_rest += dy
            notches = int(self.wheel_rest / 120)
            self.wheel_rest -= notches * 120
            if notches:
                sel = doc.selection()
                indices = sel if i in sel else (i,)
                doc.nudge_speed(indices, notches * SPEED_NUDGE, merge_key="wheel")
            event.accept()
            return
        delta = event.angleDelta().x() or dy
        sb = view.horizontalScrollBar()
        sb.setValue(sb.value() - delta * view.block_width() // 120)
        event.accept()

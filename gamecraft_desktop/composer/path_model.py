"""The editable camera path behind the timeline and the path map: a CameraPath, a selection, the speed
for new moves, a playhead and a QUndoStack. No widgets, so it runs headless in tests.

Every edit goes through a `PathEditCommand` that stores the whole path before and after. Paths are
immutable tuples of shared `Step` objects, so a command costs one tuple of references and undo/redo is
O(1) apart from the signal handlers.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gamecraft_desktop.core.camera_path import (
    DEFAULT_SPEED,
    FRAMES_PER_ACTION,
    MAX_SPEED,
    Action,
    CameraPath,
    Step,
)
from gamecraft_desktop.core.texts import number

if TYPE_CHECKING:
    from gamecraft_desktop.core.presets import Preset

# PySide6 6.12 on Python 3.11 drops references to None/True on every void call and emit: see the module.

#: The smallest speed the editors produce (the endpoint accepts anything > 0).
MIN_EDIT_SPEED = 0.01
#: One wheel notch or one +/- key press changes the speed by this much.
SPEED_NUDGE = 0.05




def clamp_speed(speed: float) -> float:
    """Clamp to what the editors allow, [0.01, 3.0], rounded to 0.01 to avoid float dust."""
    if not math.isfinite(speed):
        return DEFAULT_SPEED
    return round(min(MAX_SPEED, max(MIN_EDIT_SPEED, speed)), 2)


def shift_selected(count: int, selected: Sequence[int], delta: int) -> tuple[list[int], list[int]] | None:
    """Move every selected index one place left (delta=-1) or right (+1), the way list editors do
    with a multi-selection: an item blocked by the edge or by a blocked neighbour stays put.

    Returns (order, new_selection): `order[k]` is the old index now at position k. None if nothing moves.
    """
    order = list(range(count))
    sel = set(selected)
    new_sel: set[int] = set()
    moved = False
    rng = range(count) if delta < 0 else range(count - 1, -1, -1)
    for pos in rng:
        if order[pos] not in sel:
            continue
        target = pos + delta
        if 0 <= target < count and target not in new_sel:
            order[pos], order[target] = order[target], order[pos]
            new_sel.add(target)
            moved = True
        else:
            new_sel.add(pos)
    return (order, sorted(new_sel)) if moved else None


class PathEditCommand(QUndoCommand):
    """One undoable edit: the path and selection before and after.

    Commands with the same non-None `merge_key` merge when pushed back to back (wheel steps on the
    same blocks, the keys held during one record stroke), so one gesture is one undo step.
    """

    MERGE_ID = 0x6C70  # any constant; QUndoStack only merges commands whose id() is equal and != -1

    def __init__(
        self,
        doc: PathDocument,
        text: str,
        before: CameraPath,
        after: CameraPath,
        sel_before: tuple[tuple[int, ...], int],
        sel_after: tuple[tuple[int, ...], int],
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self._doc = doc
        self.before, self.after = before, after
        self.sel_before, self.sel_after = sel_before, sel_after
        self.merge_key = merge_key

    def id(self) -> int:
        return self.MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, PathEditCommand) or other.merge_key != self.merge_key:
            return False
        self.after, self.sel_after = other.after, other.sel_after
        self.setText(other.text())
        # A wheel turned up and back down again leaves nothing to undo.
        self.setObsolete(self.after == self.before)
        return True

    def redo(self) -> None:
        self._doc._apply(self.after, *self.sel_after)

    def undo(self) -> None:
        self._doc._apply(self.before, *self.sel_before)


class PathDocument(QObject):
    """The camera path being composed, with selection, playhead and undo.

    Signals: pathChanged(CameraPath) after every change (edit, undo, redo, set_path);
    selectionChanged() when the selected indices or the current index change;
    playheadChanged(int) with a frame, or -1 for no playhead; currentSpeedChanged(float).
    """

    pathChanged = Signal(object)
    selectionChanged = Signal()
    playheadChanged = Signal(int)
    currentSpeedChanged = Signal(float)

    def __init__(self, path: CameraPath | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path if path is not None else CameraPath()
        self._selection: tuple[int, ...] = ()
        self._current = -1
        self._anchor = -1
        self._speed = DEFAULT_SPEED
        self._playhead = -1
        self._stack = QUndoStack(self)

    # --- state ------------------------------------------------------------------------------

    def path(self) -> CameraPath:
        return self._path

    def undo_stack(self) -> QUndoStack:
        return self._stack

    def selection(self) -> tuple[int, ...]:
        """The selected indices, sorted."""
        return self._selection

    def current_index(self) -> int:
        """The block with the keyboard cursor, or -1."""
        return self._current

    def anchor_index(self) -> int:
        """Where a Shift-extended range starts, or -1."""
        return self._anchor

    def current_speed(self) -> float:
        """The speed given to new moves (W/A/S/D, record mode)."""
        return self._speed

    def set_current_speed(self, speed: float) -> None:
        speed = clamp_speed(speed)
        if speed != self._speed:
            self._speed = speed
            self.currentSpeedChanged.emit(speed)

    def playhead(self) -> int:
        return self._playhead

    def set_playhead(self, frame: int) -> None:
        """Show a frame of the output (the player drives this); -1 hides the playhead."""
        frame = self._clamp_frame(frame)
        if frame != self._playhead:
            self._playhead = frame
            self.playheadChanged.emit(frame)

    def playhead_action(self) -> int:
        """The action under the playhead, or -1."""
        return self._playhead // FRAMES_PER_ACTION if self._playhead >= 0 else -1

    # --- selection ----------------------------------------------------------------------------

    def select(self, indices: Iterable[int], current: int | None = None, anchor: int | None = None) -> None:
        """Replace the selection. `current` defaults to the last index given; `anchor` to `current`."""
        n = len(self._path)
        sel = tuple(sorted({i for i in indices if 0 <= i < n}))
        if current is None:
            current = sel[-1] if sel else -1
        current = current if 0 <= current < n else -1
        if anchor is None:
            anchor = current
        self._set_selection(sel, current, anchor if 0 <= anchor < n else -1)

    def select_all(self) -> None:
        n = len(self._path)
        self.select(range(n), current=self._current if self._current >= 0 else n - 1, anchor=0)

    def clear_selection(self) -> None:
        self._set_selection((), -1, -1)

    def _set_selection(self, sel: tuple[int, ...], current: int, anchor: int) -> None:
        changed = sel != self._selection or current != self._current
        self._selection, self._current, self._anchor = sel, current, anchor
        if changed:
            self.selectionChanged.emit()

    # --- edits (each one undoable) ----------------------------------------------------------------

    def set_path(self, path: CameraPath, undoable: bool = True, text: str | None = None) -> None:
        """Replace the whole path. With undoable=False (loading a project) the undo history is cleared,
        because its commands describe a path that no longer exists."""
        if not undoable:
            self._stack.clear()
            self._apply(path, (), -1)
            self._stack.setClean()
            return
        self._push(text or self.tr("Replace path"), path, ((), -1))

    def append(
        self,
        action: Action | str,
        speed: float | None = None,
        merge_key: Hashable | None = None,
        text: str | None = None,
    ) -> None:
        """Add a move at the end (at the current speed by default) and select it. Appends with the same
        `merge_key` pushed back to back are one undo step (record mode: one per held key)."""
        act = Action(action)
        step = Step(act, clamp_speed(self._speed if speed is None else speed))
        n = len(self._path)
        key = None if merge_key is None else ("append", merge_key)
        self._push(text or self.tr("Add %1").replace("%1", act.key), self._path.appended(step), ((n,), n), key)

    def insert(self, index: int, action: Action | str, speed: float | None = None) -> None:
        act = Action(action)
        index = max(0, min(index, len(self._path)))
        step = Step(act, clamp_speed(self._speed if speed is None else speed))
        self._push(self.tr("Insert %1").replace("%1", act.key), self._path.inserted(index, step), ((index,), index))

    def remove(self, indices: Iterable[int] | None = None) -> bool:
        """Remove moves (the selection by default); the cursor lands on the block after the gap."""
        idx = self._indices(indices)
        if not idx:
            return False
        after = self._path.removed(idx)
        cur = min(idx[0], len(after) - 1)
        sel = ((cur,), cur) if cur >= 0 else ((), -1)
        self._push(self.tr("Delete %n move(s)", "", len(idx)), after, sel)
        return True

    def move(self, indices: Iterable[int], to: int) -> bool:
        """Move `indices` (kept in order) so the first lands at position `to` of the result (as
        CameraPath.moved); they stay selected."""
        idx = self._indices(indices)
        if not idx:
            return False
        to = max(0, min(to, len(self._path) - len(idx)))
        after = self._path.moved(idx, to)
        if after == self._path:
            return False
        new_sel = tuple(range(to, to + len(idx)))
        cur = new_sel[idx.index(self._current)] if self._current in idx else new_sel[-1]
        self._push(self.tr("Reorder %n move(s)", "", len(idx)), after, (new_sel, cur))
        return True

    def shift_selection(self, delta: int) -> bool:
        """Reorder: move each selected block one place left (-1) or right (+1)."""
        result = shift_selected(len(self._path), self._selection, delta)
        if result is None:
            return False
        order, new_sel = result
        after = CameraPath(tuple(self._path.steps[i] for i in order))
        cur = order.index(self._current) if self._current >= 0 else new_sel[-1]
        self._push(self.tr("Reorder %n move(s)", "", len(new_sel)), after, (tuple(new_sel), cur))
        return True

    def set_speed(self, indices: Iterable[int] | None, speed: float, merge_key: Hashable | None = None) -> bool:
        """Set the speed of moves (the selection by default), clamped to [0.01, 3]."""
        idx = self._indices(indices)
        if not idx:
            return False
        speed = clamp_speed(speed)
        after = self._path.with_speed(idx, speed)
        if after == self._path:
            return False
        key = None if merge_key is None else ("speed", merge_key, idx)
        self._push(self.tr("Set speed {speed}").format(speed=number(speed, 2)), after, self._sel_state(), key)
        return True

    def nudge_speed(self, indices: Iterable[int] | None, delta: float, merge_key: Hashable | None = "nudge") -> bool:
        """Add `delta` to each move's own speed (clamped); back-to-back nudges merge into one undo step."""
        idx = self._indices(indices)
        if not idx:
            return False
        pick = set(idx)
        steps = tuple(
            Step(s.action, clamp_speed(s.speed + delta)) if i in pick else s for i, s in enumerate(self._path.steps)
        )
        after = CameraPath(steps)
        if after == self._path:
            return False
        key = None if merge_key is None else ("nudge", merge_key, idx)
        self._push(self.tr("Change speed"), after, self._sel_state(), key)
        return True

    def set_action(self, indices: Iterable[int] | None, action: Action | str) -> bool:
        """Change the selected moves to another key, keeping their speeds."""
        idx = self._indices(indices)
        act = Action(action)
        if not idx:
            return False
        pick = set(idx)
        after = CameraPath(tuple(Step(act, s.speed) if i in pick else s for i, s in enumerate(self._path.steps)))
        if after == self._path:
            return False
        self._push(self.tr("Change to %1").replace("%1", act.key), after, self._sel_state())
        return True

    def duplicate(self, indices: Iterable[int] | None = None) -> bool:
        """Insert copies of the moves right after the last of them and select the copies."""
        idx = self._indices(indices)
        if not idx:
            return False
        at = idx[-1] + 1
        after = self._path.inserted(at, *(self._path.steps[i] for i in idx))
        new_sel = tuple(range(at, at + len(idx)))
        self._push(self.tr("Duplicate %n move(s)", "", len(idx)), after, (new_sel, new_sel[-1]))
        return True

    def apply_preset(self, preset: Preset, append: bool = False) -> None:
        """Replace the path with a preset, or append the preset's moves (selected afterwards)."""
        if append:
            n = len(self._path)
            after = self._path.appended(*preset.path.steps)
            sel = tuple(range(n, len(after)))
            self._push(self.tr("Append preset {name}").format(name=preset.name), after, (sel, sel[-1] if sel else -1))
        else:
            self._push(self.tr("Preset {name}").format(name=preset.name), preset.path, ((), -1))

    def clear(self) -> bool:
        if not self._path.steps:
            return False
        self._push(self.tr("Clear path"), CameraPath(), ((), -1))
        return True

    # --- internals -----------------------------------------------------------------------------------

    def _indices(self, indices: Iterable[int] | None) -> tuple[int, ...]:
        n = len(self._path)
        src = self._selection if indices is None else indices
        return tuple(sorted({i for i in src if 0 <= i < n}))

    def _sel_state(self) -> tuple[tuple[int, ...], int]:
        return self._selection, self._current

    def _push(
        self,
        text: str,
        after: CameraPath,
        sel_after: tuple[tuple[int, ...], int],
        merge_key: Hashable | None = None,
    ) -> None:
        cmd = PathEditCommand(self, text, self._path, after, self._sel_state(), sel_after, merge_key)
        self._stack.push(cmd)

    def _apply(self, path: CameraPath, selection: tuple[int, ...], current: int) -> None:
        """Called by commands only."""
        changed = path != self._path
        sel_changed = selection != self._selection or current != self._current
        anchor = self._anchor if 0 <= self._anchor < len(path) and self._anchor in selection else current
        # Both are stored before either signal, so no listener sees a selection outside the path.
        self._path = path
        self._selection, self._current, self._anchor = selection, current, anchor
        if changed:
            self.pathChanged.emit(path)
        if sel_changed:
            self.selectionChanged.emit()
        clamped = self._clamp_frame(self._playhead)
        if clamped != self._playhead:
            self._playhead = clamped
            self.playheadChanged.emit(clamped)

    def _clamp_frame(self, frame: int) -> int:
        if frame < 0 or not self._path.steps:
            return -1
        return min(frame, self._path.frame_count - 1)

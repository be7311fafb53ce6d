"""The timeline as a screen reader meets it: a list whose items are the moves.

The blocks are painted, not widgets, so Qt alone shows one empty child. `TimelineAccessible` (a
QAccessibleWidget for the TimelineView, installed through ui.accessibility's factory) lists one
`MoveAccessible` per move, named like "move 2 of 4: D — strafe right, speed 0.30, selected", with the
selection and the keyboard's current move as states and the block's place on screen as its rectangle.

`TimelineAnnouncer` (timeline/announcer.py) keeps assistive technology up to date: the current move takes the accessible focus while
the timeline has it, a move whose speed or key changed reports a new name, added and removed moves are
created and destroyed. Python cannot give a virtual child a value interface (PySide cannot return one from
`interface_cast`), so a changed speed is told as the item's new name and, for the moves being edited, an
announcement of the new speed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface, QWindow
from PySide6.QtWidgets import QAccessibleWidget

from gamecraft_desktop.core.camera_path import Step
from gamecraft_desktop.ui.path_menus import action_label
from gamecraft_desktop.ui.timeline.text import format_speed

if TYPE_CHECKING:
    from gamecraft_desktop.ui.timeline.view import TimelineView


def move_name(index: int, count: int, step: Step, selected: bool) -> str:
    """'move 2 of 4: D — strafe right, speed 0.30' (+ ', selected')."""
    text = QCoreApplication.translate("TimelineAccessible", "move %1 of %2: %3, speed %4").replace(
        "%1", QLocale().toString(index + 1)).replace("%2", QLocale().toString(count)) \
        .replace("%3", action_label(step.action)).replace("%4", format_speed(step.speed))
    if selected:
        text += QCoreApplication.translate("TimelineAccessible", ", selected")
    return text


class MoveAccessible(QAccessibleInterface):
    """One move of the timeline (a virtual child: no QObject of its own)."""

    def __init__(self, owner: TimelineAccessible, index: int) -> None:
        super().__init__()
        self._owner = owner
        self.index = index

    def _view(self) -> TimelineView:
        view = self._owner.widget()
        return view  # type: ignore[return-value]

    def isValid(self) -> bool:
        return self._owner.isValid() and self.index < len(self._view().document().path())

    def object(self) -> QObject | None:  # type: ignore[override]
        return None

    def window(self) -> QWindow | None:  # type: ignore[override]
        return self._view().window().windowHandle()

    def relations(self, _match: object = None) -> list[object]:  # type: ignore[override]
        return []

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def childAt(self, _x: int, _y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def parent(self) -> QAccessibleInterface:
        return self._owner

    def child(self, _index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, _child: QAccessibleInterface) -> int:
        return -1

    def text(self, kind: QAccessible.Text) -> str:
        if not self.isValid():
            return ""
        view = self._view()
        doc = view.document()
        path = doc.path()
        if kind == QAccessible.Text.Name:
            return move_name(self.index, len(path), path.steps[self.index], self.index in doc.selection())
        if kind == QAccessible.Text.Description:
            return view.block_tooltip(self.index)
        return ""

    def setText(self, _kind: QAccessible.Text, _text: str) -> None:
        """A move's text is read-only to assistive tools: its key and speed are edited on the timeline."""

    def rect(self) -> QRect:
        if not self.isValid():
            return QRect()
        view = self._view()
        local = view.block_rect(self.index).intersected(view.viewport().rect())
        return QRect(view.viewport().mapToGlobal(local.topLeft()), local.size())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        if not self.isValid():
            state.invalid = True
            return state
        view = self._view()
        doc = view.document()
        state.selectable = True
        state.focusable = True
        state.multiSelectable = True
        state.selected = self.index in doc.selection()
        state.focused = view.hasFocus() and doc.current_index() == self.index
        local = view.block_rect(self.index)
        state.invisible = not view.isVisible()
        state.offscreen = not view.viewport().rect().intersects(local)
        return state


class TimelineAccessible(QAccessibleWidget):
    """The TimelineView as a list of its moves."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view, QAccessible.Role.List, "")
        self._items: dict[int, MoveAccessible] = {}

    def _view(self) -> TimelineView:
        return self.widget()  # type: ignore[return-value]

    def childCount(self) -> int:
        return len(self._view().document().path())

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if not 0 <= index < self.childCount():
            return None
        item = self._items.get(index)
        if item is None:
            item = MoveAccessible(self, index)
            QAccessible.registerAccessibleInterface(item)
            self._items[index] = item
        return item

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        index = getattr(child, "index", -1)
        return index if self._items.get(index) is child else -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        view = self._view()
        index = view.index_at(view.viewport().mapFromGlobal(QPoint(x, y)))
        return self.child(index) if index >= 0 else None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]
        view = self._view()
        current = view.document().current_index()
        return self.child(current) if view.hasFocus() and current >= 0 else None

    def known_item(self, index: int) -> MoveAccessible | None:
        """The interface already handed out for move `index` (None: nobody asked for it yet)."""
        return self._items.get(index)

    def forget_from(self, count: int) -> list[MoveAccessible]:
        """Drop the items of moves that no longer exist; returns them (still registered) for the events."""
        gone = [item for index, item in self._items.items() if index >= count]
        for item in gone:
            del self._items[item.index]
        return gone

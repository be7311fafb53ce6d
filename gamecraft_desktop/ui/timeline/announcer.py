"""The timeline's news for assistive technology: the current move takes the accessible focus while the
timeline has it, a move whose speed or key changed reports a new name, added and removed moves are created
and destroyed (see timeline/accessible.py for the interfaces themselves).

Apart from the interfaces, and with QtGui's accessibility classes imported where used: every TimelineView
makes an announcer before the first frame, and QAccessible's enums cost ~2 ms of start-up. The interfaces
load when assistive technology (or a test) first asks for one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from gamecraft_desktop.core.camera_path import CameraPath, Step
from gamecraft_desktop.ui.accessibility import announce, notify, register_interface
from gamecraft_desktop.ui.timeline.text import format_speed

if TYPE_CHECKING:
    from PySide6.QtGui import QAccessibleInterface

    from gamecraft_desktop.ui.timeline.accessible import TimelineAccessible
    from gamecraft_desktop.ui.timeline.view import TimelineView


class TimelineAnnouncer(QObject):
    """Sends the accessibility events of a TimelineView's moves (only while assistive technology listens)."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._view = view
        self._steps: tuple[Step, ...] = view.document().path().steps
        self._selection: tuple[int, ...] = view.document().selection()
        doc = view.document()
        doc.pathChanged.connect(self._on_path)
        doc.selectionChanged.connect(self._on_selection)

    def _iface(self) -> TimelineAccessible | None:
        from PySide6.QtGui import QAccessible

        from gamecraft_desktop.ui.timeline.accessible import TimelineAccessible

        iface = QAccessible.queryAccessibleInterface(self._view)
        return iface if isinstance(iface, TimelineAccessible) else None

    def _on_path(self, path: CameraPath) -> None:
        from PySide6.QtGui import QAccessible

        old, new = self._steps, path.steps
        self._steps = new
        iface = self._iface() if QAccessible.isActive() else None
        if iface is None:
            return
        for item in iface.forget_from(len(new)):
            notify(item, QAccessible.Event.ObjectDestroyed)
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(item))
        for index in range(len(old), len(new)):
            child = iface.child(index)
            if child is not None:
                notify(child, QAccessible.Event.ObjectCreated)
        renamed = len(old) != len(new)  # "move i of N" changes for every move
        for index in range(min(len(old), len(new))):
            item = iface.known_item(index)
            if item is not None and (renamed or old[index] != new[index]):
                notify(item, QAccessible.Event.NameChanged)
        changed = [i for i in range(min(len(old), len(new))) if old[i].speed != new[i].speed]
        if changed and len(old) == len(new) and set(changed) <= set(self._view.document().selection()):
            speeds = {new[i].speed for i in changed}
            if len(speeds) == 1:
                announce(self._view, QCoreApplication.translate("TimelineAccessible", "speed %1")
                         .replace("%1", format_speed(speeds.pop())))

    def _on_selection(self) -> None:
        from PySide6.QtGui import QAccessible

        doc = self._view.document()
        before, self._selection = set(self._selection), doc.selection()
        iface = self._iface() if QAccessible.isActive() else None
        if iface is None:
            return
        for index in before ^ set(self._selection):
            item = iface.child(index)
            if item is not None:
                notify(item, QAccessible.Event.NameChanged)  # ", selected" is part of the name
                notify(item, QAccessible.Event.SelectionAdd if index in self._selection
                       else QAccessible.Event.SelectionRemove)
        self.focus_current()

    def focus_current(self) -> None:
        """While the timeline has the keyboard focus, the current move has the accessible focus."""
        from PySide6.QtGui import QAccessible

        current = self._view.document().current_index()
        iface = self._iface() if QAccessible.isActive() and self._view.hasFocus() and current >= 0 else None
        item = iface.child(current) if iface is not None else None
        if item is not None:
            notify(item, QAccessible.Event.Focus)


def _timeline_interface(view: object) -> QAccessibleInterface:
    from gamecraft_desktop.ui.timeline.accessible import TimelineAccessible

    return TimelineAccessible(view)  # type: ignore[arg-type]


def install(view: TimelineView) -> TimelineAnnouncer:
    """Give TimelineViews their accessible interface (once per process) and this one its announcer."""
    from gamecraft_desktop.ui.timeline.view import TimelineView

    register_interface(TimelineView, _timeline_interface)  # type: ignore[arg-type]
    return TimelineAnnouncer(view)

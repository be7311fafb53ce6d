"""What a screen reader gets beyond Qt's defaults.

- Labels expose their real text. A QLabel's accessible name *is* its text unless `setAccessibleName` fixes
  one, and Qt reports every new text as a name change; so a label that shows changing text never gets a
  fixed name: `describe_label` puts what the label is in its accessible description instead.
- Changes that matter (a problem appears, a job finishes) are announced with `announce`
  (QAccessibleAnnouncementEvent: spoken without moving the focus).
- Custom-painted widgets (the timeline) get accessible interfaces of their own through one factory:
  `register_interface(WidgetClass, make)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from PySide6.QtGui import QAccessible, QAccessibleInterface

# QtGui's accessibility classes are imported where used: making their enums costs ~5 ms, and nothing before
# the first frame needs them.

_makers: list[tuple[type, Callable[[QObject], QAccessibleInterface | None]]] = []
_installed = False
_held = False  # see hold_factories
_made: set[type] = set()  # the interface classes our makers produced


def describe_label(label: QLabel, description: str) -> None:
    """The label's accessible name stays its visible, changing text; `description` says what it is."""
    label.setAccessibleName("")
    label.setAccessibleDescription(description)


def announce(obj: QObject, message: str, *, assertive: bool = False) -> None:
    """Speak `message` now without moving the focus (problems: `assertive`; news such as a finished job:
    polite). Nothing happens while no assistive technology listens."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    if not message or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(obj, message)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


def notify(target: QObject | QAccessibleInterface, kind: QAccessible.Event) -> None:
    """Tell assistive technology that `target` (a widget or a virtual child's interface) changed."""
    from PySide6.QtGui import QAccessible, QAccessibleEvent

    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(target, kind))


def register_interface(cls: type, make: Callable[[QObject], QAccessibleInterface | None]) -> None:
    """Widgets of class `cls` get the interface `make(widget)` builds instead of Qt's default one."""
    if not any(known is cls for known, _ in _makers):
        _makers.append((cls, make))
    if not _installed and not _held:
        _install()


def hold_factories() -> None:
    """Start-up: `register_interface` records, and installs nothing until `release_factories` (right after
    the first frame). Installing loads QAccessible, whose enums cost ~2 ms before the first frame."""
    global _held
    _held = not _installed


def release_factories() -> None:
    """Install what `register_interface` recorded while held, and drop any default interface Qt made
    meanwhile for those widgets (an assistive technology asked before the first frame), so the next
    question gets ours."""
    global _held
    _held = False
    if _makers and not _installed:
        _install()
        _forget_default_interfaces()


def _install() -> None:
    global _installed
    from PySide6.QtGui import QAccessible

    _installed = True
    QAccessible.installFactory(_factory)


def _forget_default_interfaces() -> None:
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QApplication

    if not QAccessible.isActive():
        return  # Qt asks for interfaces only while assistive technology listens
    for widget in QApplication.allWidgets():
        if not any(isinstance(widget, cls) for cls, _ in _makers):
            continue
        iface = QAccessible.queryAccessibleInterface(widget)  # a new one comes from our factory
        if iface is not None and type(iface) not in _made:
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(iface))


def _factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    for cls, make in _makers:
        if isinstance(obj, cls):
            made = make(obj)
            if made is not None:
                _made.add(type(made))
            return made
    return None

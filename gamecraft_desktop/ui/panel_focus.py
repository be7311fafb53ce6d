"""Keyboard travel through the window: one Tab order for the whole window, and F6 / Shift+F6 between panels.

Tab follows the order a person composes in: the image, prompt and parameters; the timeline's tool row
(W A S D, Record, Presets, Speed), then its blocks, Copy request as and Generate; the player; the jobs
panel; last the fal key button at the menu bar's end, and round again. Within a panel Qt's creation order
stands; only the panels' sequence and the timeline's tool row are set here.

F6 moves to the next panel (Shift+F6 to the previous one), to the control that last had the focus there
or else its first; the panel's name is announced, since the focus may land on a control that does not say
where it is.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import NamedTuple
from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from gamecraft_desktop.ui.accessibility import announce


class Panel(NamedTuple):
    """A region of the window: its name for people and its root widget (plus, for the timeline area, the
    widgets that go last in its Tab order: the blocks and the generate bar)."""

    name: str
    root: QWidget
    last: tuple[QWidget, ...] = ()


def _is_stop(widget: QWidget) -> bool:
    if widget.objectName().startswith("qt_") or not widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value:
        return False
    parent = widget.parentWidget()
    while parent is not None:  # the editor inside a spin or combo box: its box is the stop
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return False
        parent = parent.parentWidget()
    return True


def tab_stops(window: QWidget, root: QWidget) -> list[QWidget]:
    """`root`'s Tab stops (hidden and disabled ones included: they count once shown), in focus-chain order."""
    out: list[QWidget] = []
    w = window.nextInFocusChain()
    while w is not None and w is not window and len(out) < 2000:
        if (w is root or root.isAncestorOf(w)) and _is_stop(w) and w not in out:
            out.append(w)
        w = w.nextInFocusChain()
    return out


def apply_tab_order(window: QWidget, panels: list[Panel]) -> list[QWidget]:
    """Chain every panel's stops in `panels` order (a panel's `last` widgets at its end); returns the order."""
    order: list[QWidget] = []
    for panel in panels:
        order += [w for w in panel_stops(panel, window) if w not in order]
    for first, second in pairwise(order):
        QWidget.setTabOrder(first, second)
    return order


def panel_stops(panel: Panel, window: QWidget) -> list[QWidget]:
    """A panel's stops in Tab order (its `last` widgets at the end)."""
    stops = tab_stops(window, panel.root)
    tail = [w for last in panel.last for w in ([last] if _is_stop(last) else tab_stops(window, last))]
    return [w for w in stops if w not in tail] + tail


class PanelCycle(QObject):
    """F6 / Shift+F6 on `window`: to the next / previous visible panel of `panels()`."""

    def __init__(self, window: QWidget, panels: Callable[[], list[Panel]]) -> None:
        super().__init__(window)
        self._window = window
        self._panels = panels
        self._last: WeakKeyDictionary[QWidget, QWidget] = WeakKeyDictionary()
        self.next_action = self._action(self.tr("Next Panel"), "F6", 1, "nextPanel")
        self.previous_action = self._action(self.tr("Previous Panel"), "Shift+F6", -1, "previousPanel")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._remember)

    def _action(self, text: str, keys: str, step: int, name: str) -> QAction:
        act = QAction(text, self._window)
        act.setObjectName(name)
        act.setShortcut(QKeySequence(keys))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setToolTip(self.tr("Move the keyboard focus to the next panel") if step > 0
                       else self.tr("Move the keyboard focus to the previous panel"))
        act.triggered.connect(lambda _=False: self.move(step))
        self._window.addAction(act)
        return act

    def _visible(self) -> list[Panel]:
        return [p for p in self._panels() if p.root.isVisible()]

    def current(self) -> Panel | None:
        """The panel holding the keyboard focus, if any."""
        focus = QApplication.focusWidget()
        for panel in self._panels():
            if focus is not None and (focus is panel.root or panel.root.isAncestorOf(focus)):
                return panel
        return None

    def move(self, step: int) -> Panel | None:
        panels = self._visible()
        if not panels:
            return None
        here = self.current()
        names = [p.name for p in panels]
        index = names.index(here.name) if here is not None and here.name in names else (-1 if step > 0 else 0)
        for k in range(1, len(panels) + 1):
            panel = panels[(index + step * k) % len(panels)]
            target = self._target(panel)
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                announce(target, panel.name)
                return panel
        return None

    def _target(self, panel: Panel) -> QWidget | None:
        last = self._last.get(panel.root)
        if last is not None and self._usable(last) and (panel.root.isAncestorOf(last) or last is panel.root):
            return last
        stops = [w for w in panel_stops(panel, self._window) if self._usable(w)]
        return stops[0] if stops else None

    @staticmethod
    def _usable(widget: QWidget) -> bool:
        return widget.isVisible() and widget.isEnabled() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus

    def _remember(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for panel in self._panels():
            if new is panel.root or panel.root.isAncestorOf(new):
                self._last[panel.root] = new
                return


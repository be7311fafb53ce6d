"""A menu of radio items, one per choice (View ▸ Theme, View ▸ Language), made when it first opens: its
actions are not needed for the first frame (start-up time). Qt emits aboutToShow for the mouse, the keyboard,
screen readers and exported menu bars alike."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

#: One item: (name, title, tip).
Choice = tuple[str, str, str]


class ChoiceMenu(QMenu):
    """`choices()` lists the items in menu order, `current()` says which is chosen now, `choose(name)` is what
    picking one does."""

    def __init__(self, title: str, object_name: str, choices: Callable[[], list[Choice]],
                 current: Callable[[], str], choose: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self.setToolTipsVisible(True)
        self._choices, self._current, self._choose = choices, current, choose
        self._actions: dict[str, QAction] = {}
        self.aboutToShow.connect(self._fill)

    @property
    def choice_actions(self) -> dict[str, QAction]:
        """The items by name (made now if the menu has not been opened yet)."""
        self._fill()
        return self._actions

    def _fill(self) -> None:
        current = self._current()
        if self._actions:
            self._actions[current].setChecked(True)  # it may have been chosen elsewhere since
            return
        group = QActionGroup(self)
        group.setExclusive(True)
        for name, title, tip in self._choices():
            act = self.addAction(title)
            act.setObjectName(f"{self.objectName().removesuffix('Menu')}:{name}")
            act.setCheckable(True)
            act.setChecked(name == current)
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _checked=False, n=name: self._choose(n))
            group.addAction(act)
            self._actions[name] = act

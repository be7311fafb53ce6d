"""A menu of radio items, one per choice (View ▸ Theme, View ▸ Language), made when it first opens: its
actions are not needed for the first frame (start-up time). Qt emits aboutToShow for the mouse, the keyboard,
screen readers and exported menu bars alike."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget


class ChoiceMenu(QMenu):
    """Subclasses say what the choices are (`choices`), which is chosen now (`current`) and what choosing
    does (`choose`)."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self.setToolTipsVisible(True)
        self._actions: dict[str, QAction] = {}
        self.aboutToShow.connect(self._fill)

    def choices(self) -> list[tuple[str, str, str]]:
        """(name, title, tip) of each item, in menu order."""
        raise NotImplementedError

    def current(self) -> str:
        raise NotImplementedError

    def choose(self, name: str) -> None:
        raise NotImplementedError

    @property
    def choice_actions(self) -> dict[str, QAction]:
        """The items by name (made now if the menu has not been opened yet)."""
        self._fill()
        return self._actions

    def _fill(self) -> None:
        current = self.current()
        if self._actions:
            self._actions[current].setChecked(True)  # it may have been chosen elsewhere since
            return
        group = QActionGroup(self)
        group.setExclusive(True)
        for name, title, tip in self.choices():
            act = self.addAction(title)
            act.setObjectName(f"{self.objectName().removesuffix('Menu')}:{name}")
            act.setCheckable(True)
            act.setChecked(name == current)
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _checked=False, n=name: self.choose(n))
            group.addAction(act)
            self._actions[name] = act

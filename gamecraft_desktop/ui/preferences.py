"""Edit ▸ Preferences… (Ctrl+,): the action, and the sections other layers register. The dialog
(ui/preferences_dialog.py) is imported and built the first time it opens: nothing of it costs start-up time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gamecraft_desktop.ui.preferences_dialog import PreferencesDialog


class Preferences(QObject):
    """Edit ▸ Preferences… (Ctrl+,) for a window: other layers register sections (`add_section`), and the
    dialog is built from them the first time it opens (nothing of it costs start-up time)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.action = QAction(self.tr("Pr&eferences…"), window)
        self.action.setObjectName("preferences")
        self.action.setShortcut(QKeySequence("Ctrl+,"))
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        tip = self.tr("Connection and other settings")
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.setEnabled(False)  # until a section is registered
        self.action.triggered.connect(lambda _=False: self.open())
        self._factories: list[tuple[str, Callable[[], QWidget]]] = []
        self.dialog: PreferencesDialog | None = None

    def add_section(self, title: str, factory: Callable[[], QWidget]) -> None:
        self._factories.append((title, factory))
        if self.dialog is not None:
            self.dialog.add_section(title, factory())
        self.action.setEnabled(True)

    def open(self, section: str | None = None) -> PreferencesDialog:
        if self.dialog is None:
            from gamecraft_desktop.ui.preferences_dialog import PreferencesDialog  # dialogs: not at start-up

            self.dialog = PreferencesDialog(self._window)
            for title, factory in self._factories:
                self.dialog.add_section(title, factory())
        self.dialog.show_section(section or "")
        return self.dialog

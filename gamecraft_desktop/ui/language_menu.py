"""View ▸ Language: the interface language, kept in the settings and applied at the next start.

Each language is listed in itself (简体中文, English), so a person who cannot read the current interface still
finds theirs; "System language" follows the desktop.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from gamecraft_desktop.ui.accessibility import announce
from gamecraft_desktop.ui.choice_menu import ChoiceMenu
from gamecraft_desktop.ui.i18n import (
    LANGUAGES,
    LanguageTexts,
    resolve_language,
    save_language,
    saved_language,
)


class LanguageMenu(ChoiceMenu):
    """System language / English / 简体中文 as radio items; choosing one keeps it for the next start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("&Language"), "languageMenu", self.choices, saved_language,
                         lambda name: self.choose(name), parent)
        #: Replaceable in tests: tells the person the change applies at the next start.
        self.tell = self._tell

    @property
    def language_actions(self) -> dict[str, QAction]:
        return self.choice_actions

    def choices(self) -> list[tuple[str, str, str]]:
        names = LanguageTexts(self).names()
        tip = self.tr("Show the interface in this language (from the next start)")
        return [(name, names[name], tip) for name in ("system", *LANGUAGES)]

    def choose(self, name: str) -> None:
        changed = resolve_language(name) != resolve_language(saved_language())
        save_language(name)
        self.language_actions[name].setChecked(True)
        if changed:
            self.tell(self.tr("The interface language changes when GameCraft Desktop starts again."))

    def _tell(self, text: str) -> None:
        window = self.parentWidget().window() if self.parentWidget() is not None else None
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)
            announce(window, text)
        from PySide6.QtWidgets import QMessageBox  # not before the first frame

        QMessageBox.information(window, self.tr("Language"), text)

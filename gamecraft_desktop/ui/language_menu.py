"""View ▸ Language: the interface language, kept in the settings and applied at the next start.

Each language is listed in itself (简体中文, English), so a person who cannot read the current interface still
finds theirs; "System language" follows the desktop.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from gamecraft_desktop.ui.accessibility import announce
from gamecraft_desktop.ui.i18n import (
    LANGUAGES,
    LanguageTexts,
    resolve_language,
    save_language,
    saved_language,
)


class LanguageMenu(QMenu):
    """System language / English / 简体中文 as radio items; choosing one keeps it for the next start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("&Language"), parent)
        self.setObjectName("languageMenu")
        self.setToolTipsVisible(True)
        self._actions: dict[str, QAction] = {}
        # Filled when first opened: its actions are not needed for the first frame (start-up time).
        self.aboutToShow.connect(self._fill)
        #: Replaceable in tests: tells the person the change applies at the next start.
        self.tell = self._tell

    @property
    def language_actions(self) -> dict[str, QAction]:
        self._fill()
        return self._actions

    def _fill(self) -> None:
        current = saved_language()
        if self._actions:
            self._actions[current].setChecked(True)  # chosen elsewhere (another window) since
            return
        group = QActionGroup(self)
        group.setExclusive(True)
        names = LanguageTexts(self).names()
        for name in ("system", *LANGUAGES):
            act = self.addAction(names[name])
            act.setObjectName(f"language:{name}")
            act.setCheckable(True)
            act.setChecked(name == current)
            tip = self.tr("Show the interface in this language (from the next start)")
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _checked=False, n=name: self.choose(n))
            group.addAction(act)
            self._actions[name] = act

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

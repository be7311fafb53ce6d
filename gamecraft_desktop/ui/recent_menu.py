"""A 'Recent …' submenu that fills itself from a RecentList each time it opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu, QWidget

from gamecraft_desktop.ui.app_settings import RecentList


class RecentMenu(QMenu):
    def __init__(self, title: str, recent: RecentList, opener: Callable[[Path], object], empty_text: str,
                 parent: QWidget | None = None):
        super().__init__(title, parent)
        self.setToolTipsVisible(True)
        self._recent, self._opener, self._empty = recent, opener, empty_text
        self.aboutToShow.connect(self.refill)

    def refill(self) -> None:
        self.clear()
        items = self._recent.items()
        for item in items:
            act = self.addAction(Path(item).name)
            act.setToolTip(item)
            act.setStatusTip(item)
            act.triggered.connect(lambda _=False, p=item: self._opener(Path(p)))
        if not items:
            self.addAction(self._empty).setEnabled(False)
            return
        self.addSeparator()
        self.addAction(self.tr("Clear List")).triggered.connect(lambda _=False: self._recent.clear())

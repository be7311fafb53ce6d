"""A 'Recent …' submenu that fills itself from a RecentList each time it opens."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu, QWidget

from gamecraft_desktop.ui.app_settings import RecentList


def recent_label(item: str) -> str:
    """What the menu shows for a path: its file name, or for a pasted or downloaded image (stored under its
    hash, a name that means nothing to a person) when it came."""
    from gamecraft_desktop.store.image_imports import is_imported_image  # hashlib: not at start-up

    path = Path(item)
    if not is_imported_image(path):
        return path.name
    try:
        when = time.strftime("%d %b %Y %H:%M", time.localtime(path.stat().st_mtime))
    except OSError:
        return "Pasted or downloaded image"
    return f"Pasted or downloaded image · {when}"


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
            found = Path(item).exists()
            label = recent_label(item)
            # Kept, greyed: a file on an unmounted drive comes back; Clear List removes it for good.
            act = self.addAction(label if found else self.tr("{name} (not found)").format(name=label))
            act.setEnabled(found)
            tip = item if found else self.tr("Not found: {path}").format(path=item)
            act.setToolTip(tip)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _=False, p=item: self._opener(Path(p)))
        if not items:
            self.addAction(self._empty).setEnabled(False)
            return
        self.addSeparator()
        self.addAction(self.tr("Clear List")).triggered.connect(lambda _=False: self._recent.clear())

"""QSettings for window state and recent lists. With GAMECRAFT_DESKTOP_HOME set (every test sets it) the
settings file lives in the app's config folder instead of the user's real one."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from gamecraft_desktop import APP_ID
from gamecraft_desktop.store.paths import HOME_ENV, AppPaths

ORGANIZATION_NAME, _, APPLICATION_NAME = APP_ID.rpartition(".")
ORGANIZATION_DOMAIN = ".".join(reversed(ORGANIZATION_NAME.split(".")))

# Settings keys in one place.
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_CENTRE = "window/centre_splitter"
KEY_RECENT_IMAGES = "recent/images"
KEY_RECENT_PROJECTS = "recent/projects"
KEY_LAST_DIR = "recent/last_dir"  # before folders were remembered per kind: the fallback for images, projects


def open_settings() -> QSettings:
    if os.environ.get(HOME_ENV):
        path = AppPaths.default().config / "gamecraft-desktop.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, ORGANIZATION_NAME, APPLICATION_NAME)


class RecentList:
    """Most-recent-first list of paths or URLs kept in QSettings."""

    def __init__(self, key: str, limit: int = 10):
        self._key, self._limit = key, limit

    def items(self) -> list[str]:
        value = open_settings().value(self._key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple):
            return []
        return [str(v) for v in value if v]

    def add(self, item: str) -> None:
        items = [item, *[i for i in self.items() if i != item]][: self._limit]
        s = open_settings()
        s.setValue(self._key, items)
        s.sync()

    def remove(self, item: str) -> None:
        s = open_settings()
        s.setValue(self._key, [i for i in self.items() if i != item])
        s.sync()

    def clear(self) -> None:
        s = open_settings()
        s.remove(self._key)
        s.sync()


class LastFolder:
    """Where a file dialog of one kind ("image", "project", "video") was last used, so the next one opens
    there, as a person expects; the home folder the first time or when that folder is gone."""

    def __init__(self, kind: str) -> None:
        self._key = f"recent/last_folder_{kind}"
        self._fallback = KEY_LAST_DIR if kind in ("image", "project") else None

    def get(self) -> Path:
        s = open_settings()
        value = s.value(self._key, "") or (s.value(self._fallback, "") if self._fallback else "")
        folder = Path(str(value)).expanduser() if value else None
        return folder if folder is not None and folder.is_dir() else Path.home()

    def remember(self, file: Path) -> None:
        """Remember the folder of a file just opened or saved."""
        s = open_settings()
        s.setValue(self._key, str(Path(file).parent))
        s.sync()

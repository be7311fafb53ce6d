"""Where the app keeps its files. `GAMECRAFT_DESKTOP_HOME` points all of it elsewhere (tests use it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from gamecraft_desktop import APP_ID

HOME_ENV = "GAMECRAFT_DESKTOP_HOME"


def _platform_root(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "darwin":
        base = home / "Library" / ("Logs" if kind == "logs" else "Application Support")
        return base / APP_ID
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / APP_ID / kind
    xdg = {
        "data": ("XDG_DATA_HOME", home / ".local" / "share"),
        "config": ("XDG_CONFIG_HOME", home / ".config"),
        "cache": ("XDG_CACHE_HOME", home / ".cache"),
        "logs": ("XDG_STATE_HOME", home / ".local" / "state"),
    }[kind]
    return Path(os.environ.get(xdg[0]) or xdg[1]) / APP_ID


class AppPaths(NamedTuple):
    """All app folders. Created on first use by `ensure()`."""

    data: Path
    config: Path
    cache: Path
    logs: Path

    @classmethod
    def default(cls) -> AppPaths:
        override = os.environ.get(HOME_ENV)
        if override:
            root = Path(override).expanduser()
            return cls(root / "data", root / "config", root / "cache", root / "logs")
        return cls(_platform_root("data"), _platform_root("config"), _platform_root("cache"),
                   _platform_root("logs"))

    @property
    def jobs_dir(self) -> Path:
        """One folder per job holding its video, thumbnails and prepared input."""
        return self.data / "jobs"

    @property
    def database(self) -> Path:
        return self.data / "history.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def upload_cache_file(self) -> Path:
        return self.cache / "uploads.json"

    @property
    def log_file(self) -> Path:
        return self.logs / "gamecraft-desktop.log"

    def ensure(self) -> AppPaths:
        for p in (self.data, self.config, self.cache, self.logs, self.jobs_dir):
            p.mkdir(parents=True, exist_ok=True)
        return self

"""The app's typed settings file (`settings.json` in the config folder): one JSON object per section.

The window's Preferences and the CLI read the same file, so a connection set in one applies to the other.
A missing or damaged file reads as defaults (and is rewritten whole, atomically, on the next save); sections
this version does not know are kept as they are.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from gamecraft_desktop.atomic_files import atomic_write_text
from gamecraft_desktop.core.connection import ConnectionSettings
from gamecraft_desktop.core.spend import SpendSettings

log = logging.getLogger(__name__)

CONNECTION = "connection"
SPEND = "spend"


class SettingsFile:
    """Read and write sections of one settings file. Thread-safe within the process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def section(self, name: str) -> dict[str, Any]:
        with self._lock:
            value = self._read().get(name)
        return dict(value) if isinstance(value, dict) else {}

    def save_section(self, name: str, values: dict[str, Any]) -> None:
        """Replace one section, keeping the others. Raises OSError when the file cannot be written."""
        with self._lock:
            data = self._read()
            data[name] = values
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    # --- typed sections ------------------------------------------------------------------------------

    def connection(self) -> ConnectionSettings:
        return ConnectionSettings.from_dict(self.section(CONNECTION))

    def save_connection(self, settings: ConnectionSettings) -> None:
        self.save_section(CONNECTION, settings.to_dict())

    def spend(self) -> SpendSettings:
        return SpendSettings.from_dict(self.section(SPEND))

    def save_spend(self, settings: SpendSettings) -> None:
        self.save_section(SPEND, settings.to_dict())

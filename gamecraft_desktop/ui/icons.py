"""SVG icons from resources/icons (no compiled resource files). Missing files give an empty icon."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon


@cache
def icons_dir() -> Path:
    """The repo's resources/icons in a source checkout; beside the bundle in a frozen build."""
    candidates = [Path(__file__).resolve().parents[2] / "resources" / "icons"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources" / "icons")
    candidates.append(Path(__file__).resolve().parents[1] / "resources" / "icons")
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def icon(name: str) -> QIcon:
    path = icons_dir() / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def icon_path(name: str) -> str:
    return str(icons_dir() / f"{name}.svg")

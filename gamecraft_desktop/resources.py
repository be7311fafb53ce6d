"""Where `resources/` (icons, desktop metadata) is: the frozen bundle, the source checkout, or the
data files of an installed wheel."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen_root) / "resources"] if frozen_root else []
    candidates += [
        Path(__file__).resolve().parent.parent / "resources",  # source checkout / editable install
        Path(sys.prefix) / "share" / "gamecraft-desktop" / "resources",  # wheel data files
    ]
    for path in candidates:
        if (path / "icons").is_dir():
            return path
    return candidates[0]


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)

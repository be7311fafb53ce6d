"""Versions and licences of the components the app ships, for the About dialog."""

from __future__ import annotations

import importlib.util
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    url: str


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _qt_ffmpeg_version() -> str:
    """QtMultimedia's bundled FFmpeg, read from the libavcodec it ships (no import of QtMultimedia)."""
    try:
        spec = importlib.util.find_spec("PySide6")
        if spec is None or spec.origin is None:
            return "not installed"
        lib = Path(spec.origin).parent / "Qt" / "lib"
        names = sorted(p.name for p in lib.glob("libavcodec.so.*"))
        if names:
            return "libavcodec " + names[-1].removeprefix("libavcodec.so.")
    except OSError:
        pass  # no readable Qt lib folder: reported as "bundled with Qt" below
    return "bundled with Qt"


def component_versions() -> list[Component]:
    from gamecraft_desktop import __version__

    out = [Component("GameCraft Desktop", __version__, "MIT", "")]
    # The PySide6 wheels carry the Qt release of the same version; read it without importing Qt here.
    pyside = _dist_version("PySide6-Essentials")
    out.append(Component("Qt", pyside, "LGPL-3.0", "https://www.qt.io"))
    out.append(Component("PySide6 (Qt for Python)", pyside, "LGPL-3.0", "https://doc.qt.io/qtforpython"))
    out.append(Component("FFmpeg in QtMultimedia", _qt_ffmpeg_version(), "LGPL-2.1+", "https://ffmpeg.org"))
    try:
        import av

        ffmpeg = getattr(av, "ffmpeg_version_info", "unknown")
        out.append(Component("FFmpeg in PyAV (with libx264)", str(ffmpeg), "GPL-2.0+ (libx264)",
                             "https://pyav.basswood-io.com"))
        out.append(Component("PyAV", av.__version__, "BSD-3-Clause", "https://pyav.basswood-io.com"))
    except ImportError:
        pass  # PyAV missing: the About box simply does not list it
    for dist, licence in (("httpx", "BSD-3-Clause"), ("pydantic", "MIT"), ("keyring", "MIT"),
                          ("Pillow", "MIT-CMU")):
        out.append(Component(dist, _dist_version(dist), licence, ""))
    out.append(Component("Python", platform.python_version(), "PSF-2.0", "https://www.python.org"))
    return out

"""FFmpeg's chatter goes to the log file at debug level, not to the terminal.

Two FFmpeg builds live in the app: QtMultimedia's (it plays the videos) and PyAV's (it writes them). Left
alone, QtMultimedia's prints a ten-line "Input #0, mov,mp4…" dump to stderr for every video it opens, and
QT_FFMPEG_DEBUG (Qt's own switch) would route everything at debug level, every decoded frame included. So
Qt's libavutil gets our own log callback through ctypes: lines are formatted by FFmpeg itself
(av_log_format_line) and logged under "gamecraft_desktop.ffmpeg", warnings and errors at their level, the
rest at debug. PyAV's FFmpeg is silent already (av.logging's level is None by default).
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
from pathlib import Path

log = logging.getLogger("gamecraft_desktop.ffmpeg")

_AV_LOG_ERROR, _AV_LOG_WARNING, _AV_LOG_INFO = 16, 24, 32
#: Keeps FFmpeg from formatting (and us from receiving) its per-frame trace: VERBOSE and DEBUG are dropped.
_AV_LOG_LEVEL = _AV_LOG_INFO
_LINE = 1024

_Callback = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)
_installed: list[object] = []  # the library and the callback, kept alive for the process's life


def _qt_avutil() -> Path | None:
    """QtMultimedia's own libavutil (PySide6/Qt/lib), in a venv or the frozen bundle."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted((Path(folder) / "Qt" / "lib").glob("libavutil.so.*"))
        if found:
            return found[0]
    return None


def route_ffmpeg_logs_to_log() -> bool:
    """Install the routing (once). False where it cannot be done (no Qt FFmpeg, not Linux): nothing changes."""
    if _installed:
        return True
    path = _qt_avutil()
    if path is None:
        return False
    try:
        avutil = ctypes.CDLL(str(path))
        format_line = avutil.av_log_format_line
        format_line.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_char_p,
                                ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
        format_line.restype = None
    except (OSError, AttributeError) as exc:
        log.debug("FFmpeg logs stay on stderr: %s", exc)
        return False
    prefix = ctypes.c_int(1)

    def callback(avcl: int | None, level: int, fmt: bytes | None, args: int | None) -> None:
        if level > _AV_LOG_LEVEL or fmt is None:
            return
        buf = ctypes.create_string_buffer(_LINE)
        format_line(avcl, level, fmt, args, buf, _LINE, ctypes.byref(prefix))
        text = buf.value.decode("utf-8", "replace").rstrip()
        if text:
            log.log(logging.ERROR if level <= _AV_LOG_ERROR else
                    logging.WARNING if level <= _AV_LOG_WARNING else logging.DEBUG, "%s", text)

    handle = _Callback(callback)
    avutil.av_log_set_level(_AV_LOG_LEVEL)
    avutil.av_log_set_callback(handle)
    _installed.extend([avutil, handle, prefix])
    log.setLevel(logging.DEBUG)  # its debug lines reach the log file although the app logs at INFO
    return True

"""Shared helpers for the composer-window tests: real image files, a loopback HTTP server, drops."""

from __future__ import annotations

import http.server
import io
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def png_bytes(w: int = 160, h: int = 120, color: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "PNG")
    return buf.getvalue()


def write_png(path: Path, w: int = 160, h: int = 120, color: tuple[int, int, int] = (40, 120, 200)) -> Path:
    path.write_bytes(png_bytes(w, h, color))
    return path


def jpeg_with_orientation(path: Path, w: int, h: int, orientation: int) -> Path:
    img = Image.new("RGB", (w, h), (200, 80, 40))
    exif = Image.Exif()
    exif[0x0112] = orientation
    img.save(path, "JPEG", exif=exif.tobytes())
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(w: int, h: int) -> bytes:
    """A PNG whose header claims w×h (a decompression bomb's calling card) with a tiny body."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + \
        _chunk(b"IEND", b"")


def corrupt_png() -> bytes:
    """A real PNG header followed by a damaged image stream."""
    good = png_bytes(64, 64)
    ihdr_end = 8 + 25
    return good[:ihdr_end] + _chunk(b"IDAT", b"\x78\x9c" + b"\xde\xad\xbe\xef" * 40) + _chunk(b"IEND", b"")


HEIC_HEAD = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def drop(widget: QWidget, mime: QMimeData) -> tuple[bool, bool]:
    """Deliver a real drag-enter and drop with `mime`; returns (enter accepted, drop accepted)."""
    pos = QPointF(10, 10)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:  # PySide6 6.12 takes a QPointF (the QPoint form is deprecated); 6.11 only a QPoint
        enter = QDragEnterEvent(pos, *args)
    except TypeError:
        enter = QDragEnterEvent(pos.toPoint(), *args)
    widget.dragEnterEvent(enter)
    ev = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(ev)
    return enter.isAccepted(), ev.isAccepted()


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes, float]]] = {}

    def do_GET(self) -> None:
        status, ctype, body, delay = self.routes.get(self.path, (404, "text/html", b"<html>nope</html>", 0.0))
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def http_server(routes: dict[str, tuple[int, str, bytes, float]]) -> Iterator[str]:
    """A loopback HTTP server on a free port in a thread; stopped and joined on exit."""
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="test-http-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def make_window(qtbot):  # type: ignore[no-untyped-def]
    """A MainWindow that never blocks on a dialog: unsaved-changes answers Discard, errors are recorded."""
    from PySide6.QtWidgets import QMessageBox

    from gamecraft_desktop.ui.main_window import MainWindow

    w = MainWindow()
    w.errors = []  # type: ignore[attr-defined]
    w.projects.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    w.projects.show_error = lambda title, text: w.errors.append((title, text))  # type: ignore[attr-defined,method-assign]
    qtbot.addWidget(w)
    return w

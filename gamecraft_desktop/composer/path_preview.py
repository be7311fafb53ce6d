"""The free path preview: the sandbox renderer's simulated camera move for the current image and path,
rendered off the GUI thread (one render at a time, newest request wins) and cached on disk by content."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.texts import Texts

log = logging.getLogger(__name__)
#: The free preview's words (core/texts.py: the name is the translation context).
PreviewText = Texts("PreviewText")


def preview_key(image: Path, path: CameraPath) -> str:
    st = image.stat()
    text = f"{image.resolve()}|{st.st_size}|{st.st_mtime_ns}|" + ";".join(
        f"{s.action.value}:{s.speed:g}" for s in path.steps)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def preview_hint(has_image: bool, path: CameraPath, *, image_loading: bool = False) -> str | None:
    """Why no free preview can be shown, naming what is actually missing; None when one can be rendered."""
    problems = path.problems() if path.steps else []
    if image_loading and not has_image:
        return PreviewText.tr("Loading the image…")
    if not has_image and not path.steps:
        return PreviewText.tr("Add an image and draw a camera path (W/A/S/D in the timeline) to see a free preview "
                              "here.")
    if not has_image:
        return PreviewText.tr("Add an image to see a free preview of the camera path.")
    if not path.steps:
        return PreviewText.tr("Draw a camera path (W/A/S/D in the timeline) to see a free preview here.")
    if problems:
        return PreviewText.tr("Fix the camera path to see a free preview: {problems}").format(problems=" ".join(problems))
    return None


def _failure_text(exc: Exception) -> str:
    """A sentence for the player, never a class name: the renderer's own errors are written for people."""
    from gamecraft_desktop.media.renderer import RenderError

    if isinstance(exc, RenderError | OSError):
        return str(exc)
    log.error("preview render failed", exc_info=exc)
    return PreviewText.tr("an unexpected error ({error}); the log has the details.").format(error=exc)


class _Signals(QObject):
    done = Signal(object)


class PathPreviewer(QObject):
    """`request(image, path)` (debounced) → `ready(video_path, frame_count)` or `failed(message)`."""

    ready = Signal(object, int)
    failed = Signal(str)
    started = Signal()

    def __init__(self, cache_dir: Path, *, debounce_ms: int = 400, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache_dir = cache_dir
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: tuple[Path, CameraPath] | None = None
        self._busy = False
        self._ticket = 0
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._debounce = QTimer(self)
        self._debounce.setObjectName("previewDebounce")
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._start)

    def request(self, image: Path | None, path: CameraPath) -> None:
        if image is None or not path.steps or path.problems():
            self._pending = None
            self._ticket += 1
            self._debounce.stop()
            return
        self._pending = (Path(image), path)
        self._ticket += 1
        self._debounce.start()

    def _start(self) -> None:
        if self._busy or self._pending is None:
            return
        image, path = self._pending
        self._pending = None
        ticket = self._ticket
        self._busy = True
        self.started.emit()
        cache_dir, signals = self.cache_dir, self._signals

        def task() -> None:
            try:
                from gamecraft_desktop.media.renderer import render_camera_move

                out = cache_dir / f"preview-{preview_key(image, path)}.mp4"
                if not out.exists():
                    cache_dir.mkdir(parents=True, exist_ok=True)
                    render_camera_move(image, path, out, mark="PREVIEW")
                signals.done.emit((ticket, out, path.frame_count, None))
            except Exception as exc:
                signals.done.emit((ticket, None, 0, _failure_text(exc)))

        self._pool.start(task)

    def _on_done(self, payload: tuple[int, Path | None, int, str | None]) -> None:
        ticket, out, frames, error = payload
        self._busy = False
        if ticket == self._ticket:
            if error is not None:
                log.warning("preview failed: %s", error)
                self.failed.emit(error)
            elif out is not None:
                self.ready.emit(out, frames)
        if self._pending is not None:
            self._start()

    def shutdown(self, wait_ms: int = 10_000) -> None:
        self._debounce.stop()
        self._pending = None
        self._pool.clear()
        self._pool.waitForDone(wait_ms)

"""Off-thread image decoding for the composer: QImageReader in a QRunnable on the global QThreadPool.

Every input ends up as a file on disk (dropped bytes, pasted images and URLs are stored under their hash
by store/image_imports.py) so a project can refer to it by path + sha256. Each way an input can be bad
has its own message; the loader never touches a widget, it only emits `loaded` / `failed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader

from gamecraft_desktop.core.texts import Texts, number

if TYPE_CHECKING:
    from gamecraft_desktop.composer.image_fetch import UrlFetcher

MAX_INPUT_BYTES = 50 * 1024 * 1024
PREVIEW_MAX_SIDE = 2048
#: Qt refuses to allocate more than this for one decoded image (a guard behind the header check).
ALLOCATION_LIMIT_MB = 1024
#: Pillow's format names (what the image rule accepts) → the Qt image plugin that draws the preview.
_QT_FORMATS = {"JPEG": b"jpeg", "MPO": b"jpeg", "PNG": b"png", "GIF": b"gif", "WEBP": b"webp", "BMP": b"bmp",
               "TIFF": b"tiff"}

#: What is wrong with an image, in words; the same context as media/errors.py, which this module imports
#: only when it must (the media package loads PyAV and Pillow: not before the first frame).
ImageChecks = Texts("ImageChecks")


class ImageLoadError(Exception):
    """An input that is not a usable image; str(exc) is the message shown in the drop zone."""


@dataclass(frozen=True)
class LoadedImage:
    """A decoded input image. width/height are after EXIF orientation; preview is at most 2048 px."""

    path: Path
    preview: QImage
    width: int
    height: int
    file_size: int
    format: str
    sha256: str
    source: str  # what the person gave (a path or URL), for messages
    mtime_ns: int = 0  # of the file when it was read: Generate refuses a file changed since

    def changed_on_disk(self) -> str | None:
        """Why the file is no longer what was loaded (and shown), or None. A cheap stat, for the GUI thread:
        an editor that re-saves the file changes its size or modification time."""
        try:
            st = self.path.stat()
        except OSError:
            return ImageChecks.tr("{name} is no longer at {parent}.").format(
                       name=self.path.name, parent=self.path.parent)
        if st.st_size != self.file_size or (self.mtime_ns and st.st_mtime_ns != self.mtime_ns):
            return ImageChecks.tr("{name} changed on disk after it was loaded.").format(name=self.path.name)
        return None

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1e6


def _preview(path: Path, name: str, fmt: str) -> QImage:
    """The picture for the drop zone, at most PREVIEW_MAX_SIDE, upright. The file passed the image rule
    already; Qt draws it. Qt reads the file through its own QFile: a QBuffer made in Python would make
    every read ask for the GIL while QImageReader holds Qt's image-plugin lock, and a GUI thread holding the
    GIL while it waits for that lock (a style loading an icon) deadlocks both (seen in the test suite)."""
    reader = QImageReader(str(path))
    # The format is known: no probing of every plugin. PySide keeps the GIL during format(), and the SVG
    # plugin's probe takes a Qt signal-slot mutex; a GUI thread destroying a Python-backed QObject holds such
    # a mutex while it waits for the GIL: a deadlock (seen in the test suite).
    reader.setDecideFormatFromContent(False)
    reader.setAutoDetectImageFormat(False)
    reader.setFormat(_QT_FORMATS.get(fmt, fmt.lower().encode()))
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        err = reader.errorString()
        if "limit" in err.lower():
            raise ImageLoadError(ImageChecks.tr("{name} is too large to decode safely ({err}).").format(
                                     name=name, err=err))
        raise ImageLoadError(ImageChecks.tr("{name} is damaged and cannot be decoded as {fmt} ({err}).").format(
                                 name=name, fmt=fmt, err=err))
    if max(image.width(), image.height()) > PREVIEW_MAX_SIDE:
        image = image.scaled(QSize(PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE), Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    if image.hasAlphaChannel():
        image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    return image


def decode_image_file(path: Path, source: str | None = None) -> LoadedImage:
    """Blocking: check (the image rule the CLI applies too), hash and decode a file. Call from a worker
    thread (or a test)."""
    # Imported here, on the worker thread: Pillow stays out of the window's start-up.
    from gamecraft_desktop.media.errors import ImageError
    from gamecraft_desktop.media.image_prep import check_image_data, read_image_source

    try:
        data, name = read_image_source(path)
        st = path.stat()
        facts = check_image_data(data, name)
    except ImageError as exc:
        raise ImageLoadError(str(exc)) from None
    except OSError as exc:
        raise ImageLoadError(ImageChecks.tr("{path} cannot be read: {error}.").format(
                                 path=path, error=exc.strerror or exc)) from None
    preview = _preview(path, name, facts.format)
    import hashlib  # worker thread only: keeps OpenSSL's start-up cost off the window's first paint

    return LoadedImage(path, preview, facts.width, facts.height, len(data), facts.format,
                       hashlib.sha256(data).hexdigest(), source or str(path), st.st_mtime_ns)


def decode_image_bytes(data: bytes, source: str, name: str | None = None) -> LoadedImage:
    """Blocking: check bytes (dropped, pasted or downloaded), store them under their hash, decode."""
    from gamecraft_desktop.media.errors import ImageError
    from gamecraft_desktop.media.image_prep import check_image_data, read_image_source

    label = name or ImageChecks.tr("The image")
    if len(data) > MAX_INPUT_BYTES:
        raise ImageLoadError(ImageChecks.tr("{label} is {size} MB; the limit is {limit} MB.").format(
                                 label=label, size=number(len(data) / 1e6, 0), limit=MAX_INPUT_BYTES // 2 ** 20))
    try:
        data, label = read_image_source(data, label=label)
        facts = check_image_data(data, label)
    except ImageError as exc:
        raise ImageLoadError(str(exc)) from None
    from gamecraft_desktop.store.image_imports import ImageStoreError, store_image_bytes

    try:
        stored = store_image_bytes(data, "jpeg" if facts.format == "MPO" else facts.format.lower())
    except ImageStoreError as exc:
        raise ImageLoadError(str(exc)) from None
    return decode_image_file(stored, source)


def encode_png(image: QImage) -> bytes:
    """A QImage (pasted or dropped as image data) as PNG bytes; call off the GUI thread for big images."""
    # Through a file Qt opens itself, not a Python-made QBuffer (_preview says why: a deadlock).
    import tempfile

    with tempfile.TemporaryDirectory(prefix="gamecraft-paste-") as folder:
        target = Path(folder) / "image.png"
        saved = image.save(str(target), "PNG")  # type: ignore[call-overload]  # PySide takes str; stubs say bytes
        return target.read_bytes() if saved else b""  # nothing: the image rule then says what is wrong


class _TaskSignals(QObject):
    done = Signal(object, int)  # LoadedImage, ticket
    failed = Signal(str, int)


class _DecodeTask(QRunnable):
    def __init__(self, signals: _TaskSignals, ticket: int, *, path: Path | None = None,
                 data: bytes | None = None, image: QImage | None = None, source: str = "", name: str | None = None):
        super().__init__()
        self.setAutoDelete(True)
        self._signals, self._ticket = signals, ticket
        self._path, self._data, self._image, self._source, self._name = path, data, image, source, name

    def run(self) -> None:
        try:
            if self._path is not None:
                result = decode_image_file(self._path, self._source)
            else:
                data = self._data if self._data is not None else encode_png(self._image or QImage())
                result = decode_image_bytes(data, self._source, self._name)
        except ImageLoadError as exc:
            self._signals.failed.emit(str(exc), self._ticket)
        except Exception as exc:  # an unexpected decoder failure must still reach the person, not vanish
            self._signals.failed.emit(ImageChecks.tr("The image could not be loaded: {exc}").format(exc=exc), self._ticket)
        else:
            self._signals.done.emit(result, self._ticket)


class ImageLoader(QObject):
    """Loads one image at a time; a newer request supersedes an older one (its result is dropped)."""

    loaded = Signal(object)  # LoadedImage
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
        self._pool = pool or QThreadPool.globalInstance()
        self._signals = _TaskSignals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._ticket = 0
        self._pending = 0
        self._fetcher: UrlFetcher | None = None  # created on first URL: keeps QtNetwork out of start-up

    # --- requests ----------------------------------------------------------------------------

    def load_file(self, path: Path | str) -> None:
        self._start(_DecodeTask(self._signals, self._next(), path=Path(path), source=str(path)))

    def load_bytes(self, data: bytes, source: str, name: str | None = None) -> None:
        self._start(_DecodeTask(self._signals, self._next(), data=data, source=source, name=name))

    def load_qimage(self, image: QImage, source: str) -> None:
        if image.isNull():
            self._fail_now(ImageChecks.tr("The pasted image data is empty."))
            return
        self._start(_DecodeTask(self._signals, self._next(), image=QImage(image), source=source,
                                name=ImageChecks.tr("The image")))

    def load_url(self, url: str) -> None:
        from gamecraft_desktop.composer.image_fetch import UrlFetcher

        ticket = self._next()
        if self._fetcher is None:
            self._fetcher = UrlFetcher(self)
        self._set_pending(+1)
        self._fetcher.fetch(url, lambda data, name: self._fetched(ticket, url, data, name),
                            lambda message: self._signals.failed.emit(message, ticket))

    def wait_for_done(self, msecs: int = 5000) -> bool:
        """For shutdown and tests: abort downloads and wait for running decodes."""
        if self._fetcher is not None:
            self._fetcher.abort_all()
        return self._pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    # --- internals ---------------------------------------------------------------------------

    def _fetched(self, ticket: int, url: str, data: bytes, name: str) -> None:
        if ticket != self._ticket:
            self._set_pending(-1)
            return
        self._set_pending(-1)
        self._start(_DecodeTask(self._signals, ticket, data=data, source=url, name=name))

    def _next(self) -> int:
        self._ticket += 1
        return self._ticket

    def _start(self, task: _DecodeTask) -> None:
        self._set_pending(+1)
        self._pool.start(task)

    def _fail_now(self, message: str) -> None:
        self._next()
        self.failed.emit(message)

    def _set_pending(self, delta: int) -> None:
        was = self._pending > 0
        self._pending = max(0, self._pending + delta)
        if was != (self._pending > 0):
            self.busy_changed.emit(self._pending > 0)

    def _on_done(self, result: LoadedImage, ticket: int) -> None:
        self._set_pending(-1)
        if ticket == self._ticket:
            self.loaded.emit(result)

    def _on_failed(self, message: str, ticket: int) -> None:
        self._set_pending(-1)
        if ticket == self._ticket:
            self.failed.emit(message)

"""One compared video's frames, decoded ahead on a worker thread into pictures at the tile's size.

The compare view says which frames it will show next (`want`, most urgent first, at one size in device
pixels); the worker reads them with a `FrameReader` (forward reads continue the decoder, a seek starts at a
keyframe and every wanted frame on the way is kept) and announces each with `frameReady`. The GUI thread only
looks pictures up (`image`) and draws them. The cache holds a bounded number of bytes; frames the view
still wants are kept first.

One thread per compared video (at most four, alive while the compare view is open), named "gamecraft-…" so
the test suite sees one left running.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from gamecraft_desktop.media.errors import MediaError
from gamecraft_desktop.media.frame_reader import FrameReader
from gamecraft_desktop.qtsupport.thread_priority import lower_current_thread_priority

log = logging.getLogger(__name__)

#: Bytes of decoded pictures kept per video (about 40 frames at a quarter of 1216 × 704 on a 1× screen).
CACHE_BYTES = 48 * 1024 * 1024
MIN_CACHED_FRAMES = 8


class FrameFeed(QObject):
    """Decodes one video's frames on its own thread. `stop()` before dropping it (the view's shutdown does)."""

    frameReady = Signal(int)  # a wanted frame is now in the cache (queued to the GUI thread)
    failed = Signal(str)  # the video cannot be read: a sentence for people
    opened = Signal(int)  # the video's frame count, once its frame table is read

    def __init__(self, path: Path | str, name: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._lock = threading.Condition()
        self._wanted: list[int] = []
        self._size = (0, 0)
        self._cache: OrderedDict[int, QImage] = OrderedDict()
        self._stop = False
        self.frame_count = 0
        self.video_size = (0, 0)  # the video's own width and height, once opened
        self.error: str | None = None
        self.decoded = 0  # frames decoded since start (benchmark, tests)
        self._thread = threading.Thread(target=self._run, name=f"gamecraft-compare-{name or self.path.stem}",
                                        daemon=True)
        self._thread.start()

    # --- GUI thread --------------------------------------------------------------------------------

    def want(self, frames: list[int], size: tuple[int, int]) -> None:
        """The frames the view shows next, most urgent first, each at `size` (device pixels). A new size
        drops every picture of the old one."""
        with self._lock:
            if size != self._size:
                self._size = size
                self._cache.clear()
            self._wanted = [f for f in dict.fromkeys(frames) if f >= 0]
            self._lock.notify()

    def image(self, index: int) -> QImage | None:
        """The picture of frame `index` at the current size, if decoded."""
        with self._lock:
            img = self._cache.get(index)
            if img is not None:
                self._cache.move_to_end(index)
            return img

    def has(self, index: int) -> bool:
        with self._lock:
            return index in self._cache

    def size(self) -> tuple[int, int]:
        with self._lock:
            return self._size

    def stop(self, timeout_s: float = 5.0) -> None:
        with self._lock:
            self._stop = True
            self._lock.notify()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout_s)

    # --- worker thread -----------------------------------------------------------------------------

    def _run(self) -> None:
        lower_current_thread_priority()
        try:
            reader = FrameReader(self.path)
        except MediaError as exc:
            self._fail(str(exc))
            return
        except Exception as exc:  # a bug, not a bad file: logged, and said in words
            log.exception("cannot open %s for comparing", self.path)
            self._fail(f"{self.path.name} cannot be read: {exc}")
            return
        self.frame_count = reader.count
        self.video_size = reader.size
        self.opened.emit(reader.count)
        with reader:
            while True:
                with self._lock:
                    while not self._stop and not self._todo():
                        self._lock.wait()
                    if self._stop:
                        return
                    batch, size = self._batch(reader), self._size
                for index in batch:
                    if index >= reader.count:
                        continue
                    try:
                        frame = reader.read(index, size)
                    except (MediaError, IndexError) as exc:
                        self._fail(str(exc))
                        return
                    image = QImage(frame.data, frame.width, frame.height, frame.stride,
                                   QImage.Format.Format_RGB32).copy()  # owns its pixels
                    self.decoded += 1
                    with self._lock:
                        if self._stop:
                            return
                        if size != self._size:
                            break  # resized meanwhile: the next batch is at the new size
                        self._store(index, image)
                    self.frameReady.emit(index)

    def _todo(self) -> list[int]:
        return [f for f in self._wanted if f not in self._cache and (not self.frame_count or f < self.frame_count)]

    def _batch(self, reader: FrameReader) -> list[int]:
        """The next frames to read: the most urgent one, and when it needs a seek, every other wanted frame
        between its keyframe and it (decoded on the way anyway), in reading order."""
        todo = self._todo()
        first = todo[0]
        keyframe = reader.table.keyframe_at_or_before(min(first, reader.count - 1))
        if reader.can_continue_to(first):
            return [first]
        return sorted(f for f in todo if keyframe <= f <= first)

    def _store(self, index: int, image: QImage) -> None:
        self._cache[index] = image
        self._cache.move_to_end(index)
        limit = max(MIN_CACHED_FRAMES, CACHE_BYTES // max(1, image.sizeInBytes()))
        wanted = set(self._wanted)
        for old in list(self._cache):
            if len(self._cache) <= limit:
                break
            if old not in wanted:
                del self._cache[old]

    def _fail(self, text: str) -> None:
        self.error = text
        self.failed.emit(text)

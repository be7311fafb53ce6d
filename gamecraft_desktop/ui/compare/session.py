"""What the compare view shows: the compared jobs, a frame feed per video, the clock, and the frame every
visible tile shows right now.

A new master frame is displayed only once every visible tile has its own frame for it (`is_ready`): after a
seek or a frame step the tiles keep the previous set until the whole new set is there, so they never show
different moments. Videos of different lengths follow `ends` (hold their last frame, or repeat).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from gamecraft_desktop.core.lockstep import Ends, frames_ahead, master_length, step, tile_frame
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.ui.compare.clock import CompareClock
from gamecraft_desktop.ui.compare.frame_feed import FrameFeed
from gamecraft_desktop.ui.compare.tile_layout import LETTERS, MAX_TILES

#: Frames decoded ahead while playing (half a second), and around a paused frame for stepping.
PLAY_AHEAD = 12
STEP_AHEAD, STEP_BEHIND = 3, 8


class CompareSession(QObject):
    """Signals: `shownChanged(int)` when the tiles show a new set of pictures (the master frame they are at),
    `lengthsChanged()` when a video's real frame count is known, `tileFailed(int, str)`."""

    shownChanged = Signal(int)
    lengthsChanged = Signal()
    tileFailed = Signal(int, str)

    def __init__(self, jobs: Sequence[JobEvent], parent: QObject | None = None) -> None:
        super().__init__(parent)
        if not 2 <= len(jobs) <= MAX_TILES:
            raise ValueError(f"compare 2 to {MAX_TILES} videos, not {len(jobs)}")
        self.jobs = list(jobs)
        self.ends = Ends.HOLD
        self._lengths = [max(0, ev.frame_count) for ev in jobs]
        self.clock = CompareClock(self.is_ready, self)
        self.feeds: list[FrameFeed] = []
        for i, ev in enumerate(jobs):
            assert ev.video_path is not None, "only finished jobs with a video are compared"
            feed = FrameFeed(ev.video_path, LETTERS[i], self)
            feed.frameReady.connect(self._on_frame_ready)
            feed.opened.connect(lambda n, i=i: self._on_opened(i, n))
            feed.failed.connect(lambda text, i=i: self._on_failed(i, text))
            self.feeds.append(feed)
        self.clock.frameChanged.connect(self._on_clock)
        self.clock.playingChanged.connect(lambda _p: self._refresh_wants())
        self._visible: list[int] = list(range(len(jobs)))
        self._sizes: dict[int, tuple[int, int]] = {}
        self._images: dict[int, QImage] = {}
        self._frames: dict[int, int] = {}  # tile -> the frame index its picture shows
        self.shown = -1
        self.autoplay = True
        self.clock.set_total(master_length(self._lengths))

    # --- queries -----------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return len(self.jobs)

    def lengths(self) -> list[int]:
        return list(self._lengths)

    def tile_frame(self, tile: int, master: int) -> int:
        return tile_frame(master, self._lengths[tile], self.ends)

    def is_ready(self, master: int) -> bool:
        """Every visible, readable tile has its picture for `master` at its current size."""
        return all(self.feeds[i].has(self.tile_frame(i, master)) for i in self._live())

    def image(self, tile: int) -> QImage | None:
        """The picture tile `tile` shows (possibly at an older size while the new one is decoded)."""
        return self._images.get(tile)

    def shown_frame(self, tile: int) -> int:
        """The frame index tile `tile` shows (-1: nothing yet)."""
        return self._frames.get(tile, -1)

    def is_current(self) -> bool:
        """The tiles show the clock's frame (each its own frame for it, at its current size)."""
        master = self.clock.frame
        return self.shown == master and all(self._frames.get(i) == self.tile_frame(i, master) for i in self._live())

    def visible(self) -> list[int]:
        return list(self._visible)

    def error(self, tile: int) -> str | None:
        return self.feeds[tile].error

    # --- what the view shows -----------------------------------------------------------------------

    def set_view(self, visible: Sequence[int], sizes: dict[int, tuple[int, int]]) -> None:
        """The tiles on screen and the size (device pixels) each picture is drawn at."""
        self._visible = [i for i in visible if 0 <= i < self.count]
        self._sizes = {i: sizes[i] for i in self._visible if i in sizes}
        self._refresh_wants()
        self._update_display()

    def set_ends(self, ends: Ends) -> None:
        if ends is not self.ends:
            self.ends = ends
            self._refresh_wants()
            self._update_display(force=True)

    def set_loop(self, loop: bool) -> None:
        self.clock.loop = loop
        self._refresh_wants()

    def close(self) -> None:
        """Stop the clock and every decoder thread."""
        self.clock.stop()
        for feed in self.feeds:
            feed.stop()

    # --- internals ---------------------------------------------------------------------------------

    def _live(self) -> list[int]:
        return [i for i in self._visible if self.feeds[i].error is None and self._lengths[i] > 0
                and i in self._sizes]

    def _refresh_wants(self) -> None:
        master = self.clock.frame
        total = self.clock.total
        for i, feed in enumerate(self.feeds):
            size = self._sizes.get(i)
            if size is None or i not in self._visible:
                feed.want([], feed.size())  # off screen: decode nothing, keep what is cached
                continue
            n = self._lengths[i]
            now = self.tile_frame(i, master)
            if self.clock.is_playing():
                frames = [now, *frames_ahead(master, n, total, self.ends, loop=self.clock.loop, count=PLAY_AHEAD)]
            else:
                around = [step(master, d, total) for d in (*range(1, STEP_AHEAD + 1),
                                                           *range(-1, -STEP_BEHIND - 1, -1))]
                frames = [now, *(self.tile_frame(i, m) for m in around)]
            feed.want(frames, size)

    def _on_clock(self, _frame: int) -> None:
        self._refresh_wants()
        self._update_display()

    def _on_frame_ready(self, _index: int) -> None:
        self._update_display()
        self.clock.poke()

    def _update_display(self, force: bool = False) -> None:
        master = self.clock.frame
        live = self._live()
        if not live or not self.is_ready(master):
            return
        changed = force or master != self.shown
        for i in live:
            frame = self.tile_frame(i, master)
            image = self.feeds[i].image(frame)
            if image is not None and (image is not self._images.get(i) or self._frames.get(i) != frame):
                self._images[i] = image
                self._frames[i] = frame
                changed = True
        if changed:
            self.shown = master
            self.shownChanged.emit(master)
            if self.autoplay:
                self.autoplay = False
                self.clock.play()

    def _on_opened(self, tile: int, count: int) -> None:
        # The file's own frame count wins over 33 × moves (a video from elsewhere may differ).
        if count > 0 and count != self._lengths[tile]:
            self._lengths[tile] = count
            self.clock.set_total(master_length(self._lengths))
            self.lengthsChanged.emit()
            self._refresh_wants()

    def _on_failed(self, tile: int, text: str) -> None:
        self.tileFailed.emit(tile, text)
        self._update_display(force=True)

"""The compare view's one clock: the master frame, advanced at 24 fps only as far as every video can follow.

Each step to a new frame waits until every visible video has that frame decoded (`is_ready`), so all of them
always change frame together. When decoding falls behind, the clock skips to the newest frame every video
has (those skipped are counted in `dropped`); after a long wait it carries on from where it stopped instead
of jumping ahead (counted in `stalls`). Time is measured from when playback started, not summed per tick, so
it does not drift.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal

from gamecraft_desktop.core.camera_path import FPS
from gamecraft_desktop.core.lockstep import step, upcoming

FRAME_MS = 1000.0 / FPS
#: Further behind than this (frames) and the clock waits instead of skipping: a stall, not a jump.
MAX_SKIP = 6
#: How soon a stalled clock looks again when no decoder has said it has a new frame.
RETRY_MS = 4


class CompareClock(QObject):
    """Signals: `frameChanged(int)` whenever the master frame changes (playing, seeking, stepping);
    `playingChanged(bool)`."""

    frameChanged = Signal(int)
    playingChanged = Signal(bool)

    def __init__(self, is_ready: Callable[[int], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_ready = is_ready
        self.total = 0
        self.loop = True
        self.frame = 0
        self.dropped = 0  # frames skipped because a video could not keep up (benchmark)
        self.stalls = 0  # times playback waited instead of skipping
        self.shown_while_playing = 0  # frames advanced while playing (benchmark)
        self._playing = False
        self._elapsed = QElapsedTimer()
        self._origin_ms = 0.0
        self._advanced = 0  # frames advanced since the origin
        self._stalled = False
        self._timer = QTimer(self)
        self._timer.setObjectName("compareClock")
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    # --- state ------------------------------------------------------------------------------------

    def set_total(self, total: int) -> None:
        self.total = max(0, total)
        if self.frame >= self.total:
            self.seek(max(0, self.total - 1))

    def is_playing(self) -> bool:
        return self._playing

    def play(self) -> None:
        if self._playing or self.total <= 0:
            return
        if not self.loop and self.frame >= self.total - 1:
            self.seek(0)  # played to the end: Play starts again, as the single player does
        self._playing = True
        self._restart_origin()
        self._schedule()
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if not self._playing:
            return
        self._playing = False
        self._timer.stop()
        self.playingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self._playing else self.play()

    def seek(self, frame: int) -> None:
        """Go to a master frame (clamped); playback, if on, carries on from there."""
        frame = max(0, min(frame, self.total - 1)) if self.total else 0
        self._restart_origin()
        if frame != self.frame:
            self.frame = frame
            self.frameChanged.emit(frame)
        if self._playing:
            self._schedule()

    def step(self, delta: int) -> None:
        """Pause and move exactly `delta` frames, wrapping like the single player."""
        self.pause()
        self.seek(step(self.frame, delta, self.total))

    def poke(self) -> None:
        """A decoder has a new frame: a clock waiting for one looks again now."""
        if self._playing:
            self._tick()

    def stop(self) -> None:
        self.pause()
        self._timer.stop()

    # --- ticking ----------------------------------------------------------------------------------

    def _restart_origin(self) -> None:
        self._elapsed.start()
        self._origin_ms = 0.0
        self._advanced = 0

    def _schedule(self, delay_ms: float | None = None) -> None:
        if delay_ms is None:
            due = self._origin_ms + (self._advanced + 1) * FRAME_MS
            delay_ms = due - self._elapsed.nsecsElapsed() / 1e6
        self._timer.start(max(0, math.ceil(delay_ms)))

    def _tick(self) -> None:
        if not self._playing:
            return
        now = self._elapsed.nsecsElapsed() / 1e6
        behind = math.floor((now - self._origin_ms) / FRAME_MS) - self._advanced
        if behind <= 0:
            self._schedule()
            return
        if behind > MAX_SKIP:
            # Waited too long for a decoder: carry on from this frame rather than jump ahead.
            if not self._stalled:
                self.stalls += 1
            self._stalled = True
            self._origin_ms = now - (self._advanced + 1) * FRAME_MS
            behind = 1
        ahead = upcoming(self.frame, behind, self.total, loop=self.loop)
        if not ahead:  # at the end, not looping
            self.pause()
            return
        ready = [i for i, f in enumerate(ahead) if self._is_ready(f)]
        if not ready:
            self._schedule(RETRY_MS)
            return
        take = ready[-1]
        self._stalled = False
        self.dropped += take
        self._advanced += take + 1
        self.shown_while_playing += 1
        self.frame = ahead[take]
        self.frameChanged.emit(self.frame)
        if not self.loop and self.frame >= self.total - 1:
            self.pause()
            return
        self._schedule()


"""Record mode: hold W/A/S/D and moves are added in real time, so a person can "drive" the path.

The rule: pressing a key adds one move at once; every further full 1.375 s (one action's duration) the
key stays down adds one more. So a key held for t seconds adds 1 + floor(t / 1.375) moves: 1.0 s → 1,
1.375 s → 2, 3.0 s → 3. The count is settled against the release time, so a late timer tick never loses
or adds a move. Shift held when a move is added makes that move twice the current speed (max 3).
Pressing another key while one is held ends the first stroke at that moment and starts a new one.
Each stroke is one undo step.

Key events are not counted: what matters is how long a key is physically down. X11 key autorepeat sends a
release and a new press many times a second, and many of them arrive without Qt's autorepeat flag. So a
press of the key already held is ignored, and a release only ends the stroke if no press of that key
follows within RELEASE_GRACE_MS; the count is then settled at the release's time.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from gamecraft_desktop.composer.path_model import PathDocument, clamp_speed
from gamecraft_desktop.core.camera_path import SECONDS_PER_ACTION, Action

#: Speed multiplier while Shift is held in record mode.
FAST_FACTOR = 2.0

#: The longest the timer sleeps between checks while a key is held.
MAX_POLL_MS = 50
#: How long a release waits for the press that autorepeat sends right after it (same X timestamp; both are
#: in the event queue together, so this only has to outlast one pass of the event loop under load).
RELEASE_GRACE_MS = 60

Clock = Callable[[], float]


def moves_for_hold(seconds: float) -> int:
    """How many moves a key held for `seconds` adds (see the module docstring)."""
    # The epsilon keeps exactly k * 1.375 s (as a float sum) on the k+1 side.
    return 1 + max(0, math.floor(seconds / SECONDS_PER_ACTION + 1e-9))


class PathRecorder(QObject):
    """Turns key presses and releases into timed appends on a PathDocument.

    `clock` returns seconds (any origin); tests inject a fake one and call `poll()` themselves.
    The internal timer only runs while a key is held.
    """

    recordingChanged = Signal(bool)
    strokeChanged = Signal()  # a stroke started or ended (for the view's "holding W" hint)

    def __init__(self, doc: PathDocument, clock: Clock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        if clock is None:
            elapsed = QElapsedTimer()
            elapsed.start()
            clock = lambda: elapsed.nsecsElapsed() / 1e9  # noqa: E731
        self._clock = clock
        self._recording = False
        self._fast = False
        self._held: Action | None = None
        self._released_at: float | None = None  # a release waiting to be confirmed (see RELEASE_GRACE_MS)
        self._t0 = 0.0
        self._added = 0
        self._strokes = itertools.count(1)
        self._stroke_id = 0
        self._timer = QTimer(self)
        self._timer.setObjectName("PathRecorder.tick")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)
        self._release_timer = QTimer(self)
        self._release_timer.setObjectName("PathRecorder.release")
        self._release_timer.setSingleShot(True)
        self._release_timer.setInterval(RELEASE_GRACE_MS)
        self._release_timer.timeout.connect(self._confirm_release)

    def is_recording(self) -> bool:
        return self._recording

    def set_recording(self, on: bool) -> None:
        if on == self._recording:
            return
        if not on:
            self.finish()
        self._recording = on
        self.recordingChanged.emit(on)

    def held_action(self) -> Action | None:
        """The key being held (None once it was released, even while autorepeat may still press it)."""
        return self._held if self._released_at is None else None

    @property
    def release_pending(self) -> bool:
        """A release is waiting to see whether autorepeat presses the key again."""
        return self._released_at is not None

    def set_fast(self, fast: bool) -> None:
        self._fast = fast

    def press(self, action: Action, fast: bool | None = None) -> bool:
        """A key press while recording (autorepeat's included). Returns False when not recording."""
        if not self._recording:
            return False
        if fast is not None:
            self._fast = fast
        if self._held is action:
            # Still down: autorepeat's press, with or without a release just before it.
            self._released_at = None
            self._release_timer.stop()
            return True
        if self._held is not None:
            self.finish()
        self._held = action
        self._t0 = self._clock()
        self._added = 0
        self._stroke_id = next(self._strokes)
        self._add_one()
        self._schedule()
        self.strokeChanged.emit()
        return True

    def release(self, action: Action) -> None:
        """The key went up, or autorepeat says so before pressing it again: the stroke ends at this moment
        unless a press of the same key follows within RELEASE_GRACE_MS."""
        if self._held is action and self._released_at is None:
            self._released_at = self._clock()
            self.poll()  # the moves due by now are added at once; only the stroke's end waits
            self._release_timer.start()

    def poll(self) -> None:
        """Add every move that has come due by now (or by the release, when one is pending)."""
        if self._held is None:
            return
        now = self._clock() if self._released_at is None else self._released_at
        due = moves_for_hold(now - self._t0)
        while self._added < due:
            self._add_one()
        self._schedule()

    def finish(self) -> None:
        """End the current stroke (key released, focus lost, record mode off)."""
        if self._held is None:
            return
        self.poll()
        self._held = None
        self._released_at = None
        self._timer.stop()
        self._release_timer.stop()
        self.strokeChanged.emit()

    def _confirm_release(self) -> None:
        if self._released_at is not None:
            self.finish()

    def _add_one(self) -> None:
        assert self._held is not None
        speed = self._doc.current_speed()
        if self._fast:
            speed = clamp_speed(speed * FAST_FACTOR)
        self._added += 1
        text = self.tr("Record %1 ×%2").replace("%1", self._held.key)
        self._doc.append(self._held, speed, merge_key=("record", self._stroke_id), text=text.replace(
            "%2", str(self._added)))

    def _schedule(self) -> None:
        if self._held is None or self._released_at is not None:
            self._timer.stop()
            return
        next_due = self._t0 + self._added * SECONDS_PER_ACTION
        wait_ms = max(1, math.ceil((next_due - self._clock()) * 1000) + 1)
        # Capped so a clock that is not wall time (tests, a suspend) is still polled often.
        self._timer.start(min(wait_ms, MAX_POLL_MS))

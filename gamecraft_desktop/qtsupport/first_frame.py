"""Run work once a window is on screen: what the first frame does not show waits until after it.

Start-up goal (docs/architecture.md): the first frame costs what it shows. A zero-timer is not enough:
it runs before the platform's first expose (offscreen delivers it after posted events, X11 later still).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow


class _OnFirstExpose(QObject):
    def __init__(self, window: QWindow, fire: Callable[[], None]):
        super().__init__(window)
        self._window, self._fire = window, fire

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and self._window.isExposed():
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)  # the next turn: the expose's own paint goes first
        return False


def after_first_expose(window: QWindow, callback: Callable[[], None], fallback_ms: int = 1000) -> None:
    """Run `callback` once, on the event loop turn after `window` is first exposed, or after `fallback_ms`
    if it never is (started minimised, another workspace)."""
    done = False
    # A timer of the window's own rather than QTimer.singleShot(ms, window, fire): that overload costs
    # ~0.35 ms the first time (PySide resolves it through QMetaMethod), and this runs before the first frame.
    fallback = QTimer(window)
    fallback.setSingleShot(True)

    def fire() -> None:
        nonlocal done
        fallback.stop()
        if not done:
            done = True
            callback()

    window.installEventFilter(_OnFirstExpose(window, fire))
    fallback.timeout.connect(fire)
    fallback.start(fallback_ms)

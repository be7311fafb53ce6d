"""Composition root, notifications: a desktop notification when jobs finish while the window is not active,
one for the jobs that finish within a moment of each other (a ×N batch is one message, not N)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.ui.accessibility import announce
from gamecraft_desktop.ui.notifications import Notifier

if TYPE_CHECKING:
    from gamecraft_desktop.app_host import JobsHost

#: Jobs finishing less than this apart are announced in one notification (at most NOTIFY_GATHER_MAX_S late).
NOTIFY_GATHER_MS = 1500
NOTIFY_GATHER_MAX_S = 10.0


class FinishedNotifications(QObject):
    def __init__(self, host: JobsHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.notifier = Notifier(host.widget())
        self._pending: list[JobEvent] = []
        self._since = 0.0
        self.timer = QTimer(self)
        self.timer.setObjectName("finishedNotification")
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTIFY_GATHER_MS)
        self.timer.timeout.connect(self._notify)

    def finished(self, ev: JobEvent) -> None:
        if self.host.is_active():  # no desktop notification; a screen reader still hears it
            announce(self.host.widget(), self._spoken(ev))
            return
        if not self._pending:
            self._since = time.monotonic()
        self._pending.append(ev)
        # Wait for the rest of a batch (each finish restarts the wait), but not forever.
        if time.monotonic() - self._since < NOTIFY_GATHER_MAX_S or not self.timer.isActive():
            self.timer.start()

    def _spoken(self, ev: JobEvent) -> str:
        text = f"{self._title(ev)}: {ev.prompt[:80]}"
        return f"{text}. {ev.error}" if ev.error and ev.state != JobState.DONE else text

    def _title(self, ev: JobEvent) -> str:
        if ev.state == JobState.DONE:
            return self.tr("Video ready")
        if ev.state == JobState.CANCELLED:
            return self.tr("Job cancelled")
        if ev.state == JobState.SUBMIT_UNCERTAIN:
            return self.tr("Job submit uncertain")
        return self.tr("Job failed")

    def stop(self) -> None:
        self.timer.stop()

    def _notify(self) -> None:
        events, self._pending = self._pending, []
        if self.host.is_active() or not events:
            return
        if len(events) == 1:
            ev = events[0]
            self.notifier.notify(self._title(ev), ev.prompt[:80] + (f"\n{ev.error}" if ev.error else ""))
            return
        done = sum(1 for ev in events if ev.state == JobState.DONE)
        title = self.tr("%n video(s) ready", "", done) if done == len(events) else \
            self.tr("%n job(s) finished", "", len(events))
        body = events[-1].prompt[:80]
        if done != len(events):
            body = self.tr("{done} done, {other} failed or cancelled · {prompt}").format(
                done=done, other=len(events) - done, prompt=body)
        self.notifier.notify(title, body)

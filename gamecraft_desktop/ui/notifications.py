"""Desktop notifications: the freedesktop service over D-Bus when there is one, else the tray icon."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from gamecraft_desktop import APP_NAME

log = logging.getLogger(__name__)


class Notifier:
    """`notify(title, body)`; `sent` keeps what was shown in this session (tests, and a status tip)."""

    def __init__(self, window: QWidget) -> None:
        self._window = window
        self._tray: QSystemTrayIcon | None = None
        self.sent: list[tuple[str, str, str]] = []  # (title, body, channel)

    def notify(self, title: str, body: str) -> str:
        channel = "none"
        if self._dbus(title, body):
            channel = "dbus"
        elif QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self._tray is None:
                self._tray = QSystemTrayIcon(QApplication.windowIcon(), self._window)
            self._tray.show()
            self._tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 8000)
            channel = "tray"
        else:
            QApplication.alert(self._window, 0)  # at least mark the window as wanting attention
            channel = "alert"
        self.sent.append((title, body, channel))
        return channel

    @staticmethod
    def _dbus(title: str, body: str) -> bool:
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface
        except ImportError:
            return False
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return False
        iface = QDBusInterface("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                               "org.freedesktop.Notifications", bus)
        if not iface.isValid():
            return False
        reply = iface.call("Notify", APP_NAME, 0, "", title, body, [], {}, 8000)
        ok = not reply.errorName()
        if not ok:
            log.info("desktop notification failed: %s", reply.errorMessage())
        return ok

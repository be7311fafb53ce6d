"""The dialog shown for a bug (an unexpected exception): the error, "Copy details", and the log path.

Expected failures never come here: they are shown in place as clear messages.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMetaObject, QObject, Qt, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop import __version__
from gamecraft_desktop.ui.accessibility import describe_label

log = logging.getLogger(__name__)


def format_details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                   thread_name: str | None = None) -> str:
    import platform  # only when something crashed: ~2 ms off every start

    lines = [
        f"GameCraft Desktop {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
    ]
    if thread_name:
        lines.append(f"Thread: {thread_name}")
    lines.append("")
    lines.extend(traceback.format_exception(exc_type, exc, tb))
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    """Shows one unexpected error; the app keeps running afterwards."""

    def __init__(self, summary: str, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.setAccessibleName(self.tr("Unexpected error"))
        self.setMinimumWidth(560)
        self.details = details
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "GameCraft Desktop hit an unexpected error. Your jobs and their results are safe on disk; "
            "you can keep working. Please report it with the details below."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        headline = QLabel(f"<b>{_escape(summary)}</b>")
        headline.setWordWrap(True)
        headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        describe_label(headline, self.tr("Error summary"))
        layout.addWidget(headline)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setAccessibleName(self.tr("Error details"))
        text.setMinimumHeight(180)
        layout.addWidget(text)
        if log_path is not None:
            where = QLabel(self.tr("Log file: {path}").format(path=str(log_path)))
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setWordWrap(True)
            describe_label(where, self.tr("Log file location"))
            layout.addWidget(where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy details"))
        copy.setAccessibleName(self.tr("Copy details"))
        copy.setToolTip(self.tr("Copy the error details to the clipboard for a bug report"))
        copy.clicked.connect(self.copy_details)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        if log_path is not None:
            open_logs = QPushButton(self.tr("Open log folder"))
            open_logs.setAccessibleName(self.tr("Open log folder"))
            open_logs.clicked.connect(lambda: _open_folder(log_path.parent))
            buttons.addButton(open_logs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CrashReporter(QObject):
    """Installs sys/threading excepthooks; shows one dialog at a time on the GUI thread."""

    crashed = Signal(str, str)  # summary, details (emitted on the GUI thread)

    def __init__(self, log_path: Path | None, *, show_dialog: bool = True) -> None:
        super().__init__()
        self.log_path = log_path
        self.show_dialog = show_dialog
        self._pending: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._showing = False
        self._previous: tuple[Callable[..., object], Callable[..., object]] | None = None

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._sys_hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def _sys_hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        self.report(exc_type, exc, tb, threading.current_thread().name)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.report(args.exc_type, args.exc_value, args.exc_traceback,
                    args.thread.name if args.thread else None)

    def report(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
               thread_name: str | None = None) -> None:
        details = format_details(exc_type, exc, tb, thread_name)
        log.error("Unexpected error\n%s", details)
        summary = f"{exc_type.__name__}: {exc}"
        with self._lock:
            self._pending.append((summary, details))
        # Hop to the GUI thread whichever thread we are on.
        QMetaObject.invokeMethod(self, "_flush", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _flush(self) -> None:
        if self._showing:
            return
        while True:
            with self._lock:
                if not self._pending:
                    return
                summary, details = self._pending.pop(0)
            self.crashed.emit(summary, details)
            if self.show_dialog:
                self._showing = True
                try:
                    CrashDialog(summary, details, self.log_path, QApplication.activeWindow()).exec()
                finally:
                    self._showing = False


def _open_folder(folder: Path) -> None:
    from PySide6.QtCore import QUrl  # not needed before the first frame, when the reporter is installed

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

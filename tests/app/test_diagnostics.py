"""Logs, redaction, the crash reporter and the About dialog."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from gamecraft_desktop.media.versions import component_versions
from gamecraft_desktop.store.logs import configure_logging, redact, register_secret, shutdown_logging

# Built at run time so the repository holds nothing shaped like a real key.
FAKE_KEY = "0a1b2c3d-0000-4000-8000-123456789abc:" + "0123456789abcdef" * 2


@pytest.fixture
def log_file(tmp_path: Path):
    path = configure_logging(tmp_path / "logs" / "app.log")
    yield path
    shutdown_logging()


def test_log_file_never_holds_the_key(log_file: Path) -> None:
    register_secret("test-id:test-secret-value")
    log = logging.getLogger("gamecraft_desktop.test")
    log.info("sending with header Authorization: Key %s", FAKE_KEY)
    log.warning("key in use is test-id:test-secret-value, oops")
    log.error("plain %s", FAKE_KEY)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text()
    assert "sending with header" in text
    assert FAKE_KEY not in text
    assert "0123456789abcdef0123456789abcdef" not in text
    assert "test-secret-value" not in text
    assert text.count("«redacted»") >= 3


def test_redact_leaves_ordinary_text_alone() -> None:
    assert redact("queued at position 3 for anthonywu/gamecraft") == "queued at position 3 for anthonywu/gamecraft"


@pytest.mark.parametrize("line", [
    "keyring unavailable (NoKeyringError): keeping the key for this session only",
    "Key saved. Key removed. The key works: fal authenticated it.",
    "KEY_LAST_DIR key recent/last_dir",
    "key http scheme refused",
])
def test_redact_hides_key_shaped_values_only(line: str) -> None:
    # Ordinary words after "key" are not keys (the log read "keeping the key «redacted» this session only").
    assert redact(line) == line


@pytest.mark.parametrize(("line", "hidden"), [
    ("Authorization: Key sandbox-id:sandbox-secret", "sandbox-secret"),
    ("authorization: key malformed-but-still-a-header-value", "malformed-but-still-a-header-value"),
    ("storing key abc123:def456ghi789", "def456ghi789"),
    (f"plain {FAKE_KEY} in a message", FAKE_KEY.split(":")[1]),
])
def test_redact_still_hides_every_key_shape(line: str, hidden: str) -> None:
    out = redact(line)
    assert hidden not in out and "«redacted»" in out


@pytest.mark.slow
def test_log_rotates_instead_of_growing_forever(tmp_path: Path) -> None:
    configure_logging(tmp_path / "app.log")
    try:
        log = logging.getLogger("gamecraft_desktop.rotate")
        line = "x" * 1000
        for _ in range(5000):
            log.info(line)
        files = sorted(p.name for p in tmp_path.iterdir())
        assert "app.log.1" in files
        assert all((tmp_path / f).stat().st_size <= 2 * 1024 * 1024 + 2048 for f in files)
    finally:
        shutdown_logging()


def test_qt_warnings_reach_the_log(qtbot, log_file: Path) -> None:
    from PySide6.QtCore import qWarning

    from gamecraft_desktop.ui.qt_messages import restore_qt_messages, route_qt_messages_to_log

    route_qt_messages_to_log()
    try:
        qWarning("a Qt warning for the log")
    finally:
        restore_qt_messages()
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "a Qt warning for the log" in log_file.read_text()


def test_crash_in_a_worker_thread_is_reported_on_the_gui_thread(qtbot, log_file: Path) -> None:
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    from gamecraft_desktop.ui.crash_dialog import CrashReporter

    reporter = CrashReporter(log_file, show_dialog=False)
    reporter.install()
    seen: list[tuple[str, str, bool]] = []
    gui_thread = QApplication.instance().thread()
    reporter.crashed.connect(lambda s, d: seen.append((s, d, QThread.currentThread() is gui_thread)))
    try:
        def boom() -> None:
            raise RuntimeError("worker exploded")

        t = threading.Thread(target=boom, name="worker-x")
        t.start()
        t.join()
        qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    finally:
        reporter.uninstall()
    summary, details, on_gui = seen[0]
    assert summary == "RuntimeError: worker exploded"
    assert "worker-x" in details and "Traceback" in details
    assert on_gui
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "worker exploded" in log_file.read_text()


def test_crash_dialog_copies_details(qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QWidget

    from gamecraft_desktop.ui.crash_dialog import CrashDialog

    dialog = CrashDialog("ValueError: bad", "Traceback ...\nValueError: bad", tmp_path / "app.log")
    qtbot.addWidget(dialog)
    dialog.copy_details()
    assert QGuiApplication.clipboard().text() == "Traceback ...\nValueError: bad"
    names = [w.accessibleName() for w in dialog.findChildren(QWidget)]
    assert "Copy details" in names and "Error details" in names


def test_about_lists_qt_pyside_and_ffmpeg_with_licences(qtbot) -> None:
    from gamecraft_desktop.ui.about_dialog import AboutDialog

    comps = component_versions()
    dialog = AboutDialog(comps)
    qtbot.addWidget(dialog)
    assert "Qt:" in dialog.summary and "PySide6" in dialog.summary
    assert "FFmpeg in QtMultimedia" in dialog.summary and "FFmpeg in PyAV" in dialog.summary
    assert "LGPL-3.0" in dialog.summary
    assert all(c.version and c.version != "not installed" for c in comps[:6])


def test_app_window_logs_to_file_and_reports_bugs_without_dying(qtbot, monkeypatch, app_home: Path) -> None:
    import sys

    from gamecraft_desktop import app as app_module
    from gamecraft_desktop.store.paths import AppPaths
    from gamecraft_desktop.ui import about_dialog, crash_dialog

    shown: list[str] = []
    monkeypatch.setattr(crash_dialog.CrashDialog, "exec", lambda self: shown.append(self.details) or 0)
    monkeypatch.setattr(about_dialog.AboutDialog, "exec", lambda self: shown.append(self.summary) or 0)
    app_module.build_application([])
    window = app_module.create_main_window()
    qtbot.addWidget(window)
    reporter = app_module.install_diagnostics(window)
    try:
        assert window.open_log_folder_action.isEnabled()
        window.about_action.trigger()
        assert any("FFmpeg in QtMultimedia" in s for s in shown)
        try:
            raise KeyError("boom in a slot")
        except KeyError:
            sys.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: any("boom in a slot" in s for s in shown), timeout=2000)
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert "boom in a slot" in AppPaths.default().log_file.read_text()
    finally:
        reporter.uninstall()  # type: ignore[attr-defined]
        from gamecraft_desktop.ui.qt_messages import restore_qt_messages

        restore_qt_messages()
        shutdown_logging()


def test_no_display_gives_a_sentence_not_a_qt_abort() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "gamecraft_desktop"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2
    assert "no display" in out.stderr and "xvfb-run" in out.stderr
    assert "Traceback" not in out.stderr


def test_records_logged_before_the_log_file_opens_are_written_when_it_does(qtbot, app_home: Path) -> None:
    """The GUI opens its log file after the first frame (start-up time); nothing logged before is lost."""
    from gamecraft_desktop import app as app_module
    from gamecraft_desktop.store.paths import AppPaths
    from gamecraft_desktop.ui.qt_messages import restore_qt_messages

    app_module.build_application([])
    window = app_module.create_main_window()
    qtbot.addWidget(window)
    reporter = app_module.install_diagnostics(window, open_log_now=False)
    try:
        logging.getLogger("gamecraft_desktop.test").warning("said before the file existed")
        log_file = AppPaths.default().log_file
        assert not log_file.exists()
        app_module.open_log_file(reporter)
        logging.getLogger("gamecraft_desktop.test").warning("said after")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = log_file.read_text()
        assert text.index("said before the file existed") < text.index("said after")
    finally:
        reporter.uninstall()
        restore_qt_messages()
        shutdown_logging()

"""Shared test setup: offscreen Qt, a fresh app home and in-memory secrets per test, a failure when a test
leaves a thread or Qt timer running, and two guards that turn a hang into a failure that says where."""

from __future__ import annotations

import faulthandler
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must never see a real key or server from the developer's environment.
for _var in ("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET", "GAMECRAFT_DESKTOP_QUEUE_URL", "GAMECRAFT_DESKTOP_REST_URL",
             "GAMECRAFT_DESKTOP_PROXY_URL"):
    os.environ.pop(_var, None)


def pytest_configure(config: pytest.Config) -> None:
    # Before any Qt work: guards against PySide6 wheels that free None/True (no-op on a correct one).
    from gamecraft_desktop.qtsupport.pyside_workarounds import install

    install()


#: Tests with these marks start child processes, a Secret Service or the real app on Xvfb: seconds each, so the
#: fast tier (`pytest -m "not slow"`) leaves them out with the ones marked slow by hand.
SLOW_KINDS = ("subprocess", "secret_service", "real_input")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(kind) for kind in SLOW_KINDS):
            item.add_marker(pytest.mark.slow)


#: A modal dialog open this long in a test is closed and fails the test. Offscreen nobody can answer it, and
#: pytest-timeout cannot end a test inside its event loop: the timeout's exception ends in a Qt slot.
MODAL_LIMIT_S = float(os.environ.get("GAMECRAFT_TEST_MODAL_LIMIT_S", "15"))
#: A test still running this long is stuck where pytest-timeout (120 s) cannot reach it, e.g. in a native wait:
#: every thread's stack is printed and the run stops, so CI fails in minutes and says where, not after hours.
HARD_LIMIT_S = float(os.environ.get("GAMECRAFT_TEST_HARD_LIMIT_S", "420"))


def _hard_stop(item: pytest.Item) -> None:
    capture = item.config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        capture.suspend_global_capture(in_=True)  # write to the real stderr, not the test's capture
    sys.stderr.write(f"\n+++ {item.nodeid} still running after {HARD_LIMIT_S:.0f} s; every thread's stack:\n")
    sys.stderr.flush()
    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
    sys.stderr.flush()
    os._exit(3)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    watchdog = threading.Timer(HARD_LIMIT_S, _hard_stop, args=(item,))
    watchdog.daemon = True
    watchdog.name = "test-hard-limit"
    watchdog.start()
    try:
        yield
    finally:
        watchdog.cancel()


class ModalWatchdog:
    """Closes a modal dialog that stays open past MODAL_LIMIT_S and remembers what it said."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.stuck: list[str] = []
        self._opened: dict[int, float] = {}
        self.timer = QTimer()
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

        modal = QApplication.activeModalWidget()
        if modal is None:
            self._opened.clear()
            return
        since = self._opened.setdefault(id(modal), time.monotonic())
        if time.monotonic() - since < MODAL_LIMIT_S:
            return
        said = modal.text() if isinstance(modal, QMessageBox) else ""
        self.stuck.append(f"{type(modal).__name__} {modal.windowTitle()!r} {said!r}".strip())
        if isinstance(modal, QDialog):
            modal.reject()
        else:
            modal.close()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty app home."""
    home = tmp_path_factory.mktemp("app-home")
    monkeypatch.setenv("GAMECRAFT_DESKTOP_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def interface_in_english(request: pytest.FixtureRequest) -> None:
    """Qt tests read the window in English as a person does: through the app's translators (its English
    catalogue gives the plural forms, "1 move" / "2 moves"), installed once per session."""
    from gamecraft_desktop.core import texts

    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        texts.install()  # Qt-free tests read the seam's own English and plain numbers, whatever ran before
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None and not app.property("gamecraftTestTranslators"):
        from gamecraft_desktop.ui.i18n import install_translators

        install_translators(app, "en")
        app.setProperty("gamecraftTestTranslators", True)
    elif app is not None:
        from gamecraft_desktop.ui.i18n import route_core_texts

        route_core_texts()  # a Qt-free test in between put the seam back to plain English


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3.0
    while True:
        leaked = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
        leaked += [t for t in threading.enumerate() if t not in before and t.is_alive()
                   and t.name.startswith("gamecraft")]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not leaked, f"test left threads running: {[t.name for t in leaked]}"


@pytest.fixture(autouse=True)
def no_leaked_qt_timers(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fails a Qt test that leaves an active QTimer or a busy global thread pool behind, or leaves a modal
    dialog open (closed by the watchdog so the test ends)."""
    uses_qt = "qtbot" in request.fixturenames or "qapp" in request.fixturenames
    modals = ModalWatchdog() if uses_qt and request.getfixturevalue("qapp") is not None else None
    yield
    if modals is None:
        return
    modals.stop()
    assert not modals.stuck, f"a modal dialog stayed open (nobody can answer it here): {modals.stuck}"
    from PySide6.QtCore import QCoreApplication, QThreadPool, QTimer

    app = QCoreApplication.instance()
    if app is None:
        return
    # waitForDone is true once every runnable has finished. activeThreadCount() would also count threads
    # that Qt itself keeps reserved (QtMultimedia's FFmpeg backend reserves one while a media load is
    # pending), which are not tasks a test started.
    pool_drained = QThreadPool.globalInstance().waitForDone(3000)
    app.processEvents()
    active = [t for t in app.findChildren(QTimer) if t.isActive()]
    for w in _top_level_objects():
        active += [t for t in w.findChildren(QTimer) if t.isActive()]
    assert not active, f"test left Qt timers running: {[t.objectName() or repr(t) for t in active]}"
    assert pool_drained, "test left thread-pool tasks running"


def _top_level_objects() -> list:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return []
    return [w for w in app.topLevelWidgets() if not w.isHidden()]


@pytest.fixture
def memory_secrets():
    """An in-memory SecretStore (the keyring is replaced in every test that asks for a store)."""
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    return MemorySecretStore()

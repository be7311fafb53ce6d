"""Shared test setup: offscreen Qt, a fresh app home and in-memory secrets per test, and a
failure when a test leaves a thread or Qt timer running."""

from __future__ import annotations

import os
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


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty app home."""
    home = tmp_path_factory.mktemp("app-home")
    monkeypatch.setenv("GAMECRAFT_DESKTOP_HOME", str(home))
    return home


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
    """Fails a Qt test that leaves an active QTimer or a busy global thread pool behind."""
    uses_qt = "qtbot" in request.fixturenames or "qapp" in request.fixturenames
    yield
    if not uses_qt:
        return
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

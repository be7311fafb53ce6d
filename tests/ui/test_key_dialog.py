"""The key dialog and its controller: paste, show/hide, remove, storage and source shown, a real test call."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "jobs"))
from jobs_helpers import KEY, make_sandbox

from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.secret_store import SESSION_ONLY_WARNING, MemorySecretStore

__all__ = ["make_sandbox"]


def _controller(qapp: Any, store: Any, env: dict[str, str] | None = None, config: FalConfig | None = None) -> Any:
    from PySide6.QtCore import QThreadPool

    from gamecraft_desktop.qtsupport.key_controller import KeyController

    pool = QThreadPool()
    ctrl = KeyController(lambda: store, env=env or {}, pool=pool, fal_config=config)
    ctrl._test_pool = pool  # keep alive
    return ctrl


def _dialog(qtbot: Any, ctrl: Any, reason: str = "") -> Any:
    from gamecraft_desktop.ui.key_dialog import KeyDialog

    dlg = KeyDialog(ctrl, None, reason)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _load(qtbot: Any, ctrl: Any) -> None:
    with qtbot.waitSignal(ctrl.changed, timeout=5000):
        ctrl.load()


def test_store_lookup_never_runs_on_the_gui_thread(qtbot: Any, qapp: Any) -> None:
    threads: list[threading.Thread] = []

    class Recording(MemorySecretStore):
        def get(self) -> str | None:
            threads.append(threading.current_thread())
            return super().get()

    ctrl = _controller(qapp, Recording())
    _load(qtbot, ctrl)
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_paste_save_show_hide_remove(qtbot: Any, qapp: Any) -> None:
    store = MemorySecretStore(warning=SESSION_ONLY_WARNING)
    ctrl = _controller(qapp, store)
    _load(qtbot, ctrl)
    dlg = _dialog(qtbot, ctrl, "fal rejected the key (401)")
    assert dlg.reason.isVisible() and "401" in dlg.reason.text()
    assert "No key" in dlg.source_label.text()
    assert dlg.warning_label.isVisible() and "session only" in dlg.warning_label.text()
    assert "session only" in dlg.storage_label.text().lower()
    dlg.key_edit.setText("new-id:new-secret")
    assert dlg.key_edit.echoMode() == dlg.key_edit.EchoMode.Password
    dlg.show_button.click()
    assert dlg.key_edit.echoMode() == dlg.key_edit.EchoMode.Normal
    dlg.show_button.click()
    assert dlg.key_edit.echoMode() == dlg.key_edit.EchoMode.Password
    with qtbot.waitSignal(ctrl.credentialsChanged, timeout=5000) as sig:
        dlg.save_button.click()
    assert sig.args[0].key == "new-id:new-secret"
    assert store.get() == "new-id:new-secret"
    assert "new-…" in dlg.source_label.text() and "secret" not in dlg.source_label.text()
    assert dlg.remove_button.isEnabled()
    with qtbot.waitSignal(ctrl.credentialsChanged, timeout=5000) as sig:
        dlg.remove_button.click()
    assert sig.args[0].key is None and store.get() is None


def test_malformed_key_is_refused_before_storing(qtbot: Any, qapp: Any) -> None:
    store = MemorySecretStore()
    ctrl = _controller(qapp, store)
    _load(qtbot, ctrl)
    dlg = _dialog(qtbot, ctrl)
    dlg.key_edit.setText("no-colon-here")
    dlg.save_button.click()
    assert "malformed" in dlg.test_label.text().lower()
    assert store.get() is None


def test_environment_key_is_shown_as_the_source_not_editable(qtbot: Any, qapp: Any) -> None:
    ctrl = _controller(qapp, MemorySecretStore(), env={"FAL_KEY": "envid123:envsecret"})
    _load(qtbot, ctrl)
    dlg = _dialog(qtbot, ctrl)
    assert "FAL_KEY" in dlg.source_label.text() and "environment" in dlg.source_label.text()
    assert "envsecret" not in dlg.source_label.text()
    assert not dlg.remove_button.isEnabled()
    dlg.show_button.click()
    assert dlg.key_edit.text() == ""  # the environment's key is not revealed for editing


@pytest.mark.parametrize(("key", "ok", "word"), [(KEY, True, "works"), ("wrong-id:wrong-secret", False, "(40")])
def test_test_key_against_the_sandbox(qtbot: Any, qapp: Any, make_sandbox: Any, key: str, ok: bool,
                                      word: str) -> None:
    server = make_sandbox()
    config = FalConfig(queue_url=server.base_url, rest_url=server.base_url)
    ctrl = _controller(qapp, MemorySecretStore(), config=config)
    _load(qtbot, ctrl)
    dlg = _dialog(qtbot, ctrl)
    dlg.key_edit.setText(key)
    with qtbot.waitSignal(ctrl.tested, timeout=10_000) as sig:
        dlg.test_button.click()
    assert sig.args[0].ok is ok
    assert word in dlg.test_label.text()
    assert server.counters.submits == 0


def test_no_empty_band_above_close_and_messages_get_room(qtbot: Any, qapp: Any) -> None:
    """Audit: the empty test-result/warning labels kept a large blank band between the key buttons and Close."""
    from PySide6.QtWidgets import QDialogButtonBox

    from gamecraft_desktop.qtsupport.key_controller import KeyTestResult

    store = MemorySecretStore(warning=SESSION_ONLY_WARNING)
    ctrl = _controller(qapp, store)
    dlg = _dialog(qtbot, ctrl)
    qtbot.waitExposed(dlg)
    _load(qtbot, ctrl)  # loading → loaded: the warning shows
    assert dlg.warning_label.isVisible()
    close = dlg.findChild(QDialogButtonBox)

    def gap() -> int:
        bottom = dlg.remove_button.mapTo(dlg, dlg.remove_button.rect().bottomLeft()).y()
        return close.mapTo(dlg, close.rect().topLeft()).y() - bottom

    def fits(label: Any) -> bool:  # the label's wrapped text has the height it needs
        return label.height() >= label.heightForWidth(label.width()) - 1

    assert not dlg.test_label.isVisible()
    qtbot.waitUntil(lambda: gap() < 20, timeout=2000)
    assert fits(dlg.warning_label)
    # A key from elsewhere: the warning goes, and with it its room.
    import dataclasses

    dlg.show_info(dataclasses.replace(ctrl.info, warning=None))
    assert not dlg.warning_label.isVisible()
    qtbot.waitUntil(lambda: gap() < 20, timeout=2000)
    # A long test result gets its lines, then the band stays tight.
    dlg.show_test(KeyTestResult(ok=False, message="fal refused the key (401): " + "the key is not valid. " * 6))
    assert dlg.test_label.isVisible()
    qtbot.waitUntil(lambda: fits(dlg.test_label) and close.mapTo(dlg, close.rect().bottomLeft()).y() <= dlg.height(),
                    timeout=2000)


def test_a_session_only_key_is_not_called_stored_and_old_messages_go_with_the_dialog(qtbot: Any,
                                                                                      qapp: Any) -> None:
    """QA: 'In use: … (stored key)' next to 'Stored in: This session only'; reopened, it still said
    'Key saved.'."""
    store = MemorySecretStore(warning=SESSION_ONLY_WARNING)
    ctrl = _controller(qapp, store)
    _load(qtbot, ctrl)
    dlg = _dialog(qtbot, ctrl)
    dlg.key_edit.setText("new-id:new-secret")
    with qtbot.waitSignal(ctrl.credentialsChanged, timeout=5000):
        dlg.save_button.click()
    assert "session only" in dlg.storage_label.text().lower()
    assert "stored" not in dlg.source_label.text() and "this session only" in dlg.source_label.text()
    assert dlg.test_label.isVisible() and dlg.test_label.text() == "Key saved."
    dlg.reject()  # Close
    dlg.show()  # the window keeps one dialog and shows it again
    assert not dlg.test_label.isVisible() and dlg.test_label.text() == ""
    assert dlg.key_edit.text() == ""

"""Every text the window shows goes through a translation, under the context lupdate extracts it with.

The real window (jobs half on the in-process sandbox) runs under a pseudo-translation that brackets every
extracted text (tests/i18n/pseudo.py). The test walks it through the states a person meets: a first start
with nothing composed, problems of every kind (image, prompt, path, seed, endpoint, cost), Record mode, a
sandbox job that finishes and plays, every menu, the key dialog, Preferences, About, the crash dialog, the
export dialog and the paid-batch question; at each step every label, button, tooltip, accessible name, menu
item, placeholder, painted header and job row must show a bracketed (translated) text."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ui"))
from audit_helpers import menu_actions, real_window, scene_png
from pseudo import extracted, install, uninstall, untranslated, widget_texts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from gamecraft_desktop.core.camera_path import CameraPath

__all__ = ["real_window"]

#: Words that stay as they are in every language: the product's and the model's names, the languages' own
#: names, what QLocale writes itself (size units, month names), image format names, and the data the test
#: types or the sandbox answers with (the prompt, the endpoint id, an exception, fal's own messages).
ALLOWED = {"GameCraft", "Desktop", "Hunyuan", "anthonywu", "gamecraft", "fal", "English", "简体中文",
           "kB", "MB", "GB", "bytes", "PNG", "December", "harbour", "town", "at", "dusk", "a", "quiet", "word",
           "no", "endpoint", "ValueError", "bad", "cURL"}
#: What the sandbox answers, as fal would (its messages are fal's, in English): shown as data.
SERVER_SAYS = ("No user found for Key ID and Secret", "[runner_disconnected]",
               "Simulated failure (runner_disconnected): the sandbox fault plan failed this request.")


@pytest.fixture
def pseudo(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> Iterator[Any]:
    translator = install(extracted(tmp_path_factory.mktemp("lupdate")))
    yield translator
    uninstall(translator)


def _texts_of(window: QWidget, runtime: Any) -> list[tuple[str, str]]:
    from gamecraft_desktop.ui.timeline.painter import header_status

    items = list(widget_texts(window))
    for top in window.menuBar().actions():
        items.append(("menu bar", top.text()))
        if top.menu() is not None:
            items += [(f"menu {path}", act.text()) for path, act in menu_actions(top.menu(), top.text())]
            items += [(f"menu {path} tip", act.toolTip()) for path, act in menu_actions(top.menu(), top.text())
                      if act.toolTip() != act.text().replace("&", "")]
    view = window.timeline.view
    items.append(("timeline header", view.summary()))
    items.append(("timeline header status", header_status(view)[0]))
    for i in range(len(window.doc.path())):
        items.append((f"timeline block {i} tooltip", view.block_tooltip(i)))
    from PySide6.QtGui import QAccessible

    iface = QAccessible.queryAccessibleInterface(view)
    for i in range(iface.childCount()):
        items.append((f"timeline item {i}", iface.child(i).text(QAccessible.Text.Name)))
    model = runtime.panel.model
    for row in range(model.rowCount()):
        index = model.index(row)
        for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            items.append((f"job row {row} role {role}", str(index.data(role) or "")))
    items.append(("status bar", window.statusBar().currentMessage()))
    items.append(("window title", window.windowTitle().replace("[*]", "")))
    return items


def _check(seen: list[tuple[str, str]]) -> None:
    left = untranslated(seen, ALLOWED, SERVER_SAYS)
    assert left == [], "shown without a translation:\n" + "\n".join(left)


def test_the_window_in_every_state(real_window: Any, pseudo: Any, qtbot: Any, tmp_path: Path) -> None:
    window, runtime = real_window()
    seen: list[tuple[str, str]] = []
    seen += _texts_of(window, runtime)  # a first start: nothing composed yet

    c = window.composer
    c.parameters.seed.setText("12.5")
    c.parameters.endpoint.setText("no endpoint")
    c.parameters.cfg.setValue(1.0)
    c.parameters.advanced_toggle.setChecked(True)
    c.prompt_editor.set_texts("word " * 230, c.prompt_editor.negative())
    window.doc.set_path(CameraPath.of("ww", [0.2, 5.0]))
    c.prompt_editor.show_problems()
    window.refresh_check()
    seen += _texts_of(window, runtime)
    c.parameters.seed.setText("0")
    window.doc.set_path(CameraPath.of("wasd" * 6, 0.2))
    c.parameters.steps.setValue(30)
    window.refresh_check()
    seen += _texts_of(window, runtime)
    window.drop_zone.show_image_problem("x", changed_path=tmp_path / "gone.png")
    window.timeline.view.set_recording(True)
    seen += _texts_of(window, runtime)
    window.timeline.view.set_recording(False)

    # A sandbox job through to playback.
    c.parameters.seed.setText("42")
    c.parameters.endpoint.setText("anthonywu/gamecraft")
    c.parameters.steps.setValue(5)
    c.parameters.cfg.setValue(2.0)
    c.prompt_editor.set_texts("a harbour town at dusk", c.prompt_editor.negative())
    window.doc.set_path(CameraPath.of("wd", 0.3))
    window.drop_zone.load_path(scene_png(tmp_path / "scene.png"))
    qtbot.waitUntil(lambda: (window.refresh_check(), window.current_check().ok)[1], timeout=10_000)
    with qtbot.waitSignal(runtime.manager.jobFinished, timeout=30_000):
        window.generate_action.trigger()
    qtbot.waitUntil(lambda: runtime.player.job_id is not None, timeout=10_000)
    runtime.panel.view.setCurrentIndex(runtime.panel.proxy.index(0, 0))
    seen += _texts_of(window, runtime)
    _check(seen)


def test_the_dialogs(real_window: Any, pseudo: Any, qtbot: Any, tmp_path: Path) -> None:
    from gamecraft_desktop.media.versions import component_versions
    from gamecraft_desktop.ui.about_dialog import AboutDialog
    from gamecraft_desktop.ui.batch_confirm import paid_batch_box
    from gamecraft_desktop.ui.crash_dialog import CrashDialog

    window, runtime = real_window()
    seen: list[tuple[str, str]] = []
    window.key_button.click()
    seen += widget_texts(runtime.key_dialog)
    runtime.key_dialog.hide()
    window.preferences.action.trigger()
    dialog = window.preferences.dialog
    seen += widget_texts(dialog)
    dialog.hide()
    about = AboutDialog(component_versions(), window)
    seen += widget_texts(about)
    crash = CrashDialog("ValueError: bad", "Traceback …", tmp_path / "app.log", window)
    seen += widget_texts(crash)
    box = paid_batch_box(window, 3, runtime.conn and "seeds 42–44", "4 moves")
    seen += [(w, t) for w, t in widget_texts(box) if "seeds 42–44" not in t and t != "4 moves"]
    for d in (about, crash, box):
        d.deleteLater()
    _check(seen)


def _menus_of(window: QWidget, runtime: Any) -> list[tuple[str, str]]:
    from gamecraft_desktop.ui.player_keys import build_menu

    items: list[tuple[str, str]] = []
    view = window.timeline.view
    menus = [view.context_menu(), build_menu(runtime.player, lambda _c: None, has_trim=True)]
    more = runtime.panel.findChild(QWidget, "jobActionsMenu")
    if more is not None and more.menu() is not None:
        menus.append(more.menu())
    for menu in menus:
        items += [(f"menu {path}", act.text()) for path, act in menu_actions(menu)]
        items += [(f"menu {path} tip", act.toolTip()) for path, act in menu_actions(menu)
                  if act.toolTip() != act.text().replace("&", "")]
    return items


def test_failures_menus_and_export(real_window: Any, pseudo: Any, qtbot: Any, tmp_path: Path) -> None:
    """A broken image, a job fal's app fails, a job refused at submit, the menus, and the export dialog."""
    from gamecraft_desktop.core.job_state import JobState

    window, runtime = real_window(faults="submit:1:apperror=runner_disconnected,submit:2:401")
    seen: list[tuple[str, str]] = []
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    window.drop_zone.load_path(broken)
    qtbot.waitUntil(lambda: bool(window.drop_zone.message_text()), timeout=10_000)
    seen += _texts_of(window, runtime)
    window.drop_zone.load_path(scene_png(tmp_path / "scene.png"))
    window.composer.prompt_editor.set_texts("a harbour town at dusk", window.composer.prompt_editor.negative())
    window.doc.set_path(CameraPath.of("w", 0.3))
    qtbot.waitUntil(lambda: (window.refresh_check(), window.current_check().ok)[1], timeout=10_000)
    with qtbot.waitSignal(runtime.manager.jobFinished, timeout=30_000):
        window.generate_action.trigger()  # fal's app fails it
    window.generate_action.trigger()  # refused: the key dialog opens with the reason
    qtbot.waitUntil(lambda: runtime.key_dialog is not None and runtime.key_dialog.isVisible(), timeout=20_000)
    seen += widget_texts(runtime.key_dialog)
    runtime.key_dialog.hide()
    ids = runtime.manager.job_ids()
    assert any(runtime.manager.job_event(i).state == JobState.FAILED for i in ids)
    runtime.panel.view.setCurrentIndex(runtime.panel.proxy.index(0, 0))
    seen += _texts_of(window, runtime) + _menus_of(window, runtime)
    # A job that finishes, then its export dialog.
    with qtbot.waitSignal(runtime.manager.jobFinished, timeout=30_000):
        window.generate_action.trigger()
    qtbot.waitUntil(lambda: runtime.player.job_id is not None, timeout=10_000)
    done = next(i for i in runtime.manager.job_ids() if runtime.manager.job_event(i).state == JobState.DONE)
    dialog = runtime.exports.open_dialog(done)
    assert dialog is not None
    qtbot.waitUntil(lambda: "…" not in dialog.estimate_label.text(), timeout=10_000)
    seen += widget_texts(dialog)
    dialog.close()
    _check(seen)

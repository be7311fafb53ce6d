"""Composing a video with the keyboard only, on the real window with its jobs half on the in-process sandbox:
Tab reaches every composing control in a sensible order with no trap either way, typing a prompt, W/A/S/D in
the timeline, Ctrl+Z / Ctrl+Shift+Z, and Ctrl+Return starting a sandbox job that shows in the jobs list.

Only the input image is loaded programmatically (a file dialog is not part of what is tested here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from audit_helpers import accessible_name, describe, real_window, scene_png
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

__all__ = ["real_window"]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def composed(real_window: Any, qtbot: Any, tmp_path: Path) -> tuple[Any, Any]:
    """The window, active, with an image loaded and a prompt typed, so Generate and Copy are enabled
    (disabled controls are rightly skipped by Tab)."""
    window, runtime = real_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.drop_zone.load_path(scene_png(tmp_path / "scene.png"))
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.composer.prompt_editor.prompt.setFocus()
    qtbot.keyClicks(window.composer.prompt_editor.prompt, "a harbour town at dusk")
    qtbot.waitUntil(window.generate_action.isEnabled, timeout=5000)
    return window, runtime


def focus() -> QWidget:
    w = QApplication.focusWidget()
    assert w is not None, "keyboard focus was lost"
    return w


def tab_cycle(qtbot: Any, start: QWidget, backwards: bool = False, limit: int = 80) -> list[QWidget]:
    """Press Tab (or Shift+Tab) from `start` until focus comes back to it; the widgets visited in order.
    Fails on a trap: focus stuck, or never coming back within `limit` presses."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    chain = [start]
    for _ in range(limit):
        before = focus()
        qtbot.keyClick(before, Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab,
                       SHIFT if backwards else Qt.KeyboardModifier.NoModifier)
        now = focus()
        assert now is not before, f"focus trapped in {describe(before)}"
        if now is start:
            return chain
        chain.append(now)
    raise AssertionError(f"Tab never came back to {describe(start)}: {[describe(w) for w in chain]}")


def _landmarks(window: Any) -> dict[str, QWidget]:
    c = window.composer
    return {"open image": _button(c.drop_zone, "Open image"),
            "prompt": c.prompt_editor.prompt, "negative prompt": c.prompt_editor.neg_prompt,
            "cfg": c.parameters.cfg, "steps": c.parameters.steps, "seed": c.parameters.seed,
            "timeline": window.timeline.view, "generate": window.generate_bar.generate_button}


def _button(root: QWidget, name: str) -> QWidget:
    found = [w for w in root.findChildren(QWidget) if accessible_name(w) == name and w.focusPolicy().value & 0x1]
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def test_tab_reaches_every_composing_control_and_comes_back(composed: tuple[Any, Any], qtbot: Any) -> None:
    window, _ = composed
    marks = _landmarks(window)
    chain = tab_cycle(qtbot, marks["open image"])
    missing = [name for name, w in marks.items() if w not in chain]
    assert missing == [], f"Tab never reaches {missing}: {[describe(w) for w in chain]}"
    assert len(chain) == len(set(chain)), "a control is visited twice in one Tab cycle"
    back = tab_cycle(qtbot, marks["open image"], backwards=True)
    assert [chain[0], *reversed(chain[1:])] == back, "Shift+Tab does not retrace Tab"


def test_tab_order_follows_the_layout(composed: tuple[Any, Any], qtbot: Any) -> None:
    """Image, prompt, negative prompt, parameters, then the timeline, then Generate (the layout's reading order
    and the order a person composes in)."""
    window, _ = composed
    marks = _landmarks(window)
    chain = tab_cycle(qtbot, marks["open image"])
    order = sorted(marks, key=lambda name: chain.index(marks[name]))
    assert order == list(marks), [describe(w) for w in chain]


def test_no_invisible_tab_stops(composed: tuple[Any, Any], qtbot: Any) -> None:
    """Every Tab stop shows what it is: a scroll area that merely holds controls must not take focus itself
    (Tab then seems to do nothing)."""
    window, _ = composed
    chain = tab_cycle(qtbot, _landmarks(window)["open image"])
    dead = [describe(w) for w in chain if isinstance(w, QScrollArea)]
    assert dead == []


def test_prompt_by_keyboard_tab_leaves_it_without_a_tab_character(composed: tuple[Any, Any], qtbot: Any) -> None:
    window, _ = composed
    marks = _landmarks(window)
    prompt = marks["prompt"]
    prompt.selectAll()
    qtbot.keyClick(prompt, Qt.Key.Key_Delete)
    qtbot.keyClicks(prompt, "a foggy pier")
    qtbot.keyClick(prompt, Qt.Key.Key_Tab)
    assert focus() is marks["negative prompt"]
    assert window.composer.prompt_editor.text() == "a foggy pier"
    assert window.generate_action.isEnabled()


def test_timeline_wasd_undo_redo(composed: tuple[Any, Any], qtbot: Any) -> None:
    window, _ = composed
    view = window.timeline.view
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: focus() is view, timeout=2000)
    before = [a.value for a in window.doc.path().actions]
    for key in (Qt.Key.Key_W, Qt.Key.Key_A, Qt.Key.Key_S, Qt.Key.Key_D):
        qtbot.keyClick(view, key)
    assert [a.value for a in window.doc.path().actions] == [*before, "w", "a", "s", "d"]
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert [a.value for a in window.doc.path().actions] == [*before, "w", "a", "s"]
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [a.value for a in window.doc.path().actions] == [*before, "w", "a", "s", "d"]
    assert focus() is view  # no shortcut stole focus


def test_ctrl_z_in_the_prompt_undoes_typing_not_the_path(composed: tuple[Any, Any], qtbot: Any) -> None:
    window, _ = composed
    view, prompt = window.timeline.view, window.composer.prompt_editor.prompt
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_W)
    path = window.doc.path()
    prompt.setFocus()
    prompt.moveCursor(prompt.textCursor().MoveOperation.End)
    qtbot.keyClicks(prompt, " xyz")
    qtbot.keyClick(prompt, Qt.Key.Key_Z, CTRL)
    assert window.doc.path() == path
    assert "xyz" not in window.composer.prompt_editor.text()


@pytest.mark.parametrize("where", ["timeline", "prompt"])
@pytest.mark.slow
def test_ctrl_return_starts_a_sandbox_job(composed: tuple[Any, Any], qtbot: Any, where: str) -> None:
    window, runtime = composed
    assert window.mode_badge.text() == "Sandbox"
    target = window.timeline.view if where == "timeline" else window.composer.prompt_editor.prompt
    target.setFocus()
    qtbot.waitUntil(lambda: focus() is target, timeout=2000)
    prompt_before = window.composer.prompt_editor.text()
    with qtbot.waitSignal(window.generate_requested, timeout=2000):
        qtbot.keyClick(target, Qt.Key.Key_Return, CTRL)
    ids = runtime.manager.job_ids()
    assert len(ids) == 1
    assert runtime.panel.model.rowCount() == 1
    assert runtime.manager.job_event(ids[0]).prompt == prompt_before
    assert window.composer.prompt_editor.text() == prompt_before  # no newline typed into the prompt
    assert focus() is target  # the person can keep editing


def test_ctrl_return_does_nothing_while_invalid(real_window: Any, qtbot: Any) -> None:
    window, runtime = real_window()
    window.activateWindow()
    view = window.timeline.view
    view.setFocus()
    with qtbot.assertNotEmitted(window.generate_requested):
        qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)
    assert runtime.manager.job_ids() == []
    assert window.generate_bar.generate_button.toolTip().startswith("Not ready")

"""The quality bar over the whole real window (jobs half attached, sandbox mode) and the dialogs reachable from
it: what a screen reader announces for every control (QAccessible's name, not just accessibleName()), a tooltip
wherever the purpose is not self-evident, menu items with text, unique mnemonics, the main commands' shortcuts,
and no shortcut that two window-wide actions fight over."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from audit_helpers import (
    accessible_name,
    describe,
    interactive_controls,
    is_standard_dialog_button,
    menu_actions,
    real_window,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)

__all__ = ["real_window"]


def _self_evident(w: QWidget) -> bool:
    """Controls whose purpose needs no tooltip: OK/Close/Cancel, read-only text and item views (their
    accessible name says what they hold), and push buttons whose text names the whole action."""
    if is_standard_dialog_button(w) or isinstance(w, QAbstractItemView):
        return True
    if isinstance(w, QScrollArea):
        return True  # a container; whether it should be a Tab stop at all is test_keyboard_flow's business
    if isinstance(w, QPlainTextEdit | QTextEdit) and w.isReadOnly():
        return True
    return isinstance(w, QPushButton) and len(w.text().replace("&", "").split()) >= 2


def _name_gaps(root: QWidget) -> list[str]:
    return [describe(w) for w in interactive_controls(root) if not accessible_name(w)]


def _tooltip_gaps(root: QWidget) -> list[str]:
    return [describe(w) for w in interactive_controls(root) if not w.toolTip().strip() and not _self_evident(w)]


@pytest.fixture
def window_and_runtime(real_window: Any) -> tuple[Any, Any]:
    return real_window()


@pytest.fixture
def dialogs(qtbot: Any, window_and_runtime: tuple[Any, Any], tmp_path: Path) -> dict[str, QWidget]:
    """Every dialog a person can reach: the key dialog through the window's own key button, About and the
    crash reporter built directly (the latter opens only on a bug)."""
    from gamecraft_desktop.media.versions import component_versions
    from gamecraft_desktop.ui.about_dialog import AboutDialog
    from gamecraft_desktop.ui.crash_dialog import CrashDialog

    window, runtime = window_and_runtime
    window.key_button.click()
    key_dialog = runtime.key_dialog
    assert key_dialog is not None and key_dialog.isVisible()
    about = AboutDialog(component_versions(), window)
    crash = CrashDialog("ValueError: bad", "Traceback …\nValueError: bad", tmp_path / "app.log", window)
    yield {"key": key_dialog, "about": about, "crash": crash}
    key_dialog.hide()
    about.deleteLater()
    crash.deleteLater()


def test_the_walk_sees_the_whole_window(window_and_runtime: tuple[Any, Any]) -> None:
    """Guards the other tests against walking an empty or half-built window."""
    window, _ = window_and_runtime
    names = {accessible_name(w) for w in interactive_controls(window)}
    expected = {"Open image", "Prompt", "Negative prompt", "CFG scale", "Inference steps", "Seed", "Timeline",
                "Generate", "Job list", "Search jobs", "Play", "Save video", "Set fal key"}
    assert expected <= names, sorted(expected - names)


def test_every_window_control_has_an_accessible_name(window_and_runtime: tuple[Any, Any]) -> None:
    window, _ = window_and_runtime
    assert _name_gaps(window) == []


def test_every_window_control_has_a_tooltip(window_and_runtime: tuple[Any, Any]) -> None:
    window, _ = window_and_runtime
    assert _tooltip_gaps(window) == []


@pytest.mark.parametrize("which", ["key", "about", "crash"])
def test_dialog_controls_have_names_and_tooltips(dialogs: dict[str, QWidget], which: str) -> None:
    dialog = dialogs[which]
    assert accessible_name(dialog), f"{which} dialog has no accessible name"
    assert dialog.windowTitle()
    assert _name_gaps(dialog) == []
    assert _tooltip_gaps(dialog) == []


def _menu_items(window: Any) -> list[tuple[str, QAction]]:
    items: list[tuple[str, QAction]] = []
    for top in window.menuBar().actions():
        assert top.text().replace("&", "").strip(), "a top-level menu without a title"
        menu = top.menu()
        assert isinstance(menu, QMenu)
        items.extend(menu_actions(menu, top.text().replace("&", "")))
    return items


def test_every_menu_item_has_text(window_and_runtime: tuple[Any, Any]) -> None:
    window, _ = window_and_runtime
    items = _menu_items(window)
    assert len(items) > 30  # presets, copy-as formats, dock toggles… all walked
    assert [path for path, act in items if not act.text().replace("&", "").strip()] == []


def test_mnemonics_are_unique_within_each_menu(window_and_runtime: tuple[Any, Any]) -> None:
    window, _ = window_and_runtime
    clashes = []
    menus = [window.menuBar(), *[a.menu() for a in window.menuBar().actions()]]
    while menus:
        menu = menus.pop()
        if isinstance(menu, QMenu):
            menu.aboutToShow.emit()  # as opening it does: some menus fill themselves then
        seen: dict[str, str] = {}
        for act in menu.actions():
            if act.isSeparator() or not act.isVisible():
                continue
            m = re.search(r"&([^&])", act.text())
            if m:
                key = m.group(1).lower()
                if key in seen:
                    clashes.append(f"{menu.title() or 'menu bar'}: {seen[key]!r} and {act.text()!r} share &{key}")
                seen[key] = act.text()
            if isinstance(act.menu(), QMenu):
                menus.append(act.menu())
    assert clashes == []


MAIN_SHORTCUTS = [
    ("new_action", "Ctrl+N"),
    ("open_action", "Ctrl+O"),
    ("save_action", "Ctrl+S"),
    ("save_as_action", "Ctrl+Shift+S"),
    ("open_image_action", "Ctrl+Shift+O"),
    ("undo_action", "Ctrl+Z"),
    ("redo_action", "Ctrl+Shift+Z"),
    ("generate_action", "Ctrl+Return"),
    ("quit_action", "Ctrl+Q"),
]


@pytest.mark.parametrize(("attr", "keys"), MAIN_SHORTCUTS)
def test_main_commands_have_their_shortcuts(window_and_runtime: tuple[Any, Any], attr: str, keys: str) -> None:
    window, _ = window_and_runtime
    action: QAction = getattr(window, attr)
    wanted = QKeySequence(keys)
    assert any(s.matches(wanted) == QKeySequence.SequenceMatch.ExactMatch for s in action.shortcuts()), \
        f"{action.text()} has {[s.toString() for s in action.shortcuts()]}, not {keys}"
    # and the menu shows it where a person looks for it
    assert action in [a for _, a in _menu_items(window)]


def test_generate_also_answers_ctrl_enter_on_the_keypad(window_and_runtime: tuple[Any, Any]) -> None:
    window, _ = window_and_runtime
    assert "Ctrl+Enter" in [s.toString() for s in window.generate_action.shortcuts()]


def _window_wide(act: QAction) -> bool:
    return act.shortcutContext() in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _shortcut_collisions(window: Any) -> list[str]:
    """Window-wide shortcuts bound twice, and scoped shortcuts (e.g. the jobs panel's) that a window-wide one
    shadows or makes ambiguous: either way pressing the keys does not do what the scoped tooltip promises."""
    owners: dict[str, list[QAction]] = {}
    for act in {a for a in window.findChildren(QAction) if a.shortcuts()}:
        for seq in act.shortcuts():
            owners.setdefault(seq.toString(), []).append(act)
    out = []
    for keys, acts in sorted(owners.items()):
        wide = [a for a in acts if _window_wide(a)]
        if len(wide) > 1 or (wide and len(acts) > len(wide)):
            out.append(f"{keys}: " + ", ".join(f"{a.objectName() or a.text()}" for a in acts))
    return out


def test_no_window_wide_shortcut_is_bound_twice(window_and_runtime: tuple[Any, Any]) -> None:
    window, _ = window_and_runtime
    assert _shortcut_collisions(window) == []

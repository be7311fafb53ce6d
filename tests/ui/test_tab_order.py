"""The whole window's Tab order, on the real window with its jobs half: every visible control is reached once,
the panels come in reading order (image/prompt/parameters, the timeline with its tool row first, the
player, the jobs, the fal key), no panel is entered twice, and within the timeline the tool row (W A S D,
Record, Presets, Speed) comes before the blocks, Copy request as and Generate. Shift+Tab retraces it.
F6 / Shift+F6 move between the same panels (offscreen here; tests/realinput presses F6
through a real X server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from audit_helpers import accessible_name, describe, real_window, scene_png
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from test_keyboard_flow import tab_cycle

__all__ = ["real_window"]


@pytest.fixture
def composed(real_window: Any, qtbot: Any, tmp_path: Path) -> Any:
    window, _runtime = real_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.drop_zone.load_path(scene_png(tmp_path / "scene.png"))
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.composer.prompt_editor.set_texts("a harbour town at dusk", window.composer.prompt_editor.negative())
    qtbot.waitUntil(window.generate_action.isEnabled, timeout=5000)
    return window


def _panel_of(window: Any, w: QWidget) -> str:
    for panel in window.panels():
        if w is panel.root or panel.root.isAncestorOf(w):
            return panel.name
    return "outside every panel"


def _reachable(window: Any) -> list[QWidget]:
    """Every control Tab should stop at now: visible, enabled, taking Tab focus (Qt's own parts left out)."""
    from gamecraft_desktop.ui.panel_focus import panel_stops

    out = []
    for panel in window.panels():
        out += [w for w in panel_stops(panel, window) if w.isVisible() and w.isEnabled()]
    return out


def test_tab_covers_the_whole_window_in_reading_order(composed: Any, qtbot: Any) -> None:
    window = composed
    first = window.drop_zone.open_button
    chain = tab_cycle(qtbot, first)
    names = [describe(w) for w in chain]
    missing = [describe(w) for w in _reachable(window) if w not in chain]
    assert missing == [], f"Tab never reaches {missing}\n{names}"
    outside = [describe(w) for w in chain if _panel_of(window, w) == "outside every panel"]
    assert outside == [], outside
    visits = [_panel_of(window, w) for w in chain]
    sequence = [p for i, p in enumerate(visits) if i == 0 or visits[i - 1] != p]
    assert sequence == [p.name for p in window.panels()], f"panels entered in this order: {sequence}\n{names}"
    tl, bar = window.timeline, window.generate_bar
    tool_row = [*tl.key_buttons.values(), tl.record_button, tl.presets_button, tl.speed_editor.spin]
    expected = [*tool_row, tl.view, bar.copy_button, bar.generate_button]
    positions = [chain.index(w) for w in expected]
    assert positions == sorted(positions), [describe(w) for w in sorted(expected, key=chain.index)]
    c = window.composer
    composing = [c.drop_zone.open_button, c.prompt_editor.prompt, c.prompt_editor.neg_prompt, c.parameters.cfg,
                 c.parameters.steps, c.parameters.seed, c.parameters.endpoint]
    assert [chain.index(w) for w in composing] == sorted(chain.index(w) for w in composing)
    assert chain[-1] is window.key_button  # the menu bar's end closes the round


def test_the_tool_row_comes_before_the_blocks_and_generate(composed: Any, qtbot: Any) -> None:
    """The audit's defect on its own: W A S D, Record, Presets and Speed came after Generate."""
    window = composed
    chain = tab_cycle(qtbot, window.drop_zone.open_button)
    tl, bar = window.timeline, window.generate_bar
    tool_row = [*tl.key_buttons.values(), tl.record_button, tl.presets_button, tl.speed_editor.spin]
    assert all(w in chain for w in tool_row), [describe(w) for w in tool_row if w not in chain]
    assert max(map(chain.index, tool_row)) < chain.index(tl.view) < chain.index(bar.generate_button), \
        [describe(w) for w in chain]


def test_shift_tab_retraces_the_whole_order(composed: Any, qtbot: Any) -> None:
    window = composed
    first = window.drop_zone.open_button
    forward = tab_cycle(qtbot, first)
    back = tab_cycle(qtbot, first, backwards=True)
    assert [forward[0], *reversed(forward[1:])] == back


def test_f6_and_shift_f6_move_between_panels(composed: Any, qtbot: Any) -> None:
    window = composed
    names = [p.name for p in window.panels()]
    prompt = window.composer.prompt_editor.prompt
    prompt.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is prompt, timeout=2000)
    seen = []
    for _ in names:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(_panel_of(window, QApplication.focusWidget()))
    assert seen == [*names[1:], names[0]]
    assert QApplication.focusWidget() is prompt  # back where the person was in the composer
    qtbot.keyClick(prompt, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert _panel_of(window, QApplication.focusWidget()) == names[-1]
    assert QApplication.focusWidget() is window.key_button
    assert window.panel_cycle.next_action.shortcut() == QKeySequence("F6")
    assert accessible_name(window.key_button) == window.key_button.text().replace("✓", "").strip()


def test_the_advanced_options_come_right_after_their_toggle(composed: Any, qtbot: Any) -> None:
    """They are made when Advanced first opens (start-up time), yet Tab goes toggle → priority → start timeout
    → its seconds, as they stand on screen; each has a name and a tooltip."""
    params = composed.composer.parameters
    params.advanced_toggle.click()
    qtbot.waitUntil(params.priority.isVisible, timeout=2000)
    params.timeout_on.setChecked(True)
    chain = tab_cycle(qtbot, params.advanced_toggle)
    assert chain[1:4] == [params.priority, params.timeout_on, params.timeout], [describe(w) for w in chain[:5]]
    for widget in (params.priority, params.timeout_on, params.timeout):
        assert accessible_name(widget) and widget.toolTip(), describe(widget)

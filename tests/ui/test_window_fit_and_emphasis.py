"""Visual polish that can be measured: the primary action stands out, menu buttons leave room for their arrow,
and the first window fits the screen it opens on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from audit_helpers import real_window, scene_png
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QToolButton

__all__ = ["real_window"]


@pytest.fixture
def styled(qapp: Any) -> Any:
    """The app's look comes from sheets on its own widgets: nothing may hang on an application-wide sheet."""
    assert qapp.styleSheet() == ""
    return qapp


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def test_generate_is_painted_as_the_primary_action_only_when_it_can_run(styled: Any, real_window: Any,
                                                                        qtbot: Any, tmp_path: Path) -> None:
    window, _ = real_window()
    button = window.generate_bar.generate_button
    highlight = button.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)

    def fill() -> QColor:
        image = button.grab().toImage()
        return image.pixelColor(image.width() - 6, image.height() // 2)  # right of the label, inside the frame

    assert not button.isEnabled()
    assert _distance(fill(), highlight) > 60  # disabled: the native look, not an inviting accent
    window.drop_zone.load_path(scene_png(tmp_path / "scene.png"))
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.composer.prompt_editor.prompt.setPlainText("a harbour town at dusk")
    qtbot.waitUntil(button.isEnabled, timeout=5000)
    assert _distance(fill(), highlight) < 40


@pytest.mark.slow
def test_menu_buttons_leave_room_for_their_arrow(styled: Any, real_window: Any) -> None:
    window, _ = real_window()
    buttons = [b for b in window.findChildren(QToolButton)
               if b.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup and b.text()]
    assert {b.text() for b in buttons} >= {"Presets", "Copy request as"}
    for b in buttons:
        text_w = b.fontMetrics().horizontalAdvance(b.text())
        icon_w = b.iconSize().width() + 4 if not b.icon().isNull() and b.toolButtonStyle().value else 0
        assert b.sizeHint().width() >= text_w + icon_w + 20, f"{b.text()!r} has no room for its menu arrow"


def test_first_window_fits_the_screen(real_window: Any) -> None:
    window, _ = real_window()
    avail = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert avail.contains(frame) or avail.intersected(frame) == frame, (frame, avail)


def test_first_window_is_centred_on_its_screen(real_window: Any) -> None:
    window, _ = real_window()
    avail = window.screen().availableGeometry()
    centre, frame_centre = avail.center(), window.frameGeometry().center()
    assert abs(centre.x() - frame_centre.x()) <= 40 and abs(centre.y() - frame_centre.y()) <= 40


def test_restored_geometry_is_brought_back_onto_the_screen(qtbot: Any) -> None:
    """A window saved on a monitor that is gone (far right, larger than this screen) comes back visible."""
    from gamecraft_desktop.ui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    avail = first.screen().availableGeometry()
    first.setGeometry(avail.right() + 2000, avail.bottom() + 500, avail.width() + 300, avail.height() + 200)
    first.save_window_state()
    second = MainWindow()
    qtbot.addWidget(second)
    second.restore_window_state()
    frame = second.frameGeometry()
    assert avail.contains(frame), (frame, avail)


def test_the_window_calls_path_steps_moves_everywhere(real_window: Any) -> None:
    """The timeline header and the generate bar sit side by side: one word for the same thing."""
    from gamecraft_desktop.core.camera_path import CameraPath

    window, _ = real_window()
    window.doc.set_path(CameraPath.of("wwda"))
    texts = [window.timeline.view.summary(), window.generate_bar.summary_line.text(),
             window.generate_action.toolTip()]
    assert all("4 moves" in t for t in texts[:2]), texts
    assert not any("action" in t.lower() for t in texts), texts


def _window_at(qtbot: Any, width: int, height: int) -> Any:
    from PySide6.QtCore import QSize

    from gamecraft_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(width, height)
    window._size_docks(QSize(width, height))
    window.show()
    qtbot.waitExposed(window)
    return window


def test_composer_is_not_cut_off_at_the_design_size(qtbot: Any) -> None:
    """At 1440×900 the whole left column shows, down to the advanced-options toggle: no scrolling needed."""
    window = _window_at(qtbot, 1440, 900)
    composer = window.composer
    qtbot.waitUntil(lambda: composer.widget().height() > 0, timeout=2000)
    toggle = composer.parameters.advanced_toggle
    bottom = toggle.mapTo(composer.widget(), toggle.rect().bottomLeft()).y()
    assert bottom <= composer.viewport().height(), (bottom, composer.viewport().height())
    assert composer.verticalScrollBar().maximum() <= 20


def test_narrow_composer_wraps_instead_of_scrolling_sideways(qtbot: Any) -> None:
    """A 200 % display (960×540 logical): the left column wraps its text; no horizontal scroll bar."""
    window = _window_at(qtbot, 864, 486)
    assert window.composer.horizontalScrollBar().maximum() == 0
    assert window.centre.width() >= 300  # the player in the middle keeps a fair share


def test_the_prompt_box_shows_four_whole_lines(qtbot: Any) -> None:
    """Its height is computed from the font and the document's margin: four lines fit with nothing to
    scroll, a fifth needs the scroll bar (the margin is a constant that must match Qt's)."""
    from gamecraft_desktop.ui.prompt_editor import DOCUMENT_MARGIN, PromptEditor

    editor = PromptEditor()
    qtbot.addWidget(editor)
    editor.show()
    assert editor.prompt.document().documentMargin() == DOCUMENT_MARGIN
    editor.prompt.setPlainText("one\ntwo\nthree\nfour")
    qtbot.waitUntil(lambda: editor.prompt.blockCount() == 4)
    assert editor.prompt.verticalScrollBar().maximum() == 0
    editor.prompt.setPlainText("one\ntwo\nthree\nfour\nfive")
    qtbot.waitUntil(lambda: editor.prompt.verticalScrollBar().maximum() > 0, timeout=2000)

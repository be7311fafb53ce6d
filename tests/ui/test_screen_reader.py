"""What a screen reader meets, through Qt's own accessibility interfaces (what the AT-SPI bridge serves; the
real bus is read in test_atspi_tree.py): the free-or-paid mode and the key in the tree, labels that say their
real text, announcements of problems, the timeline's moves as items, the path map, the play button's state,
job rows with the SANDBOX tag and the seed, spoken names that contain the visible text (WCAG 2.5.3), the
video picture's name and the job list's tooltip."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from audit_helpers import accessible_name, real_window
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent, QAccessibleInterface
from PySide6.QtWidgets import QAbstractButton, QToolButton, QWidget

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.job_events import JobEvent

__all__ = ["real_window"]


def tree(iface: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    """Every interface reachable from `iface` through child(): what a screen reader can walk to."""
    yield iface
    if depth > 40:
        return
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.isValid():
            yield from tree(child, depth + 1)


def spoken(window: QWidget) -> list[tuple[str, str]]:
    """(name, description) of every node of the window's accessibility tree."""
    root = QAccessible.queryAccessibleInterface(window)
    return [(i.text(QAccessible.Text.Name), i.text(QAccessible.Text.Description)) for i in tree(root)]


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Accessibility events the app sends, as (kind, text): an assistive technology is listening."""
    seen: list[tuple[str, str]] = []

    def record(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            seen.append(("announce", event.message()))
            return
        iface = event.accessibleInterface()
        seen.append((event.type().name, iface.text(QAccessible.Text.Name) if iface is not None else ""))

    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    return seen


@pytest.fixture
def window_and_runtime(real_window: Any) -> tuple[Any, Any]:
    return real_window()


def test_the_mode_and_the_key_are_in_the_tree(window_and_runtime: tuple[Any, Any]) -> None:
    window, _ = window_and_runtime
    nodes = spoken(window)
    names = [name for name, _ in nodes]
    assert "Mode: Sandbox" in names, "a blind user cannot tell whether Generate costs money"
    badge = next(desc for name, desc in nodes if name == "Mode: Sandbox")
    assert "free" in badge and "not the real model" in badge
    assert window.key_button.text() in names  # "Set fal key"
    generate = QAccessible.queryAccessibleInterface(window.generate_bar.generate_button)
    assert "free" in generate.text(QAccessible.Text.Description)


def test_the_mode_badge_and_the_key_button_are_drawn_on_the_menu_bar(window_and_runtime: tuple[Any, Any],
                                                                      qtbot: Any) -> None:
    """In the tree is not enough: sighted users must see them, at the menu bar's right end, inside the window."""
    window, _ = window_and_runtime
    bar, corner = window.menuBar(), window.corner
    qtbot.waitUntil(lambda: corner.mode_badge.isVisible() and corner.key_button.isVisible(), timeout=5000)
    bar_rect = QRect(bar.mapTo(window, QPoint(0, 0)), bar.size())
    for w in (corner.key_button, corner.mode_badge):
        rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        assert bar_rect.contains(rect), (w.objectName(), rect, bar_rect)
    assert corner.geometry().right() == bar_rect.right()  # at the right end
    window.resize(window.width() - 120, window.height())
    qtbot.waitUntil(lambda: corner.geometry().right() == bar.mapTo(window, QPoint(bar.width() - 1, 0)).x(),
                    timeout=5000)


def test_the_player_badge_and_message_are_in_the_tree(window_and_runtime: tuple[Any, Any], tmp_path: Any) -> None:
    from PIL import Image

    from gamecraft_desktop.media.renderer import render_camera_move

    window, runtime = window_and_runtime
    player = runtime.player
    video = render_camera_move(Image.new("RGB", (1216, 704), (90, 60, 30)), CameraPath.of("w", 0.3),
                               tmp_path / "sandbox.mp4")
    player.set_video(video, sandbox=True, job_id="job-1", autoplay=False)
    player.show_message("This file is not a playable video.")
    names = [name for name, _ in spoken(window)]
    assert "SANDBOX — simulated" in names
    assert "This file is not a playable video." in names
    assert "Video" in names  # the picture itself is named


def test_status_labels_say_their_real_text(window_and_runtime: tuple[Any, Any]) -> None:
    window, runtime = window_and_runtime
    c = window.composer
    c.prompt_editor.set_texts("a harbour town at dusk", c.prompt_editor.negative())
    c.parameters.seed.setText("0")
    c.parameters.endpoint.setText("not an endpoint")
    runtime.player.set_video(None)
    labels = [c.prompt_editor.word_count, c.parameters.seed_warning, c.parameters.endpoint_error,
              window.generate_bar.summary_line, c.drop_zone.info, runtime.player.findChild(QWidget, "timeLabel")]
    for label in labels:
        assert label.text(), label.objectName()
        assert accessible_name(label) == label.text(), (accessible_name(label), label.text())
        assert QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Description)  # what it is
    summary = window.generate_bar.summary
    assert "Error: An image is required" in accessible_name(summary)


def test_problems_are_announced(window_and_runtime: tuple[Any, Any], events: list[tuple[str, str]]) -> None:
    window, _ = window_and_runtime
    params = window.composer.parameters
    params.seed.setText("12.5")
    window.composer.drop_zone.show_message("This file is not an image.")
    said = [text for kind, text in events if kind == "announce"]
    assert any("fractional part" in text for text in said), said
    assert "This file is not an image." in said


def test_timeline_moves_are_items(qtbot: Any, events: list[tuple[str, str]]) -> None:
    from gamecraft_desktop.composer.path_model import PathDocument
    from gamecraft_desktop.ui.timeline.view import TimelineView

    doc = PathDocument(CameraPath.of("wasd", [0.2, 0.3, 0.4, 0.5]))
    view = TimelineView(doc)
    qtbot.addWidget(view)
    view.resize(900, 160)
    view.show()
    doc.select([1])
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface.role() == QAccessible.Role.List and iface.childCount() == 4
    items = [iface.child(i) for i in range(4)]
    assert [i.role() for i in items] == [QAccessible.Role.ListItem] * 4
    assert items[1].text(QAccessible.Text.Name) == "move 2 of 4: A — strafe left, speed 0.30, selected"
    assert items[3].text(QAccessible.Text.Name) == "move 4 of 4: D — strafe right, speed 0.50"
    assert items[1].state().selected and not items[0].state().selected
    assert iface.indexOfChild(items[2]) == 2 and items[2].parent() is iface
    assert not items[1].rect().isEmpty()
    events.clear()
    doc.set_speed(None, 0.9)  # the selected move
    assert ("NameChanged", "move 2 of 4: A — strafe left, speed 0.90, selected") in events
    assert ("announce", "speed 0.90") in events
    doc.append("w")
    assert iface.childCount() == 5
    assert any(kind == "ObjectCreated" and text.startswith("move 5 of 5: W — dolly forward, speed 0.20")
               for kind, text in events), events
    view.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    events.clear()
    doc.select([2])
    assert ("Focus", "move 3 of 5: S — dolly backward, speed 0.40, selected") in events


def test_the_priority_list_is_named_when_it_opens(qtbot: Any) -> None:
    from gamecraft_desktop.ui.parameters_panel import ParametersPanel

    panel = ParametersPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.advanced_toggle.setChecked(True)
    panel.priority.showPopup()
    try:
        list_iface = QAccessible.queryAccessibleInterface(panel.priority.view())
        assert list_iface.text(QAccessible.Text.Name) == "Queue priorities"
    finally:
        panel.priority.hidePopup()


def test_path_map_says_selection_and_camera(qtbot: Any) -> None:
    from gamecraft_desktop.composer.path_model import PathDocument
    from gamecraft_desktop.ui.path_map_view import PathMapView

    doc = PathDocument(CameraPath.of("wd", 0.3))
    view = PathMapView(doc)
    qtbot.addWidget(view)
    doc.select([1])
    doc.set_playhead(40)  # frame 40: the second move
    text = QAccessible.queryAccessibleInterface(view).text(QAccessible.Text.Description)
    assert "2 moves" in text and "Highlighted: move 2" in text and "camera is in move 2" in text


def test_play_button_says_play_or_pause(window_and_runtime: tuple[Any, Any]) -> None:
    _, runtime = window_and_runtime
    button = runtime.player.findChild(QAbstractButton, "playPause")
    assert accessible_name(button) == "Play"
    runtime.player.is_playing = lambda: True
    runtime.player._update_controls()
    assert accessible_name(button) == "Pause"


def test_job_rows_say_sandbox_and_seed() -> None:
    from gamecraft_desktop.jobs.job_list_model import JobListModel

    model = JobListModel()
    now = datetime.now(UTC)
    model.apply(JobEvent("a", JobState.DONE, prompt="a pier", seed=42, mode="sandbox", created_at=now,
                         finished_at=now))
    model.apply(JobEvent("b", JobState.QUEUED, prompt="a road", seed=7, mode="fal", created_at=now))
    texts = [model.index(r).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(2)]
    assert "a road" in texts[0] and "seed 7" in texts[0] and "Sandbox" not in texts[0]
    assert "a pier" in texts[1] and "Sandbox" in texts[1] and "seed 42" in texts[1] and "Done" in texts[1]


def _visible_words(button: QAbstractButton) -> str:
    return button.text().replace("&", "").replace("…", "").replace("✓", "").strip("■●▶◀|❚ ")


def test_spoken_names_contain_the_visible_text(window_and_runtime: tuple[Any, Any], tmp_path: Any) -> None:
    """WCAG 2.5.3 (label in name), for every button with words on it, in the states that change them."""
    window, _runtime = window_and_runtime
    window.composer.parameters.seed.setText("0")  # shows "Use a random seed instead"
    window.composer.parameters.advanced_toggle.setChecked(True)  # shows the start timeout check box
    window.drop_zone.show_image_problem("The project's image changed.", changed_path=tmp_path / "x.png")
    window.timeline.view.set_recording(True)
    bad = []
    for button in window.findChildren(QAbstractButton):
        if isinstance(button, QToolButton) and not button.icon().isNull() and \
                button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
            continue  # its text is not shown: the icon is, and the name says what it does
        words = _visible_words(button)
        if len(words) >= 2 and words.casefold() not in accessible_name(button).casefold():
            bad.append(f"{button.objectName() or type(button).__name__}: shows {words!r}, "
                       f"says {accessible_name(button)!r}")
    window.timeline.view.set_recording(False)
    assert bad == []


def test_job_list_has_a_tooltip(window_and_runtime: tuple[Any, Any]) -> None:
    _, runtime = window_and_runtime
    assert runtime.panel.view.toolTip()


def test_a_finished_job_is_announced(window_and_runtime: tuple[Any, Any], events: list[tuple[str, str]],
                                     qtbot: Any, tmp_path: Any) -> None:
    """With the window active there is no desktop notification: a screen reader hears it instead."""
    from audit_helpers import scene_png

    window, runtime = window_and_runtime
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.drop_zone.load_path(scene_png(tmp_path / "scene.png"))
    window.composer.prompt_editor.set_texts("a quiet harbour", window.composer.prompt_editor.negative())
    window.doc.set_path(CameraPath.of("w", 0.3))
    qtbot.waitUntil(lambda: (window.refresh_check(), window.current_check().ok)[1], timeout=10_000)
    with qtbot.waitSignal(runtime.manager.jobFinished, timeout=30_000):
        window.generate_action.trigger()
    assert ("announce", "Video ready: a quiet harbour") in events

"""The compare view with real sandbox videos: one transport keeps every tile on the same frame (checked
against QtMultimedia's own decode of that frame), short videos hold or repeat, the wipe's divider follows
the mouse and the keys, the keys switch layouts, and the table lists only what differs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

sys.path.insert(0, str(Path(__file__).parent))
from compare_helpers import Clip, clips, difference, job_event, qt_frame

from gamecraft_desktop.core.lockstep import Ends
from gamecraft_desktop.core.run_inputs import InputField
from gamecraft_desktop.ui.compare.tile_layout import Layout

__all__ = ["clips"]


@pytest.fixture
def open_view(qtbot: Any) -> Iterator[Callable[..., Any]]:
    from gamecraft_desktop.ui.compare.compare_view import CompareView

    made: list[Any] = []

    def make(chosen: list[Clip], autoplay: bool = False, **kw: Any) -> Any:
        view = CompareView([job_event(c, f"job-{i}", **kw) for i, c in enumerate(chosen)])
        view.session.autoplay = autoplay
        qtbot.addWidget(view)
        view.resize(960, 640)
        view.show()
        made.append(view)
        qtbot.waitUntil(lambda: view.session.shown == 0, timeout=15_000)  # the first pictures are there
        return view

    yield make
    for view in made:
        view.shutdown()


def settle(qtbot: Any, view: Any) -> list[int]:
    """Wait until the tiles show the clock's frame; the frame index each visible tile shows."""
    session = view.session
    qtbot.waitUntil(session.is_current, timeout=10_000)
    return [session.shown_frame(i) for i in session.visible()]


def test_seeks_and_frame_steps_keep_every_tile_on_the_same_frame(qtbot: Any, open_view: Any,
                                                                 clips: list[Clip]) -> None:
    view = open_view(clips[:3])
    clock = view.session.clock
    assert clock.total == 132
    steps: list[tuple[str, Callable[[], None]]] = [
        ("seek 50", lambda: clock.seek(50)),
        ("next", lambda: qtbot.keyClick(view, Qt.Key.Key_Period)),
        ("back", lambda: qtbot.keyClick(view, Qt.Key.Key_Left)),
        ("back", lambda: qtbot.keyClick(view, Qt.Key.Key_Comma)),
        ("back", lambda: view.transport.prev_button.click()),
        ("end", lambda: qtbot.keyClick(view, Qt.Key.Key_End)),
        ("next wraps", lambda: qtbot.keyClick(view, Qt.Key.Key_Right)),
        ("back wraps", lambda: qtbot.keyClick(view, Qt.Key.Key_Left)),
        ("scrub", lambda: view.transport.slider.setValue(77)),
        ("home", lambda: qtbot.keyClick(view, Qt.Key.Key_Home)),
    ]
    expected = [50, 51, 50, 49, 48, 131, 0, 131, 77, 0]
    for (what, act), frame in zip(steps, expected, strict=True):
        act()
        assert not clock.is_playing(), what
        assert clock.frame == frame, what
        assert settle(qtbot, view) == [frame, frame, frame], what


def test_a_tile_shows_the_frame_qtmultimedia_decodes_at_that_index(qtbot: Any, open_view: Any,
                                                                   clips: list[Clip]) -> None:
    view = open_view(clips[:2])
    for frame in (17, 58):
        view.session.clock.seek(frame)
        settle(qtbot, view)
        for tile in (0, 1):
            shown = view.session.image(tile)
            exact = difference(shown, qt_frame(qtbot, clips[tile].path, frame))
            neighbour = difference(shown, qt_frame(qtbot, clips[tile].path, frame + 4))
            assert exact < 6.0, (frame, tile, exact)
            assert neighbour > exact + 2.0, (frame, tile, exact, neighbour)  # the check tells frames apart


def test_playing_changes_every_tile_together_and_loops(qtbot: Any, open_view: Any, clips: list[Clip]) -> None:
    view = open_view(clips[:3])
    session = view.session
    sets: list[list[int]] = []
    session.shownChanged.connect(lambda _m: sets.append([session.shown_frame(i) for i in range(3)]))
    session.clock.seek(120)
    settle(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert session.clock.is_playing()
    qtbot.waitUntil(lambda: any(s[0] < 10 for s in sets) and len(sets) >= 15, timeout=20_000)  # wrapped
    assert all(len(set(s)) == 1 for s in sets), sets
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not session.clock.is_playing()


def test_shorter_videos_hold_their_last_frame_or_repeat(qtbot: Any, open_view: Any, clips: list[Clip]) -> None:
    view = open_view([clips[0], clips[3]])  # 132 and 99 frames
    session, clock = view.session, view.session.clock
    assert clock.total == 132 and view.transport.ends.isEnabled()
    clock.seek(120)
    assert settle(qtbot, view) == [120, 98]  # stops at its own end
    view.transport.ends.setCurrentIndex(view.transport.ends.findData(Ends.REPEAT))
    assert session.ends is Ends.REPEAT
    assert settle(qtbot, view) == [120, 21]  # starts again until the longest ends
    view.transport.loop_button.setChecked(False)
    clock.seek(125)
    settle(qtbot, view)
    clock.play()
    qtbot.waitUntil(lambda: not clock.is_playing(), timeout=10_000)  # no loop: stops at the longest's end
    assert settle(qtbot, view) == [131, 131 % 99]


def test_the_wipe_divider_follows_the_mouse_and_keys(qtbot: Any, open_view: Any, clips: list[Clip]) -> None:
    view = open_view(clips[:2])
    qtbot.keyClick(view, Qt.Key.Key_W)
    canvas = view.canvas
    assert canvas.layout_mode is Layout.WIPE
    settle(qtbot, view)
    picture = canvas.tile_rects()[0][1]
    y = picture.center().y()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(picture.center().x(), y))
    qtbot.mouseMove(canvas, QPoint(picture.left() + picture.width() // 4, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(picture.left() + picture.width() // 4, y))
    assert abs(canvas.wipe_position - 0.25) < 0.01
    image = canvas.grab().toImage()
    dpr = image.devicePixelRatio()

    def red_minus_green(fraction: float) -> float:
        """Over a strip of the picture: clip A's ground is red, clip B's green (the stripes are grey)."""
        xs = [picture.left() + picture.width() * (fraction + k / 100) for k in range(-8, 9)]
        colours = [image.pixelColor(round(x * dpr), round(yy * dpr)) for x in xs
                   for yy in range(picture.top() + 4, picture.bottom() - 4, 6)]
        return sum(c.red() - c.green() for c in colours) / len(colours)

    assert red_minus_green(0.10) > 20 and red_minus_green(0.70) < -20
    qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert abs(canvas.wipe_position - 0.30) < 0.01
    qtbot.keyClick(view, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(view, Qt.Key.Key_BracketLeft)
    assert abs(canvas.wipe_position - 0.20) < 0.01
    assert "20 %" in canvas.accessibleDescription()


def test_keys_switch_layouts_and_esc_leaves(qtbot: Any, open_view: Any, clips: list[Clip]) -> None:
    view = open_view(clips[:3])
    canvas = view.canvas
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert (canvas.layout_mode, canvas.solo, view.session.visible()) == (Layout.SOLO, 1, [1])
    assert view.layout_buttons["solo1"].isChecked()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert canvas.layout_mode is Layout.GRID and view.session.visible() == [0, 1, 2]
    qtbot.keyClick(view, Qt.Key.Key_W)
    qtbot.keyClick(view, Qt.Key.Key_3)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert canvas.layout_mode is Layout.WIPE  # back to the layout before the solo
    assert view.wipe_right.isVisible()  # 3 videos: the wipe shows the two chosen
    view.wipe_right.setCurrentIndex(2)
    assert canvas.wipe_pair == (0, 2) and view.session.visible() == [0, 2]
    view.wipe_left.setCurrentIndex(2)  # the same video on both sides is not a comparison: they swap
    assert canvas.wipe_pair == (2, 0)
    qtbot.keyClick(view, Qt.Key.Key_G)
    assert canvas.layout_mode is Layout.GRID and not view.wipe_right.isVisible()
    with qtbot.waitSignal(view.closeRequested, timeout=1000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)


def test_tile_actions_and_stars_name_their_job(qtbot: Any, open_view: Any, clips: list[Clip]) -> None:
    view = open_view(clips[:2])
    with qtbot.waitSignal(view.starToggled) as star:
        view.canvas._stars[1].click()
    assert star.args == ["job-1", True]
    menu = view.tile_menu(0)
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == ["compareTileAction_load", "compareTileAction_vary", "compareTileAction_continue",
                     "compareTileAction_save", "compareTileAction_star"]
    with qtbot.waitSignal(view.actionRequested) as act:
        menu.actions()[1].trigger()
    assert act.args == ["vary", "job-0"]
    starred = view.jobs[1].__class__(**{**view.jobs[1].__dict__, "starred": True})
    view.update_job(starred)
    assert view.canvas._stars[1].text() == "★" and view.canvas._stars[0].text() == "☆"
    assert view.canvas._stars[1].accessibleName() == "Unstar video B"


def test_a_narrow_tiles_caption_still_shows_its_seed(qtbot: Any, open_view: Any, clips: list[Clip]) -> None:
    view = open_view([clips[0], clips[3]])
    fm = view.canvas.fontMetrics()
    whole = "seed 45 · D×3 · 0.3"
    assert view.canvas.caption_text(1, fm.horizontalAdvance(whole) + 2, fm) == whole
    narrow = view.canvas.caption_text(1, fm.horizontalAdvance("45 · D…") + 2, fm)
    assert narrow.startswith("45") and narrow.endswith("…")  # not "se…"
    assert view.canvas.caption_text(1, fm.horizontalAdvance("45 ·") + 1, fm) == "45"  # never "4…"


def test_ctrl_d_stars_the_video_under_the_pointer_or_shown_alone(qtbot: Any, open_view: Any,
                                                                 clips: list[Clip]) -> None:
    view = open_view(clips[:3])
    canvas = view.canvas
    stars: list[list[object]] = []
    messages: list[str] = []
    view.starToggled.connect(lambda job_id, on: stars.append([job_id, on]))
    view.message.connect(messages.append)
    view.setFocus()

    def ctrl_d_over(tile: int | None, x_fraction: float = 0.5) -> None:
        if tile is not None:
            picture = canvas.tile_rects()[tile][1]
            qtbot.mouseMove(canvas, QPoint(picture.left() + round(picture.width() * x_fraction),
                                           picture.center().y()))
            qtbot.waitUntil(lambda: canvas.hovered is not None, timeout=2000)
        qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)

    ctrl_d_over(None)  # the grid, the pointer on no video: nothing is starred, and it says how
    assert stars == [] and "under the pointer" in messages[-1]
    ctrl_d_over(2)
    assert stars == [["job-2", True]]
    qtbot.keyClick(view, Qt.Key.Key_W)  # the wipe: the side of the divider the pointer is on
    ctrl_d_over(0, 0.8)
    assert stars[-1] == ["job-1", True]
    ctrl_d_over(0, 0.2)
    assert stars[-1] == ["job-0", True]
    qtbot.keyClick(view, Qt.Key.Key_3)  # one video alone: that one, wherever the pointer is
    canvas.hovered = None
    ctrl_d_over(None)
    assert stars[-1] == ["job-2", True] and len(stars) == 4


def test_after_a_click_on_a_tiles_star_or_the_ends_choice_space_still_plays(qtbot: Any, open_view: Any,
                                                                            clips: list[Clip]) -> None:
    """A clicked control that kept the keyboard would take Space: the star toggled back, or the list opened."""
    from PySide6.QtWidgets import QApplication

    view = open_view([clips[0], clips[3]])
    view.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    clock = view.session.clock
    stars: list[bool] = []
    view.starToggled.connect(lambda _job, on: stars.append(on))
    for control in (view.canvas._stars[0], view.transport.ends):
        qtbot.mouseClick(control, Qt.MouseButton.LeftButton)
        if QApplication.activePopupWidget() is not None:  # the ends list opened: close it as a person would
            qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
        before = clock.is_playing()
        qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Space)
        assert clock.is_playing() is not before, control.objectName()
    assert stars == [True]  # the click starred it; Space did not unstar it


def test_the_table_lists_only_what_differs(qtbot: Any, open_view: Any, clips: list[Clip]) -> None:
    view = open_view([clips[0], clips[1]])
    table = view.differences
    assert [r.field for r in table.rows()] == [InputField.SEED]
    assert table.table.rowCount() == 1 and table.table.item(0, 1).text() == "42"
    assert table.table.item(0, 2).text() == "43"
    table.show_all.setChecked(True)
    assert table.table.rowCount() == len(InputField)
    view.shutdown()

    pair = open_view([clips[0], clips[2]])
    rows = {r.field: r.values for r in pair.differences.rows()}
    assert rows == {InputField.SEED: ("42", "44"), InputField.MOVES: ("W×4", "W D S A"),
                    InputField.SPEEDS: ("0.5", "0.3"), InputField.PROMPT: ("dusk", "noon")}
    assert pair.differences.title.text() == "What differs (4)"
    assert not pair.differences.empty.isVisible()

    same = open_view([clips[0], clips[0]])
    assert same.differences.rows() == () and same.differences.empty.isVisible()


def test_a_tile_names_what_sets_it_apart_and_the_table_marks_only_that(qtbot: Any, open_view: Any,
                                                                      clips: list[Clip]) -> None:
    view = open_view([clips[0], clips[1], clips[3]])  # W×4 · 0.5, W×4 · 0.5, D×3 · 0.3
    assert [view.canvas.caption_parts(i) for i in range(3)] == [["seed 42"], ["seed 43"],
                                                                 ["seed 45", "D×3", "0.3"]]
    table = view.differences.table
    fields = [r.field for r in view.differences.rows()]
    assert fields == [InputField.SEED, InputField.MOVES, InputField.SPEEDS]

    def marked(field: InputField) -> list[bool]:
        row = fields.index(field)
        return [table.item(row, col).background().style() != Qt.BrushStyle.NoBrush for col in (1, 2, 3)]

    assert marked(InputField.MOVES) == [False, False, True] and marked(InputField.SPEEDS) == [False, False, True]
    assert marked(InputField.SEED) == [True, True, True]


def test_every_control_has_a_name_a_tooltip_and_a_tab_stop(qtbot: Any, open_view: Any, clips: list[Clip]) -> None:
    from audit_helpers import accessible_name, describe, interactive_controls

    view = open_view(clips[:3])
    qtbot.keyClick(view, Qt.Key.Key_W)  # the wipe's pair choosers show too
    controls = [w for w in interactive_controls(view) if w.isVisible()]
    assert len(controls) >= 15
    assert [describe(w) for w in controls if not accessible_name(w)] == []
    assert [describe(w) for w in controls if not w.toolTip().strip()] == []
    reachable, w = set(), view.nextInFocusChain()
    for _ in range(200):  # Tab from the view goes round every control that takes the keyboard
        reachable.add(w)
        w = w.nextInFocusChain()
    tab_stops = [c for c in controls if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert tab_stops and all(c in reachable for c in tab_stops)
    assert {"compareTileStar_A", "compareTileMenu_B", "compareClose", "compareEnds", "compareWipe_right",
            "differencesShowAll"} <= {c.objectName() for c in tab_stops}


def test_a_video_that_cannot_be_read_says_so_and_the_others_play(qtbot: Any, clips: list[Clip],
                                                                 tmp_path: Path) -> None:
    from gamecraft_desktop.ui.compare.compare_view import CompareView

    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"this is not a video")
    bad = Clip(broken, "wwww", 0.5, 99, "a harbour town at dusk", (0, 0, 0))
    view = CompareView([job_event(clips[0], "good"), job_event(bad, "bad")])
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    try:
        qtbot.waitUntil(lambda: view.session.error(1) is not None, timeout=10_000)
        assert "broken.mp4" in view.session.error(1)
        qtbot.waitUntil(lambda: view.session.shown >= 5, timeout=15_000)  # the readable one plays on
        assert view.session.shown_frame(0) >= 5
        image = view.canvas.grab().toImage()
        assert not image.isNull()
    finally:
        view.shutdown()


def test_a_click_plays_or_pauses_and_a_double_click_shows_one_video(qtbot: Any, open_view: Any,
                                                                     clips: list[Clip]) -> None:
    view = open_view(clips[:2])
    canvas, clock = view.canvas, view.session.clock
    assert not clock.is_playing()
    centre = canvas.tile_rects()[1][1].center()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert clock.is_playing() and view.hasFocus()  # the keys work after a click on the pictures
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert not clock.is_playing()
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert canvas.layout_mode is Layout.SOLO and canvas.solo == 1
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.tile_rects()[1][1].center())
    assert canvas.layout_mode is Layout.GRID


def test_comparing_never_needs_more_width_than_the_single_player(qtbot: Any, open_view: Any,
                                                                 clips: list[Clip]) -> None:
    """At 200 % the whole window has 800 logical pixels: the player area must not grow when comparing."""
    from gamecraft_desktop.ui.player_view import PlayerView

    player = PlayerView()
    qtbot.addWidget(player)
    player.show()
    player.set_video(clips[0].path, job_id="shown", frame_count=132, autoplay=False)
    view = open_view(clips)  # four videos: the most buttons
    try:
        for key in (Qt.Key.Key_G, Qt.Key.Key_W):
            qtbot.keyClick(view, key)
            qtbot.wait(20)  # the layouts take the change in on the next turn of the event loop
            assert view.minimumSizeHint().width() <= player.minimumSizeHint().width(), key
        # Squeezed, the title is cut with "…" or left out, never clipped mid-word ("Cor").
        title = view.title
        for width in (300, 420, 960):
            view.resize(width, 500)  # (no narrower than its minimum)
            qtbot.wait(50)  # the header's layout places the title on the next turns of the event loop
            shown = title.text()
            assert title.fontMetrics().horizontalAdvance(shown) <= title.contentsRect().width(), (width, shown)
            assert shown in ("", title.full_text()) or shown.endswith("…"), (width, shown)
        assert title.text() == "Comparing 4 videos"  # the whole title when there is room
    finally:
        player.shutdown()

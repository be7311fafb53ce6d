"""The timeline panel driven like a person would: keys on the focused view, real mouse events, record
mode with an injected clock, menus, and the quality bar (accessible names, contrast)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QDoubleSpinBox,
    QLineEdit,
    QScrollBar,
    QWidget,
)

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.core.camera_path import TRANSLATIONS, CameraPath
from gamecraft_desktop.core.presets import PRESETS_BY_KEY
from gamecraft_desktop.ui.timeline import style
from gamecraft_desktop.ui.timeline.panel import TimelinePanel
from gamecraft_desktop.ui.timeline.view import TimelineView, digit_speed, path_summary

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class FakeClock:
    def __init__(self) -> None:
        self.t = 50.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def panel(qtbot, clock: FakeClock) -> TimelinePanel:
    doc = PathDocument(CameraPath.of("wsda", 0.2))
    panel = TimelinePanel(doc, clock=clock)
    qtbot.addWidget(panel)
    panel.resize(900, panel.sizeHint().height())
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    return panel


@pytest.fixture
def view(panel: TimelinePanel) -> TimelineView:
    return panel.view


def keys(view: TimelineView) -> str:
    return "".join(a.value for a in view.document().path().actions)


def speeds(view: TimelineView) -> list[float]:
    return view.document().path().speeds


def send_key(widget: QWidget, key: Qt.Key, text: str, press: bool = True, autorep: bool = False,
             mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    etype = QEvent.Type.KeyPress if press else QEvent.Type.KeyRelease
    QApplication.sendEvent(widget, QKeyEvent(etype, key, mods, text, autorep))


def wheel(widget: QWidget, pos: QPoint, dy: int) -> None:
    ev = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, dy),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)


# --- keyboard --------------------------------------------------------------------------------------


def test_wasd_append_at_current_speed_shift_doubles(view: TimelineView, qtbot) -> None:
    assert view.hasFocus()
    for key in (K.Key_W, K.Key_A, K.Key_S, K.Key_D):
        qtbot.keyClick(view, key)
    assert keys(view) == "wsdawasd"
    qtbot.keyClick(view, K.Key_W, SHIFT)
    assert keys(view).endswith("w") and speeds(view)[-1] == 0.4
    assert view.document().selection() == (8,), "the new move is selected"
    assert view.summary() == "9 moves · 297 frames · 12.375 s"


def test_auto_repeat_does_not_spam_moves(view: TimelineView, qtbot) -> None:
    send_key(view, K.Key_W, "w")
    for _ in range(5):
        send_key(view, K.Key_W, "w", autorep=True)
    assert keys(view) == "wsdaw"


def test_digits_set_selection_and_new_move_speed(view: TimelineView, qtbot) -> None:
    view.document().select([0, 1])
    qtbot.keyClick(view, K.Key_3)
    assert speeds(view) == [0.3, 0.3, 0.2, 0.2]
    assert view.document().current_speed() == 0.3
    qtbot.keyClick(view, K.Key_0)
    assert speeds(view)[:2] == [1.0, 1.0]
    assert [digit_speed(d) for d in (1, 5, 9, 0)] == [0.1, 0.5, 0.9, 1.0]
    assert "1–9" in view.toolTip(), "the mapping is documented in the tooltip"


def test_plus_minus_nudge_and_clamp(view: TimelineView, qtbot) -> None:
    doc = view.document()
    doc.set_path(CameraPath.of("wd", [2.98, 0.03]), undoable=False)
    doc.select([0])
    qtbot.keyClick(view, K.Key_Plus)
    assert speeds(view)[0] == 3.0
    qtbot.keyClick(view, K.Key_Plus)
    assert speeds(view)[0] == 3.0, "never above 3"
    doc.select([1])
    qtbot.keyClick(view, K.Key_Minus)
    assert speeds(view)[1] == 0.01, "never 0 or below"
    doc.clear_selection()
    qtbot.keyClick(view, K.Key_Minus)
    assert doc.current_speed() == 0.15, "without a selection +/- change the speed for new moves"


def test_delete_backspace_and_undo_redo_keys(view: TimelineView, qtbot) -> None:
    doc = view.document()
    doc.select([1])
    qtbot.keyClick(view, K.Key_Delete)
    assert keys(view) == "wda" and doc.selection() == (1,)
    qtbot.keyClick(view, K.Key_Backspace)
    assert keys(view) == "wa"
    qtbot.keyClick(view, K.Key_Z, CTRL)
    assert keys(view) == "wda"
    qtbot.keyClick(view, K.Key_Z, CTRL)
    assert keys(view) == "wsda"
    qtbot.keyClick(view, K.Key_Z, CTRL | SHIFT)
    assert keys(view) == "wda"


def test_arrows_move_and_extend_selection_home_end(view: TimelineView, qtbot) -> None:
    doc = view.document()
    qtbot.keyClick(view, K.Key_Right)
    assert doc.selection() == (0,), "first arrow press lands on the first block"
    qtbot.keyClick(view, K.Key_Right)
    qtbot.keyClick(view, K.Key_Right, SHIFT)
    qtbot.keyClick(view, K.Key_Right, SHIFT)
    assert doc.selection() == (1, 2, 3) and doc.current_index() == 3
    qtbot.keyClick(view, K.Key_Home, SHIFT)
    assert doc.selection() == (0, 1) and doc.current_index() == 0
    qtbot.keyClick(view, K.Key_End)
    assert doc.selection() == (3,)
    qtbot.keyClick(view, K.Key_Left)
    assert doc.selection() == (2,)


def test_ctrl_arrows_reorder_ctrl_d_duplicates_ctrl_a_selects_all(view: TimelineView, qtbot) -> None:
    doc = view.document()
    doc.select([0])
    qtbot.keyClick(view, K.Key_Right, CTRL)
    qtbot.keyClick(view, K.Key_Right, CTRL)
    assert keys(view) == "sdwa" and doc.selection() == (2,)
    qtbot.keyClick(view, K.Key_Left, CTRL)
    assert keys(view) == "swda"
    qtbot.keyClick(view, K.Key_D, CTRL)
    assert keys(view) == "swwda" and doc.selection() == (2,)
    qtbot.keyClick(view, K.Key_A, CTRL)
    assert doc.selection() == (0, 1, 2, 3, 4)
    for _ in range(4):
        qtbot.keyClick(view, K.Key_Z, CTRL)
    assert keys(view) == "wsda"


def test_window_shortcuts_do_not_steal_timeline_keys(view: TimelineView, qtbot) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    fired = []
    act = QAction("window delete", view.window())
    act.setShortcut(QKeySequence(K.Key_Delete))
    act.triggered.connect(lambda: fired.append(1))
    view.window().addAction(act)
    view.document().select([0])
    qtbot.keyClick(view, K.Key_Delete)
    assert keys(view) == "sda" and not fired


# --- record mode -------------------------------------------------------------------------------------


def test_record_hold_adds_one_now_and_one_per_full_action(view: TimelineView, clock: FakeClock, qtbot) -> None:
    qtbot.keyClick(view, K.Key_R)
    assert view.is_recording() and view.record_action.isChecked()
    qtbot.keyPress(view, K.Key_D)
    assert keys(view) == "wsdad", "the first move is added on press"
    for dt in (0.5, 0.5, 0.5, 0.5):  # auto-repeat events while held are ignored
        clock.t += dt
        send_key(view, K.Key_D, "d", press=False, autorep=True)
        send_key(view, K.Key_D, "d", autorep=True)
        view.recorder.poll()
    assert keys(view) == "wsdadd", "2.0 s held: second move came due at 1.375 s"
    clock.t += 1.0
    qtbot.keyRelease(view, K.Key_D)
    assert keys(view) == "wsdaddd", "3.0 s held → 3 moves"
    clock.t += 10
    view.recorder.poll()
    assert keys(view) == "wsdaddd", "nothing after release"
    assert view.document().undo_stack().undoText() == "Record D ×3"
    qtbot.keyClick(view, K.Key_Z, CTRL)
    assert keys(view) == "wsda", "one stroke is one undo step"


def test_record_short_tap_and_shift_faster(view: TimelineView, clock: FakeClock, qtbot) -> None:
    view.set_recording(True)
    view.document().set_current_speed(0.3)
    qtbot.keyPress(view, K.Key_W)
    clock.t += 1.0
    qtbot.keyRelease(view, K.Key_W)
    assert keys(view) == "wsdaw" and speeds(view)[-1] == 0.3
    qtbot.keyPress(view, K.Key_Shift)
    qtbot.keyPress(view, K.Key_A, SHIFT)
    clock.t += 1.4
    qtbot.keyRelease(view, K.Key_A, SHIFT)
    qtbot.keyRelease(view, K.Key_Shift)
    assert keys(view) == "wsdawaa" and speeds(view)[-2:] == [0.6, 0.6]


def test_record_focus_loss_ends_stroke_and_timer(panel: TimelinePanel, clock: FakeClock, qtbot) -> None:
    view = panel.view
    view.set_recording(True)
    qtbot.keyPress(view, K.Key_S)
    assert view.recorder._timer.isActive()
    clock.t += 1.5
    panel.speed_editor.spin.setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    assert keys(view) == "wsdass"
    assert not view.recorder._timer.isActive()
    assert view.recorder.held_action() is None


def test_record_timer_adds_moves_while_held(qtbot) -> None:
    # A clock running 100× faster than wall time: the real timer must add the due moves by itself.
    start = time.monotonic()
    doc = PathDocument()
    view = TimelineView(doc, clock=lambda: (time.monotonic() - start) * 100)
    qtbot.addWidget(view)
    view.show()
    view.set_recording(True)
    qtbot.keyPress(view, K.Key_W)
    qtbot.waitUntil(lambda: len(doc.path()) >= 3, timeout=3000)
    qtbot.keyRelease(view, K.Key_W)
    view.set_recording(False)
    assert set(doc.path().actions) == {doc.path().actions[0]}


def test_escape_leaves_record_mode(view: TimelineView, qtbot) -> None:
    qtbot.keyClick(view, K.Key_R)
    qtbot.keyClick(view, K.Key_Escape)
    assert not view.is_recording() and not view.record_action.isChecked()


# --- mouse -------------------------------------------------------------------------------------------


def test_click_ctrl_click_shift_click(view: TimelineView, qtbot) -> None:
    vp, doc = view.viewport(), view.document()
    center = lambda i: view.block_rect(i).center()  # noqa: E731
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=center(1))
    assert doc.selection() == (1,)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, CTRL, pos=center(3))
    assert doc.selection() == (1, 3)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, CTRL, pos=center(1))
    assert doc.selection() == (3,)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, SHIFT, pos=center(0))
    assert doc.selection() == (0, 1), "Shift-click spans from the last clicked block (the anchor)"
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, SHIFT, pos=center(3))
    assert doc.selection() == (1, 2, 3)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, CTRL, pos=center(0))
    assert doc.selection() == (0, 1, 2, 3)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=center(2))
    assert doc.selection() == (2,), "a plain click on a multi-selection narrows it"
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=QPoint(vp.width() - 5, center(0).y()))
    assert doc.selection() == (), "clicking past the blocks clears the selection"


def test_drag_reorders_with_drop_indicator(view: TimelineView, qtbot) -> None:
    vp, doc = view.viewport(), view.document()
    start = view.block_rect(0).center()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    gap3 = QPoint(view.block_rect(3).left() + 2, start.y())
    qtbot.mouseMove(vp, QPoint(start.x() + 20, start.y()))
    qtbot.mouseMove(vp, gap3)
    assert view.drop_gap() == 3
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=gap3)
    assert keys(view) == "sdwa" and doc.selection() == (2,)
    assert view.drop_gap() == -1
    qtbot.keyClick(view, K.Key_Z, CTRL)
    assert keys(view) == "wsda"


def test_drag_multi_selection_to_end(view: TimelineView, qtbot) -> None:
    vp = view.viewport()
    view.document().select([0, 1])
    start = view.block_rect(1).center()
    end = QPoint(view.block_rect(3).right() + 2, start.y())
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, QPoint(start.x() + 30, start.y()))
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    assert keys(view) == "daws" and view.document().selection() == (2, 3)


def test_wheel_over_block_edits_speed_and_merges(view: TimelineView, qtbot) -> None:
    doc = view.document()
    pos = view.block_rect(2).center()
    for _ in range(3):
        wheel(view.viewport(), pos, 120)
    wheel(view.viewport(), pos, 60)
    wheel(view.viewport(), pos, 60)  # two half notches (smooth wheels) make one
    assert speeds(view) == [0.2, 0.2, 0.4, 0.2]
    assert doc.undo_stack().count() == 1
    doc.undo_stack().undo()
    assert speeds(view) == [0.2] * 4


def test_double_click_opens_speed_editor(view: TimelineView, qtbot) -> None:
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.block_rect(1).center())
    editor = view.findChild(QDoubleSpinBox, "inlineSpeedEditor")
    assert editor is not None and editor.isVisible() and editor.accessibleName()
    line = editor.findChild(QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "1.25")
    qtbot.keyClick(line, K.Key_Return)
    assert speeds(view) == [0.2, 1.25, 0.2, 0.2]
    assert editor.isHidden() and view.hasFocus()


def test_speed_editor_escape_cancels(view: TimelineView, qtbot) -> None:
    view.document().select([0])
    qtbot.keyClick(view, K.Key_F2)
    editor = view.findChild(QDoubleSpinBox, "inlineSpeedEditor")
    editor.setValue(2.0)
    qtbot.keyClick(editor, K.Key_Escape)
    assert speeds(view) == [0.2] * 4
    assert editor.isHidden() and view.hasFocus()


# --- menus -------------------------------------------------------------------------------------------


def _menu_action(menu, name: str):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    for opened in (menu, *menu.findChildren(QMenu)):
        opened.aboutToShow.emit()  # as opening it does: the presets menu fills itself then
    found = menu.findChild(QAction, name)
    assert found is not None, name
    return found


def test_the_presets_menu_fills_itself_when_it_opens(panel: TimelinePanel, qtbot) -> None:
    """Its items are made on first opening (start-up time): opened for real, it lists every preset twice."""
    from PySide6.QtCore import QPoint

    from gamecraft_desktop.core.presets import PRESETS

    menu = panel.presets_button.menu()
    menu.popup(QPoint(0, 0))
    try:
        qtbot.waitUntil(menu.isVisible, timeout=2000)
        names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
        assert names == [f"preset:{kind}:{p.key}" for kind in ("replace", "append") for p in PRESETS]
    finally:
        menu.hide()
    menu.popup(QPoint(0, 0))  # a second opening adds nothing
    menu.hide()
    assert len([a for a in menu.actions() if not a.isSeparator()]) == 2 * len(PRESETS)


def test_presets_replace_and_append_from_menu(view: TimelineView, panel: TimelinePanel) -> None:
    menu = panel.presets_button.menu()
    _menu_action(menu, "preset:replace:box").trigger()
    assert view.document().path() == PRESETS_BY_KEY["box"].path
    _menu_action(menu, "preset:append:strafe_left").trigger()
    assert keys(view) == "wdsaaaaa"
    view.document().undo_stack().undo()
    assert keys(view) == "wdsa"


def test_context_menu_change_duplicate_delete(view: TimelineView) -> None:
    doc = view.document()
    doc.select([0, 1])
    menu = view.context_menu()
    _menu_action(menu, "changeTo:d").trigger()
    assert keys(view) == "ddda"
    _menu_action(view.context_menu(), "duplicate").trigger()
    assert keys(view) == "ddddda" and doc.selection() == (2, 3)
    _menu_action(view.context_menu(), "delete").trigger()
    assert len(doc.path()) == 4
    _menu_action(view.context_menu(), "preset:replace:dolly_out").trigger()
    assert keys(view) == "ssss"
    doc.clear_selection()
    assert not _menu_action(view.context_menu(), "delete").isEnabled()


def test_keyboard_context_menu_opens(view: TimelineView, qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMenu

    view.document().select([2])
    shown = []

    def close_menu() -> None:
        menu = QApplication.activePopupWidget()
        shown.append(isinstance(menu, QMenu))
        if menu is not None:
            menu.close()

    QTimer.singleShot(50, close_menu)
    qtbot.keyClick(view, K.Key_Menu)
    assert shown == [True]


# --- painting and quality bar --------------------------------------------------------------------------


def test_empty_path_summary_and_hint(view: TimelineView, qtbot) -> None:
    doc = view.document()
    with qtbot.wait_signal(view.summaryChanged) as sig:
        doc.clear()
    assert sig.args == ["0 moves · 0 frames · 0 s"]
    assert view.accessibleDescription() == "0 moves · 0 frames · 0 s"
    img = view.viewport().grab().toImage()
    top, h = view._blocks_band()
    base = view.palette().color(QPalette.ColorRole.Base)
    row = [img.pixelColor(x, top + h // 2) for x in range(img.width() // 4, 3 * img.width() // 4)]
    assert any(c != base for c in row), "the empty view paints a hint where the blocks would be"
    assert path_summary(CameraPath.of("w")) == "1 move · 33 frames · 1.375 s"


def test_playhead_is_painted_where_the_frame_is(view: TimelineView, qtbot) -> None:
    doc = view.document()
    doc.set_playhead(66 + 16)
    assert view.frame_x(82) == pytest.approx(view.block_rect(2).left() + view.block_width() * 16 / 33)
    img = view.viewport().grab().toImage()
    dpr = img.devicePixelRatio()
    x = round(view.frame_x(82) * dpr)
    y = round((view._header_h() + view._ruler_h() // 2) * dpr)
    c = img.pixelColor(x, y)
    want = style.accent(view.palette(), "playhead")
    assert abs(c.red() - want.red()) < 40 and abs(c.green() - want.green()) < 40


def test_scrolls_to_keep_new_moves_visible(view: TimelineView, qtbot) -> None:
    for _ in range(40):
        qtbot.keyClick(view, K.Key_D)
    assert view.horizontalScrollBar().value() > 0
    r = view.block_rect(43)
    assert r.left() >= 0 and r.right() <= view.viewport().width()


@pytest.mark.parametrize("dark", [False, True])
def test_block_text_contrast(dark: bool) -> None:
    pal = style.dark_palette() if dark else QPalette(QColor("#f0f0f0"))
    if not dark:
        pal.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        pal.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    for action in TRANSLATIONS:
        fill = style.action_fill(action, pal)
        text = style.readable_text(fill, pal)
        assert style.contrast_ratio(fill, text) >= 4.5, (action, dark)
    assert style.contrast_ratio(QColor("white"), QColor("black")) == pytest.approx(21.0)


def test_every_control_has_accessible_name_and_tooltip(panel: TimelinePanel) -> None:
    controls = [w for w in panel.findChildren(QWidget)
                if isinstance(w, QAbstractButton | QAbstractSpinBox | QAbstractScrollArea | QScrollBar)]
    assert len(controls) >= 9
    for w in controls:
        assert w.accessibleName(), w.objectName() or repr(w)
        if not isinstance(w, QScrollBar):
            assert w.toolTip(), w.objectName()
    assert panel.view.viewport().accessibleName()
    assert panel.accessibleName()


def test_block_tooltip_explains_the_move(view: TimelineView) -> None:
    tip = view.block_tooltip(1)
    assert "Move 2" in tip and "S — dolly backward" in tip and "frames 33–65" in tip
    view.document().set_path(CameraPath.of("w", [5.0]), undoable=False)
    assert "Not sendable" in view.block_tooltip(0)


def test_record_button_and_r_key_stay_in_sync(panel: TimelinePanel, qtbot) -> None:
    button, view = panel.record_button, panel.view
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.is_recording() and button.isChecked() and "Stop" in button.text()
    view.setFocus()
    qtbot.keyClick(view, K.Key_R)
    assert not view.is_recording() and not button.isChecked() and "Record" in button.text()


# --- defects fixed after the first version -------------------------------------------------------------


def _near(c: QColor, want: QColor, tol: int = 40) -> bool:
    return abs(c.red() - want.red()) < tol and abs(c.green() - want.green()) < tol and abs(c.blue() - want.blue()) < tol


def test_playhead_passes_behind_the_block_labels(view: TimelineView, qtbot) -> None:
    doc = view.document()
    doc.set_playhead(66 + 16)  # the middle of block 2: right through its "D" and "0.20"
    boxes = view.playhead_label_boxes()
    assert len(boxes) == 2 and all(b.contains(round(view.frame_x(82)), b.center().y()) for b in boxes)
    img = view.viewport().grab().toImage()
    dpr = img.devicePixelRatio()
    want = style.accent(view.palette(), "playhead")
    x = view.frame_x(82)
    for box in boxes:
        for y in range(box.top() + 1, box.bottom()):
            for dx in (-1, 0, 1):
                c = img.pixelColor(round((x + dx) * dpr), round(y * dpr))
                assert not _near(c, want), f"playhead colour over the label at y={y}"
    # …and the line is still there between and around the labels.
    below = boxes[0].bottom() + 2
    assert below < boxes[1].top()
    assert _near(img.pixelColor(round(x * dpr), round((below + 1) * dpr)), want)


@pytest.fixture
def long_view(view: TimelineView, qtbot) -> TimelineView:
    view.document().set_path(CameraPath.of("wasd" * 10, 0.2), undoable=False)
    assert view.horizontalScrollBar().maximum() > 0
    return view


def test_drag_near_the_right_edge_auto_scrolls_until_release(long_view: TimelineView, qtbot) -> None:
    view, vp, doc = long_view, long_view.viewport(), long_view.document()
    sb, timer = view.horizontalScrollBar(), view.autoscroll_timer()
    start = view.block_rect(2).center()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, QPoint(start.x() + 30, start.y()))
    assert not timer.isActive(), "no auto-scroll away from the edges"
    edge = QPoint(vp.width() - 3, start.y())
    qtbot.mouseMove(vp, edge)
    assert timer.isActive()
    gap_before = view.drop_gap()
    # No further mouse moves: the timer alone keeps scrolling and keeps the drop gap under the pointer.
    qtbot.waitUntil(lambda: sb.value() > 3 * view.block_width(), timeout=3000)
    assert view.drop_gap() > gap_before
    assert view.drop_gap() == view.gap_at(edge.x())
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=edge)
    assert not timer.isActive()
    stopped = sb.value()
    qtbot.wait(100)
    assert sb.value() == stopped, "scrolling stops with the release"
    moved_to = doc.selection()[0]
    assert moved_to > 2 and doc.path().steps[moved_to].action.value == "s"


def test_drag_near_the_left_edge_scrolls_back_and_esc_stops_it(long_view: TimelineView, qtbot) -> None:
    view, vp, doc = long_view, long_view.viewport(), long_view.document()
    sb, timer = view.horizontalScrollBar(), view.autoscroll_timer()
    sb.setValue(sb.maximum())
    doc.select([39])
    start = view.block_rect(39).center()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, QPoint(start.x() - 30, start.y()))
    qtbot.mouseMove(vp, QPoint(2, start.y()))
    qtbot.waitUntil(lambda: sb.value() < sb.maximum() - 2 * view.block_width(), timeout=3000)
    qtbot.keyClick(view, K.Key_Escape)
    assert not timer.isActive() and view.drop_gap() == -1
    stopped = sb.value()
    qtbot.wait(100)
    assert sb.value() == stopped
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(2, start.y()))
    assert keys(view) == "wasd" * 10, "an abandoned drag moves nothing"


def test_many_edits_in_one_turn_repaint_once(view: TimelineView, qtbot) -> None:
    from PySide6.QtCore import QObject

    class Counter(QObject):
        paints = 0

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    qtbot.wait(50)
    counter = Counter()
    view.viewport().installEventFilter(counter)
    doc = view.document()
    for _ in range(10):
        doc.append("w")
    doc.select([0])
    doc.set_playhead(40)
    qtbot.waitUntil(lambda: counter.paints >= 1)
    qtbot.wait(50)
    view.viewport().removeEventFilter(counter)
    assert counter.paints == 1


def test_the_speed_box_shows_an_out_of_range_speed_as_it_is_and_in_red(qtbot) -> None:
    """A project may hold a speed the box could not take (5.0): showing 3.00 would hide the problem."""
    doc = PathDocument(CameraPath.of("wd", [0.2, 5.0]))
    panel = TimelinePanel(doc)
    qtbot.addWidget(panel)
    spin = panel.speed_editor.spin
    doc.select([1])
    assert spin.value() == 5.0 and spin.property("invalid")
    assert "Speed 5.00 is outside 0.01–3.00" in spin.toolTip()
    spin.setValue(2.5)  # typed back into range: the move changes and the box is plain again
    assert doc.path().speeds == [0.2, 2.5]
    assert not spin.property("invalid") and spin.maximum() == 3.0
    doc.select([0])
    assert spin.value() == 0.2 and not spin.property("invalid")



def test_the_speed_box_says_whether_it_edits_the_selection_or_new_moves(qtbot) -> None:
    """QA: the box showed the selected block's speed while the timeline said 'New moves: speed 1.00'."""
    from gamecraft_desktop.ui.timeline.painter import header_status

    doc = PathDocument(CameraPath.of("wd", [0.2, 0.5]))
    panel = TimelinePanel(doc)
    qtbot.addWidget(panel)
    editor, view = panel.speed_editor, panel.view
    doc.clear_selection()
    doc.set_current_speed(1.0)
    assert editor.spin.value() == 1.0 and editor.spin.accessibleName() == "Speed for new moves"
    assert header_status(view)[0] == "Speed box: new moves: speed 1.00"
    doc.select([1])
    assert editor.spin.value() == 0.5 and editor.spin.accessibleName() == "Speed of the selected moves"
    assert header_status(view)[0] == "Speed box: the selected move · new moves: speed 1.00"
    doc.select([0, 1])
    assert header_status(view)[0].startswith("Speed box: the 2 selected moves")
    doc.select([1])
    editor.spin.setValue(0.8)  # one meaning after an edit: the move and the moves to come
    assert doc.path().speeds == [0.2, 0.8] and doc.current_speed() == 0.8
    doc.append("w")
    assert doc.path().speeds[-1] == 0.8


def test_record_counts_how_long_a_key_is_down_not_its_key_events(view: TimelineView, clock: FakeClock,
                                                                 qtbot) -> None:
    """QA on X11 with autorepeat on: holding W for 3 s added 17 moves instead of 3. The repeats came as
    release + press pairs without Qt's autorepeat flag; some as presses with no release at all."""
    view.set_recording(True)
    qtbot.keyPress(view, K.Key_W)
    for step in range(75):  # 25 repeats a second for 3 s, none flagged as autorepeat
        clock.t += 0.04
        if step % 3:
            send_key(view, K.Key_W, "w", press=False)
        send_key(view, K.Key_W, "w")
    qtbot.keyRelease(view, K.Key_W)
    rec = view.recorder
    qtbot.waitUntil(lambda: rec.held_action() is None and not getattr(rec, "release_pending", False), timeout=2000)
    assert keys(view) == "wsdawww", "3.0 s held → 3 moves"
    assert view.document().undo_stack().undoText() == "Record W ×3"
    clock.t += 5
    view.recorder.poll()
    assert keys(view) == "wsdawww"
    qtbot.keyPress(view, K.Key_D)  # a new press after the release is a new stroke
    qtbot.keyRelease(view, K.Key_D)
    qtbot.waitUntil(lambda: rec.held_action() is None and not rec.release_pending)
    assert keys(view) == "wsdawwwd"

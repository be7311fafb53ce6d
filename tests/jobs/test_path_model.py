"""PathDocument: every edit is undoable, selection and playhead follow, merges where natural."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from gamecraft_desktop.composer.path_model import PathDocument, clamp_speed, shift_selected
from gamecraft_desktop.composer.path_recorder import PathRecorder, moves_for_hold
from gamecraft_desktop.core.camera_path import DEFAULT_PATH, Action, CameraPath
from gamecraft_desktop.core.presets import PRESETS_BY_KEY


@pytest.fixture
def doc(qapp: QCoreApplication) -> PathDocument:
    return PathDocument(CameraPath.of("wsda", [0.1, 0.2, 0.3, 0.4]))


def keys(doc: PathDocument) -> str:
    return "".join(a.value for a in doc.path().actions)


def assert_undo_redo(doc: PathDocument, before: CameraPath) -> None:
    after = doc.path()
    assert after != before
    doc.undo_stack().undo()
    assert doc.path() == before
    doc.undo_stack().redo()
    assert doc.path() == after


def test_append_uses_current_speed_selects_and_undoes(doc: PathDocument, qtbot) -> None:
    before = doc.path()
    doc.set_current_speed(0.7)
    with qtbot.wait_signal(doc.pathChanged) as sig:
        doc.append("d")
    assert sig.args[0] == doc.path()
    assert keys(doc) == "wsdad" and doc.path().speeds[-1] == 0.7
    assert doc.selection() == (4,) and doc.current_index() == 4
    assert_undo_redo(doc, before)


def test_insert_remove_and_cursor_after_remove(doc: PathDocument) -> None:
    before = doc.path()
    doc.insert(1, Action.RIGHT, 1.5)
    assert keys(doc) == "wdsda" and doc.path().speeds[1] == 1.5
    assert_undo_redo(doc, before)
    doc.undo_stack().undo()
    doc.select([1, 2])
    before = doc.path()
    assert doc.remove()
    assert keys(doc) == "wa" and doc.selection() == (1,)
    assert_undo_redo(doc, before)
    doc.undo_stack().undo()
    assert doc.selection() == (1, 2), "undo restores the selection of the time"


def test_remove_nothing_pushes_nothing(doc: PathDocument) -> None:
    doc.clear_selection()
    assert not doc.remove()
    assert doc.undo_stack().count() == 0


def test_move_and_shift_selection(doc: PathDocument) -> None:
    before = doc.path()
    doc.select([0])
    assert doc.move([0], 3)
    assert keys(doc) == "sdaw" and doc.selection() == (3,)
    assert_undo_redo(doc, before)
    doc.undo_stack().undo()
    doc.select([1, 3])
    assert doc.shift_selection(-1)
    assert keys(doc) == "swad" and doc.selection() == (0, 2)
    assert doc.shift_selection(-1), "index 0 is blocked at the edge, index 2 still moves"
    assert keys(doc) == "sawd" and doc.selection() == (0, 1)
    assert not doc.shift_selection(-1)
    assert shift_selected(4, [0, 1], -1) is None, "a block at the left edge cannot move left"


def test_speed_set_clamped_and_merged(doc: PathDocument) -> None:
    doc.select([0, 1])
    before = doc.path()
    doc.set_speed(None, 9.0)
    assert doc.path().speeds[:2] == [3.0, 3.0]
    doc.set_speed(None, -1)
    assert doc.path().speeds[:2] == [0.01, 0.01]
    assert doc.undo_stack().count() == 2, "without a merge key every set is its own step"
    doc.undo_stack().undo()
    doc.undo_stack().undo()
    assert doc.path() == before
    for _ in range(5):
        doc.nudge_speed(None, 0.05, merge_key="wheel")
    assert doc.path().speeds[:2] == [0.35, 0.45]
    assert doc.undo_stack().index() == 1 and doc.undo_stack().count() == 1, "wheel steps merge"
    doc.undo_stack().undo()
    assert doc.path() == before


def test_nudges_that_cancel_out_leave_no_undo_step(doc: PathDocument) -> None:
    doc.select([2])
    doc.nudge_speed(None, 0.05, merge_key="wheel")
    doc.nudge_speed(None, -0.05, merge_key="wheel")
    assert doc.undo_stack().count() == 0


def test_merge_only_for_same_selection(doc: PathDocument) -> None:
    doc.nudge_speed([0], 0.05, merge_key="wheel")
    doc.nudge_speed([1], 0.05, merge_key="wheel")
    assert doc.undo_stack().count() == 2


def test_set_action_duplicate_clear(doc: PathDocument) -> None:
    doc.select([0, 2])
    before = doc.path()
    doc.set_action(None, "a")
    assert keys(doc) == "asaa" and doc.path().speeds == [0.1, 0.2, 0.3, 0.4]
    assert_undo_redo(doc, before)
    before = doc.path()
    doc.duplicate()
    assert keys(doc) == "asaaaa" and doc.selection() == (3, 4)
    assert doc.path().speeds == [0.1, 0.2, 0.3, 0.1, 0.3, 0.4]
    assert_undo_redo(doc, before)
    before = doc.path()
    assert doc.clear()
    assert len(doc.path()) == 0 and doc.selection() == ()
    assert_undo_redo(doc, before)


def test_presets_replace_and_append(doc: PathDocument) -> None:
    before = doc.path()
    box = PRESETS_BY_KEY["box"]
    doc.apply_preset(box)
    assert doc.path() == box.path
    assert_undo_redo(doc, before)
    doc.apply_preset(PRESETS_BY_KEY["dolly_in"], append=True)
    assert keys(doc) == "wdsawwww" and doc.selection() == (4, 5, 6, 7)
    assert doc.undo_stack().undoText().startswith("Append preset")


def test_set_path_not_undoable_clears_history(doc: PathDocument) -> None:
    doc.append("w")
    doc.set_path(DEFAULT_PATH, undoable=False)
    assert doc.path() == DEFAULT_PATH and doc.undo_stack().count() == 0
    doc.set_path(CameraPath.of("ww"))
    assert_undo_redo(doc, DEFAULT_PATH)


def test_playhead_clamps_and_follows_edits(doc: PathDocument, qtbot) -> None:
    with qtbot.wait_signal(doc.playheadChanged) as sig:
        doc.set_playhead(1000)
    assert sig.args == [131] and doc.playhead_action() == 3
    doc.select([3])
    doc.remove()
    assert doc.playhead() == 98
    doc.set_playhead(-5)
    assert doc.playhead() == -1 and doc.playhead_action() == -1
    doc.clear()
    doc.set_playhead(3)
    assert doc.playhead() == -1, "an empty path has no frames"


def test_selection_is_sanitised(doc: PathDocument, qtbot) -> None:
    with qtbot.wait_signal(doc.selectionChanged):
        doc.select([3, -1, 9, 1])
    assert doc.selection() == (1, 3) and doc.current_index() == 3
    with qtbot.assert_not_emitted(doc.selectionChanged):
        doc.select([1, 3], current=3)


def test_clamp_speed() -> None:
    assert clamp_speed(0) == 0.01 and clamp_speed(3.5) == 3.0 and clamp_speed(0.123) == 0.12
    assert clamp_speed(float("nan")) == 0.2


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


@pytest.mark.parametrize(("held", "moves"), [(0.0, 1), (1.0, 1), (1.374, 1), (1.375, 2), (2.75, 3), (3.0, 3),
                                             (4.2, 4)])
def test_moves_for_hold(held: float, moves: int) -> None:
    assert moves_for_hold(held) == moves


def test_recorder_headless(doc: PathDocument) -> None:
    clock = FakeClock()
    rec = PathRecorder(doc, clock)
    assert not rec.press(Action.FORWARD), "not recording: presses are ignored"
    rec.set_recording(True)
    doc.set_current_speed(0.3)
    rec.press(Action.FORWARD)
    assert keys(doc) == "wsdaw"
    clock.t += 1.5
    rec.poll()
    assert keys(doc) == "wsdaww"
    clock.t += 1.5
    rec.release(Action.FORWARD)
    assert keys(doc) == "wsdawww", "3.0 s held → 3 moves"
    assert doc.undo_stack().count() == 1, "one stroke is one undo step"
    assert doc.undo_stack().undoText() == "Record W ×3"
    rec.press(Action.LEFT, fast=True)
    rec.set_recording(False)
    assert doc.path().steps[-1].speed == 0.6
    assert not rec._timer.isActive()

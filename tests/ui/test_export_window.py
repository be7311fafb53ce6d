"""Export in the real window: a finished sandbox job, in and out points set with I and O in the player and
drawn on the scrub bar, File ▸ Export… with that range, the job menu's Export…, Ctrl+Shift+S saving the
frame shown (not the window's Save As), Ctrl+C copying it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from test_jobs_window import compose, image_file, make_runtime

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.media.export_plan import ExportFormat

__all__ = ["image_file", "make_runtime"]


def finished_job(qtbot: Any, runtime: Any, image: Path) -> str:
    compose(qtbot, runtime, image, actions="ws")
    runtime.window.generate_action.trigger()
    job_id = runtime.manager.job_ids()[0]
    qtbot.waitUntil(lambda: runtime.manager.job_event(job_id).state == JobState.DONE, timeout=60_000)
    # Playing: the video is loaded, so a seek now is not undone by the first frame arriving later.
    qtbot.waitUntil(lambda: runtime.player.job_id == job_id and runtime.player.frames_seen > 3, timeout=15_000)
    return job_id


@pytest.mark.slow
def test_in_out_points_go_to_the_export_dialog(qtbot: Any, make_runtime: Any, image_file: Path,
                                               tmp_path: Path) -> None:
    runtime = make_runtime()
    job_id = finished_job(qtbot, runtime, image_file)
    player, window = runtime.player, runtime.window
    player.pause()
    player.setFocus()
    player.seek_frame(9)
    qtbot.keyClick(player, Qt.Key.Key_I)
    player.seek_frame(40)
    qtbot.keyClick(player, Qt.Key.Key_O)
    assert player.trim() == (9, 40) and player._slider.trim() == (9, 40)
    assert not player._slider.band_pixels().isEmpty()  # drawn on the scrub bar
    assert "frames 10–41" in player._slider.toolTip()
    assert window.export_action.isEnabled()
    window.export_action.trigger()
    dialog = runtime.exports.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=15_000)
    assert (dialog.first_spin.value(), dialog.last_spin.value()) == (10, 41)
    dialog.format_box.setCurrentIndex(list(ExportFormat).index(ExportFormat.GIF))
    dialog.path_edit.setText(str(tmp_path / "shared.gif"))
    with qtbot.waitSignal(dialog.session.finished, timeout=60_000) as sig:
        dialog.export_button.click()
    result = sig.args[0]
    assert result.frames == 32 and result.size == (608, 352)
    side = json.loads((tmp_path / "shared.gif.json").read_text())
    assert side["request_id"] == runtime.manager.job_event(job_id).request_id and side["mode"] == "sandbox"
    assert side["input"]["prompt"] == "a harbour town at dusk"
    assert side["export"]["trim"] == {"from_frame": 10, "to_frame": 41}
    dialog.reject()
    qtbot.keyClick(player, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    assert player.trim() is None and player._slider.band_pixels().isEmpty()


@pytest.mark.slow
def test_job_menu_export_and_the_frame_keys(qtbot: Any, make_runtime: Any, image_file: Path, tmp_path: Path) -> None:
    runtime = make_runtime()
    job_id = finished_job(qtbot, runtime, image_file)
    player, window = runtime.player, runtime.window
    runtime.panel.select(job_id)
    runtime.panel.actions["export"].trigger()
    assert runtime.exports.dialog is not None and runtime.exports.dialog.isVisible()
    runtime.exports.dialog.reject()
    # The player's menu, on the Save video button's arrow (and on a right click on the picture).
    player._save_menu.aboutToShow.emit()  # as when its arrow is clicked
    entries = {a.objectName(): a for a in player._save_menu.actions() if a.objectName()}
    assert {"player:export", "player:save_frame", "player:copy_frame", "player:set_in"} <= set(entries)
    assert not entries["player:clear_trim"].isEnabled()  # nothing to clear yet
    entries["player:export"].trigger()
    assert runtime.exports.dialog is not None and runtime.exports.dialog.isVisible()
    runtime.exports.dialog.reject()
    save_as: list[int] = []
    window.save_as_action.triggered.disconnect()  # its file dialog would block: record instead
    window.save_as_action.triggered.connect(lambda _c=False: save_as.append(1))
    chosen = tmp_path / "frame.png"
    runtime.exports.choose_frame_path = lambda suggested: chosen
    player.pause()
    player.seek_frame(20)
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "Saved frame" in window.statusBar().currentMessage(), timeout=15_000)
    assert save_as == [] and chosen.exists()
    side = json.loads(Path(str(chosen) + ".json").read_text())
    assert side["export"]["format"] == "frame" and side["export"]["trim"] == {"from_frame": 21, "to_frame": 21}
    assert "Saved frame 21" in window.statusBar().currentMessage()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(player, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not QGuiApplication.clipboard().image().isNull(), timeout=15_000)
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == (1216, 704)
    assert "Copied frame 21" in window.statusBar().currentMessage()


def test_export_is_off_without_a_finished_video(qtbot: Any, make_runtime: Any) -> None:
    runtime = make_runtime()
    assert not runtime.window.export_action.isEnabled()
    assert not runtime.player._save_button.isEnabled()
    assert runtime.exports.open_dialog("no-such-job") is None


def test_a_continued_job_can_export_its_joined_video(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    import shutil

    from gamecraft_desktop.store.job_sidecar import JOINED_NAME, JOINED_PARTS_NAME

    runtime = make_runtime()
    job_id = finished_job(qtbot, runtime, image_file)
    rec = runtime.manager.record(job_id)
    folder = runtime.manager.job_dir(job_id)
    # What a continuation leaves beside its video: the joined file and the record of its parts.
    shutil.copyfile(rec.video_path, folder / JOINED_NAME)
    part = {"request_id": "req-first", "input": rec.input()}
    (folder / JOINED_PARTS_NAME).write_text(json.dumps({"parts": [part, {**part, "request_id": rec.request_id}]}))
    sources = runtime.exports.sources_for(job_id)
    assert [s.label for s in sources] == ["This job's video", "Joined video (2 parts)"]
    dialog = runtime.exports.open_dialog(job_id, ExportFormat.CONTACT_SHEET)
    assert dialog is not None and dialog.source_box.isVisibleTo(dialog) and dialog.source_box.count() == 2
    dialog.source_box.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=15_000)
    assert dialog.path_edit.text().endswith("-joined_sheet.png")
    dialog.reject()

"""Project files through the window: save/open round trip, damaged and newer files, moved or changed images,
unsaved changes, drops, and atomic writes."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from composer_helpers import drop, make_window, write_png
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.project import Project, ProjectError, dumps_project
from gamecraft_desktop.store import project_files
from gamecraft_desktop.store.project_files import read_project, write_project


@pytest.fixture
def window(qtbot):
    w = make_window(qtbot)
    yield w
    w.drop_zone.wait_for_loads(5000)


def compose(qtbot, window, image: Path) -> None:
    window.drop_zone.load_path(image)
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.composer.prompt_editor.prompt.setPlainText("a lighthouse on a cliff at dusk")
    window.composer.parameters.seed.setText("1234")
    window.composer.parameters.cfg.setValue(3.5)
    window.doc.set_path(CameraPath.of("wwad", [0.3, 0.4, 0.5, 0.6]))


def save_as(window, monkeypatch, target: Path) -> bool:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    return window.projects.save_as()


def test_round_trip(qtbot, window, tmp_path, monkeypatch):
    image = write_png(tmp_path / "cliff.png", 1280, 720)
    compose(qtbot, window, image)
    assert window.isWindowModified()
    assert save_as(window, monkeypatch, tmp_path / "cliff")  # the suffix is added
    saved = tmp_path / "cliff.gamecraft.json"
    assert saved.is_file()
    assert not window.isWindowModified()
    assert window.windowTitle() == "cliff[*] — GameCraft Desktop"
    data = json.loads(saved.read_text())
    assert data["image"]["path"] == str(image) and len(data["image"]["sha256"]) == 64
    assert data["path"][3] == {"action": "d", "speed": 0.6}

    window.projects.new_project()
    assert window.composer.prompt_editor.text() == ""
    assert window.drop_zone.current() is None

    assert window.projects.open_path(saved)
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    assert window.composer.prompt_editor.text() == "a lighthouse on a cliff at dusk"
    assert window.composer.parameters.seed_value() == 1234
    assert window.composer.parameters.cfg.value() == 3.5
    assert window.doc.path() == CameraPath.of("wwad", [0.3, 0.4, 0.5, 0.6])
    assert window.drop_zone.current().path == image
    assert not window.isWindowModified()
    assert str(saved) in window.projects.recent.items()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "gamecraft-desktop/project", "schema_version": 1, "prompt": "tru', "damaged or truncated"),
        ('{"format": "gamecraft-desktop/project", "schema_version": 99}', "newer version"),
        ('{"hello": "world"}', "not a GameCraft project"),
        ("", "empty"),
    ],
)
def test_bad_project_files_leave_the_current_project(qtbot, window, tmp_path, content, expected):
    window.composer.prompt_editor.prompt.setPlainText("keep me")
    bad = tmp_path / "bad.gamecraft.json"
    bad.write_text(content)
    assert not window.projects.open_path(bad, ask=False)
    assert len(window.errors) == 1 and expected in window.errors[0][1]
    assert window.composer.prompt_editor.text() == "keep me"
    assert window.projects.file is None


HEAD = '"format": "gamecraft-desktop/project", "schema_version": 1'


@pytest.mark.parametrize(
    ("speed", "expected"),
    [("NaN", "speed of move 1 (path.0.speed): Input should be a finite number"),
     ("Infinity", "finite number"), ("-Infinity", "finite number"), ("1e400", "finite number"),
     ("true", "speed of move 1 (path.0.speed): must be a number, not true or false")],
)
def test_a_speed_that_is_not_a_finite_number_is_refused(qtbot, window, tmp_path, speed, expected):
    """Python's json writes NaN and Infinity; opening such a file once crashed the path map."""
    bad = tmp_path / "nan.gamecraft.json"
    bad.write_text(f'{{{HEAD}, "path": [{{"action": "w", "speed": {speed}}}, {{"action": "d", "speed": 0.2}}]}}')
    before = window.doc.path()
    assert not window.projects.open_path(bad, ask=False)
    assert len(window.errors) == 1 and expected in window.errors[0][1]
    assert window.doc.path() == before
    window.path_map.grab()  # paints


def test_the_map_draws_a_path_with_absurd_speeds_without_failing(qtbot, window):
    # Speeds the timeline flags (not finite, or far beyond 3) must not break the map's geometry.
    window.doc.set_path(CameraPath.of("wdaw", [float("nan"), float("inf"), 1e300, 0.2]))
    image = window.path_map.grab().toImage()
    assert not image.isNull()
    assert window.path_map.path().bounds() == (0.0, 0.0, 0.0, 0.2)
    assert len(window.doc.path().problems()) == 3


def test_out_of_range_values_are_reported_and_the_project_is_modified(qtbot, window, tmp_path):
    odd = tmp_path / "odd.gamecraft.json"
    odd.write_text(f'{{{HEAD}, "cfg_scale": 50, "infer_steps": 500, "priority": "urgent", "start_timeout_s": 1, '
                   '"path": [{"action": "w", "speed": 0.2}]}')
    assert window.projects.open_path(odd, ask=False)
    params = window.composer.parameters
    assert params.cfg.value() == 20 and params.steps.value() == 100
    assert len(window.errors) == 1
    title, text = window.errors[0]
    assert title == "Some values were changed"
    for line in ("CFG scale: 50.0 → 20.0", "Steps: 500 → 100", "Priority: urgent → normal",
                 "Start timeout (s): 1.0 → 2"):
        assert line in text
    assert window.isWindowModified(), "the next Save writes other values than the file has"


def test_in_range_values_open_without_a_message(qtbot, window, tmp_path):
    fine = tmp_path / "fine.gamecraft.json"
    # Rounding to what the controls show (2 decimals, whole seconds) is not a change worth a message.
    fine.write_text(f'{{{HEAD}, "cfg_scale": 3.254, "infer_steps": 30, "priority": "low", "start_timeout_s": 120.4, '
                    '"path": [{"action": "w", "speed": 0.2}]}')
    assert window.projects.open_path(fine, ask=False)
    assert window.errors == [] and not window.isWindowModified()


def test_a_project_image_that_is_a_folder_says_so(qtbot, window, tmp_path):
    folder = tmp_path / "looks-like-an-image.png"
    folder.mkdir()
    project = tmp_path / "p.gamecraft.json"
    project.write_text(f'{{{HEAD}, "image": {{"path": "{folder}", "sha256": "{"0" * 64}"}}}}')
    assert window.projects.open_path(project, ask=False)
    qtbot.waitUntil(lambda: "is a folder, not an image" in window.drop_zone.message_text(), timeout=5000)


def test_missing_image_is_reported_and_kept_in_the_project(qtbot, window, tmp_path, monkeypatch):
    image = write_png(tmp_path / "moving.png")
    compose(qtbot, window, image)
    target = tmp_path / "p.gamecraft.json"
    assert save_as(window, monkeypatch, target)
    window.projects.new_project()
    image.rename(tmp_path / "moved-away.png")

    window.projects.open_path(target)
    qtbot.waitUntil(lambda: "is missing" in window.drop_zone.message_text(), timeout=5000)
    assert str(image) in window.drop_zone.message_text()
    assert window.drop_zone.current() is None
    assert window.drop_zone.locate_button.isVisibleTo(window.drop_zone)
    assert "An image is required" in window.current_check().errors[0]
    # Saving again must not drop the image reference.
    assert window.projects.save()
    assert read_project(target).image.path == str(image)


def test_changed_image_is_reported_not_silently_used(qtbot, window, tmp_path, monkeypatch):
    image = write_png(tmp_path / "scene.png", 300, 200)
    compose(qtbot, window, image)
    target = tmp_path / "p.gamecraft.json"
    save_as(window, monkeypatch, target)
    window.projects.new_project()
    write_png(image, 300, 200, color=(250, 0, 0))

    window.projects.open_path(target)
    qtbot.waitUntil(lambda: "has changed since the project was saved" in window.drop_zone.message_text(),
                    timeout=5000)
    assert window.drop_zone.current() is None
    assert window.drop_zone.use_button.isVisibleTo(window.drop_zone)
    window.drop_zone.use_button.click()
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    assert window.drop_zone.message_text() == ""
    assert window.isWindowModified()  # the project now refers to different bytes


def test_unsaved_changes_question(qtbot, window, tmp_path):
    window.composer.prompt_editor.prompt.setPlainText("draft")
    asked = []
    window.projects.ask_unsaved = lambda: asked.append(1) or QMessageBox.StandardButton.Cancel
    assert not window.projects.new_project()
    assert asked and window.composer.prompt_editor.text() == "draft"
    window.show()
    assert not window.close()
    window.projects.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    assert window.projects.new_project()
    assert window.composer.prompt_editor.text() == ""
    assert not window.isWindowModified()


def test_undo_back_to_the_saved_state_is_not_modified(qtbot, window):
    assert not window.isWindowModified()
    window.doc.append("w")
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert len(window.doc.path()) == 5


def test_project_dropped_on_the_window_opens(qtbot, window, tmp_path):
    target = tmp_path / "dropped.gamecraft.json"
    target.write_text(dumps_project(Project.with_camera_path(CameraPath.of("ss"), prompt="from a drop")))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(target))])
    drop(window, mime)
    assert window.composer.prompt_editor.text() == "from a drop"
    assert window.windowTitle().startswith("dropped[*]")
    # ...and on the drop zone too
    window.projects.new_project()
    drop(window.drop_zone, mime)
    assert window.composer.prompt_editor.text() == "from a drop"


def test_write_is_atomic_and_a_full_disk_says_so(tmp_path, monkeypatch):
    target = tmp_path / "p.gamecraft.json"
    write_project(target, Project(prompt="first"))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(project_files.os, "fsync", full)
    with pytest.raises(ProjectError, match="disk is full"):
        write_project(target, Project(prompt="second"))
    assert read_project(target).prompt == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["p.gamecraft.json"]  # no temp file left


def test_save_failure_is_shown_and_the_project_stays_modified(qtbot, window, tmp_path, monkeypatch):
    window.composer.prompt_editor.prompt.setPlainText("unsaved")
    assert not save_as(window, monkeypatch, tmp_path / "no-such-dir" / "p.gamecraft.json")
    assert "does not exist" in window.errors[0][1]
    assert window.isWindowModified()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_read_permission_message(tmp_path):
    target = tmp_path / "locked.gamecraft.json"
    target.write_text("{}")
    target.chmod(0)
    try:
        with pytest.raises(ProjectError, match="permission"):
            read_project(target)
    finally:
        target.chmod(0o600)


def test_closing_a_hidden_window_never_blocks_on_a_question(qtbot, window):
    window.composer.prompt_editor.prompt.setPlainText("unsaved")
    window.projects.ask_unsaved = lambda: pytest.fail("asked while hidden")
    assert window.close()


def test_offscreen_never_opens_a_modal_dialog(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from gamecraft_desktop.ui.main_window import MainWindow

    w = MainWindow()  # the real dialogs, not the test doubles
    qtbot.addWidget(w)
    w.show()
    w.composer.prompt_editor.prompt.setPlainText("unsaved")
    assert w.projects.ask_unsaved() == QMessageBox.StandardButton.Discard
    bad = tmp_path / "bad.gamecraft.json"
    bad.write_text("{")
    w.projects.open_path(bad, ask=False)
    assert "damaged or truncated" in w.statusBar().currentMessage()


def test_saved_project_is_readable_like_any_user_document(tmp_path):
    import os
    import stat

    from gamecraft_desktop.core.project import Project

    old = os.umask(0o022)
    try:
        target = tmp_path / "shot.gamecraft.json"
        write_project(target, Project(prompt="mode"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_project_saved_with_a_utf8_bom_opens(qtbot, window, tmp_path):
    # Notepad and other Windows editors write UTF-8 with a byte-order mark; the file is not damaged.
    project = Project.with_camera_path(CameraPath.of("wd", 0.4), prompt="a harbour at dawn", seed=7)
    target = tmp_path / "bom.gamecraft.json"
    target.write_bytes(b"\xef\xbb\xbf" + dumps_project(project).encode("utf-8"))
    assert read_project(target).prompt == "a harbour at dawn"
    assert window.projects.open_path(target)
    assert window.composer.prompt_editor.text() == "a harbour at dawn"
    assert window.doc.path() == CameraPath.of("wd", 0.4)


def test_each_kind_of_file_dialog_opens_where_that_kind_was_last_used(qtbot, window, tmp_path, monkeypatch):
    """QA: Save Project As (and Save video) always opened in the home folder; Open Image remembered."""
    projects, images = tmp_path / "projects", tmp_path / "pictures"
    projects.mkdir()
    images.mkdir()
    write_png(images / "cliff.png", 1280, 720)
    starts: list[tuple[str, str]] = []

    def fake_save(_parent, title, start, _filter):
        starts.append((title, start))
        return str(projects / "first"), ""

    def fake_open(_parent, title, start, _filter):
        starts.append((title, start))
        return str(images / "cliff.png"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    window.composer.prompt_editor.prompt.setPlainText("a cliff")
    assert window.projects.save_as()
    window.drop_zone.open_image_dialog()
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.projects.new_project()
    window.composer.prompt_editor.prompt.setPlainText("another")
    assert window.projects.save_as()
    window.drop_zone.open_image_dialog()
    (_, first_save), _, (_, second_save), (_, second_image) = starts
    assert Path(first_save).parent == Path.home()
    assert Path(second_save).parent == projects  # where the last project went, not home
    assert Path(second_image) == images  # images keep their own folder
    window.drop_zone.wait_for_loads(5000)

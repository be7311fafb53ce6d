"""What a newcomer meets on the second day: the theme they chose, yesterday's composer back, a quiet terminal.

Was: dark mode was only an environment variable; the composer came back empty after a restart; every video
QtMultimedia opened printed a ten-line FFmpeg dump to the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from composer_helpers import make_window, write_png
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from gamecraft_desktop.core.camera_path import CameraPath


def _dark(app: QApplication) -> bool:
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def test_view_theme_switches_live_and_is_kept(qtbot: Any) -> None:
    from gamecraft_desktop.ui.theme import apply_theme, saved_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = make_window(qtbot)
    menu = window.findChild(type(window.menuBar().actions()[0].menu()), "themeMenu")
    assert menu is not None, "View ▸ Theme is missing"
    menu.aboutToShow.emit()  # as opening it does: the menu fills itself then
    assert [a.text().replace("&", "") for a in menu.actions()] == ["System", "Light", "Dark"]
    assert menu.theme_actions["system"].isChecked()
    try:
        menu.theme_actions["dark"].trigger()
        assert _dark(app) and saved_theme() == "dark" and menu.theme_actions["dark"].isChecked()
        QApplication.processEvents()
        image = window.grab().toImage()  # the window itself is repainted dark, no restart
        assert image.pixelColor(5, image.height() - 5).lightness() < 128
        menu.theme_actions["light"].trigger()
        assert not _dark(app) and saved_theme() == "light"
        menu.theme_actions["system"].trigger()
        assert saved_theme() == "system"
    finally:
        apply_theme(app, "system")


def _compose(qtbot: Any, window: Any, image: Path) -> None:
    window.drop_zone.load_path(image)
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.composer.prompt_editor.prompt.setPlainText("a lighthouse at dusk")
    window.composer.parameters.seed.setText("4321")
    window.composer.parameters.steps.setValue(7)
    window.doc.set_path(CameraPath.of("wdd", [0.3, 0.4, 0.5]))


def test_the_last_sessions_composer_comes_back_unless_file_new(qtbot: Any, tmp_path: Path) -> None:
    from gamecraft_desktop.ui.session import restore_session

    image = write_png(tmp_path / "cliff.png", 1280, 720)
    first = make_window(qtbot)
    _compose(qtbot, first, image)
    first.show()
    first.close()  # quitting keeps the composer for the next start

    second = make_window(qtbot)
    assert restore_session(second.projects)
    qtbot.waitUntil(lambda: second.drop_zone.current() is not None, timeout=5000)
    assert second.drop_zone.current().path == image
    assert second.composer.prompt_editor.text() == "a lighthouse at dusk"
    assert second.composer.parameters.seed_value() == 4321 and second.composer.parameters.steps.value() == 7
    assert second.doc.path() == CameraPath.of("wdd", [0.3, 0.4, 0.5])
    # Not an unsaved project: nothing to save, no asterisk, still Untitled.
    assert not second.isWindowModified() and second.projects.file is None
    assert second.windowTitle().startswith("Untitled")

    second.new_action.trigger()  # File ▸ New: the next start is empty
    second.show()
    second.close()
    third = make_window(qtbot)
    restore_session(third.projects)
    assert third.composer.prompt_editor.text() == "" and third.drop_zone.current() is None
    for w in (first, second, third):
        w.drop_zone.wait_for_loads(5000)


def test_an_open_project_file_is_reopened_not_copied(qtbot: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from gamecraft_desktop.ui.session import restore_session

    image = write_png(tmp_path / "cliff.png", 1280, 720)
    first = make_window(qtbot)
    _compose(qtbot, first, image)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "cliff"), ""))
    assert first.projects.save_as()
    first.show()
    first.close()
    second = make_window(qtbot)
    assert restore_session(second.projects)
    assert second.projects.file == tmp_path / "cliff.gamecraft.json"
    assert second.composer.prompt_editor.text() == "a lighthouse at dusk"
    for w in (first, second):
        w.drop_zone.wait_for_loads(5000)


@pytest.mark.slow
def test_ffmpeg_chatter_goes_to_the_log_not_the_terminal(qtbot: Any, tmp_path: Path, capfd: Any,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from gamecraft_desktop.media.renderer import render_camera_move
    from gamecraft_desktop.ui.player_view import MULTIMEDIA_ERROR, PlayerView

    if MULTIMEDIA_ERROR is not None:
        pytest.skip(f"QtMultimedia unavailable: {MULTIMEDIA_ERROR}")
    video = render_camera_move(write_png(tmp_path / "in.png", 640, 360), CameraPath.of("w", 0.2),
                               tmp_path / "clip.mp4", mark=None)
    capfd.readouterr()
    caplog.set_level(logging.DEBUG, logger="gamecraft_desktop.ffmpeg")
    player = PlayerView()
    qtbot.addWidget(player)
    player.set_video(video, frame_count=33)
    qtbot.waitUntil(lambda: player.frames_seen > 0, timeout=10_000)
    player.shutdown()
    err = capfd.readouterr().err
    assert "Input #0" not in err and "Stream #0" not in err, err
    lines = [r for r in caplog.records if r.name == "gamecraft_desktop.ffmpeg"]
    assert any("Input #0" in r.getMessage() for r in lines)
    assert all(r.levelno == logging.DEBUG for r in lines if "Input #0" in r.getMessage())

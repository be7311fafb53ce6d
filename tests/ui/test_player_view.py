"""The inline player: plays every frame (counted through the video sink), steps exactly one frame, scrubs,
marks sandbox videos, drags the file out, and degrades in words without QtMultimedia."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from gamecraft_desktop.core.camera_path import CameraPath


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gamecraft_desktop.media.renderer import render_camera_move

    out = tmp_path_factory.mktemp("player") / "one.mp4"
    return render_camera_move(Image.new("RGB", (1216, 704), (90, 60, 30)), CameraPath.of("w", 0.3), out)


@pytest.fixture
def player(qtbot: Any) -> Any:
    from gamecraft_desktop.ui.player_view import PlayerView

    view = PlayerView()
    qtbot.addWidget(view)
    view.resize(640, 420)
    view.show()
    yield view
    view.shutdown()


@pytest.mark.slow
def test_plays_every_frame_in_a_loop(qtbot: Any, player: Any, video: Path) -> None:
    seen: set[int] = set()
    player.frameChanged.connect(seen.add)
    player.set_video(video, sandbox=True, job_id="job-1", frame_count=33)
    qtbot.waitUntil(lambda: 32 in seen and 0 in seen, timeout=15_000)
    assert player.frames_seen >= 20  # frames delivered through the QVideoSink
    assert len(seen) >= 25
    assert player.is_playing()  # looping: still playing after the last frame
    assert player.findChild(type(player._badge), "sandboxBadge").isVisible()
    label = player._time_label.text()
    assert "/ 33" in label and "frame" in label


def test_frame_step_moves_exactly_one_frame_and_pauses(qtbot: Any, player: Any, video: Path) -> None:
    emitted: list[int] = []
    player.set_video(video, job_id="job-2", frame_count=33)
    qtbot.waitUntil(lambda: player.frames_seen > 3, timeout=15_000)
    player.pause()
    player.seek_frame(10)
    player.frameChanged.connect(emitted.append)
    qtbot.keyClick(player, Qt.Key.Key_Period)
    assert not player.is_playing()
    assert player.current_frame == 11
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert player.current_frame == 12
    qtbot.keyClick(player, Qt.Key.Key_Comma)
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert player.current_frame == 10
    assert emitted[:4] == [11, 12, 11, 10]
    qtbot.wait(300)  # the decoder shows the stepped-to frame and the sink agrees
    assert player.current_frame == 10
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.is_playing()
    assert not player.findChild(type(player._badge), "sandboxBadge").isVisible()


def test_scrub_and_save_and_drag(qtbot: Any, player: Any, video: Path) -> None:
    player.set_video(video, job_id="job-3", frame_count=33, autoplay=False)
    player._slider.setValue(20)
    assert player.current_frame == 20
    with qtbot.waitSignal(player.saveRequested) as sig:
        player._save_button.click()
    assert sig.args == ["job-3"]
    mime = player.drag_mime_data()
    assert mime is not None and mime.urls()[0].toLocalFile() == str(video)


def test_preview_cannot_be_saved(qtbot: Any, player: Any, video: Path) -> None:
    player.set_video(video, preview=True, frame_count=33, autoplay=False)
    assert not player._save_button.isEnabled()
    assert "PREVIEW" in player._badge.text()


def test_without_qtmultimedia_it_says_why(qtbot: Any, monkeypatch: pytest.MonkeyPatch, video: Path) -> None:
    from gamecraft_desktop.ui import player_view

    monkeypatch.setattr(player_view, "MULTIMEDIA_ERROR", "ImportError: libpulse.so.0: cannot open shared object")
    view = player_view.PlayerView()
    qtbot.addWidget(view)
    view.set_video(video, job_id="job-4", frame_count=33)
    assert not view.multimedia_available
    text = view._message.text()
    assert "QtMultimedia could not be loaded" in text and "libpulse0" in text
    assert view._save_button.isEnabled()
    assert not view._play_button.isEnabled()


def test_time_label_reads_minutes_seconds_tenths_without_milliseconds(qtbot: Any, player: Any, video: Path) -> None:
    """Audit: '00:01.000 / 00:08.250   frame 25 / 198' changed every frame in its milliseconds."""
    import re

    from gamecraft_desktop.ui.player_view import format_time

    assert format_time(0) == "0:00.0"
    assert format_time(1041.7) == "0:01.0"
    assert format_time(8250, round_up=True) == "0:08.3"  # a total never reads shorter than the video
    assert format_time(8208) == "0:08.2"  # a position never reads past its total
    assert format_time(75_500) == "1:15.5"
    player.set_video(video, job_id="job-t", frame_count=33, autoplay=False)
    player.seek_frame(24)
    qtbot.waitUntil(lambda: player.current_frame == 24, timeout=10_000)
    text = player._time_label.text()
    assert re.fullmatch(r"0:01\.0 / 0:01\.4 · frame 25 / 33", text), text
    width = player._time_label.minimumWidth()
    player.seek_frame(0)
    qtbot.waitUntil(lambda: player.current_frame == 0, timeout=10_000)
    assert player._time_label.minimumWidth() == width  # the controls beside it never shift while playing


def test_player_tooltip_lists_its_keys(player: Any) -> None:
    tip = player.toolTip()
    for key in ("Space", "comma", "full stop", "Home", "End"):
        assert key in tip

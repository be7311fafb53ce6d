"""The Export dialog (offscreen, real export sessions on worker threads, real H.264 videos): every format
writes exactly the frames of the range it shows, with the sidecar; a live size estimate; the MP4 note;
Cancel leaves nothing; errors in words."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "media"))
from export_samples import barcode_video, decoded_images, pillow_frames, read_index, sandbox_clip, sidecar_for
from PIL import Image

from gamecraft_desktop.media.export_plan import ExportFormat

F = ExportFormat


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return barcode_video(tmp_path_factory.mktemp("dlg") / "clip.mp4", 60, gop=12, bframes=2)


@pytest.fixture
def make_dialog(qtbot: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    from gamecraft_desktop.jobs.export_service import ExportSession, ExportSource
    from gamecraft_desktop.ui.export_dialog import EXPORT_FOLDER, ExportDialog

    EXPORT_FOLDER.remember(tmp_path / "clip.mp4")
    made: list[Any] = []

    def make(video: Path, *, trim: tuple[int, int] | None = None, frame: int = 0,
             initial: ExportFormat | None = None, sidecar: dict[str, Any] | None = None) -> Any:
        side = sidecar if sidecar is not None else sidecar_for("ws", prompt="the dialog's clip")
        source = ExportSource("This job's video", video, lambda: side, "clip-seed1234")
        dialog = ExportDialog([source], session_factory=lambda s: ExportSession(s, app_version="t"), trim=trim,
                              frame=frame, initial=initial)
        qtbot.addWidget(dialog)
        dialog.show()
        made.append(dialog)
        qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=15_000)
        return dialog

    yield make
    for dialog in made:
        dialog.shutdown()


def choose(dialog: Any, fmt: ExportFormat) -> None:
    dialog.format_box.setCurrentIndex(list(ExportFormat).index(fmt))


def export_and_wait(qtbot: Any, dialog: Any) -> Any:
    with qtbot.waitSignal(dialog.session.finished, timeout=60_000) as sig:
        dialog.export_button.click()
    return sig.args[0]


def sidecar_of(path: Path) -> dict[str, Any]:
    return json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", [F.MP4, F.GIF, F.WEBP, F.PNG_FRAMES, F.CONTACT_SHEET])
@pytest.mark.slow
def test_every_range_format_exports_the_players_in_out_range(qtbot: Any, make_dialog: Any, video: Path,
                                                             fmt: ExportFormat) -> None:
    dialog = make_dialog(video, trim=(13, 40))
    choose(dialog, fmt)
    assert (dialog.first_spin.value(), dialog.last_spin.value()) == (14, 41)  # shown from 1, as the player
    qtbot.waitUntil(lambda: "Estimated size" in dialog.estimate_label.text(), timeout=15_000)
    result = export_and_wait(qtbot, dialog)
    out = result.path
    if fmt is F.PNG_FRAMES:
        names = sorted(p.name for p in out.iterdir())
        assert names[0] == "frame-0014.png" and names[-1] == "frame-0041.png" and len(names) == 28
    elif fmt is F.CONTACT_SHEET:
        assert result.frames == 12 and out.suffix == ".png"
    else:
        images = decoded_images(out) if fmt is F.MP4 else pillow_frames(out)[0]
        got = [read_index(im) for im in images]
        assert got[0] == 13 and got[-1] == 40 and len(got) == 28
    side = sidecar_of(out)
    assert side["export"]["trim"] == {"from_frame": 14, "to_frame": 41} and side["export"]["format"] == fmt.value
    assert side["input"]["prompt"] == "the dialog's clip"
    assert "Exported" in dialog.status_label.text() and out.name in dialog.status_label.text()


def test_current_frame_as_png(qtbot: Any, make_dialog: Any, video: Path) -> None:
    dialog = make_dialog(video, frame=33, initial=F.FRAME)
    assert dialog.frame_spin.value() == 34 and not dialog.frames_row.isVisible()
    result = export_and_wait(qtbot, dialog)
    with Image.open(result.path) as im:
        assert read_index(im) == 33 and im.size == (256, 144)
    assert result.path.name == "clip-seed1234_frame34.png"


@pytest.mark.slow
def test_size_and_frame_rate_change_the_estimate_and_the_file(qtbot: Any, make_dialog: Any, video: Path) -> None:
    dialog = make_dialog(video, initial=F.GIF)
    qtbot.waitUntil(lambda: "128 × 72" in dialog.estimate_label.text(), timeout=15_000)  # GIFs start at 50 %
    dialog.size_box.setCurrentIndex(2)  # a width
    dialog.width_spin.setValue(200)
    dialog.fps_spin.setValue(12)
    qtbot.waitUntil(lambda: "200 × 113" in dialog.estimate_label.text() and "12 fps" in dialog.estimate_label.text()
                    and "30 frames" in dialog.estimate_label.text(), timeout=15_000)
    result = export_and_wait(qtbot, dialog)
    images, durations = pillow_frames(result.path)
    assert len(images) == 30 and images[0].size == (200, 113) and durations[0] in (80, 90)


def test_mp4_says_whether_it_copies_or_reencodes(qtbot: Any, make_dialog: Any, video: Path) -> None:
    dialog = make_dialog(video, trim=(12, 35), initial=F.MP4)
    qtbot.waitUntil(lambda: "no re-encoding" in dialog.note_label.text(), timeout=15_000)
    dialog.first_spin.setValue(15)
    qtbot.waitUntil(lambda: "frame 15 is not a keyframe" in dialog.note_label.text(), timeout=15_000)


def test_a_range_that_cannot_be_exported_is_said_and_blocked(qtbot: Any, make_dialog: Any, video: Path) -> None:
    dialog = make_dialog(video, initial=F.WEBP)
    dialog.first_spin.setValue(50)
    dialog.last_spin.setValue(20)
    qtbot.waitUntil(lambda: "starts after it ends" in dialog.note_label.text(), timeout=15_000)
    assert not dialog.export_button.isEnabled() and dialog.note_label.property("role") == "error"
    dialog.whole_button.click()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=15_000)
    assert (dialog.first_spin.value(), dialog.last_spin.value()) == (1, 60)


@pytest.mark.slow
def test_cancel_stops_the_export_and_leaves_nothing(qtbot: Any, make_dialog: Any, tmp_path: Path) -> None:
    clip = sandbox_clip(tmp_path / "clip.mp4")  # 132 frames of 1216 × 704: seconds of PNG work
    dialog = make_dialog(clip, initial=F.PNG_FRAMES)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dialog.path_edit.setText(str(out_dir / "frames"))
    dialog.session.progress.connect(lambda done, _total: dialog.cancel_export() if done == 1 else None)
    with qtbot.waitSignal(dialog.session.failed, timeout=60_000) as sig:
        dialog.export_button.click()
        assert dialog.close_button.text() == "Cancel" and dialog.progress.isVisible()
    assert sig.args[0] == "cancelled"
    assert dialog.status_label.text() == "Cancelled: nothing was written."
    assert list(out_dir.iterdir()) == []
    assert dialog.close_button.text() == "Close" and dialog.export_button.isEnabled()


def test_an_existing_file_is_replaced_only_when_the_person_agrees(qtbot: Any, make_dialog: Any, video: Path,
                                                                  tmp_path: Path) -> None:
    dialog = make_dialog(video, initial=F.FRAME)
    target = tmp_path / "mine.png"
    target.write_bytes(b"mine")
    dialog.path_edit.setText(str(target))
    asked: list[str] = []
    dialog.confirm_replace = lambda title, _text: asked.append(title) is not None and False
    dialog.export_button.click()
    assert asked == ["Replace mine.png?"] and target.read_bytes() == b"mine"
    dialog.confirm_replace = lambda _title, _text: True
    export_and_wait(qtbot, dialog)
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_a_folder_that_cannot_be_written_is_said(qtbot: Any, make_dialog: Any, video: Path, tmp_path: Path) -> None:
    dialog = make_dialog(video, initial=F.GIF)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dialog.path_edit.setText(str(blocker / "clip.gif"))
    with qtbot.waitSignal(dialog.session.failed, timeout=30_000) as sig:
        dialog.export_button.click()
    assert sig.args[0] == "output"
    assert dialog.status_label.property("role") == "error" and "a-file" in dialog.status_label.text()


def test_an_undecodable_video_is_said(qtbot: Any, tmp_path: Path) -> None:
    from gamecraft_desktop.jobs.export_service import ExportSession, ExportSource
    from gamecraft_desktop.ui.export_dialog import ExportDialog

    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00" * 500)
    source = ExportSource("Video", bad, lambda: None, "bad")
    dialog = ExportDialog([source], session_factory=lambda s: ExportSession(s, app_version="t"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "cannot be exported" in dialog.estimate_label.text(), timeout=15_000)
    assert "not a video" in dialog.status_label.text() and not dialog.export_button.isEnabled()
    dialog.shutdown()

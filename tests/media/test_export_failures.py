"""Exports that cannot be done, or stop half-way, say why in a sentence and leave nothing behind: no
partial file, no temp file, no sidecar. A full disk and a read-only folder are real where the machine
allows it (a small tmpfs, a read-only mount: needs root), and simulated otherwise."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from export_samples import barcode_video

from gamecraft_desktop.media import export as export_module
from gamecraft_desktop.media.export import run_export
from gamecraft_desktop.media.export_plan import ExportError, ExportFormat, ExportRequest, SizeChoice

F = ExportFormat


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return barcode_video(tmp_path_factory.mktemp("v") / "v.mp4", 48)


def attempt(video: Path, out: Path, fmt: ExportFormat, **kw: object) -> ExportError:
    with pytest.raises(ExportError) as info:
        run_export(video, ExportRequest(fmt, out, **kw), sidecar=None, app_version="t")  # type: ignore[arg-type]
    return info.value


@contextmanager
def _tmpfs(target: Path, options: str, why: str) -> Iterator[Path]:
    """A real tmpfs mounted at `target` for the test (needs root), else the test is skipped."""
    target.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True).returncode == 0
    if not mounted:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {why}")
    try:
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KB file system."""
    with _tmpfs(tmp_path / "small", "size=256k", "the simulated full disk test still runs") as target:
        yield target


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A read-only folder: a read-only mount for root (who may write anywhere else), mode 555 otherwise."""
    if os.geteuid() != 0:
        target = tmp_path / "ro"
        target.mkdir(mode=0o555)
        yield target
        target.chmod(0o755)
        return
    with _tmpfs(tmp_path / "ro", "ro,size=64k", "no read-only folder for root") as target:
        yield target


@pytest.mark.parametrize("fmt", [F.MP4, F.GIF, F.WEBP, F.PNG_FRAMES, F.CONTACT_SHEET])
def test_cancel_leaves_nothing(video: Path, tmp_path: Path, fmt: ExportFormat) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 4  # after a few frames

    with pytest.raises(ExportError) as info:
        run_export(video, ExportRequest(fmt, out_dir / f"x{fmt.suffix}", size=SizeChoice("half"), first=13),
                   sidecar=None, app_version="t", should_stop=stop)
    assert info.value.kind == "cancelled"
    assert list(out_dir.iterdir()) == []


def test_missing_and_undecodable_videos(tmp_path: Path) -> None:
    assert attempt(tmp_path / "nope.mp4", tmp_path / "o.gif", F.GIF).kind == "video"
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    error = attempt(text, tmp_path / "o.gif", F.GIF)
    assert error.kind == "video" and "not a video" in str(error)


def test_a_cut_off_video_is_reported(video: Path, tmp_path: Path) -> None:
    data = video.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 2])
    error = attempt(cut, tmp_path / "o.png", F.FRAME, frame=40)
    assert error.kind == "video"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.mp4"]


@pytest.mark.parametrize(("kw", "field", "words"), [
    ({"first": 48}, "first", "frames 1 to 48"),
    ({"last": 60}, "last", "(61) is outside"),
    ({"first": 20, "last": 10}, "last", "starts after it ends"),
])
def test_a_range_outside_the_video(video: Path, tmp_path: Path, kw: dict[str, int], field: str, words: str) -> None:
    error = attempt(video, tmp_path / "o.gif", F.GIF, **kw)
    assert (error.kind, error.field) == ("range", field) and words in str(error)


def test_frame_outside_the_video(video: Path, tmp_path: Path) -> None:
    error = attempt(video, tmp_path / "o.png", F.FRAME, frame=48)
    assert error.kind == "range" and "frames 1 to 48" in str(error)


def test_an_existing_output_is_kept_unless_replacing(video: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.png"
    out.write_bytes(b"mine")
    assert attempt(video, out, F.FRAME, overwrite=False).kind == "exists"
    assert out.read_bytes() == b"mine"
    assert attempt(video, video, F.MP4).kind == "options"  # never over the video being exported
    assert attempt(video, tmp_path, F.GIF).kind == "output"  # a folder where a file goes


def test_an_unwritable_folder(video: Path, read_only_folder: Path) -> None:
    error = attempt(video, read_only_folder / "o.gif", F.GIF)
    assert error.kind == "output" and "cannot be written" in str(error)


def test_a_full_disk_leaves_nothing(video: Path, small_disk: Path) -> None:
    error = attempt(video, small_disk / "big.png", F.PNG_FRAMES)  # ~2 MB of frames on 256 KB
    assert error.kind == "disk" and "disk is full" in str(error)
    assert list(small_disk.iterdir()) == []
    error = attempt(video, small_disk / "big.gif", F.GIF)
    assert error.kind == "disk" and list(small_disk.iterdir()) == []


def test_a_simulated_full_disk_leaves_nothing(video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake: ENOSPC raised by the sidecar write, after the video file itself was fully written."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def full(*_a: object, **_k: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module, "sidecar_json", full)
    error = attempt(video, out_dir / "o.gif", F.GIF, size=SizeChoice("half"))
    assert error.kind == "disk"
    assert list(out_dir.iterdir()) == []


def test_options_that_do_not_fit(video: Path, tmp_path: Path) -> None:
    assert attempt(video, tmp_path / "o.gif", F.GIF, size=SizeChoice("width", 3)).field == "size"
    assert attempt(video, tmp_path / "o.gif", F.GIF, fps=0.0).field == "fps"
    assert attempt(video, tmp_path / "o.png", F.CONTACT_SHEET, tiles=0).field == "tiles"
    with pytest.raises(ExportError):
        SizeChoice.parse("huge")
    assert SizeChoice.parse("50%") == SizeChoice("half") and SizeChoice.parse("608") == SizeChoice("width", 608)

"""probe_video and extract_frame against videos whose every frame is a known solid colour."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from media_samples import COUNTS_THREADS, Colour, most_threads_while, nearest, palette, thread_count
from PIL import Image

from gamecraft_desktop.media import MediaError, extract_frame, is_mp4, probe_video
from gamecraft_desktop.media import frames as frames_mod


def _colour_of(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"), dtype=np.float64).reshape(-1, 3).mean(axis=0)


def test_probe_reports_size_rate_frames_duration_codec(solid_video: tuple[Path, list[Colour]]) -> None:
    path, colours = solid_video
    info = probe_video(path)
    assert (info.width, info.height) == (64, 48)
    assert info.fps == 24.0
    assert info.frame_count == len(colours) == 40
    assert info.duration_s == pytest.approx(40 / 24, abs=1e-6)
    assert info.codec == "h264"


def test_probe_counts_frames_when_the_container_does_not_say(make_video: Callable[..., Path]) -> None:
    # Matroska stores no frame count: the count comes from the packets.
    path = make_video("solid.mkv", palette(27), fmt="matroska")
    info = probe_video(path)
    assert info.frame_count == 27
    assert info.fps == 24.0


@pytest.mark.parametrize("index", [0, 1, 9, 10, 11, 23, 38, 39])
def test_extract_frame_returns_exactly_that_frame(solid_video: tuple[Path, list[Colour]], index: int) -> None:
    path, colours = solid_video
    img = extract_frame(path, index)
    assert img.mode == "RGB"
    assert img.size == (64, 48)
    assert nearest(_colour_of(img), colours) == index


def test_every_frame_by_seeking_matches_its_colour(
    solid_video: tuple[Path, list[Colour]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frames are found by seeking to a keyframe, not by decoding from the start (which is disabled here)."""
    path, colours = solid_video

    def no_counting(*_: object) -> None:
        raise AssertionError("fell back to decoding from the start")

    monkeypatch.setattr(frames_mod, "_by_counting", no_counting)
    got = [nearest(_colour_of(extract_frame(path, i)), colours) for i in range(1, len(colours))]
    assert got == list(range(1, len(colours)))
    assert nearest(_colour_of(extract_frame(path, -1)), colours) == len(colours) - 1


def test_last_frame_of_matroska(make_video: Callable[..., Path]) -> None:
    colours = palette(21)
    path = make_video("solid.mkv", colours, fmt="matroska", gop=5)
    assert nearest(_colour_of(extract_frame(path, -1)), colours) == 20
    assert nearest(_colour_of(extract_frame(path, 13)), colours) == 13


def test_frame_past_the_end_is_a_media_error(solid_video: tuple[Path, list[Colour]]) -> None:
    path, _ = solid_video
    with pytest.raises(MediaError, match="only 40 frames"):
        extract_frame(path, 40)
    with pytest.raises(ValueError):
        extract_frame(path, -2)


# --- broken inputs ---------------------------------------------------------------------------------


@pytest.fixture
def broken_files(tmp_path: Path, solid_video: tuple[Path, list[Colour]]) -> dict[str, tuple[Path, str]]:
    """name -> (file, a phrase the error message must contain)."""
    good = solid_video[0].read_bytes()
    files: dict[str, tuple[Path, str]] = {}

    def add(name: str, data: bytes, phrase: str) -> None:
        p = tmp_path / name
        p.write_bytes(data)
        files[name] = (p, phrase)

    add("empty.mp4", b"", "empty (0 bytes)")
    add("garbage.mp4", bytes(range(256)) * 40, "not a video")
    add("text.mp4", b"this is not a video\n" * 50, "not a video")
    buf = tmp_path / "still.png"
    Image.new("RGB", (32, 32), (200, 10, 10)).save(buf)
    files["still.png"] = (buf, "still image")
    add("head-only.mp4", good[:64], "")  # ftyp and a sliver of the index
    files["missing.mp4"] = (tmp_path / "missing.mp4", "does not exist")
    return files


@pytest.mark.parametrize(
    "name", ["empty.mp4", "garbage.mp4", "text.mp4", "still.png", "head-only.mp4", "missing.mp4"]
)
def test_broken_inputs_raise_media_error_with_a_message(
    broken_files: dict[str, tuple[Path, str]], name: str
) -> None:
    path, phrase = broken_files[name]
    for call in (lambda: probe_video(path), lambda: extract_frame(path, 0), lambda: extract_frame(path, -1)):
        with pytest.raises(MediaError) as err:
            call()
        message = str(err.value)
        assert phrase in message
        assert path.name in message
        assert "Traceback" not in message and "avcodec" not in message


def test_cut_off_download_is_reported_as_incomplete(make_video: Callable[..., Path], tmp_path: Path) -> None:
    # faststart: the index (promising 40 frames) is at the front, so a cut-off file still opens.
    full = make_video("full.mp4", palette(40), size=(320, 240))
    data = full.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError, match="incomplete"):
        probe_video(cut)
    with pytest.raises(MediaError, match="incomplete"):
        extract_frame(cut, -1)
    # Without faststart the index is at the end and the file does not even open.
    late = make_video("late.mp4", palette(40), size=(320, 240), faststart=False)
    cut2 = tmp_path / "cut2.mp4"
    cut2.write_bytes(late.read_bytes()[: len(data) // 2])
    with pytest.raises(MediaError, match="not a video"):
        probe_video(cut2)


def test_is_mp4_sniffs_the_ftyp_box(solid_video: tuple[Path, list[Colour]], tmp_path: Path) -> None:
    path, _ = solid_video
    assert is_mp4(path)
    assert is_mp4(path.read_bytes()[:32])
    assert is_mp4(str(path))
    assert not is_mp4(b"")
    assert not is_mp4(b"\x00\x00\x00\x18ftyp")  # too short to hold a brand
    assert not is_mp4(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    assert not is_mp4(b"\x1aE\xdf\xa3" + b"\x00" * 16)  # Matroska
    assert not is_mp4(tmp_path / "missing.mp4")
    assert not is_mp4(tmp_path)


@COUNTS_THREADS
def test_a_thumbnail_frame_is_decoded_without_extra_threads(make_video: Callable[..., Path]) -> None:
    # A last-frame thumbnail decodes the whole clip from its only keyframe. On extra FFmpeg threads that work
    # crowds a two-core machine and keeps the job workers (which hold the GIL) from the window (issue #16).
    from gamecraft_desktop.media._av import open_video

    path = make_video("long.mp4", palette(48) * 3, size=(640, 368), gop=1000)

    decoded: list[int] = []

    def decode_all() -> None:
        with open_video(path) as (container, stream):
            decoded.append(sum(1 for _ in container.decode(stream)))

    baseline = thread_count() + 1  # + the sampler
    assert most_threads_while(decode_all) > baseline  # FFmpeg's own threads are visible to the sampler
    assert decoded == [144]
    assert most_threads_while(lambda: extract_frame(path, -1, fit=(320, 184))) <= baseline
    assert most_threads_while(lambda: extract_frame(path, 100)) <= baseline

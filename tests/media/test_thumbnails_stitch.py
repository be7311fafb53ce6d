"""Thumbnails of the first/last frame, and joining a continuation onto a video."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from media_samples import Colour, nearest, palette
from PIL import Image

from gamecraft_desktop.media import MediaError, concat_videos, extract_frame, make_thumbnail, probe_video
from gamecraft_desktop.media.frames import fitted_size


def _colour(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"), dtype=np.float64).reshape(-1, 3).mean(axis=0)


@pytest.mark.parametrize(("which", "suffix", "fmt"), [("first", ".png", "PNG"), ("last", ".jpg", "JPEG")])
@pytest.mark.slow
def test_thumbnail_of_first_and_last_frame(
    make_video: Callable[..., Path], tmp_path: Path, which: str, suffix: str, fmt: str
) -> None:
    colours = palette(30)
    video = make_video("v.mp4", colours, size=(1216, 704), gop=12)
    out = tmp_path / "thumbs" / f"t{suffix}"
    assert make_thumbnail(video, out, which=which) == out  # type: ignore[arg-type]
    with Image.open(out) as img:
        assert img.format == fmt
        assert img.width <= 320 and img.height <= 184
        assert max(img.width / 320, img.height / 184) == pytest.approx(1.0, abs=0.01)  # fills the box
        assert img.width / img.height == pytest.approx(1216 / 704, rel=0.02)  # aspect kept
        want = 0 if which == "first" else 29
        assert nearest(_colour(img), colours) == want
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temp file left behind


def test_thumbnail_replaces_an_old_one_and_rejects_unknown_suffix(
    solid_video: tuple[Path, list[Colour]], tmp_path: Path
) -> None:
    video, colours = solid_video
    out = tmp_path / "t.png"
    out.write_bytes(b"old")
    make_thumbnail(video, out, which="last", max_size=(32, 32))
    with Image.open(out) as img:
        assert img.size == (32, 24)
        assert nearest(_colour(img), colours) == 39
    with pytest.raises(ValueError):
        make_thumbnail(video, tmp_path / "t.gif")


@given(st.integers(1, 4000), st.integers(1, 4000), st.integers(1, 800), st.integers(1, 800))
def test_thumbnails_keep_the_size_pillow_would_give(width: int, height: int, box_w: int, box_h: int) -> None:
    """Thumbnails are scaled by FFmpeg now; their sizes stay exactly what Pillow's `thumbnail` made before
    (the job rows and the review room lay them out by it)."""
    pillow = Image.new("L", (width, height))
    pillow.thumbnail((box_w, box_h))
    assert fitted_size(width, height, (box_w, box_h)) == pillow.size


def test_thumbnail_of_a_broken_video_is_a_media_error_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00\x00\x00\x20ftypisom" + b"\x00" * 200)
    out = tmp_path / "out" / "t.png"
    with pytest.raises(MediaError):
        make_thumbnail(bad, out)
    assert not out.exists()


@pytest.mark.parametrize("drop", [False, True])
def test_concat_appends_the_continuation(make_video: Callable[..., Path], tmp_path: Path, drop: bool) -> None:
    colours = palette(40)
    first = make_video("a.mp4", colours[:20], size=(96, 64))
    # The continuation starts on the first video's last frame (as a continued generation does).
    second = make_video("b.mp4", colours[19:33], size=(96, 64))
    out = concat_videos(first, second, tmp_path / "joined.mp4", drop_first_of_second=drop, preset="ultrafast")
    info = probe_video(out)
    expected = [*range(20), *range(19 if not drop else 20, 33)]
    assert info.frame_count == len(expected)
    assert (info.width, info.height, info.fps, info.codec) == (96, 64, 24.0, "h264")
    with av.open(str(out)) as c:
        got = [nearest(_colour(f.to_image()), colours) for f in c.decode(video=0)]
    assert got == expected
    assert nearest(_colour(extract_frame(out, -1)), colours) == 32


def test_concat_scales_the_second_video_to_the_first_size(
    make_video: Callable[..., Path], tmp_path: Path
) -> None:
    colours = palette(8)
    first = make_video("a.mp4", colours[:4], size=(96, 64))
    second = make_video("b.mp4", colours[4:], size=(48, 32))
    out = concat_videos(first, second, tmp_path / "j.mp4", preset="ultrafast")
    info = probe_video(out)
    assert (info.width, info.height, info.frame_count) == (96, 64, 8)
    assert nearest(_colour(extract_frame(out, 6)), colours) == 6


def test_concat_with_a_broken_input_raises_and_leaves_no_file(
    make_video: Callable[..., Path], tmp_path: Path
) -> None:
    good = make_video("a.mp4", palette(3))
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for a, b in ((good, empty), (empty, good)):
        with pytest.raises(MediaError, match="empty"):
            concat_videos(a, b, out_dir / "j.mp4")
    assert list(out_dir.iterdir()) == []

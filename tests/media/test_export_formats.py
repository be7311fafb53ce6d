"""Every export format, from real H.264 videos: the exact frames of the trim range (first and last
included), frame counts, sizes, timing, the MP4 copy-or-re-encode rule, and the sidecar beside each output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from export_samples import (
    barcode_video,
    decoded_images,
    pillow_frames,
    read_index,
    sidecar_for,
)
from PIL import Image

from gamecraft_desktop.core.sidecar import SIDECAR_FORMAT
from gamecraft_desktop.media.export import estimate_size, make_plan, open_table, run_export
from gamecraft_desktop.media.export_plan import ExportFormat, ExportRequest, SizeChoice

F = ExportFormat


@pytest.fixture(scope="module")
def gop_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 frames, keyframes at 0, 12, 24, 36, 48, two B-frames between references (closed GOPs)."""
    return barcode_video(tmp_path_factory.mktemp("v") / "gop.mp4", 60, gop=12, bframes=2)


def export(video: Path, out: Path, fmt: ExportFormat, sidecar: dict[str, Any] | None = None, **kw: Any) -> Any:
    return run_export(video, ExportRequest(fmt, out, **kw), sidecar=sidecar, app_version="9.9-test")


def indices(images: list[Image.Image]) -> list[int]:
    return [read_index(im) for im in images]


def read_sidecar(out: Path) -> dict[str, Any]:
    return json.loads(out.with_name(out.name + ".json").read_text(encoding="utf-8"))


# --- MP4 ----------------------------------------------------------------------------------------------


def test_mp4_cut_on_keyframes_copies_the_frames_as_they_are(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "cut.mp4"
    result = export(gop_video, out, F.MP4, first=12, last=35)  # frames 13–36: two whole GOPs
    assert result.copied and "no re-encoding" in result.note
    exported = decoded_images(out)
    assert indices(exported) == list(range(12, 36))
    source = decoded_images(gop_video)
    # The same compressed frames decode to the very same pixels.
    assert exported[0].tobytes() == source[12].tobytes() and exported[-1].tobytes() == source[35].tobytes()
    side = read_sidecar(out)
    assert side["export"]["format"] == "mp4" and side["export"]["reencoded"] is False
    assert side["export"]["trim"] == {"from_frame": 13, "to_frame": 36}


@pytest.mark.parametrize(("first", "last", "why"), [(13, 30, "not a keyframe"), (12, 19, "B-frames")])
def test_mp4_cut_elsewhere_is_reencoded_to_the_exact_frames(gop_video: Path, tmp_path: Path, first: int,
                                                            last: int, why: str) -> None:
    out = tmp_path / "cut.mp4"
    result = export(gop_video, out, F.MP4, first=first, last=last)
    assert not result.copied and "Re-encoded" in result.note and why in result.note
    assert indices(decoded_images(out)) == list(range(first, last + 1))
    assert read_sidecar(out)["export"]["reencoded"] is True


def test_mp4_b_frames_across_a_cut_forbid_copying(gop_video: Path) -> None:
    table = open_table(gop_video)
    assert table.can_copy(12, 35) and table.can_copy(0, 59)
    # Frames 13 and 14 (B) are decoded after 15 (P): a cut between them cannot copy.
    assert not table.can_copy(12, 12 + 1) and not table.can_copy(13, 35)


def test_mp4_at_half_size_is_reencoded(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "half.mp4"
    result = export(gop_video, out, F.MP4, size=SizeChoice("half"))
    assert not result.copied and result.size == (128, 72)
    images = decoded_images(out)
    assert len(images) == 60 and images[0].size == (128, 72) and indices(images) == list(range(60))


# --- GIF and WebP ---------------------------------------------------------------------------------------


def test_gif_holds_the_range_at_its_frame_rate_and_loops(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "clip.gif"
    result = export(gop_video, out, F.GIF, first=5, last=52)
    images, durations = pillow_frames(out)
    assert result.frames == len(images) == 48
    assert indices(images) == list(range(5, 53))
    # 24 fps in hundredths of a second: 4 or 5 cs per frame, 2 s in all (no drift).
    assert set(durations[:-1]) <= {40, 50} and abs(sum(durations[:-1]) - 47 * 1000 / 24) <= 10
    with Image.open(out) as im:
        assert im.info.get("loop") == 0  # endless
    assert read_sidecar(out)["export"]["frames"] == list(range(6, 54))


def test_gif_at_a_lower_frame_rate_drops_frames_evenly(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "slow.gif"
    result = export(gop_video, out, F.GIF, first=0, last=59, fps=8, size=SizeChoice("half"))
    images, durations = pillow_frames(out)
    assert result.fps == 8 and len(images) == 20 and images[0].size == (128, 72)
    assert indices(images) == list(range(0, 60, 3))
    assert set(durations[:-1]) <= {120, 130} and abs(sum(durations[:-1]) - 19 * 1000 / 8) <= 10


def test_webp_holds_the_range_and_its_timing(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "clip.webp"
    result = export(gop_video, out, F.WEBP, first=10, last=33, fps=12)
    images, durations = pillow_frames(out)
    assert result.frames == len(images) == 12
    assert indices(images) == list(range(10, 34, 2))
    assert all(d in (83, 84) for d in durations[:-1])
    with Image.open(out) as im:
        assert im.info.get("loop") == 0


def test_webp_and_mp4_sizes_are_even(gop_video: Path, tmp_path: Path) -> None:
    result = export(gop_video, tmp_path / "w.webp", F.WEBP, size=SizeChoice("width", 101), last=3)
    assert result.size == (102, 56) and "rounded to 102" in result.note
    gif = export(gop_video, tmp_path / "w.gif", F.GIF, size=SizeChoice("width", 101), last=3)
    assert gif.size == (101, 57)  # GIF takes any size


# --- PNG ----------------------------------------------------------------------------------------------------


def test_png_frames_folder_is_named_by_frame_number(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "frames"
    result = export(gop_video, out, F.PNG_FRAMES, first=7, last=20)
    names = sorted(p.name for p in out.iterdir())
    assert result.frames == 14 and names == [f"frame-{n:04d}.png" for n in range(8, 22)]
    for name in (names[0], names[-1]):
        with Image.open(out / name) as im:
            assert im.size == (256, 144) and read_index(im) == int(name[6:10]) - 1
    side = read_sidecar(out)  # beside the folder: frames.json
    assert side["export"]["format"] == "png-frames" and side["export"]["trim"] == {"from_frame": 8, "to_frame": 21}


def test_png_frames_replace_an_older_folder_only_when_done(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "frames"
    export(gop_video, out, F.PNG_FRAMES, first=0, last=9)
    export(gop_video, out, F.PNG_FRAMES, first=0, last=2)
    assert sorted(p.name for p in out.iterdir()) == ["frame-0001.png", "frame-0002.png", "frame-0003.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frames", "frames.json"]


def test_one_frame_as_png(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.png"
    result = export(gop_video, out, F.FRAME, frame=37, size=SizeChoice("half"))
    with Image.open(out) as im:
        assert im.format == "PNG" and im.size == (128, 72) and read_index(im) == 37
    assert result.frames == 1
    assert read_sidecar(out)["export"]["trim"] == {"from_frame": 38, "to_frame": 38}


# --- the sidecar and the estimate ----------------------------------------------------------------------------


def test_the_sidecar_is_the_videos_own_plus_the_export(gop_video: Path, tmp_path: Path) -> None:
    base = sidecar_for("ws")
    out = tmp_path / "clip.gif"
    export(gop_video, out, F.GIF, sidecar=base, first=0, last=9, size=SizeChoice("half"))
    side = read_sidecar(out)
    for key in ("format", "input", "wire_input", "request_id", "endpoint", "mode", "timings", "app_version"):
        assert side[key] == base[key]
    entry = side["export"]
    assert entry["format"] == "gif" and entry["trim"] == {"from_frame": 1, "to_frame": 10}
    assert (entry["width"], entry["height"], entry["fps"], entry["frame_count"]) == (128, 72, 24.0, 10)
    assert entry["file_size"] == out.stat().st_size and entry["source_video"]["frame_count"] == 60


def test_a_video_without_a_sidecar_gets_a_bare_one(gop_video: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.png"
    export(gop_video, out, F.FRAME, frame=0)
    side = read_sidecar(out)
    assert side["format"] == SIDECAR_FORMAT and side["input"] is None and side["export"]["format"] == "frame"


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_the_estimate_is_near_the_real_size(gop_video: Path, tmp_path: Path, fmt: ExportFormat) -> None:
    out = tmp_path / ("x" + fmt.suffix)
    request = ExportRequest(fmt, out, first=0, last=47, frame=10, tiles=6)
    table = open_table(gop_video)
    estimate = estimate_size(table, make_plan(table, request, None))
    result = run_export(gop_video, request, sidecar=None, app_version="t", table=table)
    assert 0.5 <= estimate.bytes / result.bytes <= 2.0, (estimate, result.bytes)
    if estimate.exact and fmt is ExportFormat.FRAME:
        assert estimate.bytes == result.bytes

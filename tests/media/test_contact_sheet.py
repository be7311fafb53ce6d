"""The contact sheet: N evenly spaced frames of the range, in order, with the path and the inputs; a joined
continuation's sheet shows the frame where each part starts and says so."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from export_samples import barcode_video, read_index, sidecar_for
from PIL import Image

from gamecraft_desktop.core.path_drawing import action_rgb
from gamecraft_desktop.core.video_parts import combined_path, pose_at, video_parts
from gamecraft_desktop.media.contact_sheet import SheetContext, grid_columns, render_contact_sheet
from gamecraft_desktop.media.export import run_export
from gamecraft_desktop.media.export_plan import ExportFormat, ExportRequest, SizeChoice, spread, with_marks


def tile_indices(sheet: Image.Image, count: int, tile: tuple[int, int]) -> list[int]:
    """Read the barcode of every tile, where render_contact_sheet puts them (k = 1 below 320 px tiles)."""
    tw, th = tile
    gap, margin, header, label = 10, 18, 30, 20
    cols = grid_columns(count, tw / th)
    out = []
    for i in range(count):
        x = margin + (i % cols) * (tw + gap)
        y = margin + header + (i // cols) * (th + label + gap)
        out.append(read_index(sheet.crop((x, y, x + tw, y + th))))
    return out


def test_spread_and_marks() -> None:
    assert spread(0, 131, 12) == (0, 12, 24, 36, 48, 60, 71, 83, 95, 107, 119, 131)
    assert spread(10, 14, 12) == (10, 11, 12, 13, 14)
    assert spread(5, 50, 1) == (5,)
    # The mark replaces the nearest pick; the ends stay.
    assert with_marks((0, 12, 24, 36), [20]) == (0, 12, 20, 36)
    assert with_marks((0, 12, 24, 36), [24]) == (0, 12, 24, 36)


@pytest.mark.slow
def test_sheet_shows_evenly_spaced_frames_of_the_range(tmp_path: Path) -> None:
    video = barcode_video(tmp_path / "v.mp4", 99)
    out = tmp_path / "sheet.png"
    result = run_export(video, ExportRequest(ExportFormat.CONTACT_SHEET, out, first=9, last=89, tiles=9),
                        sidecar=sidecar_for("www"), app_version="t")
    with Image.open(out) as sheet:
        sheet.load()
    assert result.frames == 9
    assert tile_indices(sheet, 9, (256, 144)) == [9, 19, 29, 39, 49, 59, 69, 79, 89]


@pytest.mark.slow
def test_sheet_of_a_joined_video_marks_where_each_part_starts(tmp_path: Path) -> None:
    # Part 1: w, s (66 frames); part 2: d, a, d (99 frames, its first shown once): 164 frames in all.
    first = sidecar_for("ws", prompt="first part")
    joined = sidecar_for("dad", prompt="second part",
                         joined_after=[{"request_id": "req-a", "input": first["wire_input"]}])
    parts = video_parts(joined)
    assert [(p.number, p.start, p.frames, p.input.prompt) for p in parts] == \
        [(1, 0, 66, "first part"), (2, 66, 98, "second part")]
    video = barcode_video(tmp_path / "joined.mp4", 164)
    out = tmp_path / "sheet.png"
    result = run_export(video, ExportRequest(ExportFormat.CONTACT_SHEET, out, tiles=8), sidecar=joined,
                        app_version="t")
    assert result.frames == 8
    with Image.open(out) as sheet:
        sheet.load()
    shown = tile_indices(sheet, 8, (256, 144))
    assert 66 in shown and shown[0] == 0 and shown[-1] == 163  # part 2's first frame has its own tile
    # The tile's label strip starts with the part colour bar.
    cols = grid_columns(8, 256 / 144)
    i = shown.index(66)
    x, y = 18 + (i % cols) * 266 + 5, 18 + 30 + (i // cols) * 174 + 144 - 2
    assert sheet.getpixel((x, y)) == (9, 105, 218)


def test_pose_of_a_frame_follows_the_combined_path() -> None:
    joined = sidecar_for("d", joined_after=[{"request_id": "a", "input": sidecar_for("w")["wire_input"]}])
    parts = video_parts(joined)
    path = combined_path(parts)
    assert [s.action.value for s in path.steps] == ["w", "d"]
    start_of_part_2 = pose_at(parts, path, parts[1].start)
    assert start_of_part_2 is not None
    # Frame 33 of the joined video is part 2's frame 1: just past the end of the forward move.
    assert start_of_part_2.y == pytest.approx(0.2) and 0 < start_of_part_2.x < 0.01


@pytest.mark.slow
def test_sheet_draws_the_path_in_the_path_maps_colours(tmp_path: Path) -> None:
    video = barcode_video(tmp_path / "v.mp4", 66)
    ctx_parts = tuple(video_parts(sidecar_for("wd")))
    tiles = [(i, Image.new("RGB", (320, 180), (128, 128, 128))) for i in (0, 33, 65)]
    sheet = render_contact_sheet(tiles, SheetContext(video.name, 66, 24.0, (256, 144), 0, 65, ctx_parts,
                                                     "fal", "anthonywu/gamecraft"))
    pixels = {tuple(p) for p in np.asarray(sheet).reshape(-1, 3)}
    for action in ("w", "d"):
        from gamecraft_desktop.core.camera_path import Action

        assert action_rgb(Action(action), dark=False) in pixels


def test_without_inputs_the_sheet_says_so(tmp_path: Path) -> None:
    video = barcode_video(tmp_path / "v.mp4", 30)
    out = tmp_path / "s.png"
    run_export(video, ExportRequest(ExportFormat.CONTACT_SHEET, out, tiles=4, size=SizeChoice("half")),
               sidecar=None, app_version="t")
    with Image.open(out) as sheet:
        assert sheet.width < 800  # no path panel: only the grid of 4 small tiles and margins

"""The sandbox's camera-move video: the model's exact output format, motion in the right direction, the mark."""

from __future__ import annotations

import io
import itertools
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.media.renderer import DEFAULT_MOTION, RenderError, render_camera_move

W, H = 1216, 704


def decode(path: Path) -> tuple[list[np.ndarray], list[int], Fraction, float]:
    """All frames as RGB arrays, their pts, the stream time base and its frame rate."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        frames, pts = [], []
        for f in c.decode(s):
            frames.append(f.to_ndarray(format="rgb24"))
            pts.append(f.pts)
        return frames, pts, Fraction(s.time_base), float(s.average_rate)


def noise_image(w: int = W, h: int = H, seed: int = 1) -> Image.Image:
    """Smooth random texture: every column profile is distinctive, so shifts are measurable."""
    rng = np.random.default_rng(seed)
    small = Image.fromarray((rng.random((h // 16, w // 16, 3)) * 255).astype(np.uint8))
    return small.resize((w, h), Image.Resampling.BICUBIC)


def square_image() -> Image.Image:
    """Black with a centred white square 200 px wide (at output scale)."""
    img = Image.new("RGB", (W, H), (0, 0, 0))
    img.paste((255, 255, 255), (W // 2 - 100, H // 2 - 100, W // 2 + 100, H // 2 + 100))
    return img


def gray(frame: np.ndarray) -> np.ndarray:
    return frame.astype(np.float64).mean(axis=2)


def horizontal_shift(a: np.ndarray, b: np.ndarray, max_shift: int = 250) -> int:
    """s such that b[:, x] ≈ a[:, x + s] (content moved left by s pixels from a to b)."""
    pa = gray(a)[: H - 120].mean(axis=0)  # above the mark
    pb = gray(b)[: H - 120].mean(axis=0)
    best, best_err = 0, float("inf")
    for s in range(-max_shift, max_shift + 1):
        x = pa[max(s, 0) : W + min(s, 0)]
        y = pb[max(-s, 0) : W - max(s, 0)]
        err = float(np.mean(np.abs(x - y)))
        if err < best_err:
            best, best_err = s, err
    return best


def bright_width(frame: np.ndarray) -> int:
    """Width in pixels of the bright run through the middle row."""
    row = gray(frame)[H // 2]
    return int((row > 128).sum())


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("renders")
    noise, square = noise_image(), square_image()
    return {
        "d": render_camera_move(noise, CameraPath.of(["d"], 0.2), d / "d.mp4"),
        "a": render_camera_move(noise, CameraPath.of(["a"], 0.2), d / "a.mp4"),
        "w": render_camera_move(square, CameraPath.of(["w"], 0.2), d / "w.mp4"),
        "sd": render_camera_move(square, CameraPath.of(["s", "d"], 0.2), d / "sd.mp4"),
        "wd": render_camera_move(noise, CameraPath.of(["w", "d"], 0.2), d / "wd.mp4"),
    }


@pytest.mark.parametrize(("key", "actions"), [("d", 1), ("wd", 2)])
@pytest.mark.slow
def test_output_format_matches_the_model(videos: dict[str, Path], key: str, actions: int) -> None:
    frames, pts, time_base, rate = decode(videos[key])
    assert len(frames) == 33 * actions
    assert frames[0].shape == (H, W, 3)
    assert rate == 24.0
    # Frame f is at f/24 s exactly.
    assert [p * time_base for p in pts] == [Fraction(f, 24) for f in range(33 * actions)]
    with av.open(str(videos[key])) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264"
        assert s.format.name == "yuv420p"
        assert s.frames == 33 * actions
        assert float(s.duration * s.time_base) == pytest.approx(1.375 * actions)
    head = videos[key].read_bytes()[:4096]
    assert head[4:8] == b"ftyp"
    assert head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # faststart: index first


def test_strafe_right_slides_the_content_left(videos: dict[str, Path]) -> None:
    frames, *_ = decode(videos["d"])
    shift = horizontal_shift(frames[0], frames[-1])
    assert shift > 80  # the left edge of frame 0's content has gone out of view
    # What the motion model promises for the last frame (32/33 of the action).
    cx0, _, size = DEFAULT_MOTION.window(CameraPath.of(["d"], 0.2).pose_at_frame(0))
    cx1, _, _ = DEFAULT_MOTION.window(CameraPath.of(["d"], 0.2).pose_at_frame(32))
    expected = (cx1 - cx0) / size * W
    assert shift == pytest.approx(expected, abs=4)
    # Constant velocity: halfway through, half the shift.
    assert horizontal_shift(frames[0], frames[16]) == pytest.approx(expected * 16 / 32, abs=4)


def test_strafe_left_slides_the_content_right(videos: dict[str, Path]) -> None:
    frames, *_ = decode(videos["a"])
    assert horizontal_shift(frames[0], frames[-1]) < -80


def test_strafe_after_dollying_back_still_moves(videos: dict[str, Path]) -> None:
    frames, *_ = decode(videos["sd"])
    assert horizontal_shift(frames[33], frames[-1]) > 40


def test_frame_zero_is_the_same_home_view_for_every_path(videos: dict[str, Path]) -> None:
    d0 = decode(videos["d"])[0][0].astype(np.int16)
    a0 = decode(videos["a"])[0][0].astype(np.int16)
    assert np.abs(d0 - a0).mean() < 2


@pytest.mark.slow
def test_dolly_forward_magnifies_the_centre_and_backward_shrinks_it(videos: dict[str, Path]) -> None:
    fw, *_ = decode(videos["w"])
    bw = decode(videos["sd"])[0][:33]
    # Frame 0 shows the centre at 1:1 of the over-scaled source: the 200 px square is 260 px wide.
    assert bright_width(fw[0]) == pytest.approx(200 * DEFAULT_MOTION.overscan, abs=4)
    grow = bright_width(fw[-1]) / bright_width(fw[0])
    assert grow == pytest.approx(np.exp(DEFAULT_MOTION.zoom_per_unit * 0.2 * 32 / 33), rel=0.03)
    shrink = bright_width(bw[-1]) / bright_width(bw[0])
    assert shrink < 0.87  # as far back as the renderer goes (the whole image is not shown)
    assert shrink == pytest.approx(1 / (DEFAULT_MOTION.overscan * DEFAULT_MOTION.max_view), rel=0.03)
    # Zooming keeps the square centred.
    cols = np.flatnonzero(gray(fw[-1])[H // 2] > 128)
    assert (cols[0] + cols[-1]) / 2 == pytest.approx(W / 2, abs=3)
    # Widths grow monotonically through the action (constant-velocity dolly, no jumps back).
    widths = [bright_width(f) for f in fw]
    assert all(b >= a - 1 for a, b in itertools.pairwise(widths))


@pytest.mark.slow
def test_mark_is_drawn_in_the_bottom_left_corner(tmp_path: Path) -> None:
    src = Image.new("RGB", (W, H), (128, 128, 128))
    path = CameraPath.of(["w"], 0.1)
    marked = decode(render_camera_move(src, path, tmp_path / "m.mp4"))[0]
    plain = decode(render_camera_move(src, path, tmp_path / "p.mp4", mark=None))[0]
    for frame in (marked[0], marked[-1]):
        corner = gray(frame)[H - 60 :, :500]
        assert (corner < 70).mean() > 0.3  # the dark plate
        assert (corner > 200).mean() > 0.02  # the white letters
        rest = gray(frame)[: H - 80]
        assert np.abs(rest - 128).max() < 12  # nothing else is drawn
    assert np.abs(gray(plain[0]) - 128).max() < 12


@pytest.mark.slow
def test_only_the_part_of_the_image_the_model_keeps_is_shown(tmp_path: Path) -> None:
    # 4:3: the model keeps the middle 704 of 912 rows; the red bands outside must never appear,
    # even when dollying back as far as the renderer goes.
    src = Image.new("RGB", (W, 912), (255, 0, 0))
    src.paste((0, 90, 200), (0, 104, W, 808))
    frames, *_ = decode(render_camera_move(src, CameraPath.of(["s", "a", "d"], [1.0, 1.0, 2.0]), tmp_path / "c.mp4"))
    for f in [*frames[::8], frames[-1]]:
        rgb = f[: H - 80].astype(np.int16)  # above the mark
        red = (rgb[..., 0] > 150) & (rgb[..., 2] < 100)
        assert not red.any()
        assert np.abs(rgb - np.array([0, 90, 200])).mean() < 8  # and no black border either


@pytest.mark.slow
def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # Displayed: left half black, right half white. Stored rotated, with orientation 6 ("rotate 90° CW").
    shown = Image.new("RGB", (W, H), (0, 0, 0))
    shown.paste((255, 255, 255), (W // 2, 0, W, H))
    stored = shown.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    stored.save(buf, "JPEG", exif=exif.tobytes(), quality=95)
    frame = decode(render_camera_move(buf.getvalue(), CameraPath.of(["w"], 0.1), tmp_path / "e.mp4"))[0][0]
    g = gray(frame)[: H - 80]
    assert g[:, : W // 2 - 20].mean() < 30
    assert g[:, W // 2 + 20 :].mean() > 225


@pytest.mark.slow
def test_path_input_and_replacing_an_existing_file(tmp_path: Path) -> None:
    src = tmp_path / "in.png"
    noise_image(320, 200).save(src)
    out = tmp_path / "out" / "v.mp4"
    out.parent.mkdir()
    out.write_bytes(b"old")
    assert render_camera_move(src, CameraPath.of(["d"], 0.3), out) == out
    with av.open(str(out)) as c:
        assert c.streams.video[0].frames == 33
    assert [p.name for p in out.parent.iterdir()] == ["v.mp4"]


def test_cancelling_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "v.mp4"
    seen: list[int] = []
    with pytest.raises(RenderError, match="cancelled"):
        render_camera_move(
            noise_image(320, 200),
            CameraPath.of(["w", "s"], 0.2),
            out,
            on_progress=lambda done, total: seen.append(done),
            should_stop=lambda: len(seen) >= 5,
        )
    assert seen == [1, 2, 3, 4, 5]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("image", "path", "phrase"),
    [
        (b"not an image", CameraPath.of(["w"]), "cannot be decoded"),
        (b"", CameraPath.of(["w"]), "cannot be decoded"),
        (Image.new("RGB", (8, 8)), CameraPath(), "empty"),
    ],
)
def test_bad_inputs_raise_render_error(
    tmp_path: Path, image: bytes | Image.Image, path: CameraPath, phrase: str
) -> None:
    with pytest.raises(RenderError, match=phrase):
        render_camera_move(image, path, tmp_path / "v.mp4")
    assert list(tmp_path.iterdir()) == []


def test_the_server_loads_its_renderer_at_start_not_at_the_first_job() -> None:
    """Imported by the first job's render, the renderer held the GIL in the middle of the app's first batch
    (the in-process sandbox); the server imports it on a background thread as it starts. A fake renderer
    needs none of it."""
    import subprocess
    import sys

    probe = (
        "import sys, time\n"
        "from gamecraft_desktop.sandbox import SandboxServer\n"
        "name = 'gamecraft_desktop.media.renderer'\n"
        "with SandboxServer(render=False):\n"
        "    time.sleep(0.3)\n"
        "    assert name not in sys.modules, 'a fake renderer loaded the real one'\n"
        "with SandboxServer() as sb:\n"
        "    deadline = time.monotonic() + 20\n"
        "    while name not in sys.modules and time.monotonic() < deadline:\n"
        "        time.sleep(0.01)\n"
        "    assert name in sys.modules, 'the renderer was not loaded at start'\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr[-2000:]

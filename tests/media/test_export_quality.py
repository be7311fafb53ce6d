"""The exported pictures look like the source: frames of GIF, WebP and re-encoded MP4 exports of a real
sandbox render compared with the same source frames by PSNR (≥ 25 dB; measured figures are printed)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from export_samples import decoded_images, pillow_frames, psnr, sandbox_clip
from PIL import Image, ImageFilter

from gamecraft_desktop.media.export import run_export
from gamecraft_desktop.media.export_plan import ExportFormat, ExportRequest, SizeChoice

pytestmark = pytest.mark.slow

CHECKED = (0, 33, 70, 105, 131)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sandbox_clip(tmp_path_factory.mktemp("clip") / "clip.mp4")


@pytest.fixture(scope="module")
def source(clip: Path) -> list:  # type: ignore[type-arg]
    return decoded_images(clip)


@pytest.mark.parametrize(("fmt", "size"), [(ExportFormat.GIF, SizeChoice("width", 608)),
                                           (ExportFormat.WEBP, SizeChoice("width", 608)),
                                           (ExportFormat.MP4, SizeChoice("width", 608))])
def test_exported_frames_match_the_source(clip: Path, source: list, tmp_path: Path,  # type: ignore[type-arg]
                                          fmt: ExportFormat, size: SizeChoice) -> None:
    out = tmp_path / f"out{fmt.suffix}"
    run_export(clip, ExportRequest(fmt, out, size=size), sidecar=None, app_version="t")
    images = pillow_frames(out)[0] if fmt is not ExportFormat.MP4 else decoded_images(out)
    assert len(images) == 132 and images[0].size == (608, 352)
    scores = [psnr(images[i], source[i]) for i in CHECKED]
    print(f"{fmt.value}: PSNR {' '.join(f'{s:.1f}' for s in scores)} dB")
    assert min(scores) >= 25.0


def test_a_shifted_frame_would_fail_the_measure(clip: Path, source: list) -> None:  # type: ignore[type-arg]
    """The measure can fail: a neighbour 20 frames away scores well below the bar."""
    assert psnr(source[60], source[80]) < 25.0


def _gradient_video(path: Path, count: int = 8, size: tuple[int, int] = (320, 180)) -> Path:
    """Smooth two-way colour gradients: tens of thousands of colours, far more than a GIF's 256."""
    w, h = size
    x, y = np.linspace(0, 1, w)[None, :], np.linspace(0, 1, h)[:, None]
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=24)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"crf": "10", "preset": "veryfast"}
        for i in range(count):
            rgb = np.stack([40 + 180 * x + 0 * y, 60 + 150 * y + 0 * x, 120 + 60 * x * y + i], -1)
            frame = av.VideoFrame.from_ndarray(np.clip(rgb, 0, 255).astype(np.uint8), format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, 24)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def test_gif_gradients_do_not_band_and_the_palette_is_the_clips(tmp_path: Path) -> None:
    video = _gradient_video(tmp_path / "gradient.mp4")
    out = tmp_path / "g.gif"
    run_export(video, ExportRequest(ExportFormat.GIF, out), sidecar=None, app_version="t")
    gif = pillow_frames(out)[0][4]
    source = decoded_images(video)[4]
    # Banding is a staircase in the local average: seen through a blur, a dithered gradient stays within
    # a level or two of the source (measured 2), one without dithering is 6 levels off in places.
    blurred = [np.asarray(im.filter(ImageFilter.BoxBlur(3)), dtype=np.float64)[8:-8, 8:-8] for im in (gif, source)]
    assert np.percentile(np.abs(blurred[0] - blurred[1]), 99) <= 3.0
    # The palette holds the clip's colours, not a generic spread (which would waste entries on others).
    with Image.open(out) as im:  # the first frame stays a palette image in Pillow (later ones become RGB)
        entries = np.array(im.getpalette(), dtype=np.int16).reshape(-1, 3)
        used = entries[np.unique(np.asarray(im))]
    assert len(used) >= 128
    inside = (used[:, 0] >= 32) & (used[:, 0] <= 228) & (used[:, 1] >= 52) & (used[:, 1] <= 218)
    assert inside.mean() >= 0.9

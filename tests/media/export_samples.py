"""Videos for the export tests, made here with PyAV and the sandbox renderer (no fixtures on disk).

`barcode_video` frames carry their own index as a row of black/white cells (read back with `read_index`,
also after GIF dithering, WebP and 50 % scaling), over a gradient that moves from frame to frame.
`sandbox_clip` is a real 132-frame render of a photo-like image by media.renderer (the app's sandbox).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

BITS = 8
CELL = 32  # cells stay 16 px wide at 50 %
SIZE = (BITS * CELL, 144)


def barcode_frame(index: int, size: tuple[int, int] = SIZE) -> np.ndarray:
    w, h = size
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    shift = index / 40
    frame = np.empty((h, w, 3), dtype=np.float32)
    frame[..., 0] = 60 + 150 * ((x + shift) % 1.0)
    frame[..., 1] = 80 + 120 * y
    frame[..., 2] = 200 - 100 * ((x * 0.5 + y * 0.5 + shift) % 1.0)
    for bit in range(BITS):
        frame[:CELL, bit * CELL:(bit + 1) * CELL] = 255 if index >> (BITS - 1 - bit) & 1 else 0
    return frame.astype(np.uint8)


def read_index(image: Image.Image) -> int:
    """The frame index drawn by `barcode_frame`, from the centre of each cell (any scale)."""
    rgb = np.asarray(image.convert("L"), dtype=np.float32)
    h, w = rgb.shape
    cell_w, cell_h = w / BITS, h * CELL / SIZE[1]
    value = 0
    for bit in range(BITS):
        cx, cy = int((bit + 0.5) * cell_w), int(cell_h / 2)
        patch = rgb[max(0, cy - 2):cy + 3, max(0, int(cx - 2)):int(cx + 3)]
        value = value << 1 | int(patch.mean() > 128)
    return value


def barcode_video(path: Path, count: int, *, gop: int = 250, bframes: int = 0, fps: int = 24,
                  size: tuple[int, int] = SIZE) -> Path:
    """H.264 MP4 with a keyframe every `gop` frames (closed GOPs) and up to `bframes` B-frames."""
    params = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes={bframes}:b-adapt=0:open-gop=0"
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "16", "x264-params": params}
        for i in range(count):
            frame = av.VideoFrame.from_ndarray(barcode_frame(i, size), format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def decoded_images(path: Path) -> list[Image.Image]:
    """Every frame of a video (MP4, GIF) as RGB images, in order."""
    with av.open(str(path)) as container:
        return [frame.to_image() for frame in container.decode(video=0)]


def pillow_frames(path: Path) -> tuple[list[Image.Image], list[int]]:
    """Every frame of an animated GIF or WebP as RGB, and each frame's duration in ms (Pillow reads both
    formats fully; FFmpeg cannot decode animated WebP)."""
    images, durations = [], []
    with Image.open(path) as im:
        for i in range(getattr(im, "n_frames", 1)):
            im.seek(i)
            images.append(im.convert("RGB"))
            durations.append(int(im.info.get("duration", 0)))
    return images, durations


def psnr(a: Image.Image, b: Image.Image) -> float:
    x = np.asarray(a.convert("RGB"), dtype=np.float64)
    y = np.asarray(b.convert("RGB").resize(a.size, Image.Resampling.BOX), dtype=np.float64)
    mse = float(((x - y) ** 2).mean())
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


def scene_image(width: int = 1600, height: int = 900, seed: int = 3) -> Image.Image:
    """A photo-like picture: a sky gradient, overlapping soft shapes and a little grain."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, height)[:, None]
    x = np.linspace(0, 1, width)[None, :]
    sky = np.stack([90 + 120 * y + 0 * x, 140 + 80 * y + 0 * x, 230 - 60 * y + 0 * x], -1)
    img = Image.fromarray(np.clip(sky, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        cx, cy, r = rng.integers(0, width), rng.integers(height // 3, height), rng.integers(20, 140)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=tuple(int(c) for c in rng.integers(30, 220, 3)))
    img = img.filter(ImageFilter.GaussianBlur(2))
    grain = rng.random((height, width, 1)) * 8 - 4
    return Image.fromarray(np.clip(np.asarray(img, np.float32) + grain, 0, 255).astype(np.uint8))


def sandbox_clip(path: Path, actions: str = "wsda", speed: float = 0.2) -> Path:
    """The sandbox renderer's video of `actions` over the scene: 33 frames per action, 1216 × 704, 24 fps."""
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.media.renderer import render_camera_move

    return render_camera_move(scene_image(), CameraPath.of(list(actions), speed), path)


def sidecar_for(actions: str, *, prompt: str = "a harbor at dawn", seed: int = 1234, mode: str = "sandbox",
                joined_after: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A sidecar like Save video writes (built by the app's own code) for a video of these moves."""
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.core.schema import GameCraftInput
    from gamecraft_desktop.core.sidecar import build_sidecar

    inp = GameCraftInput.from_path(image="https://example.invalid/photo.png", prompt=prompt,
                                   path=CameraPath.of(list(actions), 0.2), seed=seed)
    side = build_sidecar(inp, request_id="req-0001", endpoint="anthonywu/gamecraft", timings={},
                         app_version="test", mode=mode)  # type: ignore[arg-type]
    if joined_after is not None:
        side["joined_after"] = joined_after
    return json.loads(json.dumps(side))

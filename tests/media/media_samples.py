"""Helpers for media tests: videos with known content, where every frame is one solid colour."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

Colour = tuple[int, int, int]


def palette(n: int) -> list[Colour]:
    """n clearly different colours (far apart even after H.264 and 4:2:0 chroma rounding)."""
    out: list[Colour] = []
    levels = (16, 80, 144, 208)
    for i in range(n):
        out.append((levels[i % 4], levels[(i // 4) % 4], levels[(i // 16) % 4]))
    return out


def encode_solid(
    path: Path,
    colours: Sequence[Colour],
    *,
    size: tuple[int, int] = (64, 48),
    fps: int = 24,
    fmt: str = "mp4",
    preset: str = "veryfast",
    gop: int = 10,
    faststart: bool = True,
) -> Path:
    """Encode one frame per colour (H.264, B-frames on with 'veryfast', a keyframe every `gop` frames)."""
    w, h = size
    options = {"movflags": "+faststart"} if fmt == "mp4" and faststart else {}
    with av.open(str(path), "w", format=fmt, options=options) as c:
        s = c.add_stream("libx264", rate=fps)
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.codec_context.gop_size = gop
        s.options = {"preset": preset, "crf": "12"}
        for i, colour in enumerate(colours):
            arr = np.empty((h, w, 3), dtype=np.uint8)
            arr[:] = colour
            frame = av.VideoFrame.from_ndarray(arr, format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            c.mux(s.encode(frame))
        c.mux(s.encode(None))
    return path


def nearest(colour: Sequence[float], colours: Sequence[Colour]) -> int:
    """Index of the palette colour closest to `colour`."""
    d = [sum((float(a) - b) ** 2 for a, b in zip(colour, c, strict=True)) for c in colours]
    return int(np.argmin(d))

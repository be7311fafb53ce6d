"""Helpers for media tests: videos with known content, where every frame is one solid colour."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

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


COUNTS_THREADS = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through Linux's /proc")


def thread_count() -> int:
    """This process's OS threads now (Linux: /proc/self/task)."""
    return len(os.listdir("/proc/self/task"))


def most_threads_while(work: Callable[[], object]) -> int:
    """The most OS threads this process had while `work()` ran, sampled every 0.2 ms by a thread of its own
    (counted). FFmpeg's decoder and swscale threads show up; Python threads are not the point."""
    done = threading.Event()
    most = [0]

    def sample() -> None:
        while not done.is_set():
            most[0] = max(most[0], thread_count())
            done.wait(0.0002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        work()
    finally:
        done.set()
        sampler.join()
    return most[0]

"""Benchmark the sandbox renderer: frames per second and seconds for 4 and 16 actions.

Run by hand (not part of the default test run):  python tests/benchmarks/bench_renderer.py [--preset P]

Baseline in the same run: encoding the same number of frames of one static, pre-converted image (no
resampling, no mark) with the same encoder settings, i.e. what libx264 alone costs on this machine.
The ratio (render / baseline) is what the per-frame resampling and blending add on top.
Wall seconds depend on what else the machine runs; the load average and the process CPU seconds are
printed too (on an idle N-core machine, wall time is at least CPU seconds / N).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from pathlib import Path

import av
import numpy as np
from PIL import Image

from gamecraft_desktop.core.camera_path import FPS, FRAMES_PER_ACTION, CameraPath
from gamecraft_desktop.sandbox.renderer import render_camera_move


def test_image() -> Image.Image:
    """A photo-like 1920×1080 image: smooth texture with detail, so the encoder has real work."""
    rng = np.random.default_rng(7)
    coarse = Image.fromarray((rng.random((68, 120, 3)) * 255).astype(np.uint8)).resize(
        (1920, 1080), Image.Resampling.BICUBIC
    )
    fine = (rng.random((1080, 1920, 1)) * 24 - 12).astype(np.int16)
    return Image.fromarray(np.clip(np.asarray(coarse, dtype=np.int16) + fine, 0, 255).astype(np.uint8))


def baseline(image: Image.Image, frames: int, out: Path, preset: str) -> float:
    """Seconds to encode `frames` copies of one static 1216×704 frame (no per-frame work)."""
    still = image.resize((1216, 704), Image.Resampling.BILINEAR)
    yuv = av.VideoFrame.from_image(still).reformat(format="yuv420p").to_ndarray()
    t0 = time.perf_counter()
    with av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"}) as c:
        s = c.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = 1216, 704, "yuv420p"
        s.codec_context.time_base = Fraction(1, FPS)
        s.codec_context.thread_type = "FRAME"
        s.codec_context.thread_count = (os.cpu_count() or 1) + 1
        s.options = {"preset": preset, "crf": "23"}
        for f in range(frames):
            frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
            frame.pts = f
            frame.time_base = Fraction(1, FPS)
            c.mux(s.encode(frame))
        c.mux(s.encode(None))
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="ultrafast")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best is reported")
    args = parser.parse_args()
    image = test_image()
    print(f"cpus={os.cpu_count()} preset={args.preset} av={av.__version__} best of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (4, 16):
            path = CameraPath.of((["w", "s", "d", "a"] * 4)[:n], 0.2)
            frames = FRAMES_PER_ACTION * n
            runs = [
                _timed(partial(render_camera_move, image, path, Path(tmp) / "r.mp4", preset=args.preset))
                for _ in range(args.repeat)
            ]
            render_s, render_cpu = min(runs)
            bases = [
                _timed(partial(baseline, image, frames, Path(tmp) / "b.mp4", args.preset))
                for _ in range(args.repeat)
            ]
            base_s, base_cpu = min(bases)
            print(
                f"{n:2d} actions ({frames:3d} frames): render {render_s:5.2f} s = {frames / render_s:5.1f} fps"
                f" (cpu {render_cpu:5.2f} s) | baseline static encode {base_s:5.2f} s = {frames / base_s:5.1f} fps"
                f" (cpu {base_cpu:5.2f} s) | ratio {render_s / base_s:4.1f}x | load {os.getloadavg()[0]:.1f}"
            )


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, process CPU seconds over all threads)."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


if __name__ == "__main__":
    main()

"""Benchmark the sandbox renderer: frames per second and seconds for 4 and 16 actions.

Run by hand (not part of the default test run):  python tests/benchmarks/bench_renderer.py [--preset P]

Baselines in the same run, same encoder settings:
- "static": the same number of frames of one still, pre-converted image (no resampling, no mark): the floor.
- "encode-only": the renderer's own moving frames, rendered beforehand (132 of them, cycled), then only
  encoded: what libx264 costs for this content. render − encode-only = the per-frame resampling overhead
  that the worker thread cannot hide.
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
from gamecraft_desktop.media import renderer as r
from gamecraft_desktop.media.renderer import render_camera_move


def test_image() -> Image.Image:
    """A photo-like 1920×1080 image: smooth texture with detail, so the encoder has real work."""
    rng = np.random.default_rng(7)
    coarse = Image.fromarray((rng.random((68, 120, 3)) * 255).astype(np.uint8)).resize(
        (1920, 1080), Image.Resampling.BICUBIC
    )
    fine = (rng.random((1080, 1920, 1)) * 24 - 12).astype(np.int16)
    return Image.fromarray(np.clip(np.asarray(coarse, dtype=np.int16) + fine, 0, 255).astype(np.uint8))


def still_frames(image: Image.Image) -> list[np.ndarray]:
    still = image.resize((1216, 704), Image.Resampling.BILINEAR)
    return [av.VideoFrame.from_image(still).reformat(format="yuv420p").to_ndarray()]


def moving_frames(image: Image.Image) -> list[np.ndarray]:
    """The 132 yuv420p frames the renderer makes for the default path (with the mark)."""
    src = r.prescale_source(r.load_source(image))
    planes = r._to_yuv420_planes(src)
    overlay = r._MarkOverlay.build("SANDBOX" + r.MARK_SUFFIX)
    out = []
    for pose in CameraPath.of(["w", "s", "d", "a"], 0.2).trajectory():
        buf = r._render_frame(planes, r.DEFAULT_MOTION.window(pose))
        overlay.blend(buf)
        out.append(r._to_frame(buf).to_ndarray())
    return out


def baseline(yuvs: list[np.ndarray], frames: int, out: Path, preset: str) -> None:
    """Encode `frames` frames cycling through ready-made yuv420p arrays (no per-frame work but the copy)."""
    with av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"}) as c:
        s = c.add_stream("libx264", rate=FPS)
        s.width, s.height, s.pix_fmt = 1216, 704, "yuv420p"
        s.codec_context.time_base = Fraction(1, FPS)
        s.codec_context.thread_type = "FRAME"
        s.codec_context.thread_count = (os.cpu_count() or 1) + 1
        s.options = {"preset": preset, "crf": "23"}
        for f in range(frames):
            frame = av.VideoFrame.from_ndarray(yuvs[f % len(yuvs)], format="yuv420p")
            frame.pts = f
            frame.time_base = Fraction(1, FPS)
            c.mux(s.encode(frame))
        c.mux(s.encode(None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="ultrafast")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best is reported")
    args = parser.parse_args()
    image = test_image()
    still, moving = still_frames(image), moving_frames(image)
    print(f"cpus={os.cpu_count()} preset={args.preset} av={av.__version__} best of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (4, 16):
            path = CameraPath.of((["w", "s", "d", "a"] * 4)[:n], 0.2)
            frames = FRAMES_PER_ACTION * n
            render_s, render_cpu = _best(
                partial(render_camera_move, image, path, Path(tmp) / "r.mp4", preset=args.preset), args.repeat
            )
            base_s, _ = _best(partial(baseline, still, frames, Path(tmp) / "b.mp4", args.preset), args.repeat)
            enc_s, enc_cpu = _best(partial(baseline, moving, frames, Path(tmp) / "e.mp4", args.preset), args.repeat)
            print(
                f"{n:2d} actions ({frames:3d} frames): render {render_s:5.2f} s = {frames / render_s:5.1f} fps"
                f" (cpu {render_cpu:5.2f} s) | encode-only {enc_s:5.2f} s = {frames / enc_s:5.1f} fps"
                f" (cpu {enc_cpu:5.2f} s) | static {base_s:5.2f} s = {frames / base_s:5.1f} fps"
                f" | render/encode-only {render_s / enc_s:3.1f}x, render/static {render_s / base_s:3.1f}x"
                f" | load {os.getloadavg()[0]:.1f}"
            )


def _best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    return min(_timed(fn) for _ in range(repeat))


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, process CPU seconds over all threads)."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


if __name__ == "__main__":
    main()

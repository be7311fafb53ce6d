"""The encoders behind each export format: MP4 (copied on keyframes, else H.264), animated GIF with a
palette made for the clip, animated WebP, and PNG images. Each writes to a path or file object it is
given (the caller makes that atomic) and reports every frame to a `Ticker`, which also cancels."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import av
import av.video.frame
import numpy as np
from PIL import Image

from gamecraft_desktop.media._av import convert, open_video
from gamecraft_desktop.media.export_plan import ExportError, ExportFormats
from gamecraft_desktop.media.frame_table import FrameTable

VideoFrame = av.video.frame.VideoFrame
Target = Path | BinaryIO

# The index first (players can start before the whole file is read), as for every MP4 the app writes.
_MP4_OPTIONS = {"movflags": "+faststart"}
#: Re-encoding keeps what the model made: x264's visually lossless range, at its default speed.
MP4_PRESET, MP4_CRF = "medium", 17
#: Lossy WebP at the quality most tools default to; method 4 is libwebp's default speed/size balance.
WEBP_QUALITY, WEBP_METHOD = 80, 4
#: PNG: zlib level 3 is several times faster than the default 6 for ~5 % more bytes on video frames.
PNG_COMPRESS_LEVEL = 3
#: Frames the GIF palette is made from (spread over the clip): enough to see every colour it shows.
PALETTE_SAMPLES = 16


class Ticker:
    """Counts written frames for `on_progress(done, total)` and raises ExportError("cancelled") as soon as
    `should_stop()` says so."""

    def __init__(self, total: int, on_progress: Callable[[int, int], None] | None = None,
                 should_stop: Callable[[], bool] | None = None) -> None:
        self.total = max(1, total)
        self.done = 0
        self._on_progress = on_progress
        self._should_stop = should_stop

    def check(self) -> None:
        if self._should_stop is not None and self._should_stop():
            raise ExportError(ExportFormats.tr("The export was cancelled; nothing was written."), "cancelled")

    def tick(self, n: int = 1) -> None:
        self.check()
        self.done = min(self.total, self.done + n)
        if self._on_progress is not None:
            self._on_progress(self.done, self.total)


def rgb_image(frame: VideoFrame, size: tuple[int, int]) -> Image.Image:
    """The frame as an RGB image of `size` (area averaging when shrinking, bicubic when enlarging)."""
    return _scaled(frame, size, "rgb24").to_image()


def _scaled(frame: VideoFrame, size: tuple[int, int], fmt: str) -> VideoFrame:
    w, h = size
    if (w, h) == (frame.width, frame.height):
        return convert(frame, format=fmt)
    shrink = w * h < frame.width * frame.height
    return convert(frame, width=w, height=h, format=fmt, interpolation="AREA" if shrink else "BICUBIC")


# --- MP4 ---------------------------------------------------------------------------------------------


def write_mp4_copy(table: FrameTable, first: int, last: int, out: Path, ticker: Ticker) -> None:
    """Copy the compressed frames first..last (the range starts on a keyframe and no frame in it refers to
    one outside: FrameTable.can_copy) into a new MP4 whose first frame is at time 0."""
    start, end = table.pts[first], table.pts[last]
    wanted = last - first + 1
    with open_video(table.path) as (inp, stream), \
            av.open(str(out), "w", format="mp4", options=_MP4_OPTIONS) as container:
        ost = container.add_stream_from_template(stream)
        if first > 0:
            inp.seek(start, stream=stream, backward=True, any_frame=False)
        written = 0
        for packet in inp.demux(stream):
            if packet.size == 0 or packet.pts is None or not start <= packet.pts <= end:
                continue
            packet.pts -= start
            if packet.dts is not None:
                packet.dts -= start
            packet.stream = ost
            container.mux(packet)
            written += 1
            ticker.tick()
            if written == wanted:
                break
    if written != wanted:
        raise ExportError(ExportFormats.tr("{name} holds only {written} of frames {first} to {last}: it "
                                           "is damaged or incomplete.").format(
                              name=table.path.name, written=written, first=first + 1, last=last + 1), "video", table.path)


def write_mp4_encode(frames: Iterable[VideoFrame], size: tuple[int, int], rate: Fraction, out: Path,
                     ticker: Ticker) -> None:
    """Encode frames as H.264 (yuv420p) at `rate`, frame k at time k / rate."""
    options = dict(_MP4_OPTIONS)
    if rate.denominator == 1:
        options["video_track_timescale"] = str(rate.numerator)  # pts counted in frames, as the renderer does
    time_base = 1 / rate
    with av.open(str(out), "w", format="mp4", options=options) as container:
        enc = container.add_stream("libx264", rate=rate)
        enc.width, enc.height, enc.pix_fmt = size[0], size[1], "yuv420p"
        enc.time_base = time_base
        enc.codec_context.time_base = time_base
        enc.codec_context.thread_type = "FRAME"
        enc.options = {"preset": MP4_PRESET, "crf": str(MP4_CRF)}
        for k, frame in enumerate(frames):
            out_frame = _scaled(frame, size, "yuv420p")
            out_frame.pts = k
            out_frame.time_base = time_base
            container.mux(enc.encode(out_frame))
            ticker.tick()
        container.mux(enc.encode(None))


# --- GIF -----------------------------------------------------------------------------------------------


def gif_palette(samples: Iterable[Image.Image]) -> Image.Image:
    """A 256-colour palette made for the clip from sample frames (a "P" image carrying it)."""
    images = list(samples)
    if not images:
        raise ValueError("a palette needs at least one frame")
    w = max(im.width for im in images)
    mosaic = Image.new("RGB", (w, sum(im.height for im in images)))
    y = 0
    for im in images:
        mosaic.paste(im, (0, y))
        y += im.height
    return mosaic.quantize(256, method=Image.Quantize.FASTOCTREE)


def _pal8(image: Image.Image, palette: Image.Image) -> VideoFrame:
    """Map an RGB image onto the palette with Floyd–Steinberg dithering (no banding in gradients)."""
    quantized = image.quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG)
    rgb = np.zeros(768, dtype=np.uint8)
    entries = quantized.getpalette() or []
    rgb[:len(entries)] = entries[:768]
    argb = np.empty((256, 4), dtype=np.uint8)
    argb[:, 0] = 255
    argb[:, 1:] = rgb.reshape(256, 3)
    return av.VideoFrame.from_ndarray((np.asarray(quantized), argb), format="pal8")


def write_gif(images: Iterable[Image.Image], palette: Image.Image, size: tuple[int, int], fps: float,
              out: Target, ticker: Ticker) -> None:
    """An endlessly looping GIF; frame k is shown at k / fps (delays in 1/100 s, rounded without drift)."""
    time_base = Fraction(1, 100)
    with av.open(_target(out), "w", format="gif", options={"loop": "0"}) as container:
        enc = container.add_stream("gif", rate=round(fps))
        enc.width, enc.height, enc.pix_fmt = size[0], size[1], "pal8"
        enc.codec_context.time_base = time_base
        for k, image in enumerate(images):
            frame = _pal8(image, palette)
            frame.pts = round(k * 100 / fps)
            frame.time_base = time_base
            container.mux(enc.encode(frame))
            ticker.tick()
        container.mux(enc.encode(None))


# --- WebP ----------------------------------------------------------------------------------------------


def write_webp(frames: Iterable[VideoFrame], size: tuple[int, int], fps: float, out: Target,
               ticker: Ticker) -> None:
    """An endlessly looping animated WebP (lossy); frame k is shown at k / fps (millisecond timing)."""
    time_base = Fraction(1, 1000)
    with av.open(_target(out), "w", format="webp", options={"loop": "0"}) as container:
        enc = container.add_stream("libwebp_anim", rate=round(fps))
        enc.width, enc.height, enc.pix_fmt = size[0], size[1], "yuv420p"
        enc.codec_context.time_base = time_base
        enc.options = {"quality": str(WEBP_QUALITY), "compression_level": str(WEBP_METHOD)}
        for k, frame in enumerate(frames):
            out_frame = _scaled(frame, size, "yuv420p")
            out_frame.pts = round(k * 1000 / fps)
            out_frame.time_base = time_base
            container.mux(enc.encode(out_frame))
            ticker.tick()
        container.mux(enc.encode(None))


def _target(out: Target) -> str | BinaryIO:
    return str(out) if isinstance(out, Path) else out


# --- PNG ------------------------------------------------------------------------------------------------


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()


def images_of(frames: Iterable[tuple[int, VideoFrame]], size: tuple[int, int]) -> Iterator[Image.Image]:
    for _index, frame in frames:
        yield rgb_image(frame, size)

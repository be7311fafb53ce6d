"""Exact single-frame extraction (first, last, or any index)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av.container
import av.error
import av.video.frame
import av.video.stream
from PIL import Image

from gamecraft_desktop.media._av import convert, frame_rate, open_video
from gamecraft_desktop.media.errors import MediaError

LAST = -1


def extract_frame(path: Path | str, index: int = 0, *, fit: tuple[int, int] | None = None) -> Image.Image:
    """Decode frame `index` (0-based; -1 = the last frame) of the video at `path` as an RGB image; with
    `fit`, scaled down (aspect kept) to fit that box, never up.

    Seeks to the nearest keyframe before the frame and decodes forward, identifying frames by their
    timestamps; falls back to counting decoded frames from the start when the timestamps do not line up
    (variable frame rate, missing pts). Raises MediaError for unreadable files or a frame that does not exist.
    """
    if index < LAST:
        raise ValueError(f"frame index must be >= 0 or -1 (the last frame), got {index}")
    path = Path(path)
    # One decoder thread: frame threads must be fed several packets before the first frame comes out, so
    # they cost more CPU for one frame (first+last of a 132-frame video: 0.55 s of CPU on 3 threads, 0.51 s
    # on one), and the extra busy threads keep a GIL-holding worker off the cores while the window waits
    # for the GIL (issue #16: such threads had both cores during 2 of 3 spikes).
    with open_video(path, one_thread=True) as (container, stream):
        if index == LAST:
            frame = _last_by_seeking(container, stream)
        else:
            frame = _by_seeking(container, stream, index) if index > 0 else None
    if frame is None:
        frame = _by_counting(path, index)
    width, height = fitted_size(frame.width, frame.height, fit) if fit is not None else (frame.width, frame.height)
    # Scaled by FFmpeg on the way to RGB: one pass instead of a full-size RGB copy and a Lanczos resize in
    # Pillow (a last-frame thumbnail of a 1216x704 video took 23 ms of CPU, now 13, decoding included).
    rgb = convert(frame, width=width, height=height, format="rgb24", interpolation="AREA")
    image: Image.Image = rgb.to_image()  # type: ignore[no-untyped-call]
    return image


def fitted_size(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """The size of a `width` x `height` picture scaled to fit `box` with its aspect kept, rounded as Pillow's
    `Image.thumbnail` rounds; the picture's own size when it already fits."""
    bw, bh = box
    if width <= bw and height <= bh:
        return width, height
    aspect = width / height
    if bw / bh >= aspect:
        return max(1, min(math.floor(bh * aspect), math.ceil(bh * aspect),
                          key=lambda n: abs(aspect - n / bh))), bh
    return bw, max(1, min(math.floor(bw / aspect), math.ceil(bw / aspect),
                          key=lambda n: abs(aspect - bw / n) if n else 0.0))


def _timing(stream: av.video.stream.VideoStream) -> tuple[Fraction, Fraction, int] | None:
    rate = frame_rate(stream)
    tb = stream.time_base
    if not rate or not tb:
        return None
    start = stream.start_time if stream.start_time is not None else 0
    return rate, Fraction(tb), start


def _by_seeking(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, index: int
) -> av.video.frame.VideoFrame | None:
    timing = _timing(stream)
    if timing is None:
        return None
    rate, tb, start = timing
    target = start + round(Fraction(index) / rate / tb)
    try:
        container.seek(target, stream=stream, backward=True, any_frame=False)
    except av.error.FFmpegError:
        return None
    for frame in container.decode(stream):
        if frame.pts is None:
            return None
        position = round((frame.pts - start) * tb * rate)
        if position == index:
            return frame
        if position > index:
            return None  # the timestamps are not a regular grid: count instead
    return None


def _last_by_seeking(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream
) -> av.video.frame.VideoFrame | None:
    end = None
    if stream.duration and stream.time_base:
        end = (stream.start_time or 0) + stream.duration
    last = None
    if end is not None:
        # Lands on the last keyframe at or before the end; decoding from there reaches the last frame.
        try:
            container.seek(end, stream=stream, backward=True, any_frame=False)
        except av.error.FFmpegError:
            return None
        for frame in _until_damage(container, stream):
            last = frame
    timing = _timing(stream)
    if last is not None and last.pts is not None and timing is not None:
        rate, tb, start = timing
        _check_complete(container, stream, round((last.pts - start) * tb * rate) + 1)
    return last


def _until_damage(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream
) -> Iterator[av.video.frame.VideoFrame]:
    """The decoded frames, ending quietly at damage after the first one: a cut-off download ends in a partial
    packet, and the callers count the frames before it against the header ("incomplete")."""
    decoded = False
    try:
        for frame in container.decode(stream):
            decoded = True
            yield frame
    except av.error.InvalidDataError:
        if not decoded:
            raise


def _check_complete(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, decoded: int
) -> None:
    """A "last frame" before the frame count the header promises means the file was cut off."""
    if stream.frames and decoded < stream.frames:
        raise MediaError(
            f"{_name(container)} is incomplete: it should hold {stream.frames} frames but only {decoded} "
            "can be decoded (the download or render was cut off).",
            Path(str(container.name)),
        )


def _name(container: av.container.InputContainer) -> str:
    return Path(str(container.name)).name


def _by_counting(path: Path, index: int) -> av.video.frame.VideoFrame:
    with open_video(path, one_thread=True) as (container, stream):
        last = None
        n = 0
        for n, frame in enumerate(_until_damage(container, stream), start=1):
            if n - 1 == index:
                return frame
            last = frame
        if index == LAST and last is not None:
            _check_complete(container, stream, n)
            return last
    if n == 0:
        raise MediaError(f"{path.name} contains no decodable video frames.", path)
    raise MediaError(f"{path.name} has only {n} frames; frame {index} does not exist.", path)

"""Opening media files with PyAV, turning every failure into a MediaError with a human message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import av
import av.container
import av.error
import av.video.stream

from gamecraft_desktop.media.errors import MediaError

# FFmpeg demuxers that read still images: they present a picture as a 1-frame "video".
_IMAGE_FORMAT_SUFFIXES = ("_pipe",)
_IMAGE_FORMATS = {"image2", "gif", "webp_pipe", "apng"}


@contextmanager
def open_video(
    path: Path | str, *, one_thread: bool = False
) -> Iterator[tuple[av.container.InputContainer, av.video.stream.VideoStream]]:
    """Open `path` for reading and yield (container, its first video stream). FFmpeg decodes on as many
    threads as it likes, or with `one_thread` on the caller's thread only (see frames.extract_frame)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise MediaError(f"The video file {path} does not exist.", path) from None
    except OSError as exc:
        raise MediaError(f"The video file {path} cannot be read: {exc.strerror or exc}.", path) from exc
    if path.is_dir():
        raise MediaError(f"{path} is a folder, not a video file.", path)
    if size == 0:
        raise MediaError(f"The video file {path.name} is empty (0 bytes): the download or render did not finish.",
                         path)
    try:
        container = av.open(str(path), "r")
    except av.error.FFmpegError as exc:
        raise MediaError(f"{path.name} is not a video this app can read (corrupt or not a video file).",
                         path) from exc
    except OSError as exc:
        raise MediaError(f"The video file {path} cannot be read: {exc.strerror or exc}.", path) from exc
    try:
        fmt = container.format.name
        if fmt in _IMAGE_FORMATS or fmt.endswith(_IMAGE_FORMAT_SUFFIXES):
            raise MediaError(f"{path.name} is a still image, not a video.", path)
        if not container.streams.video:
            raise MediaError(f"{path.name} contains no video stream.", path)
        stream = container.streams.video[0]
        if stream.codec_context is None or not stream.width or not stream.height:
            raise MediaError(f"{path.name} has a video stream this app cannot decode.", path)
        if one_thread:
            stream.codec_context.thread_count = 1
        else:
            stream.thread_type = "AUTO"
        yield container, stream
    except av.error.FFmpegError as exc:
        raise MediaError(f"{path.name} is damaged and cannot be decoded ({_reason(exc)}).", path) from exc
    finally:
        container.close()


def convert(frame: av.VideoFrame, *, format: str, width: int | None = None, height: int | None = None,
            interpolation: str | None = None) -> av.VideoFrame:
    """`frame` in another pixel format (and size), converted by swscale on the caller's thread. Left to itself
    swscale starts a thread per core for each call and ends them after it: a 1216x704 frame took 5.7-6.5 ms
    that way and 3.3-3.7 ms on one thread, with less CPU, and the short-lived threads crowd the cores that
    the job workers need (issue #16)."""
    return frame.reformat(width=width, height=height, format=format, interpolation=interpolation, threads=1)


def frame_rate(stream: av.video.stream.VideoStream) -> Fraction | None:
    """The stream's nominal frame rate, or None when the file does not say."""
    for rate in (stream.average_rate, stream.guessed_rate, stream.base_rate):
        if rate:
            return Fraction(rate)
    return None


def _reason(exc: av.error.FFmpegError) -> str:
    return str(getattr(exc, "strerror", None) or exc).rstrip(".")

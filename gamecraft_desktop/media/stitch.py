"""Joining two videos into one ("continue from the last frame")."""

from __future__ import annotations

import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import av.error

from gamecraft_desktop.atomic_files import atomic_path
from gamecraft_desktop.media._av import convert, frame_rate, open_video
from gamecraft_desktop.media.errors import MediaError

# Shared with the renderer's choice: the index first (fast start), and pts counted in frames.
_MP4_OPTIONS = {"movflags": "+faststart"}


def concat_videos(
    first: Path | str,
    second: Path | str,
    out: Path | str,
    *,
    drop_first_of_second: bool = False,
    preset: str = "veryfast",
    crf: int = 18,
    threads: int = 0,
    on_progress: Callable[[int], None] | None = None,
) -> Path:
    """Write `first` followed by `second` to `out` as one H.264 MP4 (written atomically) and return `out`.

    Everything is re-encoded to the first video's size and frame rate (yuv420p); frames of `second` are
    scaled to that size if they differ and taken one after another at that rate. A continuation whose first
    frame repeats the last frame of `first` can drop it with `drop_first_of_second=True`.
    `on_progress(frames_written)` is called after each frame. Raises MediaError for unreadable inputs or an
    unwritable destination.
    """
    first, second, out = Path(first), Path(second), Path(out)
    with open_video(first) as (_, stream):
        width, height = int(stream.width), int(stream.height)
        rate = frame_rate(stream) or Fraction(24)
    with open_video(second):
        pass  # fail early, before writing anything, when the second file is unusable
    width -= width % 2  # yuv420p needs even dimensions
    height -= height % 2
    time_base = Fraction(1) / rate

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # not fsynced (as before); the temp file beside `out` is renamed over it only once the encoder is done
        with atomic_path(out, prefix=f".{out.stem}.", suffix=".mp4.part", durable=False) as tmp:
            options = dict(_MP4_OPTIONS)
            if rate.denominator == 1:
                options["video_track_timescale"] = str(rate.numerator)
            with av.open(str(tmp), "w", format="mp4", options=options) as container:
                enc = container.add_stream("libx264", rate=rate)
                enc.width, enc.height, enc.pix_fmt = width, height, "yuv420p"
                enc.time_base = time_base
                enc.codec_context.time_base = time_base
                enc.codec_context.thread_type = "FRAME"
                enc.codec_context.thread_count = threads or (os.cpu_count() or 1) + 1
                enc.options = {"preset": preset, "crf": str(crf)}
                pts = 0
                for src, skip in ((first, 0), (second, 1 if drop_first_of_second else 0)):
                    with open_video(src) as (inp, stream):
                        for i, frame in enumerate(inp.decode(stream)):
                            if i < skip:
                                continue
                            out_frame = convert(frame, width=width, height=height, format="yuv420p")
                            out_frame.pts = pts
                            out_frame.time_base = time_base
                            container.mux(enc.encode(out_frame))
                            pts += 1
                            if on_progress is not None:
                                on_progress(pts)
                container.mux(enc.encode(None))
    except av.error.FFmpegError as exc:
        raise MediaError(f"Joining the videos failed: {exc}.", out) from exc
    except OSError as exc:
        raise MediaError(f"Cannot write the joined video to {out}: {exc.strerror or exc}.", out) from exc
    return out

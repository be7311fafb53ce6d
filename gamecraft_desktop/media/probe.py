"""What a video file holds: size, rate, exact frame count, duration, codec."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gamecraft_desktop.media._av import frame_rate, open_video
from gamecraft_desktop.media.errors import MediaError, incomplete_video


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """The facts about a video the app shows and checks (the model's output: 1216×704, 24 fps, 33·N frames)."""

    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    codec: str

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


def probe_video(path: Path | str) -> VideoInfo:
    """Read the container headers of `path`; count packets when the stream does not state its frame count.

    Raises MediaError for missing, empty, corrupt or non-video files.
    """
    path = Path(path)
    with open_video(path) as (container, stream):
        rate = frame_rate(stream)
        declared = int(stream.frames or 0)
        # Count the packets actually present (one per frame for the codecs we meet; empty flush packets
        # skipped): exact for Matroska/WebM, which declare no count, and it catches a cut-off download
        # whose header promises more frames than the file holds. Demuxing reads but does not decode.
        count = sum(1 for pkt in container.demux(stream) if pkt.size > 0)
        if count <= 0:
            raise MediaError(f"{path.name} contains no video frames.", path)
        if declared > count:
            raise incomplete_video(path, declared, count)
        duration: float | None = None
        if stream.duration and stream.time_base:
            duration = float(stream.duration * stream.time_base)
        elif rate:
            duration = float(count / rate)
        elif container.duration:
            duration = container.duration / 1_000_000
        fps = float(rate) if rate else (count / duration if duration else 0.0)
        codec = stream.codec_context.name if stream.codec_context is not None else "unknown"
        return VideoInfo(
            width=int(stream.width),
            height=int(stream.height),
            fps=fps,
            frame_count=count,
            duration_s=duration if duration is not None else 0.0,
            codec=codec,
        )

"""Frames of one video by display index, scaled for the screen: the compare view's decoder.

Why PyAV and not QtMultimedia here: several videos must show the same frame index at the same moment. Four
`QMediaPlayer`s each run their own clock (and drop frames on their own), and their frames are converted and
scaled on the GUI thread when painted. Reading frames by index puts one clock in charge, and the decoding,
colour conversion and scaling (FFmpeg's swscale, GIL released) run on the caller's worker thread; the GUI
thread only draws pictures already at their size. See tests/benchmarks/bench_compare.py for the numbers.

A forward read continues the open decoder; a read behind it, or past the next keyframe, seeks (through
`frame_table.decode_frames`, the rule exports use to find a frame by its timestamp).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av.video.frame

from gamecraft_desktop.media._av import convert
from gamecraft_desktop.media.errors import MediaError
from gamecraft_desktop.media.frame_table import FrameTable, decode_frames, read_frame_table

#: FFmpeg's native-endian 0xAARRGGBB: the layout of Qt's QImage.Format_RGB32, so no conversion is left to Qt.
PIXEL_FORMAT = "rgb32"
#: Box-filter downscaling: sharp without aliasing, and cheaper than bilinear in swscale at these ratios.
INTERPOLATION = "AREA"


@dataclass(frozen=True, slots=True)
class RgbFrame:
    """One decoded frame as packed 32-bit pixels (`stride` bytes per row)."""

    index: int
    width: int
    height: int
    stride: int
    data: bytes


def fit_size(video: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with the video's aspect ratio inside `box`, never larger than the video itself
    (enlarging is left to the painter: it costs memory and shows nothing new)."""
    vw, vh = video
    bw, bh = box
    if vw <= 0 or vh <= 0 or bw <= 0 or bh <= 0:
        return 0, 0
    scale = min(bw / vw, bh / vh, 1.0)
    return max(2, round(vw * scale)), max(2, round(vh * scale))


class FrameReader:
    """Reads one video's frames by index. Not thread-safe: one reader per worker thread."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.table: FrameTable = read_frame_table(self.path)  # MediaError for unusable files
        self._frames: Iterator[tuple[int, av.video.frame.VideoFrame]] | None = None
        self._next = -1  # the index the open decoder yields next
        self.seeks = 0  # how often a read had to start decoding afresh (tests, benchmark)

    @property
    def count(self) -> int:
        return self.table.count

    @property
    def size(self) -> tuple[int, int]:
        return self.table.width, self.table.height

    def read(self, index: int, size: tuple[int, int]) -> RgbFrame:
        """Frame `index` (0-based) scaled to `size` (width, height). Raises MediaError for a damaged file and
        IndexError for an index the video does not have."""
        if not 0 <= index < self.count:
            raise IndexError(f"{self.path.name} has frames 0..{self.count - 1}, not {index}")
        frame = self._decoded(index)
        width, height = max(2, size[0]), max(2, size[1])
        rgb = convert(frame, width=width, height=height, format=PIXEL_FORMAT, interpolation=INTERPOLATION)
        plane = rgb.planes[0]
        return RgbFrame(index, width, height, plane.line_size, bytes(plane))

    def _decoded(self, index: int) -> av.video.frame.VideoFrame:
        if not self.can_continue_to(index):
            self.close()
            self.seeks += 1
            self._frames = decode_frames(self.table, list(range(index, self.count)))
            self._next = index
        assert self._frames is not None
        try:
            while True:
                at, frame = next(self._frames)
                self._next = at + 1
                if at == index:
                    return frame
                if at > index:  # not expected from decode_frames; start afresh rather than show a wrong frame
                    break
        except StopIteration:
            pass
        self.close()
        raise MediaError(f"{self.path.name} ends before frame {index + 1}: it is damaged or incomplete.", self.path)

    def can_continue_to(self, index: int) -> bool:
        """Reading on from the open decoder is cheaper than seeking: it is at or before `index`, and no
        keyframe lies between (a seek would start there anyway)."""
        if self._frames is None or self._next > index:
            return False
        return self.table.keyframe_at_or_before(index) <= self._next

    def close(self) -> None:
        """Release the decoder (closing the generator closes the file)."""
        frames, self._frames = self._frames, None
        self._next = -1
        if frames is not None:
            close = getattr(frames, "close", None)
            if close is not None:
                close()

    def __enter__(self) -> FrameReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

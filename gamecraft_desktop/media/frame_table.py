"""Every frame of a video by its display index, read from the container without decoding: timestamps,
keyframes, decode order and packet sizes. Exports use it to decode exactly the frames asked for and to
tell whether an MP4 cut can copy the compressed frames as they are."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av.video.frame

from gamecraft_desktop.media._av import frame_rate, open_video
from gamecraft_desktop.media.errors import MediaError, incomplete_video


@dataclass(frozen=True)
class FrameTable:
    """The frames of one video stream in display order (index 0 is the first frame shown)."""

    path: Path
    width: int
    height: int
    rate: Fraction | None
    time_base: Fraction | None
    pts: tuple[int, ...]  # per display index; empty when the file has no timestamps
    keyframes: frozenset[int]  # display indices of the frames a decoder can start from
    decode_order: tuple[int, ...]  # per display index: its position in the file (decode order)
    sizes: tuple[int, ...]  # compressed bytes per display index
    _index_of_pts: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index_of_pts", {p: i for i, p in enumerate(self.pts)})

    @property
    def count(self) -> int:
        return len(self.sizes)

    @property
    def fps(self) -> float:
        return float(self.rate) if self.rate else 24.0

    def index_of_pts(self, pts: int | None) -> int | None:
        return None if pts is None else self._index_of_pts.get(pts)

    def keyframe_at_or_before(self, index: int) -> int:
        return max((k for k in self.keyframes if k <= index), default=0)

    def _split_in_file(self, first_after: int) -> bool:
        """True when every frame shown before `first_after` comes before every frame from it on in the file:
        then no frame on one side can refer to a frame on the other (references are decoded first)."""
        if first_after <= 0 or first_after >= self.count:
            return True
        return max(self.decode_order[:first_after]) < min(self.decode_order[first_after:])

    def can_copy(self, first: int, last: int) -> bool:
        """Whether frames first..last can be copied without re-encoding: the range starts on a keyframe and
        no frame inside it refers to one outside (B-frames across either cut)."""
        return bool(self.pts) and first in self.keyframes and self._split_in_file(first) \
            and self._split_in_file(last + 1)

    def bytes_between(self, first: int, last: int) -> int:
        return sum(self.sizes[first:last + 1])


def read_frame_table(path: Path | str) -> FrameTable:
    """Demux `path` (no decoding) and list its frames. Raises MediaError for unusable files."""
    path = Path(path)
    with open_video(path) as (container, stream):
        packets = [(p.pts, p.is_keyframe, p.size) for p in container.demux(stream) if p.size > 0]
        declared = int(stream.frames or 0)
        rate = frame_rate(stream)
        time_base = Fraction(stream.time_base) if stream.time_base else None
        width, height = int(stream.width), int(stream.height)
    if not packets:
        raise MediaError(f"{path.name} contains no video frames.", path)
    if declared > len(packets):
        raise incomplete_video(path, declared, len(packets))
    if any(pts is None for pts, _, _ in packets) or len({pts for pts, _, _ in packets}) != len(packets):
        # No usable timestamps: take the file's order as the display order and never copy.
        return FrameTable(path, width, height, rate, time_base, (), frozenset({0}), tuple(range(len(packets))),
                          tuple(size for _, _, size in packets))
    order = sorted(range(len(packets)), key=lambda i: packets[i][0] or 0)  # display index -> decode position
    return FrameTable(path, width, height, rate, time_base, tuple(packets[i][0] or 0 for i in order),
                      frozenset(d for d, i in enumerate(order) if packets[i][1]), tuple(order),
                      tuple(packets[i][2] for i in order))


def decode_frames(table: FrameTable, wanted: list[int]) -> Iterator[tuple[int, av.video.frame.VideoFrame]]:
    """Decode the frames with these display indices (sorted, unique) and yield (index, frame) in order.

    Seeks to the keyframe before the first one and identifies frames by their timestamps; falls back to
    counting decoded frames from the start when the file's timestamps do not match its packets.
    """
    if not wanted:
        return
    todo = iter(wanted)
    nxt = next(todo)
    if table.pts:
        with open_video(table.path) as (container, stream):
            start = table.keyframe_at_or_before(nxt)
            if start > 0:
                container.seek(table.pts[start], stream=stream, backward=True, any_frame=False)
            for frame in container.decode(stream):
                index = table.index_of_pts(frame.pts)
                if index is None:
                    break  # timestamps we cannot place: count instead (below)
                if index < nxt:
                    continue
                if index > nxt:
                    break
                yield index, frame
                nxt = next(todo, -1)
                if nxt < 0:
                    return
    yield from _decode_by_counting(table, nxt, todo)


def _decode_by_counting(table: FrameTable, nxt: int,
                        todo: Iterator[int]) -> Iterator[tuple[int, av.video.frame.VideoFrame]]:
    with open_video(table.path) as (container, stream):
        for index, frame in enumerate(container.decode(stream)):
            if index == nxt:
                yield index, frame
                nxt = next(todo, -1)
                if nxt < 0:
                    return
    raise MediaError(f"{table.path.name} ends before frame {nxt + 1}: it is damaged or incomplete.", table.path)

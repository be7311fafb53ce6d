"""One clock for several videos: which frame each video shows when the compare view is at a given frame.

The compare view counts frames of the longest video (the master frame). A shorter video either stops on its
last frame until the longest ends (`Ends.HOLD`) or starts again from its first (`Ends.REPEAT`); with loop on,
every video starts again together when the longest ends. Pure arithmetic on frame indices, so lockstep is
exact by construction and checkable without decoding anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class Ends(StrEnum):
    """What a video shorter than the longest does once it reaches its end."""

    HOLD = "hold"  # stops on its last frame until the longest ends
    REPEAT = "repeat"  # starts again from its first frame until the longest ends


def master_length(lengths: Sequence[int]) -> int:
    """Frames on the shared clock: those of the longest video (0 when there is none)."""
    return max((n for n in lengths if n > 0), default=0)


def tile_frame(master: int, length: int, ends: Ends) -> int:
    """The frame a video of `length` frames shows at master frame `master` (-1 for an empty video)."""
    if length <= 0:
        return -1
    master = max(0, master)
    if ends is Ends.REPEAT:
        return master % length
    return min(master, length - 1)


def step(master: int, delta: int, total: int) -> int:
    """`delta` frames on from `master`, wrapping at both ends like the single player's frame step."""
    if total <= 0:
        return 0
    return (max(0, master) + delta) % total


def upcoming(master: int, count: int, total: int, *, loop: bool) -> list[int]:
    """The next `count` master frames after `master`: they wrap to 0 at the end when looping, and stop at the
    last frame when not."""
    out: list[int] = []
    for k in range(1, count + 1):
        frame = master + k
        if frame >= total:
            if not loop or total <= 0:
                break
            frame %= total
        out.append(frame)
    return out


def frames_ahead(master: int, length: int, total: int, ends: Ends, *, loop: bool, count: int) -> list[int]:
    """The frames one video will show next (its decoder's reading list), without repeating a frame it is
    already showing (a held last frame is listed once)."""
    current = tile_frame(master, length, ends)
    out: list[int] = []
    last = current
    for m in upcoming(master, count, total, loop=loop):
        f = tile_frame(m, length, ends)
        if f != last and f not in out:
            out.append(f)
        last = f
    return out

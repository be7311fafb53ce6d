"""Cheap file-type checks that need no decoder."""

from __future__ import annotations

from pathlib import Path

# ISO base media files (MP4, MOV, 3GP) start with a box: 4-byte big-endian size, then its type.
# `ftyp` comes first in every MP4 writer we care about (ffmpeg, x264, fal's output).
_HEAD = 12


def is_mp4(source: Path | str | bytes | bytearray | memoryview) -> bool:
    """True when `source` (a path or the file's first bytes) starts with an MP4 `ftyp` box.

    A missing or unreadable file is simply not an MP4.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        head = bytes(source[:_HEAD])
    else:
        try:
            with open(source, "rb") as fh:
                head = fh.read(_HEAD)
        except OSError:
            return False
    if len(head) < 12 or head[4:8] != b"ftyp":
        return False
    size = int.from_bytes(head[:4], "big")
    # size 1 means a 64-bit size follows; otherwise the box holds at least type + major brand + version.
    return size == 1 or size >= 16

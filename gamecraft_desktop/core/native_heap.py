"""How the C heap hands freed memory back to the system (glibc's malloc; elsewhere nothing is changed).

glibc raises its mmap threshold to the size of each large block it frees (up to 32 MB), and its trim threshold
to twice that. After one freed video chunk or decoded frame, every block below that size comes from the
per-thread arenas, and up to 64 MB of free space at an arena's top is kept resident. With many short-lived
worker threads (uploads, downloads, the sandbox's renders) that showed as ~100 MB of resident memory held by
nothing after a few minutes of jobs (tests/benchmarks/soak_money_rules.py). A fixed threshold switches that
adjustment off: large blocks are mapped and unmapped on their own, and arena tops are trimmed as they free.
"""

from __future__ import annotations

import contextlib
import sys

#: mallopt parameter number (glibc's malloc.h).
M_MMAP_THRESHOLD = -3
#: glibc's own starting value: blocks from 128 KiB up get their own mapping, returned to the system on free.
MMAP_THRESHOLD_BYTES = 128 * 1024


def hand_back_freed_memory_promptly() -> bool:
    """Fix glibc's mmap threshold for this process (True when set). Process-wide: the app calls it once at
    start-up, after its first frame (ctypes is not worth loading before it)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    with contextlib.suppress(OSError, AttributeError, TypeError):
        process = ctypes.CDLL(None)  # the C library the interpreter runs on, whatever its file name
        return bool(process.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    return False  # not glibc (musl has no mallopt): its allocator returns memory by its own rules

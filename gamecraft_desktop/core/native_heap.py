"""How many heaps the C allocator keeps (glibc's malloc; elsewhere nothing is changed).

glibc gives threads their own arenas (up to 8 per core) and never shrinks an arena's top below its trim
threshold, which it raises to twice the largest block freed (up to 64 MB); `malloc_trim` does not reach
the tops of those arenas at all. With many short-lived worker threads (uploads, downloads, the sandbox's
renders) each arena kept its own tens of MB free: ~100 MB resident, held by nothing, after a few minutes of
jobs (tests/benchmarks/soak_money_rules.py). Two arenas share that free space instead. The mmap threshold
keeps adjusting as glibc likes: fixing it low made every decoded video frame the window paints a fresh
mapping, page faults included, and the GUI stall benchmark worse (tests/benchmarks/bench_jobs.py).
"""

from __future__ import annotations

import contextlib
import sys

#: mallopt parameter number (glibc's malloc.h).
M_ARENA_MAX = -8
#: The main heap and one shared by every worker thread: they rarely allocate at the same moment.
ARENAS = 2


def share_heaps_between_threads() -> bool:
    """Limit glibc's arenas for this process (True when set). Process-wide: the app calls it once at
    start-up, after its first frame (ctypes is not worth loading before it) and before its workers start."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    with contextlib.suppress(OSError, AttributeError, TypeError):
        process = ctypes.CDLL(None)  # the C library the interpreter runs on, whatever its file name
        return bool(process.mallopt(M_ARENA_MAX, ARENAS))
    return False  # not glibc (musl has no mallopt): its allocator returns memory by its own rules

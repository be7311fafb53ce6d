"""Worker threads share the C heap: memory they freed must not stay resident in a heap of their own (the
soak's RSS goal, tests/benchmarks/soak_money_rules.py). Each case runs in a fresh interpreter: glibc's
settings are process-wide and this test process has long since started its threads."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc: Linux only")

# Eight workers at once, as uploads, downloads, polls and renders overlap: each frees one 16 MB block (glibc
# then keeps up to 32 MB free at the top of that thread's heap) and then 24 blocks of 1 MB. Memory is read
# after malloc_trim, as the soak reads it: what remains is held by the heaps' tops, not by anything alive.
WORKERS = textwrap.dedent("""
    import ctypes, sys, threading
    from pathlib import Path

    def rss_mb():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    if sys.argv[1] == "shared":
        from gamecraft_desktop.core.native_heap import share_heaps_between_threads
        assert share_heaps_between_threads()

    started = threading.Barrier(8)
    done = threading.Barrier(8)

    def work():
        started.wait()
        big = b"\\1" * (16 << 20)
        del big
        chunks = [b"\\2" * (1 << 20) for _ in range(24)]
        done.wait()  # all eight hold their blocks at once: each needs a heap
        del chunks

    before = rss_mb()
    workers = [threading.Thread(target=work) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    ctypes.CDLL(None).malloc_trim(0)
    print(rss_mb() - before)
""")


def resident_after_workers(mode: str) -> float:
    done = subprocess.run([sys.executable, "-c", WORKERS, mode], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return float(done.stdout)


def test_memory_finished_workers_freed_does_not_stay_resident() -> None:
    assert resident_after_workers("shared") < 80.0


def test_without_it_each_worker_heap_keeps_its_free_memory() -> None:
    # The control: with a heap per thread the same workers leave most of their 192 MB resident, so the test
    # above can fail.
    assert resident_after_workers("default") > 140.0

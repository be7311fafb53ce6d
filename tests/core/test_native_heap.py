"""The C heap hands freed memory back: many short-lived workers must not leave memory resident that nothing
holds (the soak's RSS goal, tests/benchmarks/soak_money_rules.py). Each case runs in a fresh interpreter:
glibc's thresholds are process-wide and this test process has long since moved them."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc: Linux only")

# A worker frees one 16 MB block (glibc then serves blocks below 16 MB from its arena and keeps up to 32 MB
# free at the arena's top) and then 30 blocks of 1 MB, as a download or a render does with its buffers.
WORKER = textwrap.dedent("""
    import sys, threading
    from pathlib import Path

    def rss_mb():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    if sys.argv[1] == "fixed":
        from gamecraft_desktop.core.native_heap import hand_back_freed_memory_promptly
        assert hand_back_freed_memory_promptly()

    def work():
        big = b"\\1" * (16 << 20)
        del big
        chunks = [b"\\2" * (1 << 20) for _ in range(30)]
        del chunks

    before = rss_mb()
    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    print(rss_mb() - before)
""")


def resident_after_worker(mode: str) -> float:
    done = subprocess.run([sys.executable, "-c", WORKER, mode], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return float(done.stdout)


def test_memory_a_finished_worker_freed_goes_back_to_the_system() -> None:
    assert resident_after_worker("fixed") < 4.0


def test_without_it_this_c_library_keeps_the_freed_memory() -> None:
    # The control: on glibc the same worker leaves most of its 30 MB resident, so the test above can fail.
    assert resident_after_worker("default") > 20.0

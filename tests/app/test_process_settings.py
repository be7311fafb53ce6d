"""The app's process-wide settings are in force once it runs (app.run_gui): worker threads share the C heap
(core/native_heap.py). Checked in a fresh app process, as it starts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from app_child import app_child, run_app_child

HEAPS_CHILD = app_child("""
    import ctypes, re, tempfile, threading


    def heaps():
        # glibc's own report: one <heap nr="N"> element per arena.
        libc = ctypes.CDLL(None)
        libc.fopen.restype = ctypes.c_void_p
        libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
        libc.fclose.argtypes = [ctypes.c_void_p]
        with tempfile.NamedTemporaryFile(suffix=".xml") as report:
            stream = libc.fopen(report.name.encode(), b"w")
            libc.malloc_info(0, stream)
            libc.fclose(stream)
            return len(re.findall(r'<heap nr="', open(report.name).read()))


    def on_attached(window):
        # Eight workers allocating at once, as uploads, downloads, polls and renders overlap.
        together = threading.Barrier(8)

        def work():
            together.wait()
            blocks = [bytearray(64 * 1024) for _ in range(200)]
            together.wait()
            del blocks

        workers = [threading.Thread(target=work) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        seen["heaps"] = heaps()
        from PySide6.QtWidgets import QApplication
        window.jobs_runtime.shutdown()
        QApplication.quit()
""")


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc: Linux only")
def test_the_running_app_shares_the_c_heap_between_its_threads(tmp_path: Path) -> None:
    seen = run_app_child(HEAPS_CHILD, tmp_path)
    # glibc's default would give each of the eight workers a heap of its own (up to 16 on two cores).
    assert 1 <= seen.get("heaps", 0) <= 2, seen

"""The app's process-wide settings are in force once it runs (app.run_gui): worker threads share the C heap
(core/native_heap.py). Checked in a fresh app process, as it starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HEAPS_CHILD = textwrap.dedent("""
    import ctypes, json, re, tempfile, threading
    from gamecraft_desktop import app

    seen = {}
    attach = app._attach_jobs

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

    def attach_and_check(window):
        attach(window)
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

    def give_up():
        from PySide6.QtWidgets import QApplication
        QApplication.quit()

    app._attach_jobs = attach_and_check
    from PySide6.QtCore import QTimer
    QTimer.singleShot(60000, give_up)
    app.run_gui([])
    print("RESULT", json.dumps(seen))
""")


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc: Linux only")
def test_the_running_app_shares_the_c_heap_between_its_threads(tmp_path: Path) -> None:
    env = {**os.environ, "GAMECRAFT_DESKTOP_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}  # no Secret Service prompt to wait on
    env.pop("FAL_KEY", None)
    env.pop("MALLOC_ARENA_MAX", None)
    proc = subprocess.run([sys.executable, "-c", HEAPS_CHILD], env=env, capture_output=True, text=True, timeout=90)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, f"rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    seen = json.loads(lines[-1].removeprefix("RESULT "))
    # glibc's default would give each of the eight workers a heap of its own (up to 16 on two cores).
    assert 1 <= seen["heaps"] <= 2, seen

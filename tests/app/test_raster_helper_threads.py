"""The window paints on its own thread: Qt's raster helper threads stay off (they made the GUI thread wait
for a free core while jobs kept both cores busy: tests/benchmarks/bench_jobs.py). Each case runs in a fresh
interpreter, since Qt reads the switch once per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

PAINT_BIG = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path

    if sys.argv[1] == "app":
        from gamecraft_desktop.app import build_application
        build_application([])
    else:
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
    from PySide6.QtGui import QColor, QImage, QPainter

    # A large translucent fill and a scaled video-sized frame: what Qt hands to its helpers.
    canvas = QImage(1600, 1200, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(QColor("white"))
    frame = QImage(1280, 720, QImage.Format.Format_RGB32)
    frame.fill(QColor("red"))
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.fillRect(canvas.rect(), QColor(10, 20, 30, 128))
    painter.drawImage(canvas.rect(), frame)
    painter.end()
    print(json.dumps([Path(t, "comm").read_text().strip() for t in Path("/proc/self/task").iterdir()]))
""")


def threads_after_painting(mode: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", PAINT_BIG, mode], capture_output=True, text=True, timeout=60,
                          env=env)
    assert done.returncode == 0, done.stderr
    names: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return names


def test_the_app_paints_large_areas_without_helper_threads() -> None:
    assert "Thread (pooled)" not in threads_after_painting("app")


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="Qt starts no raster helpers on a single core")
def test_plain_qt_would_start_helper_threads_for_the_same_paint() -> None:
    # The control: Qt on its own hands this paint to helper threads, so the test above can fail.
    assert "Thread (pooled)" in threads_after_painting("qt")

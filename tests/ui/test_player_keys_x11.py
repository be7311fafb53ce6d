"""The player's keys with real input: a child process on Xvfb, keys pressed through XTest and read by Qt's
xcb plugin. I and O set the in and out points at the playhead; Ctrl+Shift+S saves the frame shown even
though the window's Save As holds the same key (the player claims it while focused); Alt+X clears."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from xvfb_helpers import run_on_xvfb

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "media"))
from export_samples import barcode_video

CHILD = textwrap.dedent("""
    import ctypes, json, sys, time
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QApplication, QMainWindow
    from gamecraft_desktop.ui.player_view import PlayerView

    x11 = ctypes.CDLL("libX11.so.6")
    xtst = ctypes.CDLL("libXtst.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XStringToKeysym.restype = ctypes.c_ulong
    x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    display = x11.XOpenDisplay(None)
    app = QApplication(sys.argv)

    def pump(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    def press(*names):
        codes = [x11.XKeysymToKeycode(display, x11.XStringToKeysym(n.encode())) for n in names]
        for code in codes:
            xtst.XTestFakeKeyEvent(display, code, 1, 0)
        for code in reversed(codes):
            xtst.XTestFakeKeyEvent(display, code, 0, 0)
        x11.XFlush(display)
        pump(0.3)

    window = QMainWindow()
    save_as = QAction("Save As", window)
    save_as.setShortcut(QKeySequence("Ctrl+Shift+S"))  # the project's Save As on most desktops
    fired = []
    save_as.triggered.connect(lambda: fired.append("save_as"))
    window.addAction(save_as)
    player = PlayerView()
    window.setCentralWidget(player)
    saved = []
    player.saveFrameRequested.connect(lambda job, frame: saved.append([job, frame]))
    window.resize(800, 500)
    window.show()
    window.activateWindow()
    player.set_video(sys.argv[1], job_id="job-1", frame_count=int(sys.argv[2]))
    deadline = time.monotonic() + 20
    while player.frames_seen < 3 and time.monotonic() < deadline:
        pump(0.05)
    player.pause()
    player.setFocus()
    pump(0.3)
    player.seek_frame(5)
    pump(0.3)
    press("i")
    player.seek_frame(20)
    pump(0.3)
    press("o")
    trim = player.trim()
    press("Control_L", "Shift_L", "s")
    press("Alt_L", "x")
    print("RESULT", json.dumps({"focus": player.hasFocus(), "frames": player.frames_seen, "trim": trim,
                                "saved": saved, "save_as": fired, "cleared": player.trim() is None}), flush=True)
""")


@pytest.mark.slow
def test_player_keys_on_a_real_x_server(tmp_path: Path) -> None:
    video = barcode_video(tmp_path / "clip.mp4", 48)
    result = run_on_xvfb(CHILD.replace("sys.argv[1]", repr(str(video))).replace("int(sys.argv[2])", "48"), tmp_path)
    assert result["focus"] and result["frames"] >= 3, result
    assert result["trim"] == [5, 20]
    assert result["saved"] == [["job-1", 20]] and result["save_as"] == []  # the player's key, not Save As
    assert result["cleared"]

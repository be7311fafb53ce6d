"""No key is claimed twice on X11 (a child process on Xvfb with Qt's xcb plugin, whose key scheme is X11's).

Was: Redo was given Ctrl+Shift+Z and `StandardKey.Redo`, which on X11 already holds Ctrl+Shift+Z; Qt
logged "Ambiguous shortcut overload: Ctrl+Shift+Z" and Redo did nothing. Offscreen uses the Windows key
scheme, where the clash does not exist. (The real-input tier also presses the keys.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent("""
    import json, sys
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv)
    from gamecraft_desktop.ui.main_window import MainWindow
    from gamecraft_desktop.ui.shortcuts import ambiguous_shortcuts
    window = MainWindow()
    redo = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in window.redo_action.shortcuts()]
    print("RESULT", json.dumps({"ambiguous": ambiguous_shortcuts(window), "redo": redo}), flush=True)
""")


def test_no_shortcut_is_ambiguous_on_x11(tmp_path: Path) -> None:
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (packaging/bootstrap.sh test installs it)")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["QT_QPA_PLATFORM"] = "xcb"
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    out = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, str(script)],
                         env=env, capture_output=True, text=True, timeout=120)
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"child failed: rc={out.returncode}\n{out.stdout}\n{out.stderr}"
    result = json.loads(lines[0].removeprefix("RESULT "))
    assert result["ambiguous"] == {}
    assert result["redo"][0] == "Ctrl+Shift+Z" and result["redo"].count("Ctrl+Shift+Z") == 1
    assert "Ctrl+Y" in result["redo"]  # X11's second Redo key still works

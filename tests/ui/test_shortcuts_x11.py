"""No key is claimed twice on X11 (a child process on Xvfb with Qt's xcb plugin, whose key scheme is X11's).

Was: Redo was given Ctrl+Shift+Z and `StandardKey.Redo`, which on X11 already holds Ctrl+Shift+Z; Qt
logged "Ambiguous shortcut overload: Ctrl+Shift+Z" and Redo did nothing. Offscreen uses the Windows key
scheme, where the clash does not exist. (The real-input tier also presses the keys.)
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from xvfb_helpers import run_on_xvfb

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
    result = run_on_xvfb(CHILD, tmp_path)
    assert result["ambiguous"] == {}
    assert result["redo"][0] == "Ctrl+Shift+Z" and result["redo"].count("Ctrl+Shift+Z") == 1
    assert "Ctrl+Y" in result["redo"]  # Ctrl+Y redoes too, as on most platforms

"""The timeline's screen-reader interface is installed right after the first frame (QAccessible's enums cost
start-up time), yet a screen reader that asked before then still ends up with the list of moves: the
default interface Qt made meanwhile is dropped. Runs the real app in a fresh process (app_child.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_child import app_child, run_app_child

CHILD = app_child("""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QApplication

    from gamecraft_desktop.ui import accessibility

    QAccessible.isActive = staticmethod(lambda: True)  # an assistive technology listens from the start
    release = accessibility.release_factories

    def timeline():
        from gamecraft_desktop.ui.timeline.view import TimelineView

        return next(w for w in QApplication.allWidgets() if isinstance(w, TimelineView))

    def describe(iface):
        return [iface.role().name, iface.childCount(), iface.child(0).text(QAccessible.Text.Name)
                if iface.childCount() and iface.child(0) is not None else ""]

    def ask_then_release():
        # What the screen reader got when it asked before the first frame's factory was installed.
        seen["before"] = describe(QAccessible.queryAccessibleInterface(timeline()))
        seen["interfaces_loaded_before"] = "gamecraft_desktop.ui.timeline.accessible" in sys.modules
        release()

    accessibility.release_factories = ask_then_release

    def on_attached(window):
        seen["after"] = describe(QAccessible.queryAccessibleInterface(timeline()))
        seen["moves"] = len(window.doc.path())
        QApplication.quit()
""")


@pytest.mark.subprocess
def test_a_screen_reader_that_asked_before_the_first_frame_gets_the_moves(tmp_path: Path) -> None:
    seen = run_app_child(CHILD, tmp_path)
    assert "gave_up" not in seen, seen
    assert seen["interfaces_loaded_before"] is False
    assert seen["before"][0] != "List"  # Qt's default: the factory was not installed yet
    role, children, first = seen["after"]
    assert (role, children) == ("List", seen["moves"]) and seen["moves"] > 0
    assert first.startswith("move 1 of ")

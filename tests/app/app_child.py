"""Run the real app (`app.run_gui`) in a fresh process and look at it once its jobs half is attached, i.e. after
the first frame. This test session has imported and started everything already, so start-up questions need a
process of their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

_TEMPLATE = """
import json, sys
from gamecraft_desktop import app

seen = {{}}
attach = app._attach_jobs


def give_up():
    from PySide6.QtWidgets import QApplication
    seen.setdefault("gave_up", True)
    QApplication.quit()


{body}


def attach_and_watch(window):
    attach(window)
    on_attached(window)


app._attach_jobs = attach_and_watch
from PySide6.QtCore import QTimer
QTimer.singleShot(60000, give_up)
app.run_gui([])
print("RESULT", json.dumps(seen))
"""


def app_child(body: str) -> str:
    """The child's source. `body` defines `on_attached(window)`, which fills the dict `seen` and quits the app
    (QApplication.quit) when done; `give_up()` quits at once. The app quits by itself after 60 s."""
    return _TEMPLATE.format(body=textwrap.dedent(body))


def run_app_child(source: str, home: Path) -> dict[str, Any]:
    """Run the child with its own app home, no key and no Secret Service prompt to wait on; its `seen`."""
    env = {**os.environ, "GAMECRAFT_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    for name in ("FAL_KEY", "MALLOC_ARENA_MAX"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-c", source], env=env, capture_output=True, text=True, timeout=90)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, f"rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    seen: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    return seen

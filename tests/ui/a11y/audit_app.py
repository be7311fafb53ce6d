"""The real window for an accessibility audit on a real X server: the jobs half on the in-process sandbox,
an image, a prompt and a path composed, one sandbox job generated, finished and playing. Then it answers
commands on stdin, one per line, with one line each on stdout:
  tree-ready   -> READY            (the window is up: read the AT-SPI tree now)
  tab          -> TAB <json>       (Tab pressed through the whole window: what took the focus, in order)
  quit         -> (exits)
Run: python audit_app.py WORK_DIR IMAGE (with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 on an AT-SPI bus)."""

import json
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from gamecraft_desktop.app import build_application, create_main_window
from gamecraft_desktop.app_jobs import JobsRuntime
from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.fal.secret_store import MemorySecretStore

work, image = Path(sys.argv[1]), Path(sys.argv[2])
os.environ.setdefault("GAMECRAFT_DESKTOP_HOME", str(work / "home"))
app = build_application([])


def wait(condition, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return False


window = create_main_window()
runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env={},
                      sandbox_options={"seconds_per_action": 0.2})
runtime.ask_quit = lambda _w, _n: True
window.show()
runtime.start()
wait(lambda: runtime.sandbox is not None and not runtime.key.info.loading)
window.activateWindow()
window.drop_zone.load_path(image)
editor = window.composer.prompt_editor
editor.set_texts("a harbour town at dusk", editor.negative())
window.doc.set_path(CameraPath.of("wdsa", 0.3))


def ready() -> bool:
    window.refresh_check()
    return bool(window.current_check().ok)


wait(ready)
window.generate_action.trigger()
ids = runtime.manager.job_ids()
done = bool(ids) and wait(lambda: runtime.manager.job_event(ids[0]).state == JobState.DONE, 90)
wait(lambda: runtime.player.job_id == (ids[0] if ids else None) and runtime.player.frames_seen > 3, 30)
runtime.player.pause()
window.doc.select([1])


def tab_walk() -> dict:
    """Press Tab from the first control until the focus comes back: what a keyboard user reaches."""
    window.activateWindow()
    wait(lambda: window.isActiveWindow(), 5)
    first = window.composer.drop_zone.open_button
    first.setFocus(Qt.FocusReason.TabFocusReason)
    wait(lambda: QApplication.focusWidget() is first, 2)
    order, seen = [], set()
    for _ in range(200):
        w = QApplication.focusWidget()
        if w is None:
            break
        key = id(w)
        if key in seen:
            break
        seen.add(key)
        order.append(describe(w))
        QTest.keyClick(w, Qt.Key.Key_Tab)
        app.processEvents()
    stops = [describe(w) for w in tab_stops()]
    return {"order": order, "stops": stops, "missed": [s for s in stops if s not in order]}


def tab_stops() -> list:
    out = []
    for w in window.findChildren(QWidget):
        if not (w.isVisible() and w.isEnabled() and w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value):
            continue
        if w.objectName().startswith("qt_") or w.focusProxy() is not None:
            continue
        parent = w.parent()
        internal = False
        while parent is not None:
            if type(parent).__name__ in ("QAbstractSpinBox", "QSpinBox", "QDoubleSpinBox", "QComboBox"):
                internal = True
            parent = parent.parent()
        if not internal:
            out.append(w)
    return out


def describe(w) -> str:
    name = w.accessibleName() or (w.text() if hasattr(w, "text") and callable(w.text) else "") or w.objectName()
    return f"{type(w).__name__}:{str(name).replace(chr(10), ' ')[:40]}"


def on_command() -> None:
    command = sys.stdin.readline().strip()
    if command == "tab":
        print("TAB " + json.dumps(tab_walk()), flush=True)
    elif command in ("quit", ""):
        runtime.shutdown()
        os._exit(0)


# The event loop keeps running while the reader asks: Qt answers AT-SPI calls from it.
notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(on_command)
print("READY " + json.dumps({"jobs": len(ids), "done": done}), flush=True)
app.exec()

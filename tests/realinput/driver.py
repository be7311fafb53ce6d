"""The real app under Xvfb + openbox, driven by real X input (XTest through xdotool) from this same process:
xdotool runs as a child while the event loop keeps turning, so what arrives is what a person's keyboard and
mouse would send through the X server. Prints one RESULT line with what happened."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication
from xinput import XInput

from gamecraft_desktop.app import build_application
from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState

work = Path(sys.argv[1])
image = Path(sys.argv[2])
here = Path(sys.argv[3])  # this folder (the script runs from a copy)
result: dict[str, object] = {}
app = build_application([])


def step(name: str) -> None:
    print(f"STEP {name} {time.monotonic() - T0:.1f}s", file=sys.stderr, flush=True)


T0 = time.monotonic()


x = XInput(app)
pump, wait, xdo = x.pump, x.wait, x.xdo


def centre(widget) -> QPoint:
    return widget.mapToGlobal(widget.rect().center())


def click(widget) -> None:
    p = centre(widget)
    xdo("mousemove", "--sync", str(p.x()), str(p.y()), "click", "1")


window, runtime = x.start_window()
doc, view = window.doc, window.timeline.view

step("shortcuts")
# 1. Shortcuts, undo and redo included: W in the timeline, then the window's Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y
#    with the focus elsewhere (the path map), as a person uses them.
doc.set_path(CameraPath.of("w", 0.2))
click(view)
xdo("key", "d")
after_d = len(doc.path())
click(window.path_map)
xdo("key", "ctrl+z")
after_undo = len(doc.path())
xdo("key", "ctrl+shift+z")
after_redo = len(doc.path())
xdo("key", "ctrl+z")
xdo("key", "ctrl+y")
after_ctrl_y = len(doc.path())
result["shortcuts"] = [after_d, after_undo, after_redo, after_ctrl_y]

step("panels")
# 1b. F6 / Shift+F6 between the panels: from the prompt round all of them and back, then two back.


def panel_name():
    focus = QApplication.focusWidget()
    for panel in window.panels():
        if focus is not None and (focus is panel.root or panel.root.isAncestorOf(focus)):
            return panel.name
    return None


click(window.composer.prompt_editor.prompt)
forward = [panel_name()]
for _ in window.panels():
    xdo("key", "F6")
    forward.append(panel_name())
backward = []
for _ in range(2):
    xdo("key", "shift+F6")
    backward.append(panel_name())
result["panels"] = {"names": [p.name for p in window.panels()], "forward": forward, "backward": backward}

step("record")
# 2. Record mode with autorepeat on: W held for 3 s adds 3 moves (1 at once, then one per full 1.375 s).
subprocess.run(["xset", "r", "on"], check=False)
doc.set_path(CameraPath.of("", 0.2))
click(view)
xdo("key", "r")
recording = view.is_recording()
xdo("keydown", "w", "sleep", "3", "keyup", "w")
wait(lambda: view.recorder.held_action() is None and not view.recorder.release_pending, 3)
result["record"] = {"recording": recording, "moves": "".join(a.value for a in doc.path().actions)}
xdo("key", "Escape")

step("drop")
# 3. A file dropped from another application (a real XDND drag from a drag-source window).
source = subprocess.Popen([sys.executable, str(here / "drag_source.py"), str(image)], stdout=subprocess.PIPE,
                          text=True)
assert source.stdout is not None and source.stdout.readline().strip() == "READY"
pump(0.8)
window.raise_()
target = centre(window.drop_zone.canvas)
xdo("search", "--sync", "--name", "gamecraft-test-drag-source", "windowactivate", "--sync")
xdo("mousemove", "--sync", "60", "60", "mousedown", "1")
for i in range(1, 11):  # move like a hand does: a drag needs motion events on the way
    x, y = 60 + (target.x() - 60) * i // 10, 60 + (target.y() - 60) * i // 10
    xdo("mousemove", "--sync", str(x), str(y))
xdo("mouseup", "1")
dropped = wait(lambda: window.drop_zone.current() is not None, 15)
result["drop"] = str(window.drop_zone.current().path) if dropped else None
source.terminate()
source.wait(5)

step("generate")
# 4. Generate in Sandbox mode through to playback: the prompt typed, Generate clicked.
doc.set_path(CameraPath.of("wd", 0.3))
click(window.composer.prompt_editor.prompt)
xdo("type", "--delay", "5", "a harbour town at dusk")
wait(lambda: window.generate_action.isEnabled(), 10)
click(window.generate_bar.generate_button)
ids = runtime.manager.job_ids()
done = bool(ids) and wait(lambda: runtime.manager.job_event(ids[0]).state == JobState.DONE, 60)
played = done and wait(lambda: runtime.player.job_id == ids[0] and runtime.player.frames_seen > 3, 30)
result["generate"] = {"jobs": len(ids), "done": done, "played": played}

step("save")
# 5. Save video through the real (Qt, not native) file dialog: the button, a typed name, Return. The dialog
#    is modal (its own event loop), so the typing is started first and waits for the dialog's window.
dest = work / "saved-clip.mp4"
saved: list[str] = []
runtime.manager.videoSaved.connect(lambda _job, path, error: saved.append(error or path))
seen: dict[str, object] = {}


def look_at_dialog() -> None:
    dialog = QApplication.activeModalWidget()
    if dialog is not None and not seen:
        seen.update({"class": type(dialog).__name__, "title": dialog.windowTitle()})


looker = QTimer()
looker.setInterval(50)
looker.timeout.connect(look_at_dialog)
looker.start()
typist = subprocess.Popen(["sh", "-c", 'xdotool search --sync --name "^Save video$" windowactivate --sync '
                           'sleep 0.5 key ctrl+a sleep 0.2 type --delay 5 "$0" && sleep 0.3 && xdotool key Return',
                           str(dest)])
click(runtime.player.findChild(QAbstractButton, "saveVideo"))  # returns once the dialog is closed
typist.wait(30)
looker.stop()
wait(lambda: bool(saved), 20)
result["save"] = {"dialog": seen, "saved": saved, "exists": dest.is_file(),
                  "sidecar": dest.with_name(dest.name + ".json").is_file()}

runtime.shutdown()
print("RESULT", json.dumps(result), flush=True)
os._exit(0)

"""The real app under Xvfb + openbox: two sandbox jobs are selected with a real click and Ctrl+click (XTest
through xdotool), Compare is clicked, the W key switches to the wipe and the mouse drags its divider, Escape
leaves. Prints one RESULT line with what happened."""

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QMenu
from xinput import XInput

from gamecraft_desktop.app import build_application
from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.job_list_model import JobRole
from gamecraft_desktop.ui.compare.tile_layout import Layout

image = Path(sys.argv[1])
result: dict[str, object] = {}
app = build_application([])


x = XInput(app)
pump, wait, xdo = x.pump, x.wait, x.xdo


def at(widget, point: QPoint) -> QPoint:
    return widget.mapToGlobal(point)


window, runtime = x.start_window()

# Two finished sandbox jobs of one image and prompt (seeds 42 and 43).
window.drop_zone.load_path(image)
window.composer.prompt_editor.set_texts("a harbour town at dusk", window.composer.prompt_editor.negative())
window.doc.set_path(CameraPath.of("wd", 0.3))
wait(lambda: (window.refresh_check(), window.current_check().ok)[1], 20)
runtime.panel.runs_spin.setValue(2)
window.generate_action.trigger()
ids = runtime.manager.job_ids()
wait(lambda: all(runtime.manager.job_event(j).state == JobState.DONE for j in ids), 60)
runtime.panel.model.flush()
pump(0.5)

panel = runtime.panel
list_view = panel.view


def row_point(job_id: str) -> QPoint:
    rect = list_view.visualRect(panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(job_id))))
    return at(list_view.viewport(), QPoint(rect.left() + rect.width() // 3, rect.center().y()))


first, second = row_point(ids[0]), row_point(ids[1])
xdo("mousemove", "--sync", str(first.x()), str(first.y()), "click", "1")
xdo("mousemove", "--sync", str(second.x()), str(second.y()), "keydown", "ctrl", "click", "1", "keyup", "ctrl")
selected = sorted(i.data(JobRole.JOB_ID) for i in list_view.selectionModel().selectedRows())
result["selected"] = sorted(ids) == selected
# Compare from the job menu: a real right-click on the selection (it stays selected), then a real click on
# Compare. The menu runs its own event loop, so a timer inside it finds the item and starts the click.
clicks: list[subprocess.Popen] = []


def click_compare_in_menu() -> None:
    menu = QApplication.activePopupWidget()
    if isinstance(menu, QMenu) and panel.actions["compare"] in menu.actions() and not clicks:
        if not panel.actions["compare"].isEnabled():  # the selection was lost: say so rather than wait forever
            result["menu"] = "Compare disabled"
            menu.close()
            return
        point = menu.mapToGlobal(menu.actionGeometry(panel.actions["compare"]).center())
        clicks.append(subprocess.Popen(["xdotool", "mousemove", "--sync", str(point.x()), str(point.y()),
                                        "click", "1"]))


looker = QTimer()
looker.setInterval(50)
looker.timeout.connect(click_compare_in_menu)
looker.start()
xdo("mousemove", "--sync", str(second.x()), str(second.y()), "click", "3")
opened = wait(lambda: runtime.compare.active, 10)
looker.stop()
view = runtime.compare.view
if view is None:  # nothing more to drive
    runtime.shutdown()
    print("RESULT", json.dumps({**result, "compare": {"opened": False}}), flush=True)
    os._exit(0)
result["compare"] = {"opened": opened, "jobs": sorted(view.job_ids()) == sorted(ids) if view else False,
                     "playing": bool(view) and wait(lambda: view.session.shown >= 5, 20)}

# Keys while the compare view has the focus: W for the wipe; then a real drag of its divider.
xdo("key", "w")
canvas = view.canvas
result["wipe"] = canvas.layout_mode is Layout.WIPE
picture = canvas.tile_rects()[canvas.wipe_pair[0]][1]
start = at(canvas, picture.center())
end = at(canvas, QPoint(picture.left() + picture.width() // 5, picture.center().y()))
xdo("mousemove", "--sync", str(start.x()), str(start.y()), "mousedown", "1")
for i in range(1, 9):
    x = start.x() + (end.x() - start.x()) * i // 8
    xdo("mousemove", "--sync", str(x), str(start.y()))
xdo("mouseup", "1")
result["divider"] = round(canvas.wipe_position, 2)
xdo("key", "Escape")
result["left"] = not runtime.compare.active and runtime.area.currentWidget() is runtime.player

runtime.shutdown()
print("RESULT", json.dumps(result), flush=True)
os._exit(0)

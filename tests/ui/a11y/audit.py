"""Audit the real window through a real AT-SPI bus: start the accessibility bus, the app (audit_app.py, with
Qt's AT-SPI bridge on), read its tree with the system Python's pyatspi (atspi_reader.py), walk its Tab
order, and write everything as JSON. Run inside `dbus-run-session -- xvfb-run -a`:
    python audit.py OUT.json [APP_PYTHON]"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

here = Path(__file__).resolve().parent
out = Path(sys.argv[1])
app_python = sys.argv[2] if len(sys.argv) > 2 else sys.executable
work = Path(tempfile.mkdtemp(prefix="gamecraft-a11y-"))
sys.path.insert(0, str(here.parent))
from audit_helpers import scene_png  # noqa: E402

image = scene_png(work / "scene.png")
env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb",
           GAMECRAFT_DESKTOP_HOME=str(work / "home"))
launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
result: dict = {}
child = subprocess.Popen([app_python, str(here / "audit_app.py"), str(work), str(image)], env=env,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
try:
    assert child.stdin is not None and child.stdout is not None
    ready = child.stdout.readline()
    result["ready"] = ready.strip()
    if ready.startswith("READY"):
        reader = subprocess.run(["/usr/bin/python3", str(here / "atspi_reader.py"), "GamecraftDesktop"],
                                capture_output=True, text=True, timeout=180)
        lines = [line for line in reader.stdout.splitlines() if line.startswith("TREE ")]
        result["tree"] = json.loads(lines[0][5:]) if lines else None
        result["reader_errors"] = reader.stderr[-2000:]
        child.stdin.write("tab\n")
        child.stdin.flush()
        tab = child.stdout.readline()
        result["tab"] = json.loads(tab[4:]) if tab.startswith("TAB ") else None
        child.stdin.write("quit\n")
        child.stdin.flush()
    child.wait(60)
finally:
    if child.poll() is None:
        child.kill()
    launcher.terminate()
    launcher.wait(10)
out.write_text(json.dumps(result))
print("AUDIT", out, flush=True)

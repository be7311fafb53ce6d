"""The PySide6 refcount workaround keeps a long Qt session from aborting on None/True deallocation."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QObject, Signal
from gamecraft_desktop.qtsupport import pyside_workarounds
pyside_workarounds.install()
class O(QObject):
    s = Signal(int)
o = O()
for i in range(20000):
    o.setObjectName("x")   # void: returns None
    o.s.emit(i)            # returns True
print("survived")
"""


def test_many_void_calls_and_emits_survive_with_the_workaround() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "survived" in out.stdout


def test_install_is_idempotent() -> None:
    from gamecraft_desktop.qtsupport import pyside_workarounds

    first = pyside_workarounds.install()
    assert pyside_workarounds.install() == first


def test_own_and_standard_modules_skip_pysides_source_scan_and_still_work_with_qt() -> None:
    """Answering for our modules and the standard library spares PySide's import hook a source read
    per module; a module imported after that behaves as before (PySide calls, signals, enums)."""
    import subprocess
    import sys

    probe = (
        "import PySide6.QtWidgets, sys, inspect\n"
        "from gamecraft_desktop.qtsupport.pyside_workarounds import skip_pyside_source_scans\n"
        "assert skip_pyside_source_scans() and skip_pyside_source_scans()\n"
        "reads = []\n"
        "real = inspect.getsource\n"
        "inspect.getsource = lambda m: reads.append(m.__name__) or real(m)\n"
        "import json, html, dataclasses, email.utils\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gamecraft_desktop.ui.timeline.panel import TimelinePanel\n"
        "from gamecraft_desktop.composer.path_model import PathDocument\n"
        "doc = PathDocument(); panel = TimelinePanel(doc); doc.append('w', 0.3)\n"
        "assert doc.path().steps[-1].speed == 0.3 and panel.view is not None\n"
        "assert not [r for r in reads if r.partition('.')[0] in ('gamecraft_desktop', *sys.stdlib_module_names)], reads\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr

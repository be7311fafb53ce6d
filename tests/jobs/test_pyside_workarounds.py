"""The PySide6 refcount workaround keeps a long Qt session from aborting on None/True deallocation."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QObject, Signal
from gamecraft_desktop.jobs import pyside_workarounds
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
    from gamecraft_desktop.jobs import pyside_workarounds

    first = pyside_workarounds.install()
    assert pyside_workarounds.install() == first

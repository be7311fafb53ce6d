"""Workarounds for PySide6 defects that would crash the app.

PySide6 6.12.0 (abi3 wheels) on CPython 3.11 returns `None` from void methods (`setObjectName`,
`update`, every `QPainter.draw*`, `parent()` when there is none, …) and `True` from
`SignalInstance.emit()` without taking a reference. Each such call drops one reference to `None` or
`True`, and after a few hundred calls (one repaint makes ~80) the interpreter aborts with
"Fatal Python error: none_dealloc" / "bool_dealloc" — often only at exit, during garbage collection.
CPython 3.12+ makes these singletons immortal, which hides the defect there.

`refcount_defect_present()` probes for the defect; `install()` applies `refcount_guard` (huge reference
counts for the three singletons, the "never freed" state 3.12 gives them) only when the probe finds it.
Idempotent and cheap; `path_model` calls it on import. The probe is what the tests check.
"""

from __future__ import annotations

import sys


def refcount_defect_present() -> bool:
    """True when void PySide calls or emit() drop references to None/True (the defect above)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(4):
        probe.setObjectName("probe")
        probe.ping.emit()
    return sys.getrefcount(None) < none_before or sys.getrefcount(True) < true_before


def install() -> bool:
    """Apply the workaround if this PySide6 needs it (one mechanism for the whole app: the job layer's
    refcount_guard). Returns True when it is in place."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or not refcount_defect_present():
        return False
    from gamecraft_desktop.jobs import refcount_guard  # ctypes: only when needed (start-up cost)

    return refcount_guard.install()

"""Workarounds for PySide6 defects that would crash the app.

PySide6 6.12.0 (abi3 wheels) on CPython 3.11 returns `None` from void methods (`setObjectName`,
`update`, every `QPainter.draw*`, `parent()` when there is none, …) and `True` from
`SignalInstance.emit()` without taking a reference. Each such call drops one reference to `None` or
`True`, and after a few hundred calls (one repaint makes ~80) the interpreter aborts with
"Fatal Python error: none_dealloc" / "bool_dealloc" — often only at exit, during garbage collection.
CPython 3.12+ makes these singletons immortal, which hides the defect there.

`refcount_defect_present()` probes for the defect; `install()` gives the three singletons huge reference
counts (the "never freed" state 3.12 gives them) only when the probe finds it. Idempotent and cheap; the
app, the headless runner and the test conftest call it once at start-up. The probe is what the tests check.
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


_MARGIN = 1 << 40
_installed = False


def install() -> bool:
    """Apply the workaround if this PySide6 needs it: the three singletons get the huge reference count
    3.12 gives them (idempotent; one mechanism for the whole app). Returns True when it is in place."""
    global _installed
    if _installed:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or not refcount_defect_present():
        return False
    import ctypes  # only when needed (start-up cost)

    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object (non-debug builds).
        ctypes.c_ssize_t.from_address(id(obj)).value += _MARGIN
    _installed = True
    return True


def skip_source_scan_of_own_modules() -> int:
    """PySide's import hook reads the source of every newly imported module (`inspect.getsource`) to see
    whether it mentions PySide6, and remembers the answer per module name. For our own modules the answer
    is known: register them up front ("uses PySide, no `__feature__` selected", the hook's 0). Saves ~10 ms
    of start-up. Call after PySide6 is imported; a no-op when the hook is not there. Returns how many
    modules were registered."""
    feature = sys.modules.get("shibokensupport.feature")
    known = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(known, dict):
        return 0
    import os

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the gamecraft_desktop package
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d.isidentifier() and d != "__pycache__"]
        rel = os.path.relpath(folder, os.path.dirname(root)).replace(os.sep, ".")
        for name in files:
            if name.endswith(".py"):
                module = rel if name == "__init__.py" else f"{rel}.{name[:-3]}"
                if module not in known:
                    known[module] = 0
                    count += 1
    return count

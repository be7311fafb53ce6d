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


def skip_pyside_source_scans() -> bool:
    """PySide's import hook reads the source of every module named in an import statement after PySide6 is
    loaded (`inspect.getsource`) to see whether it mentions PySide6, to know whether the module may select a
    `__feature__`. For our own modules and the standard library the answer is known (ours use PySide without
    features; the standard library does not use it): answer for them without reading ~60 files (~8 ms before
    the first frame). Call after PySide6 is imported; a no-op (False) when the hook is not there."""
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(scan):
        return False
    if getattr(scan, "_gamecraft_skips", False):
        return True  # already answered for
    stdlib = sys.stdlib_module_names

    def uses_pyside(module: object) -> bool:
        top = str(getattr(module, "__name__", "")).partition(".")[0]
        if top == "gamecraft_desktop":
            return True
        if top in stdlib:
            return False
        return bool(scan(module))

    uses_pyside._gamecraft_skips = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]  # looked up at each import
    return True

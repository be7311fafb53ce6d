"""Keeps PySide6 6.12 (abi3 wheel) from freeing `None`, `True` and `False` on CPython 3.11.

That wheel treats the three singletons as immortal, as they are on CPython 3.12+: calls that return them
(`QCoreApplication.processEvents()`, every `emit()`, every `QThreadPool` task run) drop one reference each
without having taken it. On 3.11 the count reaches zero after some thousands of calls and the interpreter
aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"), often only at exit. The job manager makes
thousands of such calls, so it gives the singletons the huge reference count 3.12 gives them.
(jobs/pyside_workarounds.py does the same for True/False; both are idempotent and can coexist.)
"""

from __future__ import annotations

import ctypes
import sys

_MARGIN = 1 << 40
_done = False


def install() -> bool:
    """Apply once on CPython < 3.12. Returns True when applied (now or before)."""
    global _done
    if _done:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object (non-debug builds).
        ctypes.c_ssize_t.from_address(id(obj)).value += _MARGIN
    _done = True
    return True

"""Background threads yield the CPU to the GUI thread.

On a busy machine (two cores, other programs running) the GUI thread competes for the CPU with the job
workers; at equal priority it waits in the run queue for tens of milliseconds while 50 MB videos stream in.
Workers therefore lower their own priority once, the first time they run a task. On Linux a thread's nice
value is per thread (setpriority with the thread id); elsewhere Qt's thread priority does the same.
A thread can lower its priority but not raise it back, so only threads that never serve the GUI do this.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

from PySide6.QtCore import QThread

BACKGROUND_NICE = 10  # CFS weight 110 vs 1024: a busy worker leaves ~90 % of a core to the GUI thread

_done = threading.local()


def _batch_policy(tid: int) -> None:
    """SCHED_BATCH: the scheduler treats the thread as CPU-bound and does not let it preempt others on
    wakeup, so the GUI thread gets a core at once when it wakes (nice alone left it waiting 10-15 ms)."""
    if hasattr(os, "SCHED_BATCH"):
        with contextlib.suppress(OSError):
            os.sched_setscheduler(tid, os.SCHED_BATCH, os.sched_param(0))


def lower_current_thread_priority() -> None:
    """Make the calling (pool) thread a background thread. Cheap after the first call; never raises."""
    if getattr(_done, "value", False) or threading.current_thread() is threading.main_thread():
        return
    _done.value = True
    try:
        if sys.platform.startswith("linux"):
            tid = threading.get_native_id()
            current = os.getpriority(os.PRIO_PROCESS, tid)
            if current < BACKGROUND_NICE:
                os.setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICE)
            _batch_policy(tid)
        else:
            thread = QThread.currentThread()
            if thread is not None:
                thread.setPriority(QThread.Priority.LowPriority)
    except (OSError, RuntimeError):
        pass  # not allowed here (a container, another OS): the thread just keeps its priority

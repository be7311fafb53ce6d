"""Sandbox threads run at a lower CPU priority: inside the app the sandbox must not slow the GUI."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

THREAD_PREFIX = "gamecraft-sandbox"
BACKGROUND_NICE = 10  # inside the app its threads hold the app's GIL: starved, they would hold up the window
OWN_PROCESS_NICE = 19


def lower_own_process_priority() -> None:
    """For a sandbox in its own process (`python -m gamecraft_desktop.sandbox`): every thread it starts from
    now on runs at the lowest priority. It stands in for a remote service, and in its own process its
    threads never hold the app's GIL, so they can take only the cores the app leaves idle. At nice 10 its
    writers and senders held both cores while a job worker holding the app's GIL waited for one, and the
    window for the GIL (issue #16). Call before starting the server: threads inherit their creator's nice."""
    me = threading.get_native_id() if sys.platform.startswith("linux") else 0  # Linux: nice is per thread
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, me, OWN_PROCESS_NICE)


def in_background(target: Callable[..., Any]) -> Callable[..., Any]:
    """`target`, run at a lower CPU priority (Linux: per-thread nice). The sandbox stands in for a remote
    service: when it runs inside the app it must not take the CPU from the GUI thread."""
    def run(*args: Any, **kwargs: Any) -> Any:
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError):
                tid = threading.get_native_id()
                if os.getpriority(os.PRIO_PROCESS, tid) < BACKGROUND_NICE:
                    os.setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICE)
                if hasattr(os, "SCHED_BATCH"):  # no wakeup preemption of the GUI thread (see qtsupport.thread_priority)
                    os.sched_setscheduler(tid, os.SCHED_BATCH, os.sched_param(0))
        return target(*args, **kwargs)

    return run

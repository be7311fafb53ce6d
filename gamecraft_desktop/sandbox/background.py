"""Sandbox threads run at a lower CPU priority: inside the app the sandbox must not slow the GUI."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

THREAD_PREFIX = "gamecraft-sandbox"
BACKGROUND_NICE = 10


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

"""Quitting right after a state change made on the GUI thread must not lose it."""

from __future__ import annotations

import threading
from typing import Any

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import GameCraftInput
from gamecraft_desktop.store.jobs_db import JobRecord


def test_quit_while_the_pool_is_busy_still_saves_submit_uncertain(make_manager: Any, qtbot: Any) -> None:
    manager = make_manager(max_threads=1)
    inp = GameCraftInput.from_path(image="data:,", prompt="p", path=CameraPath.of("w", 0.3))
    rec = JobRecord.new(inp, mode="sandbox", endpoint="anthonywu/gamecraft")
    rec.state = JobState.SUBMITTING
    manager.store.create(rec)
    release = threading.Event()
    # The only worker is busy when the resume queues its write (SUBMITTING -> SUBMIT_UNCERTAIN) ...
    manager.historyLoaded.connect(lambda _n: manager.run_task("blocker", lambda: release.wait(5)))
    with qtbot.waitSignal(manager.historyLoaded, timeout=10_000):
        manager.load_history()
    assert manager.record(rec.id).state == JobState.SUBMIT_UNCERTAIN  # shown at once
    # ... and the app quits before that worker is free: the queued write is not dropped.
    threading.Timer(0.3, release.set).start()
    assert manager.shutdown()
    assert manager.store.get(rec.id).state == JobState.SUBMIT_UNCERTAIN

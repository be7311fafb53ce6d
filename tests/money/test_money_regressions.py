"""What the money-rules machine found, kept as plain tests (each one failed on the code before its fix)."""

from __future__ import annotations

from typing import Any

from jobs_helpers import wait_until

from gamecraft_desktop.core.job_state import JobState


def test_deleting_a_job_while_its_step_runs_is_quiet(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                      spec: Any) -> None:
    """The step in flight finds its row gone: it stops, it does not raise out of the thread pool (the app's
    crash dialog) or leave the job half-written."""
    server = make_sandbox(seconds_per_action=0.05, faults="result:1:slow=1.0")
    manager = make_manager(server)
    (job,) = manager.submit(spec("w"))
    wait_until(qtbot, lambda: server.counters.requests("result") >= 1, 30)  # its fetch is held open
    assert manager.store.get(job).state == JobState.FETCHING
    manager.delete(job)
    assert manager.thread_pool.waitForDone(10_000)
    qtbot.wait(50)
    assert manager.store.list() == []

"""Stars on real jobs and a real history file: the last star asked for is the one on disk, and a step that
finishes meanwhile does not take a star away."""

from __future__ import annotations

import time
from typing import Any

import pytest

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.stars import set_starred
from gamecraft_desktop.store.jobs_db import JobStore


def test_the_last_star_asked_for_is_the_one_written(qtbot: Any, make_manager: Any, sandbox: Any, spec: Any) -> None:
    manager = make_manager(sandbox)
    ids = manager.submit(spec(), count=2)
    qtbot.waitUntil(lambda: all(manager.job_event(j).state == JobState.DONE for j in ids), timeout=30_000)
    for k in range(30):  # star, unstar, … quickly: the pool runs the writes in any order
        set_starred(manager, ids, k % 2 == 0)
    set_starred(manager, ids[:1], True)
    assert [manager.job_event(j).starred for j in ids] == [True, False]
    manager.thread_pool.waitForDone(10_000)
    with JobStore(manager.store.path) as store:
        assert [store.get(j).starred for j in ids] == [1, 0]


def test_a_star_set_while_a_step_runs_is_kept(qtbot: Any, make_manager: Any, sandbox: Any, spec: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    manager = make_manager(sandbox)
    (job,) = manager.submit(spec("wwww"))
    qtbot.waitUntil(lambda: manager.job_event(job).state in (JobState.QUEUED, JobState.RUNNING), timeout=30_000)
    write = manager.store.set_starred

    def slow_disk(ids: list[str], starred: bool) -> int:
        time.sleep(3.0)  # the steps finishing meanwhile read the row without the star
        return write(ids, starred)

    monkeypatch.setattr(manager.store, "set_starred", slow_disk)
    set_starred(manager, [job], True)
    qtbot.waitUntil(lambda: manager.job_event(job).state == JobState.DONE, timeout=30_000)
    assert manager.job_event(job).starred
    manager.thread_pool.waitForDone(10_000)
    with JobStore(manager.store.path) as store:
        assert store.get(job).starred == 1

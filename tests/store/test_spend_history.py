"""What the spend guard reads from a real SQLite history seeded with finished jobs: the finished real jobs
of an endpoint with their GPU time and queue wait, and this month's real runs; sandbox jobs never."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from spend_seed import Seeded, seed

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.spend import estimate_run, month_total
from gamecraft_desktop.store.jobs_db import JobStore
from gamecraft_desktop.store.spend_history import billed_runs, job_timings

NOW = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> JobStore:
    store = JobStore(tmp_path / "history.sqlite3")
    seed(store, [
        Seeded(4, 600, queue_s=30),
        Seeded(4, 560, queue_s=12),
        Seeded(2, 330, queue_s=200),
        Seeded(4, None, inference_s=610.0),  # no start seen between polls: fal's inference time counts
        Seeded(4, 5.5, mode="sandbox"),  # free: never counted
        Seeded(4, 6.0, mode="sandbox", state=JobState.FAILED),
        Seeded(4, 900, state=JobState.FAILED),  # ran, then failed on fal: billed, but no guide to a good run
        Seeded(4, 0, state=JobState.CANCELLED),  # cancelled in the queue: never ran
        Seeded(4, 640, endpoint="someone/other-app"),
        Seeded(4, 700, ended=datetime(2026, 11, 29, 10, 0, tzinfo=UTC)),  # last month
    ], NOW)
    return store


def test_finished_real_jobs_of_the_endpoint(store: JobStore) -> None:
    timings = job_timings(store, "anthonywu/gamecraft")
    assert sorted((t.moves, round(t.run_s), t.queue_s) for t in timings) == [
        (2, 330, 200.0), (4, 560, 12.0), (4, 600, 30.0), (4, 610, None), (4, 700, 20.0)]
    est = estimate_run(timings, moves=4, steps=5)
    assert est.from_history and est.samples == 5
    assert est.per_move.mid == pytest.approx(152.5)  # 165, 140, 150, 152.5, 175 s per move
    assert [t.run_s for t in job_timings(store, "someone/other-app")] == [pytest.approx(640)]


def test_this_months_real_runs_exclude_the_sandbox(store: JobStore) -> None:
    runs = billed_runs(store, NOW)
    total = month_total(runs, NOW, price=0.001)
    # 600 + 560 + 330 + 610 + 900 (failed after running) + 640 (other endpoint); not last month, not sandbox,
    # not the job cancelled in the queue.
    assert total.runs == 6
    assert total.gpu_s == pytest.approx(3640)
    assert total.cost == pytest.approx(3.64)


def test_a_run_just_before_midnight_local_time_belongs_to_its_local_month(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "h.sqlite3")
    seed(store, [Seeded(1, 100, ended=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))], NOW)
    from datetime import timezone

    east = datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    assert len(billed_runs(store, east)) == 1
    assert len(billed_runs(store, NOW)) == 0

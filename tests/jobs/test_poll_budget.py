"""Many jobs in flight share one budget of status requests: a batch does not multiply the polling."""

from __future__ import annotations

import time
from typing import Any

import pytest
from jobs_helpers import wait_until

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.job_manager import PollTiming


def _status_rate(sandbox: Any, qtbot: Any, seconds: float) -> float:
    before = sandbox.counters.requests("status")
    qtbot.wait(int(seconds * 1000))
    return (sandbox.counters.requests("status") - before) / seconds


@pytest.mark.slow
def test_a_batch_of_jobs_stays_within_the_status_request_budget(qtbot: Any, make_sandbox: Any,
                                                               make_manager: Any, spec: Any) -> None:
    # One runner and slow jobs: most of the batch waits in the queue, each polled at 0.05 s if alone.
    sandbox = make_sandbox(runners=1, seconds_per_action=30.0)
    timing = PollTiming(initial_s=0.05, max_s=0.05, factor=1.0, retry_base_s=0.2, retry_cap_s=1.0,
                        polls_per_s=8.0)
    manager = make_manager(sandbox, poll=timing)
    ids = manager.submit(spec(), count=12)
    wait_until(qtbot, lambda: all(manager.job_event(j).state in (JobState.QUEUED, JobState.RUNNING)
                                  for j in ids), 30)
    qtbot.wait(600)  # the intervals settle to the shared budget
    rate = _status_rate(sandbox, qtbot, 2.0)
    assert rate <= 8.0 * 1.5, f"{rate:.1f} status requests/s for 12 jobs with a budget of 8/s"
    assert rate >= 2.0  # still following every job
    for j in ids:
        manager.cancel(j)


@pytest.mark.slow
def test_a_single_job_is_polled_at_its_own_pace(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                spec: Any) -> None:
    sandbox = make_sandbox(runners=1, seconds_per_action=30.0)
    timing = PollTiming(initial_s=0.1, max_s=0.1, factor=1.0, retry_base_s=0.2, retry_cap_s=1.0,
                        polls_per_s=8.0)
    manager = make_manager(sandbox, poll=timing)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: manager.job_event(job).state in (JobState.QUEUED, JobState.RUNNING), 30)
    start = time.monotonic()
    rate = _status_rate(sandbox, qtbot, 1.5)
    assert rate >= 6.0, f"one job was polled {rate:.1f}/s (every 0.1 s expected) after {time.monotonic() - start:.1f} s"
    manager.cancel(job)

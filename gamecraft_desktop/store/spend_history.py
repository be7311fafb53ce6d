"""The history the spend guard reads (core.spend does the arithmetic): finished real jobs on an endpoint,
and the real runs of a month. Sandbox jobs are never read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from gamecraft_desktop.core.defaults import DEFAULT_INFER_STEPS
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.spend import BilledRun, JobTiming
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore

#: The estimate uses this many of the newest finished jobs: recent ones say most about fal's speed today.
ESTIMATE_JOBS = 50


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _seconds(start: str | None, end: str | None) -> float | None:
    a, b = _time(start), _time(end)
    return (b - a).total_seconds() if a is not None and b is not None else None


def run_seconds(rec: JobRecord) -> float | None:
    """The GPU time a job was billed: from its start to its end, else the inference time fal reported."""
    seconds = _seconds(rec.started_at, rec.completed_at)
    if seconds is not None and seconds > 0:
        return seconds
    return rec.inference_time if rec.inference_time is not None and rec.inference_time > 0 else None


def _moves_and_steps(rec: JobRecord) -> tuple[int, int]:
    try:
        wire = json.loads(rec.input_json)
        actions = wire.get("action_list")
        moves = len(json.loads(actions) if isinstance(actions, str) else actions)
        steps = int(wire.get("infer_steps", DEFAULT_INFER_STEPS))
    except (ValueError, TypeError, AttributeError):
        return 0, 0
    return moves, steps


def job_timings(store: JobStore, endpoint: str, *, limit: int = ESTIMATE_JOBS) -> list[JobTiming]:
    """The newest finished (done) real jobs on `endpoint` with what they took."""
    out: list[JobTiming] = []
    for rec in store.ran_on_gpu(mode="fal", endpoint=endpoint, limit=limit * 4):
        if rec.state != JobState.DONE:
            continue  # a failed run says little about how long a good one takes
        run = run_seconds(rec)
        moves, steps = _moves_and_steps(rec)
        if run is None or moves <= 0 or steps <= 0:
            continue
        queue = _seconds(rec.submitted_at, rec.started_at)
        out.append(JobTiming(moves, steps, run, queue if queue is not None and queue >= 0 else None))
        if len(out) >= limit:
            break
    return out


def billed_runs(store: JobStore, now: datetime) -> list[BilledRun]:
    """Real runs that ended in `now`'s calendar month (in `now`'s time zone), failed ones that ran included:
    fal bills the time they ran."""
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    since = (start.astimezone(UTC) - timedelta(seconds=1)).isoformat(timespec="milliseconds")
    out: list[BilledRun] = []
    for rec in store.ran_on_gpu(mode="fal", since=since, limit=100_000):
        run, ended = run_seconds(rec), _time(rec.completed_at)
        if run is not None and ended is not None:
            out.append(BilledRun(run, ended))
    return out



"""A job history with real-looking finished jobs, written through the app's own JobStore, for the spend
guard's tests (the store test and the window test share it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import GameCraftInput
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore

ENDPOINT = "anthonywu/gamecraft"


@dataclass(frozen=True)
class Seeded:
    """One job as it would be after fal ran it (times relative to `ended`)."""

    moves: int
    run_s: float | None  # GPU time from start to end (None: no start seen, only fal's inference time)
    queue_s: float = 20.0
    ended: datetime | None = None
    mode: str = "fal"
    state: JobState = JobState.DONE
    steps: int = 5
    endpoint: str = ENDPOINT
    inference_s: float | None = None


def seed(store: JobStore, jobs: list[Seeded], now: datetime) -> list[str]:
    ids = []
    for i, job in enumerate(jobs):
        ended = job.ended or now - timedelta(hours=i + 1)
        inp = GameCraftInput.from_path(image="https://example.invalid/in.png", prompt=f"seeded job {i}",
                                       path=CameraPath.of(("wsda" * 8)[:job.moves], 0.2),
                                       infer_steps=job.steps, seed=100 + i)
        run = job.run_s or 0.0
        started = ended - timedelta(seconds=run)
        submitted = started - timedelta(seconds=job.queue_s)
        rec = JobRecord.new(inp, mode=job.mode, endpoint=job.endpoint, state=job.state,  # type: ignore[arg-type]
                            request_id=f"req-seed-{i}", submitted_at=submitted.isoformat(timespec="milliseconds"),
                            started_at=started.isoformat(timespec="milliseconds") if job.run_s else None,
                            completed_at=ended.isoformat(timespec="milliseconds"),
                            inference_time=job.inference_s, output_json=json.dumps({"video": {}}))
        store.create(rec)
        ids.append(rec.id)
    return ids

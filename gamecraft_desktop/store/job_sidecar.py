"""The sidecar of a job's video, built from its history record: one rule for Save video, the joined video
and every export (which adds its own `export` entry), in the window and the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.core.sidecar import build_sidecar
from gamecraft_desktop.store.jobs_db import JobRecord


def job_sidecar(rec: JobRecord, *, app_version: str, joined_after: Sequence[dict[str, Any]] | None = None,
                joined_size: int | None = None) -> dict[str, Any]:
    """The sidecar dict for `rec`'s video. For its joined video (the videos it continued, then its own) pass
    `joined_after`, each earlier part's request id and input, and `joined_size`, the joined file's size."""
    inp = parse_input(json.loads(rec.input_json))
    timings: dict[str, str | float | None] = {
        "submitted_at": rec.submitted_at, "started_at": rec.started_at, "completed_at": rec.completed_at,
        "inference_s": rec.inference_time,
    }
    source = {"path": rec.source_image_path} if rec.source_image_path else None
    sidecar = build_sidecar(inp, request_id=rec.request_id, endpoint=rec.endpoint, timings=timings,
                            app_version=app_version, mode=rec.mode,
                            output={"file_size": rec.video_size}, source_image=source)
    if joined_after is not None:
        # Each part after the first starts on the previous one's last frame, which is therefore shown once.
        sidecar["joined_after"] = list(joined_after)
        sidecar["output"] = {"file_size": joined_size}
    return sidecar

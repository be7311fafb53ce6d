"""The sidecar of a job's video, built from its history record: one rule for Save video, the joined video
and every export (which adds its own `export` entry), in the window and the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.core.sidecar import build_sidecar
from gamecraft_desktop.store.jobs_db import JobRecord

JOINED_NAME = "joined.mp4"  # in the job's folder: the continued video(s) followed by this job's
JOINED_PARTS_NAME = "joined.json"  # beside it: each part's request id and input, oldest first


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


def joined_parts(joined: Path) -> list[dict[str, Any]]:
    """The parts of a joined video, oldest first ([] when there is no record of them)."""
    try:
        parts = json.loads(joined.with_name(JOINED_PARTS_NAME).read_text(encoding="utf-8"))["parts"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return parts if isinstance(parts, list) else []


def video_sidecar(rec: JobRecord, video: Path, *, app_version: str) -> dict[str, Any]:
    """The sidecar for `video` when it is `rec`'s own video or its joined video (named JOINED_NAME)."""
    if video.name == JOINED_NAME:
        return job_sidecar(rec, app_version=app_version, joined_after=joined_parts(video)[:-1],
                           joined_size=video.stat().st_size if video.exists() else None)
    return job_sidecar(rec, app_version=app_version)

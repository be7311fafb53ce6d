"""The sidecar of a job's video, built from its history record: one rule for Save video, the joined video,
the command line's `--out` and every export (which adds its own `export` entry), in the window and the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from gamecraft_desktop.core.camera_path import FPS, FRAMES_PER_ACTION
from gamecraft_desktop.core.sidecar import SIDECAR_FORMAT, SIDECAR_FORMAT_VERSION, build_sidecar
from gamecraft_desktop.store.jobs_db import JobRecord

JOINED_NAME = "joined.mp4"  # in the job's folder: the continued video(s) followed by this job's
JOINED_PARTS_NAME = "joined.json"  # beside it: each part's request id and input, oldest first, and its length


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 1)
    except ValueError:
        return None


def timings_of(rec: JobRecord) -> dict[str, str | float | None]:
    """When things happened, as the history knows it; what is unknown is None, never invented."""
    return {"submitted_at": rec.submitted_at, "started_at": rec.started_at, "completed_at": rec.completed_at,
            "downloaded_at": rec.downloaded_at, "queue_s": _seconds_between(rec.submitted_at, rec.started_at),
            "inference_s": rec.inference_time}


def job_sidecar(rec: JobRecord, *, app_version: str, joined_after: Sequence[dict[str, Any]] | None = None,
                joined_size: int | None = None, joined_length: tuple[int, float] | None = None,
                video_size: int | None = None) -> dict[str, Any]:
    """The sidecar dict for `rec`'s video (`video_size`: the file's size when known). For its joined video (the
    videos it continued, then its own) pass `joined_after`, each earlier part's request id and input,
    `joined_size` and `joined_length` (frames, seconds), the joined file's own."""
    from gamecraft_desktop.core.schema import InputError, parse_input

    output: dict[str, Any] = json.loads(rec.output_json) if rec.output_json else {}
    size = joined_size if joined_after is not None else (video_size if video_size is not None else rec.video_size)
    if size is not None or not output:
        output["file_size"] = size
    source: dict[str, Any] | None = None
    if rec.source_image_path:
        source = {"path": rec.source_image_path}
        src = Path(rec.source_image_path)
        if src.is_file():
            source["size"] = src.stat().st_size
    mode: Literal["fal", "sandbox"] = "sandbox" if rec.mode == "sandbox" else "fal"
    try:
        inp = parse_input(json.loads(rec.input_json))
    except (InputError, ValueError, TypeError):
        inp = None
    if inp is None:  # `result ID` for a job this machine never saw: the inputs are unknown
        return {"format": SIDECAR_FORMAT, "format_version": SIDECAR_FORMAT_VERSION, "app_version": app_version,
                "mode": mode, "endpoint": rec.endpoint, "request_id": rec.request_id, "input": None,
                "wire_input": None, "timings": timings_of(rec), "output": output, "source_image": None}
    sidecar = build_sidecar(inp, request_id=rec.request_id, endpoint=rec.endpoint, timings=timings_of(rec),
                            app_version=app_version, mode=mode, output=output, source_image=source)
    if joined_after is not None:
        # Each part after the first starts on the previous one's last frame, which is therefore shown once.
        sidecar["joined_after"] = list(joined_after)
        if joined_length is not None:
            frames, seconds = joined_length
            sidecar["expected_video"] = {**sidecar["expected_video"], "frame_count": frames,
                                         "duration_s": round(seconds, 3)}
    return sidecar


def _joined_record(joined: Path) -> dict[str, Any]:
    try:
        data = json.loads(joined.with_name(JOINED_PARTS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def joined_parts(joined: Path) -> list[dict[str, Any]]:
    """The parts of a joined video, oldest first ([] when there is no record of them)."""
    parts = _joined_record(joined).get("parts")
    return parts if isinstance(parts, list) else []


def joined_length(joined: Path) -> tuple[int, float] | None:
    """The joined file's frames and seconds: as measured when it was written, else from its parts (33 frames
    per action each, every part after the first without its first frame)."""
    record = _joined_record(joined)
    frames, seconds = record.get("frame_count"), record.get("duration_s")
    if isinstance(frames, int) and isinstance(seconds, int | float):
        return frames, float(seconds)
    total = 0
    parts = record.get("parts")
    if not isinstance(parts, list) or not parts:
        return None
    for part in parts:
        try:
            actions = part["input"]["action_list"]
            n = len(json.loads(actions) if isinstance(actions, str) else actions)
        except (KeyError, TypeError, ValueError):
            return None
        total += FRAMES_PER_ACTION * n
    total -= len(parts) - 1
    return total, total / FPS


def video_sidecar(rec: JobRecord, video: Path, *, app_version: str) -> dict[str, Any]:
    """The sidecar for `video` when it is `rec`'s own video or its joined video (named JOINED_NAME)."""
    size = video.stat().st_size if video.exists() else None
    if video.name == JOINED_NAME:
        return job_sidecar(rec, app_version=app_version, joined_after=joined_parts(video)[:-1], joined_size=size,
                           joined_length=joined_length(video))
    return job_sidecar(rec, app_version=app_version, video_size=size)

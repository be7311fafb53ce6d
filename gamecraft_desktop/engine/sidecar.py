"""The one sidecar builder: the JSON written beside a saved video, by the window (Save video…) and by the
command line (`generate --out`, `result --out`) alike, from the job's history row."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from gamecraft_desktop.atomic_files import atomic_path, atomic_write_text
from gamecraft_desktop.core.sidecar import (
    SIDECAR_FORMAT,
    SIDECAR_FORMAT_VERSION,
    build_sidecar,
    sidecar_json,
    sidecar_path_for,
)
from gamecraft_desktop.engine.continuation import joined_parts
from gamecraft_desktop.store.jobs_db import JobRecord


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 1)
    except ValueError:
        return None


def timings_of(rec: JobRecord) -> dict[str, str | float | None]:
    """What the history knows about when things happened; unknown ones are None, never invented."""
    return {"submitted_at": rec.submitted_at, "started_at": rec.started_at, "completed_at": rec.completed_at,
            "downloaded_at": rec.downloaded_at, "queue_s": _seconds_between(rec.submitted_at, rec.started_at),
            "inference_s": rec.inference_time}


def sidecar_for(rec: JobRecord, *, app_version: str, video: Path | None = None,
                joined: Path | None = None) -> dict[str, Any]:
    """The sidecar of `rec`'s video (`video`: the file it describes, for its size), or of its `joined` video
    (the videos it continued, then its own: their parts and the joined file's real length)."""
    from gamecraft_desktop.core.schema import InputError, parse_input

    output: dict[str, Any] = json.loads(rec.output_json) if rec.output_json else {}
    described = joined or video or (Path(rec.video_path) if rec.video_path else None)
    if described is not None and described.exists():
        output["file_size"] = described.stat().st_size
    elif rec.video_size is not None:
        output.setdefault("file_size", rec.video_size)
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
                "wire_input": None, "timings": timings_of(rec), "output": output or None, "source_image": None}
    data = build_sidecar(inp, request_id=rec.request_id, endpoint=rec.endpoint, timings=timings_of(rec),
                         app_version=app_version, mode=mode, output=output or None, source_image=source)
    if joined is not None:
        # Each earlier part's request id and input (kept beside the joined file, so they survive deleting those
        # jobs); each part after the first starts on the previous one's last frame, shown once.
        data["joined_after"] = joined_parts(joined)[:-1]
        from gamecraft_desktop.media.probe import probe_video

        info = probe_video(joined)
        data["expected_video"] = {**data["expected_video"], "frame_count": info.frame_count,
                                  "duration_s": round(info.duration_s, 3)}
    return data


def write_sidecar(video: Path, data: dict[str, Any]) -> Path:
    """`<video>.json`, atomically (clip.mp4 -> clip.mp4.json). Raises OSError (a full disk included)."""
    path = sidecar_path_for(video)
    atomic_write_text(path, sidecar_json(data))
    return path


def save_video_with_sidecar(rec: JobRecord, dest: Path, *, app_version: str, joined: Path | None = None) -> Path:
    """Copy the job's MP4 (or its `joined` video) to `dest` and write its sidecar beside it, each atomically."""
    video = joined if joined is not None else (Path(rec.video_path) if rec.video_path else None)
    if video is None or not video.exists():
        raise FileNotFoundError(2, f"The job's video is missing ({video or rec.video_path}).", str(video or ""))
    dest = Path(dest)
    if dest.suffix.lower() != ".mp4":
        dest = dest.with_name(dest.name + ".mp4")
    data = sidecar_for(rec, app_version=app_version, video=video, joined=joined)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(dest) as tmp:
        shutil.copyfile(video, tmp)
    write_sidecar(dest, data)
    return dest

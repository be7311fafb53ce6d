"""Writing a job's video and its sidecar: the window's Save video… and the command line's --out. The sidecar
itself is built in one place for every caller (store.job_sidecar)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from gamecraft_desktop.atomic_files import atomic_path, atomic_write_text
from gamecraft_desktop.core.sidecar import sidecar_json, sidecar_path_for
from gamecraft_desktop.engine.wording import JobWording
from gamecraft_desktop.store.job_sidecar import video_sidecar
from gamecraft_desktop.store.jobs_db import JobRecord


def write_sidecar(video: Path, data: dict[str, Any]) -> Path:
    """`<video>.json`, atomically (clip.mp4 -> clip.mp4.json). Raises OSError (a full disk included)."""
    path = sidecar_path_for(video)
    atomic_write_text(path, sidecar_json(data))
    return path


def save_video_with_sidecar(rec: JobRecord, dest: Path, *, app_version: str, joined: Path | None = None) -> Path:
    """Copy the job's MP4 (or its `joined` video: the videos it continued, then its own) to `dest` and write
    its sidecar `<dest name>.json` beside it, each atomically."""
    video = joined if joined is not None else (Path(rec.video_path) if rec.video_path else None)
    if video is None or not video.exists():
        raise FileNotFoundError(2, JobWording.tr("The job's video is missing ({video}).").format(
                                       video=video or rec.video_path), str(video or ""))
    dest = Path(dest)
    if dest.suffix.lower() != ".mp4":
        dest = dest.with_name(dest.name + ".mp4")
    data = video_sidecar(rec, video, app_version=app_version)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(dest) as tmp:
        shutil.copyfile(video, tmp)
    write_sidecar(dest, data)
    return dest

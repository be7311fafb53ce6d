"""Continue from the last frame: the image a continuation starts from, and the continued videos joined
into one file with a record of each part (request id and input) beside it."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gamecraft_desktop.atomic_files import atomic_write_bytes
from gamecraft_desktop.engine.wording import JobWording
from gamecraft_desktop.store.job_sidecar import JOINED_NAME, JOINED_PARTS_NAME, joined_parts
from gamecraft_desktop.store.jobs_db import JobRecord

if TYPE_CHECKING:
    from gamecraft_desktop.engine.context import StepContext

log = logging.getLogger(__name__)

__all__ = ["JOINED_NAME", "JOINED_PARTS_NAME", "join_after_parent", "joined_parts", "save_last_frame"]


def join_after_parent(ctx: StepContext, video: Path) -> Path | None:
    """For a job that continues another ("continue from the last frame"): write the whole chain so far (the
    parent's own joined video when it continued one too) followed by this video, its first frame (the
    shared image) only once, and record each part's request id and input beside it. A nicety: a failure is
    logged, the job's own video is what matters."""
    parent_id = ctx.record.parent_job_id
    if not parent_id:
        return None
    try:
        if ctx.store is None:
            return None
        parent = ctx.store.get(parent_id)
        parent_joined = ctx.job_dir.parent / parent_id / JOINED_NAME
        first = parent_joined if parent_joined.exists() else Path(parent.video_path or "")
        if not first.is_file():
            log.warning("job %s continues %s, whose video is gone: not joined", ctx.record.id, parent_id)
            return None
        parts = joined_parts(parent_joined) or [_part(parent)]
        from gamecraft_desktop.media.probe import probe_video
        from gamecraft_desktop.media.stitch import concat_videos

        out = concat_videos(first, video, ctx.job_dir / JOINED_NAME, drop_first_of_second=True)
        info = probe_video(out)  # the sidecar states the joined file's own length, not this job's
        record = {"parts": [*parts, _part(ctx.record)], "frame_count": info.frame_count,
                  "duration_s": round(info.duration_s, 3)}
        atomic_write_bytes(ctx.job_dir / JOINED_PARTS_NAME, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return out
    except Exception as exc:  # a join is a nicety (MediaError, a deleted row, a full disk): never fail the job
        log.warning("job %s: could not join its video after %s: %s", ctx.record.id, parent_id, exc)
        return None


def _part(rec: JobRecord) -> dict[str, Any]:
    return {"request_id": rec.request_id, "input": rec.input()}


def save_last_frame(rec: JobRecord, out: Path) -> Path:
    """The last frame of a finished job's video as a PNG (the image a continuation starts from)."""
    from gamecraft_desktop.media.frames import LAST, extract_frame
    from gamecraft_desktop.media.thumbnails import save_image_atomically

    if not rec.video_path or not Path(rec.video_path).exists():
        raise FileNotFoundError(JobWording.tr("The job's video is missing ({video_path}).").format(
                                    video_path=rec.video_path))
    return save_image_atomically(extract_frame(rec.video_path, LAST), out, "PNG")

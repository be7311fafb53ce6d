"""The steps that bring a finished job home: read the result (FETCH), stream the video to disk (DOWNLOAD) and,
for a continuation, join it after the video it continues (JOIN)."""

from __future__ import annotations

import errno
import json
import logging
from pathlib import Path

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.texts import number
from gamecraft_desktop.engine.context import Advanced, StepContext, VideoRef
from gamecraft_desktop.engine.continuation import join_after_parent
from gamecraft_desktop.engine.sending import handle_of
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.wording import JobWording
from gamecraft_desktop.store.jobs_db import utc_now

log = logging.getLogger(__name__)

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def fetch(ctx: StepContext) -> Advanced:
    """Read the result JSON (the video URL); kept in the history for the sidecar. Free: fetching again (a
    refetch of a failed download, a resumed download) costs nothing."""
    rec = ctx.record
    if rec.state == JobState.FAILED:  # a refetch (rules.offer said so)
        ctx.persist(state=JobState.FETCHING, error_message=None, error_kind=None, error_type=None)
    assert ctx.conn.queue is not None, "a fetch needs a queue client"
    output = ctx.conn.queue.result(handle_of(ctx))
    changes: dict[str, object] = {"output_json": json.dumps(output.model_dump(mode="json", exclude_none=True),
                                                            ensure_ascii=False)}
    if not ctx.record.completed_at:
        changes["completed_at"] = utc_now()
    if ctx.options.download and ctx.record.state != JobState.DOWNLOADING:
        changes["state"] = JobState.DOWNLOADING  # shown before the transfer waits for a free slot
    ctx.persist(**changes)
    video = VideoRef(output.video.url, output.video.file_size)
    return Advanced(next=Step.DOWNLOAD if ctx.options.download else None, video=video)


def _video_of(ctx: StepContext) -> VideoRef:
    if ctx.video is not None:
        return ctx.video
    output = json.loads(ctx.record.output_json or "{}")
    video = output.get("video") if isinstance(output, dict) else None
    if not isinstance(video, dict) or not isinstance(video.get("url"), str):
        raise RuntimeError("download without a fetched result")
    size = video.get("file_size")
    return VideoRef(video["url"], size if isinstance(size, int) else None)


def download(ctx: StepContext) -> Advanced:
    """Stream the video to its destination (the job's folder, or the command line's --out), make thumbnails
    and, when asked, the sidecar; then the job is done (or joined first, for a continuation)."""
    video = _video_of(ctx)
    dest = ctx.video_dest
    if ctx.record.state != JobState.DOWNLOADING or ctx.record.download_to != str(dest):
        ctx.persist(state=JobState.DOWNLOADING, download_to=str(dest))
    ctx.observer.downloading(ctx.record, dest, video.size)

    def on_progress(done: int, total: int | None) -> None:
        ctx.progress("down", done, total or video.size or 0)

    assert ctx.conn.download is not None, "a download needs a downloader"
    path = ctx.conn.download(video.url, dest, expected_size=video.size, on_progress=on_progress,
                             should_stop=ctx.should_stop)
    size = path.stat().st_size
    fields: dict[str, object] = {"video_path": str(path), "video_size": size, "bytes_down": size,
                                 "downloaded_at": utc_now(), "download_to": None}
    if ctx.options.thumbnails:
        first, last = make_thumbnails(path, ctx.job_dir)
        fields.update(thumbnail_first=first, thumbnail_last=last)
    if ctx.record.parent_job_id:
        ctx.persist(**fields)
        return Advanced(next=Step.JOIN)
    ctx.persist(state=JobState.DONE, error_message=None, error_kind=None, **fields)
    return Advanced(problem=_write_sidecar(ctx, path) if ctx.options.sidecar else None)


def join(ctx: StepContext) -> Advanced:
    """"Continue from the last frame": the chain joined into one file. A nicety: a failed join is logged and
    the job's own video is what counts."""
    if ctx.record.video_path:
        join_after_parent(ctx, Path(ctx.record.video_path))
    ctx.persist(state=JobState.DONE, error_message=None, error_kind=None)
    path = Path(ctx.record.video_path or ctx.video_dest)
    return Advanced(problem=_write_sidecar(ctx, path) if ctx.options.sidecar else None)


def _write_sidecar(ctx: StepContext, video: Path) -> BaseException | None:
    """The sidecar beside a downloaded video. When it cannot be written the video stays (the job is done) and
    the problem says exactly what is missing."""
    from gamecraft_desktop import __version__
    from gamecraft_desktop.engine.sidecar import write_sidecar
    from gamecraft_desktop.fal.errors import DiskFullError, DownloadError
    from gamecraft_desktop.store.job_sidecar import video_sidecar

    try:
        write_sidecar(video, video_sidecar(ctx.record, video, app_version=__version__))
        return None
    except OSError as exc:
        from gamecraft_desktop.core.sidecar import sidecar_path_for

        size = video.stat().st_size if video.exists() else 0
        reason = JobWording.tr("the disk is full") if exc.errno in _NO_SPACE else (exc.strerror or str(exc))
        message = (JobWording.tr("The video was saved to {video} ({size} MB), but its sidecar {sidecar} could not "
                                 "be written: {reason}.").format(
                       video=video, size=number(size / 1e6, 1), sidecar=sidecar_path_for(video), reason=reason))
        rid = ctx.record.request_id
        if exc.errno in _NO_SPACE:
            return DiskFullError(message, request_id=rid)
        return DownloadError(message, request_id=rid)


def make_thumbnails(video: Path, folder: Path) -> tuple[str | None, str | None]:
    try:
        from gamecraft_desktop.media.thumbnails import make_thumbnail

        first = make_thumbnail(video, folder / "thumb-first.jpg", "first")
        last = make_thumbnail(video, folder / "thumb-last.jpg", "last")
        return str(first), str(last)
    except Exception as exc:  # a thumbnail is a nicety; the video is what matters
        log.warning("no thumbnails for %s: %s", video, exc)
        return None, None

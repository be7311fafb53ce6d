"""What the window does with a job's files: save its video (or the joined video) with the sidecar, take its
last frame to continue from, delete the job with its folder."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gamecraft_desktop import __version__
from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.engine.continuation import JOINED_NAME, save_last_frame
from gamecraft_desktop.jobs.job_types import JobInputs
from gamecraft_desktop.jobs.stars import remove_folder
from gamecraft_desktop.store.jobs_db import JobRecord

if TYPE_CHECKING:
    from gamecraft_desktop.jobs.job_manager import JobManager

log = logging.getLogger(__name__)

LAST_FRAME_NAME = "last-frame.png"  # the image a continuation starts from


class FileActions:
    def __init__(self, manager: JobManager) -> None:
        self.m = manager

    @staticmethod
    def image_for(rec: JobRecord) -> Path | None:
        for p in (rec.source_image_path, rec.prepared_image_path):
            if p and Path(p).exists():
                return Path(p)
        return None

    def save_video(self, job_id: str, dest: Path, *, joined: bool = False) -> None:
        """Write the MP4 (or, with `joined`, the video joined after the job it continues) and its JSON
        sidecar beside it, atomically, off the GUI thread."""
        rec = dataclasses.replace(self.m.record(job_id))
        joined_path = self.m.job_dir(job_id) / JOINED_NAME if joined else None

        def task() -> Path:
            from gamecraft_desktop.engine.sidecar import save_video_with_sidecar

            return save_video_with_sidecar(rec, Path(dest), app_version=__version__, joined=joined_path)

        def done(result: Any, error: BaseException | None) -> None:
            if error is None:
                self.m.videoSaved.emit(job_id, str(result), "")
            else:
                self.m.videoSaved.emit(job_id, str(dest), f"{getattr(error, 'strerror', None) or error}")

        self.m.scheduler.run_task(task, done)

    def continue_from(self, job_id: str) -> None:
        """Take a finished job's last frame (off the GUI thread) and offer it with the job's inputs as the
        next job's image (`inputsReady` with `continues` set), or say why not (`continueFailed`)."""
        rec = dataclasses.replace(self.m.record(job_id))
        # Not in the job's folder: the image must outlive the job (deleting it must not take the next job's
        # input away).
        out = self.m.paths.data / "continue-frames" / f"{job_id}-{LAST_FRAME_NAME}"

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.m.continueFailed.emit(job_id, f"{getattr(error, 'strerror', None) or error}")
                return
            inp = parse_input(json.loads(rec.input_json))
            self.m.inputsReady.emit(JobInputs(job_id, Path(result), inp, continues=job_id))

        self.m.scheduler.run_task(lambda: save_last_frame(rec, out), done)

    def delete(self, job_id: str, *, trash: bool = False, done: Callable[[str, bool], None] | None = None) -> None:
        """Forget a job and remove its files (cancelling it first if it is still going). With `trash` its
        folder goes to the system trash where there is one; `done(job_id, trashed)` follows on the GUI thread."""
        job = self.m.job(job_id)
        if job is None:
            return
        if job.watched:  # a live command runs it and writes to its row: deleting it now would lose that
            from gamecraft_desktop.engine.wording import Where

            self.m.set_note(job, Where.of(job.record.mode).driven_elsewhere())
            return
        if not job.record.state.is_terminal:
            self.m.cancel(job_id)
        job.deleted = True
        self.m.jobs().pop(job_id, None)
        self.m.scheduler.forget(job_id)
        self.m.jobRemoved.emit(job_id)
        folder = self.m.job_dir(job_id)
        store = self.m.store

        def task() -> bool:
            try:
                store.delete(job_id)
            except Exception as exc:
                log.info("delete %s: %s", job_id, exc)
            return remove_folder(folder, trash=trash)

        self.m.scheduler.run_task(task, None if done is None else lambda trashed, _e: done(job_id, bool(trashed)))

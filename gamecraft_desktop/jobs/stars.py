"""Stars and what they keep: starring jobs, and 'Delete unstarred' (which jobs may go, how much disk they
free, their files into the system trash).

The one rule: a starred job, or one still in progress, is never deleted by a clean-up. It is checked when
the plan is made (so the question counts right) and again for each job when it is deleted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFile

from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.store.jobs_db import JobStore

if TYPE_CHECKING:
    from gamecraft_desktop.jobs.job_manager import JobManager

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CleanupPlan:
    """What "Delete unstarred" would do to a set of jobs."""

    job_ids: tuple[str, ...]  # the jobs it deletes
    bytes: int  # disk their files take
    kept_starred: int
    kept_running: int

    @property
    def count(self) -> int:
        return len(self.job_ids)


def may_clean_up(ev: JobEvent) -> bool:
    """A clean-up may delete a job that has ended and is not starred."""
    return ev.is_terminal and not ev.starred


def plan_cleanup(events: Sequence[JobEvent], job_dir: Callable[[str], Path]) -> CleanupPlan:
    """The plan for these jobs. Reads file sizes: call it off the GUI thread."""
    doomed = [ev for ev in events if may_clean_up(ev)]
    starred = sum(1 for ev in events if ev.starred)
    running = sum(1 for ev in events if not ev.is_terminal and not ev.starred)
    total = sum(folder_bytes(job_dir(ev.job_id)) for ev in doomed)
    return CleanupPlan(tuple(ev.job_id for ev in doomed), total, starred, running)


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under `folder` (0 when it is gone)."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):  # removed meanwhile: it frees nothing
                total += os.lstat(os.path.join(root, name)).st_size
    return total


def remove_folder(folder: Path, *, trash: bool) -> bool:
    """Move `folder` to the system trash when asked and there is one; delete it otherwise. True when it went
    to the trash."""
    if not folder.exists():
        return False
    if trash and QFile(str(folder)).moveToTrash():
        return True
    shutil.rmtree(folder, ignore_errors=True)
    return False


def still_deletable(ids: Iterable[str], event_of: Callable[[str], JobEvent | None]) -> list[str]:
    """The jobs of a plan that may still go (one may have been starred, or re-attached, since)."""
    out = []
    for job_id in ids:
        ev = event_of(job_id)
        if ev is not None and may_clean_up(ev):
            out.append(job_id)
    return out


def set_starred(manager: JobManager, job_ids: Iterable[str], starred: bool) -> None:
    """Star or unstar jobs: shown at once, written to the history off the GUI thread (in the order asked:
    star then unstar at once must end unstarred on disk too)."""
    ids = [j for j in job_ids if manager.job(j) is not None]
    for job_id in ids:
        job = manager.job(job_id)
        assert job is not None
        job.record.starred = int(starred)
        manager.announce(job)
    if ids:
        writes = _writes_for(manager.store)
        writes.want(ids, starred)
        manager.run_task("star", writes.flush, _log_star_error)


class _StarWrites:
    """The latest star asked for per job, written by whichever pool task runs next. Tasks may run in any
    order; each writes every wish not yet written, under one lock, so the last wish always wins."""

    def __init__(self, store: JobStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._wanted: dict[str, bool] = {}

    def want(self, ids: list[str], starred: bool) -> None:
        with self._lock:
            self._wanted.update(dict.fromkeys(ids, starred))

    def flush(self) -> None:
        with self._lock:
            wanted, self._wanted = self._wanted, {}
            for value in (True, False):
                ids = [j for j, v in wanted.items() if v is value]
                if ids:
                    self.store.set_starred(ids, value)


_star_writes: weakref.WeakKeyDictionary[JobStore, _StarWrites] = weakref.WeakKeyDictionary()


def _writes_for(store: JobStore) -> _StarWrites:
    writes = _star_writes.get(store)
    if writes is None:
        writes = _star_writes[store] = _StarWrites(store)
    return writes


def _log_star_error(_result: object, error: BaseException | None) -> None:
    if error is not None:
        log.error("could not save stars: %s", error)


def delete_unstarred(manager: JobManager, job_ids: Iterable[str],
                     done: Callable[[int, int], None] | None = None) -> int:
    """Delete these jobs, files to the trash, sparing any that is starred or in progress now;
    `done(deleted, trashed)` once every folder is gone. Returns how many are being deleted."""
    doomed = still_deletable(job_ids, lambda j: manager.job_event(j) if manager.job(j) is not None else None)
    trashed: list[bool] = []

    def one_done(_job_id: str, in_trash: bool) -> None:
        trashed.append(in_trash)
        if len(trashed) == len(doomed) and done is not None:
            done(len(doomed), sum(trashed))

    for job_id in doomed:
        manager.delete(job_id, trash=True, done=one_done)
    if not doomed and done is not None:
        done(0, 0)
    return len(doomed)

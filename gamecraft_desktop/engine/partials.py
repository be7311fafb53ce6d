"""Leftover temporary files of a download (or any atomic write) whose process was killed: `.NAME.PID.XXXXXXXX.part`
beside the file it was writing. They are removed on the next start of the window and on the next run of a
command, once their writer is gone (a live writer's files are left alone)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

from gamecraft_desktop.store.jobs_db import JobStore

log = logging.getLogger(__name__)

_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]{8}\.part$")
_LEGACY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.part$")  # written before names carried the pid
LEGACY_AGE_S = 3600.0


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's), or cannot tell: leave it
    return True


def orphans(folder: Path, *, now: float | None = None) -> list[Path]:
    """The leftover temp files in `folder` whose writer is gone."""
    found: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    now = time.time() if now is None else now
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(".part")) or not entry.is_file(follow_symlinks=False):
            continue
        m = _PART.match(name)
        if m is not None:
            if not process_alive(int(m.group("pid"))):
                found.append(Path(entry.path))
        elif _LEGACY.match(name):
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > LEGACY_AGE_S:
                    found.append(Path(entry.path))
    return found


def sweep(folders: Iterable[Path]) -> list[Path]:
    """Remove the orphans in `folders`; returns what was removed."""
    removed: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:
        if folder in seen:
            continue
        seen.add(folder)
        for path in orphans(folder):
            try:
                path.unlink()
                removed.append(path)
            except OSError as exc:
                log.info("could not remove the leftover %s: %s", path, exc)
    if removed:
        log.info("removed %d leftover partial file(s): %s", len(removed), ", ".join(p.name for p in removed))
    return removed


def sweep_history(store: JobStore | None, jobs_dir: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """The folders of every job (the window's job folders) and of every download the history knows about (a
    command's --out folder), plus `extra`."""
    folders: list[Path] = list(extra)
    with contextlib.suppress(OSError):
        folders += [Path(e.path) for e in os.scandir(jobs_dir) if e.is_dir(follow_symlinks=False)]
    if store is not None:
        with contextlib.suppress(Exception):
            folders += [Path(p).parent for p in store.download_targets()]
    return sweep(folders)

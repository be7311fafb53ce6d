"""Which program is driving a job right now.

A command (`generate`, `result`) holds an exclusive lock on a small file beside the job folders,
`<jobs>/.<job id>.lease`, for as long as it runs the job. The operating system drops the lock when the process
ends, however it ends (kill -9 included), so the lock means exactly "a live program is on it". The window asks
before it picks up another program's unfinished job (engine.rules.resume_plan): a job a live command is still
sending or following is watched, never taken over, sent a second time, or called "interrupted".

POSIX `flock` locks belong to an open file, so two drivers in one process (the tests') exclude each other
like two processes do. Where there is no `flock`, nothing is leased and the history alone is trusted.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


def lease_path(jobs_dir: Path, job_id: str) -> Path:
    return jobs_dir / f".{job_id}.lease"


class Lease:
    """A held lease (or an empty one, when it could not be taken: the job still runs)."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Removed while still locked: whoever opened it meanwhile locks a file nobody holds any more.
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            os.close(fd)

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def take(jobs_dir: Path, job_id: str) -> Lease:
    """Hold the job's lease until `release()` (or the process ends)."""
    path = lease_path(jobs_dir, job_id)
    if fcntl is None:
        return Lease(path, None)
    try:
        jobs_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        return Lease(path, None)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another command runs the same job (`result` twice): both may fetch it, it is free
        os.close(fd)
        return Lease(path, None)
    return Lease(path, fd)


def held_elsewhere(jobs_dir: Path, job_id: str) -> bool:
    """Whether a live program holds the job's lease. A lease file its holder left behind (killed) is removed."""
    if fcntl is None:
        return False
    path = lease_path(jobs_dir, job_id)
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        with contextlib.suppress(OSError):
            path.unlink()
        return False
    finally:
        os.close(fd)

"""A little room kept free on the disk that holds the job history.

A full disk must not cost a paid result: the one write that matters most (a request id fal has just given)
has to land even then. SQLite needs a few free pages to commit, so the history keeps a reserve file beside
its database; when a write finds the disk full, the reserve is given up and the write tried again. The jobs
then say "disk full" where they really need space (their videos), with everything about them saved, and the
reserve comes back once there is room again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path

from gamecraft_desktop.atomic_files import atomic_path

log = logging.getLogger(__name__)

RESERVE_BYTES = 1 << 20  # a few hundred history writes, whatever else fills the disk


class SpaceReserve:
    """The reserve file `path` (made only while the disk has plenty of room)."""

    def __init__(self, path: Path, size: int = RESERVE_BYTES) -> None:
        self.path = path
        self.size = size

    def ensure(self) -> None:
        """Make the reserve when it is missing and the disk has room for it many times over (best effort)."""
        if self.path.exists():
            return
        try:
            if shutil.disk_usage(self.path.parent).free < 8 * self.size:
                return
            with atomic_path(self.path, durable=False) as tmp:
                fd = os.open(tmp, os.O_WRONLY)
                try:
                    try:
                        os.posix_fallocate(fd, 0, self.size)  # real blocks, not a sparse promise
                    except (AttributeError, OSError):
                        os.write(fd, bytes(self.size))
                finally:
                    os.close(fd)
        except OSError as exc:
            log.info("no space reserve for the job history: %s", exc)

    def release(self) -> bool:
        """Give the room back to the disk; False when there was no reserve to give."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
            log.warning("the disk holding the job history is full: its space reserve was used")
            return True
        return False

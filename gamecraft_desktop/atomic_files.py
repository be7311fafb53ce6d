"""Atomic file writes: a temp file beside the target, optional fsync, then `os.replace`.

A reader (or a crash) sees either the old file or the whole new one, never a half-written file (and, with
`atomic_folder`, never half a folder). New files
get the mode `open()` would give them (0644 with umask 022), not mkstemp's 0600, unless a caller asks for
another `mode`. Errors, a full disk (ENOSPC) included, surface as the original OSError and the temp file
is removed. Qt-free and usable from every layer except core (which does no I/O).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def current_umask() -> int:
    """The process umask, read without changing it where Linux allows (os.umask is not thread-safe)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def default_file_mode() -> int:
    """What `open()` would give a new file under the current umask."""
    return 0o666 & ~current_umask()


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable (POSIX); best effort."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def temp_prefix(path: Path) -> str:
    """A temp file's name before mkstemp's random part: hidden, the target's name and the writing process's
    id, so a later run can tell the leftovers of a killed writer (engine.partials) from a live one's."""
    return f".{path.name[:60]}.{os.getpid()}."


def _temp_beside(path: Path, prefix: str | None, suffix: str, mode: int | None) -> tuple[int, Path]:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix if prefix is not None else temp_prefix(path),
                                suffix=suffix)
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, default_file_mode() if mode is None else mode)
    return fd, Path(name)


@contextlib.contextmanager
def _replacing(path: Path, prefix: str | None, suffix: str, mode: int | None,
               durable: bool) -> Iterator[tuple[int, Path]]:
    """The temp file (open fd and name) that replaces `path` when the block ends without an exception; it
    is removed in every case that does not get that far."""
    fd, tmp = _temp_beside(path, prefix, suffix, mode)
    try:
        yield fd, tmp
        os.replace(tmp, path)
        if durable:
            fsync_dir(path.parent)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(path: Path, *, prefix: str | None = None, suffix: str = ".part", mode: int | None = None,
                durable: bool = True) -> Iterator[Path]:
    """A temp file name beside `path` for writers that need a file name (an encoder, say). When the block
    ends without an exception the temp file replaces `path`; otherwise it is removed."""
    with _replacing(path, prefix, suffix, mode, durable) as (fd, tmp):
        os.close(fd)
        yield tmp
        if durable:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


@contextlib.contextmanager
def atomic_writer(path: Path, *, prefix: str | None = None, suffix: str = ".part", mode: int | None = None,
                  durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file object for streaming writes that replaces `path` when the block ends without an
    exception (and is removed otherwise). `durable` fsyncs the file and its folder; `mode` overrides the
    umask default; `prefix`/`suffix` name the temp file (default: a dot, the target's name, mkstemp's
    random part, `.part`)."""
    with _replacing(path, prefix, suffix, mode, durable) as (fd, _tmp), os.fdopen(fd, "wb") as fh:
        yield fh
        fh.flush()
        if durable:
            os.fsync(fh.fileno())


def atomic_write_bytes(path: Path, data: bytes, *, prefix: str | None = None, suffix: str = ".part",
                       mode: int | None = None, durable: bool = True) -> None:
    """Replace `path` with `data` atomically (options as for `atomic_writer`)."""
    with atomic_writer(path, prefix=prefix, suffix=suffix, mode=mode, durable=durable) as fh:
        fh.write(data)


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8", prefix: str | None = None,
                      suffix: str = ".part", mode: int | None = None, durable: bool = True) -> None:
    """Replace `path` with `text` atomically (options as for `atomic_writer`)."""
    atomic_write_bytes(path, text.encode(encoding), prefix=prefix, suffix=suffix, mode=mode, durable=durable)


@contextlib.contextmanager
def atomic_folder(path: Path, *, prefix: str | None = None, suffix: str = ".part") -> Iterator[Path]:
    """A temp folder beside `path` to fill (a frame sequence, say). When the block ends without an exception
    it takes the place of `path` (a folder already there is removed once the new one is in place);
    otherwise it is removed with everything in it, so a reader never sees half a folder."""
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=prefix if prefix is not None else f".{path.name[:60]}.",
                                suffix=suffix))
    with contextlib.suppress(OSError):
        tmp.chmod(0o777 & ~current_umask())  # mkdtemp's 0700 is for secrets, not for exported files
    old: Path | None = None
    try:
        yield tmp
        if path.is_dir() and not path.is_symlink():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name[:60]}.", suffix=".old"))
            os.replace(path, old / path.name)
            try:
                os.replace(tmp, path)
            except OSError:
                os.replace(old / path.name, path)  # put the old folder back: nothing is lost
                raise
        else:
            os.replace(tmp, path)
        fsync_dir(path.parent)
    finally:
        for leftover in (tmp, old):
            if leftover is not None and leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)

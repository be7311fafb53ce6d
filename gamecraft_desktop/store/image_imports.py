"""Images that arrive without a file (pasted or dropped image data, a URL) are kept in the app's data
folder under their hash, so a project can refer to them by path like any other image."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path

from gamecraft_desktop.media.errors import ImageChecks
from gamecraft_desktop.store.paths import AppPaths


class ImageStoreError(OSError):
    """The image could not be stored; the message is for people."""


def imports_dir(paths: AppPaths | None = None) -> Path:
    return (paths or AppPaths.default()).data / "images"


def is_imported_image(path: Path, paths: AppPaths | None = None) -> bool:
    """Whether `path` is one of the stored images: named by a hash, not by anything the person chose."""
    return path.parent == imports_dir(paths)


def store_image_bytes(data: bytes, extension: str, paths: AppPaths | None = None) -> Path:
    """Write `data` to `<data>/images/<sha256>.<ext>` atomically (same bytes → same file) and return the path."""
    digest = hashlib.sha256(data).hexdigest()
    folder = imports_dir(paths)
    ext = extension.lower().lstrip(".") or "img"
    target = folder / f"{digest}.{ext}"
    if target.is_file() and target.stat().st_size == len(data):
        return target
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".import.", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ImageStoreError(ImageChecks.tr("The disk is full: the image could not be stored.")) from None
        raise ImageStoreError(ImageChecks.tr("The image could not be stored in {folder}: {error}.").format(
                                  folder=folder, error=exc.strerror or exc)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target

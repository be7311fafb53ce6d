"""Reading and writing `*.gamecraft.json` projects on disk (the policy; the format is core/project.py).

Everything raises `ProjectError` with a message a person can act on; nothing here touches Qt.
"""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from gamecraft_desktop.atomic_files import atomic_write_bytes
from gamecraft_desktop.core.defaults import is_project_file_name
from gamecraft_desktop.core.project import (
    PROJECT_SUFFIX,
    Project,
    ProjectError,
    ProjectImage,
    ProjectText,
    dumps_project,
    loads_project,
)

#: A project file is a few kilobytes; anything far larger is not one (and must not be read whole).
MAX_PROJECT_BYTES = 5 * 1024 * 1024


class ProjectWriteError(ProjectError):
    """The project could not be written; the previous file (if any) is untouched."""


def is_project_file(path: str | os.PathLike[str]) -> bool:
    return is_project_file_name(str(path))


def with_project_suffix(path: Path) -> Path:
    """`name` → `name.gamecraft.json` (a plain `.json` is replaced, not doubled)."""
    if is_project_file(path):
        return path
    name = path.name.removesuffix(".json") if path.name.lower().endswith(".json") else path.name
    return path.with_name(name + PROJECT_SUFFIX)


def read_project(path: Path) -> Project:
    """Read and parse a project; raises only ProjectError."""
    try:
        size = path.stat().st_size
        if size > MAX_PROJECT_BYTES:
            raise ProjectError(ProjectText.tr("{name} is {size} MB; a project file is a few kilobytes, so "
                                              "this is not a GameCraft project.").format(
                                   name=path.name, size=size // 1024 // 1024))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProjectError(ProjectText.tr("The project file {path} does not exist.").format(path=path)) from None
    except IsADirectoryError:
        raise ProjectError(ProjectText.tr("{path} is a folder, not a project file.").format(path=path)) from None
    except PermissionError:
        raise ProjectError(ProjectText.tr("You do not have permission to read {path}.").format(path=path)) from None
    except OSError as exc:
        raise ProjectError(ProjectText.tr("Could not read {path}: {error}.").format(
                               path=path, error=exc.strerror or exc)) from None
    return loads_project(data)


def write_project(path: Path, project: Project) -> None:
    """Write atomically: a temp file beside the target, fsync, then os.replace. Raises ProjectWriteError."""
    data = dumps_project(project).encode("utf-8")
    try:
        # A project is a user document: it gets the umask's mode, like any file the user saves.
        atomic_write_bytes(path, data, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ProjectWriteError(_write_message(path, exc)) from None


def _write_message(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ProjectText.tr("The disk is full: {name} was not saved. Free some space and save again.").format(
                   name=path.name)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ProjectText.tr("You do not have permission to write to {parent}. Choose another folder.").format(
                   parent=path.parent)
    if exc.errno == errno.EROFS:
        return ProjectText.tr("{parent} is on a read-only disk. Choose another folder.").format(
                   parent=path.parent)
    if exc.errno == errno.ENOENT:
        return ProjectText.tr("The folder {parent} does not exist.").format(parent=path.parent)
    return ProjectText.tr("Could not save {name}: {error}.").format(name=path.name, error=exc.strerror or exc)


def file_sha256(path: Path, chunk: int = 1024 * 1024) -> str:
    """Hex SHA-256 of a file (call it off the GUI thread for big files)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


class ImageState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    CHANGED = "changed"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class ImageCheck:
    """What became of a project's image since the project was saved."""

    state: ImageState
    path: Path
    message: str


def resolve_image_path(project_file: Path | None, image: ProjectImage) -> Path:
    """Project image paths are stored absolute; a relative one is taken relative to the project file."""
    p = Path(image.path).expanduser()
    if not p.is_absolute() and project_file is not None:
        p = project_file.parent / p
    return p


def check_image(project_file: Path | None, image: ProjectImage) -> ImageCheck:
    """Compare the image on disk with the hash saved in the project (reads the whole file: off the GUI thread)."""
    path = resolve_image_path(project_file, image)
    if path.is_dir():
        return ImageCheck(ImageState.MISSING, path,
                          ProjectText.tr("The project's image {path} is a folder, not an image — locate "
                                         "the image or choose another one.").format(path=path))
    if not path.is_file():
        return ImageCheck(ImageState.MISSING, path,
                          ProjectText.tr("The image {path} is missing — locate it or choose another image.").format(
                              path=path))
    try:
        digest = file_sha256(path)
    except OSError as exc:
        return ImageCheck(ImageState.UNREADABLE, path, ProjectText.tr(
            "The image {path} cannot be read: {error}.").format(path=path, error=exc.strerror or exc))
    if digest != image.sha256:
        return ImageCheck(ImageState.CHANGED, path,
                          ProjectText.tr("The image at {path} has changed since the project was saved. Use "
                                         "it as it is now, or locate the original.").format(path=path))
    return ImageCheck(ImageState.OK, path, "")

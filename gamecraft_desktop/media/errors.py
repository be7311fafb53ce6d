"""The errors the media layer raises for files it cannot use."""

from __future__ import annotations

from pathlib import Path

from gamecraft_desktop.core.texts import Texts

#: What is wrong with an image, in words (core/texts.py: the name is the translation context).
ImageChecks = Texts("ImageChecks")


class MediaError(Exception):
    """A video (or image) file that cannot be read or written; the message is for people.

    `path` is the file concerned, when there is one.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class ImageError(MediaError):
    """The input image cannot be used (not an image, corrupt, too large, unreadable): nothing is sent. The
    command line exits 16 for it (engine.rules.exit_code)."""

    title = "Unusable image"
    exit_code = 16


def incomplete_video(path: Path, declared: int, present: int) -> MediaError:
    """A file whose header promises more frames than it holds: a download or render that was cut off."""
    return MediaError(f"{path.name} is incomplete: it should hold {declared} frames but only {present} are in the "
                      "file (the download or render was cut off).", path)

"""The one error the media layer raises for files it cannot use."""

from __future__ import annotations

from pathlib import Path


class MediaError(Exception):
    """A video (or image) file that cannot be read or written; the message is for people.

    `path` is the file concerned, when there is one.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path

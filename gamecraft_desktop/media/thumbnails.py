"""Small preview images of a video's first or last frame."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PIL import Image

from gamecraft_desktop.atomic_files import atomic_writer
from gamecraft_desktop.media.errors import MediaError
from gamecraft_desktop.media.frames import LAST, extract_frame

THUMBNAIL_SIZE = (320, 184)
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def make_thumbnail(
    video: Path | str,
    out: Path | str,
    which: Literal["first", "last"] = "first",
    max_size: tuple[int, int] = THUMBNAIL_SIZE,
) -> Path:
    """Write the first or last frame of `video`, scaled to fit `max_size` (aspect kept), to `out`.

    The format follows the suffix (.png, .jpg, .jpeg); the file appears atomically. Raises MediaError for an
    unreadable video or an unwritable destination, ValueError for an unknown suffix or `which`.
    """
    out = Path(out)
    fmt = _FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(f"thumbnail must be .png, .jpg or .jpeg, got {out.name!r}")
    if which not in ("first", "last"):
        raise ValueError(f"which must be 'first' or 'last', got {which!r}")
    image = extract_frame(video, 0 if which == "first" else LAST, fit=max_size)
    return save_image_atomically(image, out, fmt)


def save_image_atomically(image: Image.Image, out: Path, fmt: str) -> Path:
    """Save to a temp file beside `out`, then rename it over `out`."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(out, prefix=f".{out.stem}.", suffix=out.suffix + ".part", durable=False) as fh:
            if fmt == "JPEG":
                image.convert("RGB").save(fh, "JPEG", quality=88)
            else:
                image.save(fh, fmt)
    except OSError as exc:
        raise MediaError(f"Cannot write the thumbnail {out}: {exc.strerror or exc}.", out) from exc
    return out

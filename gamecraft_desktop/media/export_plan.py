"""What an export asks for and what it will write: formats, size, frame rate, the trim range, and the
plan that checks them against the video (which frames, what size, copy or re-encode).

Frame numbers inside the code are 0-based display indices; people see them 1-based, as the player shows
them ("frame 1 / 132"), in the CLI's --from/--to/--frame, the sidecar and the contact sheet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal

from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts
from gamecraft_desktop.media.errors import MediaError
from gamecraft_desktop.media.frame_table import FrameTable

#: Widths a person can ask for (the height follows the video's aspect ratio).
MIN_WIDTH, MAX_WIDTH = 16, 7680
#: GIF delays are counted in hundredths of a second and browsers slow down anything faster than 50 fps.
MAX_ANIMATION_FPS = 50.0
DEFAULT_TILES = 12
MAX_TILES = 100

ErrorKind = Literal["video", "range", "options", "exists", "output", "disk", "cancelled"]


class ExportError(MediaError):
    """An export that cannot be done or did not finish; the message is for people, `kind` says why:
    video (missing or undecodable), range (frames outside the video), options, exists (the output is there
    and may not be replaced), output (the folder or file cannot be written), disk (full), cancelled."""

    def __init__(self, message: str, kind: ErrorKind, path: Path | None = None, *, field: str | None = None) -> None:
        super().__init__(message, path)
        self.kind = kind
        self.field = field  # the request field at fault ("first", "last", "frame", "size", "fps", "tiles")


#: Export's words (core/texts.py: the name is the translation context).
ExportFormats = Texts("ExportFormats")


class ExportFormat(StrEnum):
    MP4 = "mp4"
    GIF = "gif"
    WEBP = "webp"
    PNG_FRAMES = "png-frames"
    FRAME = "frame"
    CONTACT_SHEET = "contact-sheet"

    @property
    def label(self) -> str:
        """'Animated GIF', in the reader's language."""
        return ExportFormats.tr(_LABELS[self])

    @property
    def short(self) -> str:
        """The name in a sentence: "Exporting frames 1–132 as GIF"."""
        return _SHORT[self]

    @property
    def suffix(self) -> str:
        """The output's file name suffix ("" for the frame folder)."""
        return _SUFFIXES[self]

    @property
    def is_animation(self) -> bool:
        return self in (ExportFormat.GIF, ExportFormat.WEBP)

    @property
    def uses_range(self) -> bool:
        return self is not ExportFormat.FRAME

    @property
    def needs_even_size(self) -> bool:
        """H.264 and lossy WebP store colour at half resolution: both sides must be even."""
        return self in (ExportFormat.MP4, ExportFormat.WEBP)


_LABELS = {
    ExportFormat.MP4: QT_TRANSLATE_NOOP("ExportFormats", "MP4 video (H.264)"),
    ExportFormat.GIF: QT_TRANSLATE_NOOP("ExportFormats", "Animated GIF"),
    ExportFormat.WEBP: QT_TRANSLATE_NOOP("ExportFormats", "Animated WebP"),
    ExportFormat.PNG_FRAMES: QT_TRANSLATE_NOOP("ExportFormats", "PNG frame sequence (folder)"),
    ExportFormat.FRAME: QT_TRANSLATE_NOOP("ExportFormats", "Current frame as PNG"),
    ExportFormat.CONTACT_SHEET: QT_TRANSLATE_NOOP("ExportFormats", "Contact sheet (PNG)"),
}
_SHORT = {
    ExportFormat.MP4: "MP4", ExportFormat.GIF: "GIF", ExportFormat.WEBP: "WebP", ExportFormat.PNG_FRAMES: "PNG frames",
    ExportFormat.FRAME: "PNG", ExportFormat.CONTACT_SHEET: "a contact sheet",
}
_SUFFIXES = {
    ExportFormat.MP4: ".mp4", ExportFormat.GIF: ".gif", ExportFormat.WEBP: ".webp", ExportFormat.PNG_FRAMES: "",
    ExportFormat.FRAME: ".png", ExportFormat.CONTACT_SHEET: ".png",
}


@dataclass(frozen=True)
class SizeChoice:
    """original, half (50 %), or a width in pixels (the height keeps the aspect ratio)."""

    kind: Literal["original", "half", "width"] = "original"
    width: int | None = None

    @classmethod
    def parse(cls, text: str) -> SizeChoice:
        """"original", "50%" / "half", or a width such as "608" (what --width and the dialog give)."""
        t = text.strip().lower()
        if t in ("", "original", "100%"):
            return cls()
        if t in ("half", "50%", "50 %"):
            return cls("half")
        try:
            return cls("width", int(t.removesuffix("px")))
        except ValueError:
            raise ExportError(ExportFormats.tr("The size {text} is not 'original', '50%' or a width in "
                                               "pixels.").format(text=repr(text)),
                              "options", field="size") from None

    def apply(self, width: int, height: int, *, even: bool) -> tuple[int, int]:
        if self.kind == "half":
            w, h = width / 2, height / 2
        elif self.kind == "width":
            w = float(self.width or width)
            h = height * w / width
        else:
            w, h = width, height
        if even:  # the nearest even numbers, halves rounded up (101 → 102, not Python's 100)
            return max(2, math.floor(w / 2 + 0.5) * 2), max(2, math.floor(h / 2 + 0.5) * 2)
        return max(1, math.floor(w + 0.5)), max(1, math.floor(h + 0.5))

    def describe(self) -> str:
        return {"original": ExportFormats.tr("original size"), "half": ExportFormats.tr("50 %")}.get(self.kind, ExportFormats.tr("{width} px "
                                                                                             "wide").format(
                                                                                width=self.width))


@dataclass(frozen=True)
class ExportRequest:
    """One export as a person asks for it. `first`/`last` (inclusive) and `frame` are 0-based; None means
    the whole video (and, for `frame`, the first frame). `fps` applies to animations; None keeps the
    video's rate. `tiles` is the contact sheet's number of frames."""

    format: ExportFormat
    out: Path
    first: int | None = None
    last: int | None = None
    frame: int | None = None
    size: SizeChoice = field(default_factory=SizeChoice)
    fps: float | None = None
    tiles: int = DEFAULT_TILES
    overwrite: bool = True


@dataclass(frozen=True)
class ExportPlan:
    """What will be written: the frames (display indices, in order), their size and rate, copy or encode."""

    request: ExportRequest
    first: int
    last: int
    indices: tuple[int, ...]
    size: tuple[int, int]
    fps: float
    copy: bool = False  # MP4: the compressed frames are copied as they are (cut on keyframes)
    note: str = ""  # for people: why the MP4 is (or is not) re-encoded, a size that was rounded …

    @property
    def format(self) -> ExportFormat:
        return self.request.format


def plan_export(table: FrameTable, request: ExportRequest, *, marks: Sequence[int] = ()) -> ExportPlan:
    """Check `request` against the video and decide what to write. Raises ExportError (range, options).

    `marks` are frames a contact sheet must show (where each part of a joined video starts): each replaces
    the evenly spaced frame nearest to it.
    """
    n = table.count
    fmt = request.format
    if fmt is ExportFormat.FRAME:
        frame = 0 if request.frame is None else request.frame
        _check_frame(frame, n, ExportFormats.tr("The frame"), "frame")
        first = last = frame
    else:
        first = 0 if request.first is None else request.first
        last = n - 1 if request.last is None else request.last
        _check_frame(first, n, ExportFormats.tr("The range's first frame"), "first")
        _check_frame(last, n, ExportFormats.tr("The range's last frame"), "last")
        if first > last:
            raise ExportError(ExportFormats.tr("The range starts after it ends: frame {first} to frame "
                                               "{last}.").format(first=first + 1, last=last + 1), "range",
                              field="last")
    size = _size(table, request)
    src_fps = table.fps
    fps = src_fps
    indices: tuple[int, ...] = tuple(range(first, last + 1))
    note = ""
    if fmt.is_animation and request.fps is not None:
        fps = _check_fps(request.fps, src_fps)
        indices = resample(first, last, src_fps, fps)
    elif fmt is ExportFormat.CONTACT_SHEET:
        if not 1 <= request.tiles <= MAX_TILES:
            raise ExportError(ExportFormats.tr("A contact sheet holds 1 to {most} frames, not {tiles}.").format(
                                  most=MAX_TILES, tiles=request.tiles), "options",
                              field="tiles")
        indices = with_marks(spread(first, last, request.tiles), [m for m in marks if first <= m <= last])
    copy = False
    if fmt is ExportFormat.MP4:
        copy = size == (table.width, table.height) and table.can_copy(first, last)
        note = _mp4_note(table, first, last, size, copy)
    requested_w = request.size.width if request.size.kind == "width" else None
    if requested_w is not None and size[0] != requested_w:
        note = (note + " " if note else "") + ExportFormats.tr("Width {asked} rounded to {width} (it "
                                                               "must be even).").format(
                                                  asked=requested_w, width=size[0])
    return ExportPlan(request, first, last, indices, size, fps, copy, note)


def _check_frame(index: int, count: int, what: str, field: str) -> None:
    if not 0 <= index < count:
        raise ExportError(ExportFormats.tr("{what} ({frame}) is outside the video, which has frames 1 to "
                                           "{count}.").format(what=what, frame=index + 1, count=count), "range",
                          field=field)


def _size(table: FrameTable, request: ExportRequest) -> tuple[int, int]:
    choice = request.size
    if choice.kind == "width" and not (MIN_WIDTH <= (choice.width or 0) <= MAX_WIDTH):
        raise ExportError(ExportFormats.tr("The width must be {low} to {high} pixels, not "
                                           "{width}.").format(
                              low=MIN_WIDTH, high=MAX_WIDTH, width=choice.width), "options",
                          field="size")
    return choice.apply(table.width, table.height, even=request.format.needs_even_size)


def _check_fps(fps: float, src_fps: float) -> float:
    if not (math.isfinite(fps) and fps > 0):
        raise ExportError(ExportFormats.tr("The frame rate must be a number above 0, not {fps}.").format(
                              fps=fps), "options", field="fps")
    return min(fps, src_fps, MAX_ANIMATION_FPS)


def resample(first: int, last: int, src_fps: float, fps: float) -> tuple[int, ...]:
    """The source frames shown at `fps` (≤ the source's rate) over first..last: frame k of the output is the
    source frame on screen at time k / fps. Frames are dropped, never repeated."""
    if fps >= src_fps:
        return tuple(range(first, last + 1))
    count = math.floor((last - first) * fps / src_fps + 1e-9) + 1
    return tuple(dict.fromkeys(first + round(k * src_fps / fps) for k in range(count)))


def spread(first: int, last: int, count: int) -> tuple[int, ...]:
    """`count` evenly spaced frames from first to last, both ends included (fewer if the range is shorter)."""
    n = last - first + 1
    if count >= n:
        return tuple(range(first, last + 1))
    if count == 1:
        return (first,)
    return tuple(first + round(k * (n - 1) / (count - 1)) for k in range(count))


def with_marks(indices: Sequence[int], marks: Sequence[int]) -> tuple[int, ...]:
    """`indices` with each mark in place of the nearest index not already taken by another mark."""
    out = list(indices)
    taken: set[int] = set()
    for mark in sorted(set(marks)):
        if mark in out:
            taken.add(out.index(mark))
            continue
        free = [i for i in range(len(out)) if i not in taken]
        if not free:
            break
        nearest = min(free, key=lambda i: abs(out[i] - mark))
        out[nearest] = mark
        taken.add(nearest)
    return tuple(sorted(set(out)))


def _mp4_note(table: FrameTable, first: int, last: int, size: tuple[int, int], copy: bool) -> str:
    if copy:
        if first == 0 and last == table.count - 1:
            return ExportFormats.tr("The whole video is copied as it is (no re-encoding).")
        return (ExportFormats.tr("Frames {first} to {last} are cut on keyframes: copied as they are, no "
                                 "re-encoding.").format(first=first + 1, last=last + 1))
    if size != (table.width, table.height):
        return ExportFormats.tr("Re-encoded (H.264) because the size changes.")
    if first not in table.keyframes:
        keys = sorted(table.keyframes)
        before = max((k for k in keys if k <= first), default=0)
        after = min((k for k in keys if k > first), default=None)
        near = ExportFormats.tr("frame {frame}").format(frame=before + 1) if after is None else \
            ExportFormats.tr("frame {before} or frame {after}").format(before=before + 1, after=after + 1)
        return (ExportFormats.tr("Re-encoded (H.264): frame {frame} is not a keyframe (the nearest are "
                                 "{near}), so the cut cannot copy the video as it is.").format(
                    frame=first + 1, near=near))
    return (ExportFormats.tr("Re-encoded (H.264): frames inside the range refer to frames outside it "
                             "(B-frames), so the cut after frame {frame} cannot copy the video as it is.").format(
                frame=last + 1))

"""Export a video (or a trimmed range of it) for sharing: MP4, animated GIF, animated WebP, a PNG frame
sequence, one frame as PNG, or a contact sheet. One engine for the window and the CLI.

Every export writes its file (or folder) and a JSON sidecar beside it, `<name>.json`: the sidecar Save
video writes, plus an `export` entry with the format and the trim range. Both appear only when everything
is written: a failed or cancelled export leaves nothing behind (atomic_files). Expected failures raise
ExportError with a sentence for people and a `kind` (what the CLI turns into an exit code).
"""

from __future__ import annotations

import errno
import io
import os
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.error
from PIL import Image

from gamecraft_desktop.atomic_files import atomic_folder, atomic_path
from gamecraft_desktop.core.sidecar import (
    SIDECAR_FORMAT,
    SIDECAR_FORMAT_VERSION,
    sidecar_json,
    sidecar_path_for,
)
from gamecraft_desktop.core.video_parts import VideoPart, video_parts
from gamecraft_desktop.media._av import convert
from gamecraft_desktop.media.contact_sheet import SheetContext, render_contact_sheet
from gamecraft_desktop.media.errors import MediaError
from gamecraft_desktop.media.export_plan import (
    ExportError,
    ExportFormat,
    ExportFormats,
    ExportPlan,
    ExportRequest,
    plan_export,
)
from gamecraft_desktop.media.export_writers import (
    MP4_CRF,
    MP4_PRESET,
    PALETTE_SAMPLES,
    Ticker,
    gif_palette,
    images_of,
    png_bytes,
    rgb_image,
    write_gif,
    write_mp4_copy,
    write_mp4_encode,
    write_webp,
)
from gamecraft_desktop.media.frame_table import FrameTable, decode_frames, read_frame_table

Progress = Callable[[int, int], None]
Stop = Callable[[], bool]
#: Threads compressing PNG frames while the caller's thread decodes the next ones.
PNG_WORKERS = 2


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sidecar: Path
    frames: int
    size: tuple[int, int]
    fps: float
    bytes: int
    copied: bool  # MP4 only: the frames were copied as they are
    note: str
    seconds: float


def open_table(video: Path | str) -> FrameTable:
    """The video's frame table; ExportError("video") when it is missing or cannot be decoded."""
    try:
        return read_frame_table(video)
    except ExportError:
        raise
    except MediaError as exc:
        raise ExportError(str(exc), "video", Path(video)) from exc


def default_output(video: Path, plan: ExportPlan, frame_count: int) -> Path:
    """A name beside the video that says what the export holds: clip_gif.gif, clip_10-120.webp,
    clip_frame57.png, clip_sheet.png, clip_frames/ (frame numbers as people see them, from 1)."""
    fmt = plan.format
    stem = video.stem
    whole = plan.first == 0 and plan.last == frame_count - 1
    if fmt is ExportFormat.FRAME:
        return video.with_name(f"{stem}_frame{plan.first + 1}.png")
    span = "" if whole else f"_{plan.first + 1}-{plan.last + 1}"
    if fmt is ExportFormat.CONTACT_SHEET:
        return video.with_name(f"{stem}_sheet{span}.png")
    if fmt is ExportFormat.PNG_FRAMES:
        return video.with_name(f"{stem}_frames{span}")
    return video.with_name(f"{stem}{span or '_' + fmt.value}{fmt.suffix}")


def make_plan(table: FrameTable, request: ExportRequest, sidecar: Mapping[str, Any] | None) -> ExportPlan:
    """The plan for `request`; a contact sheet of a joined video shows the frame where each part starts."""
    return plan_export(table, request, marks=[p.start for p in video_parts(sidecar)[1:]])


def check_output(video: Path, out: Path, fmt: ExportFormat, *, overwrite: bool) -> None:
    """Before any work: the output is not the video itself, not in the way, and its folder can be written."""
    if out.resolve() == video.resolve():
        raise ExportError(ExportFormats.tr("{name} is the video being exported: choose another name.").format(
                              name=out.name), "options", out)
    if out.exists() or out.is_symlink():
        if out.is_dir() != (fmt is ExportFormat.PNG_FRAMES):
            what = "a folder" if out.is_dir() else "a file"
            raise ExportError(ExportFormats.tr("{out} is {what}; the export needs {kind} name there.").format(
                                  out=out, what=what, kind=ExportFormats.tr("a folder") if fmt is ExportFormat.PNG_FRAMES
                                  else ExportFormats.tr("a file")),
                              "output", out)
        if not overwrite:
            raise ExportError(ExportFormats.tr("{out} already exists.").format(out=out), "exists", out)
    folder = out.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_error(exc, out) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(ExportFormats.tr("The folder {folder} cannot be written (read-only or no "
                                           "permission).").format(folder=folder), "output", out)


def run_export(video: Path | str, request: ExportRequest, *, sidecar: Mapping[str, Any] | None,
               app_version: str, on_progress: Progress | None = None, should_stop: Stop | None = None,
               table: FrameTable | None = None) -> ExportResult:
    """Export `video` as `request` says and write the sidecar beside the output (`sidecar` is the video's
    own sidecar, or None when its inputs are unknown). Raises ExportError."""
    started = time.monotonic()
    video = Path(video)
    table = table or open_table(video)
    parts = tuple(video_parts(sidecar))
    plan = make_plan(table, request, sidecar)
    out = request.out
    check_output(video, out, plan.format, overwrite=request.overwrite)
    ticker = Ticker(_work_units(plan), on_progress, should_stop)
    ticker.check()
    side_path = sidecar_path_for(out)
    try:
        with atomic_path(side_path, suffix=".json.part") as side_tmp:
            # The sidecar is written while the output is still a temp file: a failure there leaves neither.
            if plan.format is ExportFormat.PNG_FRAMES:
                with atomic_folder(out) as folder:
                    _write_frames(table, plan, folder, ticker)
                    size = sum(f.stat().st_size for f in folder.iterdir())
                    _write_sidecar(side_tmp, sidecar, plan, table, video, size, app_version, ticker)
            else:
                with atomic_path(out, suffix=f"{plan.format.suffix}.part") as tmp:
                    _write(table, plan, tmp, sidecar, parts, ticker)
                    size = tmp.stat().st_size
                    _write_sidecar(side_tmp, sidecar, plan, table, video, size, app_version, ticker)
    except ExportError:
        raise
    except OSError as exc:  # PyAV's write errors are OSErrors too, with the errno of the failing call
        raise _write_error(exc, out) from exc
    except av.error.FFmpegError as exc:
        raise ExportError(ExportFormats.tr("The export to {name} failed: {exc}.").format(
                              name=out.name, exc=exc), "video", out) from exc
    except MediaError as exc:
        raise ExportError(str(exc), "video", video) from exc
    return ExportResult(out, side_path, len(plan.indices), plan.size, plan.fps, size, plan.copy, plan.note,
                        time.monotonic() - started)


def _write_sidecar(tmp: Path, base: Mapping[str, Any] | None, plan: ExportPlan, table: FrameTable, video: Path,
                   size: int, app_version: str, ticker: Ticker) -> None:
    ticker.check()  # the last moment a cancel is honoured
    side = export_sidecar(base, plan, table, video=video, file_size=size, app_version=app_version)
    tmp.write_text(sidecar_json(side), encoding="utf-8")


def export_sidecar(base: Mapping[str, Any] | None, plan: ExportPlan, table: FrameTable, *, video: Path,
                   file_size: int, app_version: str) -> dict[str, Any]:
    """The video's own sidecar (or a bare one when its inputs are unknown) plus what this export holds."""
    side: dict[str, Any] = dict(base) if base else {
        "format": SIDECAR_FORMAT, "format_version": SIDECAR_FORMAT_VERSION, "app_version": app_version,
        "mode": None, "endpoint": None, "request_id": None, "input": None,
    }
    entry: dict[str, Any] = {
        "format": plan.format.value,
        "trim": {"from_frame": plan.first + 1, "to_frame": plan.last + 1},  # inclusive, as the player counts
        "frame_count": len(plan.indices),
        "width": plan.size[0],
        "height": plan.size[1],
        "file_size": file_size,
        "source_video": {"path": str(video), "frame_count": table.count, "width": table.width,
                         "height": table.height, "fps": table.fps},
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": app_version,
    }
    if plan.format.is_animation or plan.format is ExportFormat.MP4:
        entry["fps"] = plan.fps
    if plan.format is ExportFormat.MP4:
        entry["reencoded"] = not plan.copy
    if plan.format in (ExportFormat.CONTACT_SHEET, ExportFormat.PNG_FRAMES) or plan.format.is_animation:
        entry["frames"] = [i + 1 for i in plan.indices]
    if plan.note:
        entry["note"] = plan.note
    side["export"] = entry
    return side


# --- writing ----------------------------------------------------------------------------------------------


def _work_units(plan: ExportPlan) -> int:
    n = len(plan.indices)
    if plan.format is ExportFormat.GIF:
        return n + min(n, PALETTE_SAMPLES)
    if plan.format is ExportFormat.CONTACT_SHEET:
        return n + 1
    return n


def _write(table: FrameTable, plan: ExportPlan, tmp: Path, sidecar: Mapping[str, Any] | None,
           parts: tuple[VideoPart, ...], ticker: Ticker) -> None:
    fmt = plan.format
    frames = (frame for _, frame in decode_frames(table, list(plan.indices)))
    if fmt is ExportFormat.MP4:
        if plan.copy:
            write_mp4_copy(table, plan.first, plan.last, tmp, ticker)
        else:
            write_mp4_encode(frames, plan.size, table.rate or Fraction(24), tmp, ticker)
    elif fmt is ExportFormat.GIF:
        palette = _palette(table, plan, ticker)
        write_gif(images_of(decode_frames(table, list(plan.indices)), plan.size), palette, plan.size, plan.fps,
                  tmp, ticker)
    elif fmt is ExportFormat.WEBP:
        write_webp(frames, plan.size, plan.fps, tmp, ticker)
    elif fmt is ExportFormat.FRAME:
        tmp.write_bytes(png_bytes(rgb_image(next(frames), plan.size)))
        ticker.tick()
    elif fmt is ExportFormat.CONTACT_SHEET:
        tiles = []
        for index, frame in decode_frames(table, list(plan.indices)):
            tiles.append((index, rgb_image(frame, plan.size)))
            ticker.tick()
        ctx = SheetContext(table.path.name, table.count, table.fps, (table.width, table.height), plan.first,
                           plan.last, parts,
                           _text(sidecar, "mode"), _text(sidecar, "endpoint"))
        render_contact_sheet(tiles, ctx).save(tmp, "PNG", optimize=False)
        ticker.tick()
    else:  # pragma: no cover (PNG_FRAMES writes a folder)
        raise ValueError(fmt)


def _palette(table: FrameTable, plan: ExportPlan, ticker: Ticker) -> Any:
    picks = sorted({plan.indices[round(k * (len(plan.indices) - 1) / max(1, PALETTE_SAMPLES - 1))]
                    for k in range(min(len(plan.indices), PALETTE_SAMPLES))})
    samples = []
    for _, frame in decode_frames(table, picks):
        samples.append(rgb_image(frame, plan.size))
        ticker.tick()
    return gif_palette(samples)


def _write_frames(table: FrameTable, plan: ExportPlan, folder: Path, ticker: Ticker) -> None:
    """frame-0001.png … named by the frame numbers people see. Decoding stays on this thread while two
    workers compress (zlib releases the GIL): about twice as fast on two cores."""
    digits = max(4, len(str(table.count)))

    def save(index: int, image: Image.Image) -> None:
        (folder / f"frame-{index + 1:0{digits}d}.png").write_bytes(png_bytes(image))

    pending: deque[Future[None]] = deque()
    with ThreadPoolExecutor(max_workers=PNG_WORKERS, thread_name_prefix="gamecraft-png") as pool:
        try:
            for index, frame in decode_frames(table, list(plan.indices)):
                pending.append(pool.submit(save, index, rgb_image(frame, plan.size)))
                while pending and (len(pending) > 2 * PNG_WORKERS or pending[0].done()):
                    pending.popleft().result()
                    ticker.tick()
            while pending:
                pending.popleft().result()
                ticker.tick()
        finally:
            for future in pending:
                future.cancel()


def _text(sidecar: Mapping[str, Any] | None, key: str) -> str | None:
    value = sidecar.get(key) if sidecar else None
    return value if isinstance(value, str) else None


def _write_error(exc: OSError, out: Path) -> ExportError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(ExportFormats.tr("The disk is full: {name} was not written (nothing partial was "
                                            "left behind).").format(name=out.name),
                           "disk", out)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportError(ExportFormats.tr("{parent} cannot be written ({error}).").format(
                               parent=out.parent, error=exc.strerror or exc), "output", out)
    return ExportError(ExportFormats.tr("Writing {out} failed: {error}.").format(
                           out=out, error=exc.strerror or exc), "output", out)


# --- the estimate -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SizeEstimate:
    bytes: int
    exact: bool  # known, not extrapolated from a sample


def estimate_size(table: FrameTable, plan: ExportPlan, *, sample: int = 8) -> SizeEstimate:
    """How large the export will be, from the compressed sizes (a copied MP4) or by encoding a few frames
    from the middle of the range and scaling up. Fast enough to follow every change of the options."""
    fmt = plan.format
    n = len(plan.indices)
    if fmt is ExportFormat.MP4 and plan.copy:
        return SizeEstimate(table.bytes_between(plan.first, plan.last) + 1024 + 12 * n, True)
    mid = max(0, min(n - sample, n // 2 - sample // 2))
    picks = list(plan.indices[mid:mid + sample]) if fmt is not ExportFormat.CONTACT_SHEET else \
        [plan.indices[n // 2]]
    images = [rgb_image(frame, plan.size) for _, frame in decode_frames(table, picks)]
    k = len(images)
    ticker = Ticker(k)
    if fmt is ExportFormat.FRAME:
        return SizeEstimate(len(png_bytes(images[0])), True)
    if fmt is ExportFormat.PNG_FRAMES:
        return SizeEstimate(round(sum(len(png_bytes(im)) for im in images[:2]) / min(k, 2) * n), False)
    if fmt is ExportFormat.CONTACT_SHEET:
        tile = len(png_bytes(images[0]))
        return SizeEstimate(round(tile * n * 1.1), False)
    buf = io.BytesIO()
    if fmt is ExportFormat.GIF:
        write_gif(images, gif_palette(images), plan.size, plan.fps, buf, ticker)
    elif fmt is ExportFormat.WEBP:
        write_webp((_to_frame(im) for im in images), plan.size, plan.fps, buf, ticker)
    else:
        return SizeEstimate(_h264_estimate(images, plan, table, n), False)
    return SizeEstimate(round(len(buf.getvalue()) / k * n), False)


def _to_frame(image: Any) -> Any:
    return av.VideoFrame.from_image(image)


def _h264_estimate(images: list[Any], plan: ExportPlan, table: FrameTable, n: int) -> int:
    """The first (key)frame's size plus the average of the rest, from the encoder itself (no container)."""
    ctx = av.CodecContext.create("libx264", "w")
    ctx.width, ctx.height, ctx.pix_fmt = plan.size[0], plan.size[1], "yuv420p"
    ctx.time_base = 1 / (table.rate or Fraction(24))
    ctx.options = {"preset": MP4_PRESET, "crf": str(MP4_CRF)}
    sizes = []
    for i, image in enumerate(images):
        frame = convert(av.VideoFrame.from_image(image), format="yuv420p")
        frame.pts = i
        sizes += [p.size for p in ctx.encode(frame)]
    sizes += [p.size for p in ctx.encode(None)]
    if len(sizes) < 2:
        return sum(sizes) * n
    return round(sizes[0] + sum(sizes[1:]) / (len(sizes) - 1) * (n - 1) + 2048)

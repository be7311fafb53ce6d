"""`gamecraft-desktop export VIDEO --format …`: the window's Export dialog for scripts (same engine:
media.export), with the video's own sidecar carried into the export's.

Frame numbers are counted from 1, as the player shows them. The video's inputs (for the sidecar and the
contact sheet's caption and path) come from its sidecar `<video>.json`, else from the job history when the
video is a job's download or joined video; without either the export still works, its sidecar says the
inputs are unknown.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gamecraft_desktop.cli.output import Reporter, exit_codes_epilog, format_bytes
from gamecraft_desktop.core.sidecar import SIDECAR_FORMAT, sidecar_path_for
from gamecraft_desktop.fal.errors import EXIT_EXPORT_OUTPUT, EXIT_EXPORT_VIDEO, EXIT_INTERRUPTED

HELP = "export a video (or a range of it) as MP4, GIF, WebP, PNG frames, one frame, or a contact sheet"
FORMATS = ("mp4", "gif", "webp", "png-frames", "frame", "contact-sheet")
#: ExportError.kind -> exit code (see `--help`).
EXIT_BY_KIND = {"video": EXIT_EXPORT_VIDEO, "range": 2, "options": 2, "exists": 2, "output": EXIT_EXPORT_OUTPUT,
                "disk": 15, "cancelled": EXIT_INTERRUPTED}
#: ExportError.field -> the option that sets it, so messages name what the user typed.
_FLAGS = {"first": "--from", "last": "--to", "frame": "--frame", "size": "--width", "fps": "--fps", "tiles": "--tiles"}


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "export", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "Frames are numbered from 1, as the player shows them. The MP4 is cut to the exact frame: the "
            "frames are copied as they are when the cut falls on keyframes, else it is re-encoded (the command "
            "says which). Beside the output goes <output name>.json: the video's sidecar (inputs, seed, request "
            "id…) plus the export's format and trim range. Nothing partial is left on failure or Ctrl+C.\n\n"
            + exit_codes_epilog()),
    )
    p.add_argument("video", type=Path, metavar="VIDEO", help="the video to export (an MP4 the app made, or any)")
    p.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    p.add_argument("--from", dest="first", type=int, default=None, metavar="F",
                   help="first frame of the range (default 1)")
    p.add_argument("--to", dest="last", type=int, default=None, metavar="F",
                   help="last frame of the range, included (default: the last frame)")
    p.add_argument("--frame", type=int, default=None, metavar="F", help="the frame for --format frame (default 1)")
    p.add_argument("--width", default=None, metavar="W",
                   help="output width in pixels, or 50%% (default: the video's size; the height follows)")
    p.add_argument("--fps", type=float, default=None, metavar="N",
                   help="frame rate of a GIF or WebP (default: the video's; frames are dropped, never repeated)")
    p.add_argument("--tiles", type=int, default=None, metavar="N",
                   help="frames on a contact sheet, evenly spaced over the range (default 12)")
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help="the file (or folder, for png-frames) to write; default: beside the video, named after "
                        "what it holds (clip_10-120.gif, clip_frame57.png, clip_frames/ …)")
    p.add_argument("--force", action="store_true", help="replace --out (and its sidecar) if they exist")
    p.add_argument("--json", action="store_true",
                   help="print one JSON event per line on stdout instead of human progress on stderr")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace, reporter: Reporter) -> int:
    from gamecraft_desktop import __version__
    from gamecraft_desktop.media.export import default_output, make_plan, open_table, run_export
    from gamecraft_desktop.media.export_plan import (
        DEFAULT_TILES,
        ExportError,
        ExportFormat,
        ExportRequest,
        SizeChoice,
    )

    try:
        usage = _usage_problem(args)
        if usage:
            reporter.error(usage, exit_code=2, kind="UsageError")
            return 2
        fmt = ExportFormat(args.format)
        video: Path = args.video.expanduser()
        table = open_table(video)
        request = ExportRequest(
            fmt, args.out or video, first=_index(args.first), last=_index(args.last), frame=_index(args.frame),
            size=SizeChoice.parse(args.width) if args.width is not None else SizeChoice(),
            fps=args.fps, tiles=args.tiles or DEFAULT_TILES, overwrite=bool(args.force))
        sidecar, origin = find_sidecar(video, reporter)
        plan = make_plan(table, request, sidecar)  # the range is checked before a default name is made from it
        if args.out is None:
            request = _replace_out(request, default_output(video, plan, table.count))
        reporter.event("exporting", video=str(video), format=fmt.value, first_frame=plan.first + 1,
                       last_frame=plan.last + 1, frames=len(plan.indices), width=plan.size[0],
                       height=plan.size[1], out=str(request.out), note=plan.note, inputs=origin)
        reporter.say(f"Exporting {_span(plan)} of {video.name} as {fmt.short}, {plan.size[0]}×{plan.size[1]}"
                     + (f" at {plan.fps:g} fps" if fmt.is_animation else "") + "…")
        if plan.note:
            reporter.say(plan.note)
        if sidecar is None:
            reporter.warn(f"no sidecar beside {video.name} and it is not in the job history: the export's "
                          "sidecar will not name its inputs")
        result = run_export(video, request, sidecar=sidecar, app_version=__version__, table=table)
    except ExportError as exc:
        code = EXIT_BY_KIND.get(exc.kind, 1)
        flag = _FLAGS.get(exc.field or "")
        message = str(exc) + (" Use --force to replace it." if exc.kind == "exists" else "")
        if flag:
            message = f"{flag}: {message[0].lower()}{message[1:]}"
        reporter.error(message, exit_code=code, kind=exc.kind)
        return code
    except KeyboardInterrupt:
        reporter.error("interrupted: nothing was written", exit_code=EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED
    reporter.event("exported", path=str(result.path), sidecar=str(result.sidecar), frames=result.frames,
                   width=result.size[0], height=result.size[1], bytes=result.bytes, copied=result.copied,
                   seconds=round(result.seconds, 3))
    reporter.say(f"Wrote {result.frames} frame{'s' if result.frames != 1 else ''}, {format_bytes(result.bytes)} "
                 f"in {result.seconds:.1f} s; sidecar {result.sidecar.name}")
    reporter.result(str(result.path))
    return 0


def _usage_problem(args: argparse.Namespace) -> str | None:
    """Options that do not fit the format, or frame numbers below 1 (one line, exit 2)."""
    for flag, value in (("--from", args.first), ("--to", args.last), ("--frame", args.frame)):
        if value is not None and value < 1:
            return f"{flag}: frames are numbered from 1, not {value}"
    if args.format == "frame" and (args.first is not None or args.last is not None):
        return "--from/--to: --format frame writes one frame: give it with --frame"
    if args.frame is not None and args.format != "frame":
        return f"--frame: only for --format frame (use --from/--to for {args.format})"
    if args.fps is not None and args.format not in ("gif", "webp"):
        return f"--fps: only for animations (gif, webp), not {args.format}"
    if args.tiles is not None and args.format != "contact-sheet":
        return "--tiles: only for --format contact-sheet"
    return None


def _index(frame_number: int | None) -> int | None:
    return None if frame_number is None else frame_number - 1


def _replace_out(request: Any, out: Path) -> Any:
    import dataclasses

    return dataclasses.replace(request, out=out)


def _span(plan: Any) -> str:
    if plan.first == plan.last:
        return f"frame {plan.first + 1}"
    return f"frames {plan.first + 1}–{plan.last + 1} ({len(plan.indices)} frames)"


def find_sidecar(video: Path, reporter: Reporter) -> tuple[dict[str, Any] | None, str]:
    """The video's own sidecar and where it came from ("sidecar", "history", "unknown")."""
    beside = sidecar_path_for(video)
    try:
        data = json.loads(beside.read_text(encoding="utf-8"))
        if isinstance(data, Mapping) and data.get("format") == SIDECAR_FORMAT:
            return dict(data), "sidecar"
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        reporter.warn(f"the sidecar {beside.name} cannot be read ({exc}); looking in the job history")
    from_history = _from_history(video)
    return (from_history, "history") if from_history is not None else (None, "unknown")


def _from_history(video: Path) -> dict[str, Any] | None:
    """The sidecar of the job whose download (or joined video) this is; None when there is none. A
    history that cannot be opened is simply not consulted: the export does not need it."""
    from gamecraft_desktop import __version__
    from gamecraft_desktop.store.job_sidecar import JOINED_NAME, video_sidecar
    from gamecraft_desktop.store.jobs_db import JobNotFoundError, JobStore, StoreError
    from gamecraft_desktop.store.paths import AppPaths

    paths = AppPaths.default()
    if not paths.database.exists():
        return None
    try:
        with JobStore(paths.database) as store:
            resolved = video.resolve()
            rec = store.find_by_video_path(resolved) or store.find_by_video_path(video.absolute())
            if rec is None and video.name == JOINED_NAME:
                try:
                    rec = store.get(resolved.parent.name)
                except JobNotFoundError:
                    rec = None
            return video_sidecar(rec, video, app_version=__version__) if rec is not None else None
    except (StoreError, OSError, ValueError):
        return None

"""Command-line parsing and dispatch: no sub-command launches the window; sub-commands run headless.

Dispatch: when the first argument names a sub-command (`generate`, `status`, `result`, `cancel`, `export`), the
headless parser handles everything; otherwise `build_parser()` (the GUI's options) parses the arguments
and the window starts. GUI flags (e.g. `--screenshot`, `--self-test`, a project path) are added to
`build_parser()` and handled in `_run_gui_args()`; sub-commands live in their own modules and register
in `_COMMAND_MODULES`. Qt is imported only when the GUI starts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from gamecraft_desktop import __version__
from gamecraft_desktop.cli.output import Reporter, exit_codes_epilog

PROG = "gamecraft-desktop"

#: sub-command -> module that defines it (each module has `add_parser(sub)` or `add_parsers(sub)`).
_COMMAND_MODULES: dict[str, str] = {
    "generate": "gamecraft_desktop.cli.generate",
    "status": "gamecraft_desktop.cli.job_commands",
    "result": "gamecraft_desktop.cli.job_commands",
    "cancel": "gamecraft_desktop.cli.job_commands",
    "export": "gamecraft_desktop.cli.export",
}
COMMANDS: dict[str, str] = {
    "generate": "generate one video from an image, a prompt and a camera path",
    "status": "show a job's queue status by request id",
    "result": "wait for a job and fetch its result (--out downloads the video)",
    "cancel": "cancel a queued job",
    "export": "export a video as MP4, GIF, WebP, PNG frames, one frame or a contact sheet",
}


def _epilog() -> str:
    lines = ["commands (run headless; `gamecraft-desktop COMMAND --help` for details):"]
    lines += [f"  {name:<9} {text}" for name, text in COMMANDS.items()]
    return "\n".join(lines) + "\n\n" + exit_codes_epilog()


def build_parser() -> argparse.ArgumentParser:
    """The parser used when no sub-command is given: options of the desktop app itself."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=f"{PROG} [options] | {PROG} {{{','.join(COMMANDS)}}} ...",
        description="GameCraft Desktop: compose camera paths and turn one image into a video with "
                    "Hunyuan-GameCraft on fal.ai. Without a command, the window opens.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_window_arguments(parser)
    parser.add_argument("--self-test", action="store_true",
                        help="run one job end to end in the window against the built-in sandbox (whatever key is "
                             "set), check the video plays to its last frame, print a JSON summary, exit 0 or 1")
    return parser


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """The composer window's own options: a project to open, and an offscreen screenshot."""
    parser.add_argument("project", nargs="?", metavar="PROJECT", help="a .gamecraft.json project to open")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="render the window (with PROJECT, if given) offscreen to a PNG and exit")


class UsageError(Exception):
    """A command-line usage mistake, reported as one line (not argparse's usage block)."""

    def __init__(self, message: str, prog: str) -> None:
        super().__init__(message)
        self.message = message
        self.prog = prog


class _CommandParser(argparse.ArgumentParser):
    """Sub-command parsers raise UsageError instead of printing the whole usage block and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


def build_command_parser() -> argparse.ArgumentParser:
    """The parser for the headless sub-commands."""
    parser = _CommandParser(prog=PROG, epilog=exit_codes_epilog(),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in dict.fromkeys(_COMMAND_MODULES.values()):
        module = importlib.import_module(module_name)
        if hasattr(module, "add_parsers"):
            module.add_parsers(sub)
        else:
            module.add_parser(sub)
    return parser


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace | int:
    """Parse, turning argparse's exit (usage errors: 2, --help/--version: 0) into a return code."""
    try:
        return parser.parse_args(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)


def run_command(argv: Sequence[str]) -> int:
    try:
        parsed = _parse(build_command_parser(), argv)
    except UsageError as exc:
        # One line, naming the option, plus a machine event when --json was asked for.
        reporter = Reporter(json_mode="--json" in argv)
        reporter.error(f"{exc.message} (see `{exc.prog} --help`)", exit_code=2, kind="UsageError")
        return 2
    if isinstance(parsed, int):
        return parsed
    reporter = Reporter(json_mode=bool(getattr(parsed, "json", False)))
    _start_log_file()
    try:
        code: int = parsed.run(parsed, reporter)
    finally:
        from gamecraft_desktop.store.logs import shutdown_logging

        shutdown_logging()
    return code


def _start_log_file() -> None:
    """Library warnings go to the app's log file, not the terminal (the terminal gets sentences)."""
    import logging

    from gamecraft_desktop.store.logs import configure_logging
    from gamecraft_desktop.store.paths import AppPaths

    try:
        configure_logging(AppPaths.default().log_file)
    except OSError:
        logging.getLogger("gamecraft_desktop").addHandler(logging.NullHandler())


def _run_gui_args(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from pathlib import Path

    project = Path(args.project) if getattr(args, "project", None) else None
    if project is not None and not project.expanduser().exists():
        # Most often a mistyped command: say so in one line instead of starting a window.
        sys.stderr.write(f"error: {args.project!r} is neither a command ({', '.join(COMMANDS)}) nor an "
                         f"existing project file (see `{PROG} --help`)\n")
        return 2
    if getattr(args, "self_test", False):
        from gamecraft_desktop.app_selftest import run_self_test

        return run_self_test()
    if getattr(args, "screenshot", None):
        from gamecraft_desktop.app import take_screenshot

        return take_screenshot(Path(args.screenshot), project)
    from gamecraft_desktop.app import run_gui

    return run_gui([], project=project)


def dispatch(args_list: list[str]) -> int:
    if args_list and args_list[0] in COMMANDS:
        try:
            return run_command(args_list)
        except KeyboardInterrupt:  # Ctrl+C outside a command's own handling (e.g. during imports)
            sys.stderr.write("interrupted\n")
            return 130
    parsed = _parse(build_parser(), args_list)
    if isinstance(parsed, int):
        return parsed
    return _run_gui_args(parsed, args_list)


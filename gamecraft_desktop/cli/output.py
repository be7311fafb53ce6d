"""How headless commands talk: human lines on stderr, or one JSON event per line on stdout (`--json`).

Human mode keeps stdout for the one thing a script wants (the saved file's path, a status word, a result
JSON), so `gamecraft-desktop generate ... > path.txt` works. JSON mode puts every event on stdout and
nothing else there; an error still gets a one-line message on stderr for the person watching.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from typing import Any, TextIO

from gamecraft_desktop.fal.errors import EXIT_CODES


def iso_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def format_elapsed(seconds: float) -> str:
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_bytes(n: int | None) -> str:
    if n is None:
        return "? bytes"
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


def exit_codes_epilog() -> str:
    lines = ["exit codes:"]
    lines += [f"  {code:>3}  {text}" for code, text in sorted(EXIT_CODES.items())]
    return "\n".join(lines)


class Reporter:
    """Writes progress for people (stderr) or machines (JSON lines on stdout)."""

    def __init__(self, *, json_mode: bool, stdout: TextIO | None = None, stderr: TextIO | None = None,
                 quiet: bool = False) -> None:
        self.json_mode = json_mode
        self.quiet = quiet
        self._out = stdout
        self._err = stderr
        self.started = time.monotonic()

    @property
    def out(self) -> TextIO:
        return self._out or sys.stdout

    @property
    def err(self) -> TextIO:
        return self._err or sys.stderr

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def event(self, name: str, **fields: Any) -> None:
        """A machine event; written only in JSON mode."""
        if not self.json_mode:
            return
        record = {"event": name, "time": iso_now(), **fields}
        self.out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        self.out.flush()

    def say(self, line: str) -> None:
        """A progress line for people; silent in JSON mode and with --quiet."""
        if self.json_mode or self.quiet:
            return
        self.err.write(line + "\n")
        self.err.flush()

    def warn(self, line: str) -> None:
        """Always shown on stderr (both modes): something the user should know."""
        self.err.write(f"warning: {line}\n")
        self.err.flush()
        self.event("warning", message=line)

    def result(self, text: str) -> None:
        """The command's answer on stdout (human mode only; JSON mode uses events)."""
        if self.json_mode:
            return
        self.out.write(text + "\n")
        self.out.flush()

    def error(self, message: str, *, exit_code: int, **fields: Any) -> None:
        """A one-line error on stderr, plus an `error` event in JSON mode."""
        self.err.write(f"error: {message}\n")
        self.err.flush()
        self.event("error", message=message, exit_code=exit_code, **fields)

    def notice(self, text: str) -> None:
        """Several lines on stderr shown in both modes (e.g. how to resume after Ctrl+C)."""
        self.err.write(text.rstrip("\n") + "\n")
        self.err.flush()

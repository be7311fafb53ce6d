"""Queue status values and their lenient parser (the JSON of `/status` and of each SSE event)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from gamecraft_desktop.fal.errors import MalformedResponseError

QueueStatus = Literal["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]
STATES: tuple[QueueStatus, ...] = ("IN_QUEUE", "IN_PROGRESS", "COMPLETED")
_BY_NAME: dict[str, QueueStatus] = {s: s for s in STATES}
_SEGMENT = re.compile(r"Generating segment\s+(\d+)\s*/\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LogLine:
    """One log entry. Only `message` is certain; the rest appears in some captures and not others."""

    message: str
    level: str | None = None
    timestamp: str | None = None


@dataclass(frozen=True)
class StatusUpdate:
    """One look at a queued job. `logs` are cumulative (everything seen so far)."""

    status: QueueStatus
    queue_position: int | None = None
    logs: list[LogLine] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    error_type: str | None = None

    @property
    def is_completed(self) -> bool:
        return self.status == "COMPLETED"

    @property
    def failed(self) -> bool:
        return self.status == "COMPLETED" and (self.error is not None or self.error_type is not None)

    @property
    def segment(self) -> tuple[int, int] | None:
        """(i, N) from the last "Generating segment i/N" log line: a bonus progress signal, often absent."""
        for line in reversed(self.logs):
            match = _SEGMENT.search(line.message)
            if match:
                i, n = int(match.group(1)), int(match.group(2))
                if n > 0 and 0 <= i <= n:
                    return i, n
        return None

    def with_logs(self, logs: Sequence[LogLine]) -> StatusUpdate:
        return StatusUpdate(self.status, self.queue_position, list(logs), dict(self.metrics), self.error,
                            self.error_type)


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return None


def parse_log_line(entry: Any) -> LogLine | None:
    if isinstance(entry, str):
        return LogLine(entry)
    if not isinstance(entry, dict):
        return None
    message = entry.get("message")
    if message is None:
        return None
    text = message if isinstance(message, str) else str(message)
    return LogLine(text, _opt_str(entry.get("level")), _opt_str(entry.get("timestamp")))


def parse_logs(value: Any) -> list[LogLine]:
    if not isinstance(value, list):
        return []
    out = []
    for entry in value:
        line = parse_log_line(entry)
        if line is not None:
            out.append(line)
    return out


def _queue_position(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and math.isfinite(value) and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def parse_status(data: Any) -> StatusUpdate:
    """Parse a status JSON value. Lenient about everything but `status`; raises only MalformedResponseError."""
    if not isinstance(data, dict):
        raise MalformedResponseError("fal's status answer was not a JSON object.")
    raw_status = data.get("status")
    status = _BY_NAME.get(raw_status.strip().upper()) if isinstance(raw_status, str) else None
    if status is None:
        shown = repr(raw_status)[:40]
        raise MalformedResponseError(f"fal's status answer had an unknown status {shown}.")
    metrics = data.get("metrics")
    error = data.get("error")
    error_type = data.get("error_type")
    return StatusUpdate(
        status=status,
        queue_position=_queue_position(data.get("queue_position")),
        logs=parse_logs(data.get("logs")),
        metrics=dict(metrics) if isinstance(metrics, dict) else {},
        error=_error_text(error),
        error_type=_opt_str(error_type) or None,
    )


def _error_text(error: Any) -> str | None:
    if error is None or error == "":
        return None
    if isinstance(error, str):
        return error
    if isinstance(error, dict):
        for key in ("message", "detail", "msg"):
            if isinstance(error.get(key), str):
                return str(error[key])
    return str(error)[:500]


def merge_logs(known: list[LogLine], new: list[LogLine]) -> list[LogLine]:
    """Add a stream event's logs to what is known. Events carry only new lines; if a server sends the
    cumulative list instead (it starts with everything we have), take it as is rather than doubling."""
    if known and len(new) >= len(known) and new[: len(known)] == known:
        return list(new)
    return known + new

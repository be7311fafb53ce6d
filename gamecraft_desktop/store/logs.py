"""The rotating log file. Anything shaped like a fal key is masked before it reaches the file."""

from __future__ import annotations

import logging
import re
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5

# Key-shaped values only, so ordinary words after "key" stay readable ("keeping the key this session
# only"): whatever follows an Authorization header's scheme, an id:secret pair after the word "key", and
# bare id:secret pairs of the shape fal issues.
_KEY_PATTERNS = (
    re.compile(r"(Authorization:\s*(?:Key|Bearer)\s+)[^\s'\"]+", re.IGNORECASE),
    re.compile(r"(\bkey\s+)[^\s'\":]+:[^\s'\"]+", re.IGNORECASE),
    re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{16,}\b", re.IGNORECASE),
)
_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Mask this exact text in every later log line (the key in use is registered by the app)."""
    if secret and len(secret) >= 6:
        _secrets.add(secret)


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, "«redacted»")
    for pattern in _KEY_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "«redacted»", text)
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(log_file: Path, *, level: int = logging.INFO, also_stderr: bool = False) -> Path:
    """Route the root logger to a rotating file (idempotent)."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_gamecraft", False) and not isinstance(handler, _EarlyRecords):
            root.removeHandler(handler)
            handler.close()
    # Imported here, not at the top: it brings socket, pickle and queue (~8 ms of start-up).
    from logging.handlers import RotatingFileHandler

    file_handler = RotatingFileHandler(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                        encoding="utf-8", delay=True)
    file_handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    file_handler._gamecraft = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if also_stderr:
        stream = logging.StreamHandler()
        stream.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
        stream._gamecraft = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(level)
    _replay_early_records(root, file_handler)
    # httpx logs every request URL at INFO; keep those at WARNING so signed URLs stay out of the file.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return log_file


class _EarlyRecords(logging.Handler):
    """Holds what is logged before the log file is opened (it opens once the window is on screen)."""

    LIMIT = 2000

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self._gamecraft = True

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.LIMIT:
            self.records.append(record)


def hold_early_records(level: int = logging.INFO) -> None:
    """Keep log records in memory until `configure_logging` writes them to the file."""
    root = logging.getLogger()
    if not any(isinstance(h, _EarlyRecords) for h in root.handlers):
        root.addHandler(_EarlyRecords())
    root.setLevel(level)


def _replay_early_records(root: logging.Logger, target: logging.Handler) -> None:
    for handler in list(root.handlers):
        if isinstance(handler, _EarlyRecords):
            root.removeHandler(handler)
            for record in handler.records:
                target.handle(record)


def shutdown_logging() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_gamecraft", False):
            root.removeHandler(handler)
            handler.close()

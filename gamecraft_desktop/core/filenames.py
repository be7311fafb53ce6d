"""Make an untrusted file name (from a server, a URL or a user) safe to use as one path component."""

from __future__ import annotations

import re
import unicodedata

#: Names Windows refuses for a file whatever the extension ("CON.mp4" is as bad as "CON").
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in [*"123456789", "¹", "²", "³"]}
    | {f"LPT{i}" for i in [*"123456789", "¹", "²", "³"]}
)
_FORBIDDEN = set('<>:"/\\|?*')
_SANE_EXT = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 240  # most file systems allow 255 bytes per name; keep room for ".part" suffixes


def safe_file_name(name: str | None, *, default: str = "video.mp4", max_chars: int = MAX_NAME_CHARS) -> str:
    """A single, harmless file name derived from `name`, or `default` when nothing usable is left.

    The result never contains a path separator, a control or invisible formatting character (e.g. the
    right-to-left override used to disguise extensions), two dots in a row, a leading dot (hidden
    file) or a trailing dot/space; it is never a reserved Windows device name; it fits in
    `max_chars` characters and 240 UTF-8 bytes; a short alphanumeric extension is kept when the name
    is shortened. Only the last path component of `name` is used ("../../x.mp4" -> "x.mp4").
    """
    cleaned = _clean(name or "", max_chars)
    if cleaned:
        return cleaned
    fallback = _clean(default, max_chars)
    return fallback or "file"


def _clean(name: str, max_chars: int) -> str:
    text = unicodedata.normalize("NFC", name)
    # Last path component, whichever separator the sender used.
    parts = [p for p in re.split(r"[/\\]", text) if p.strip(" .")]
    text = parts[-1] if parts else ""
    chars: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            continue
        if ch in _FORBIDDEN:
            chars.append("_")
        elif cat == "Zs":
            chars.append(" ")
        else:
            chars.append(ch)
    text = "".join(chars)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r" {2,}", " ", text)
    text = text.strip(" .")
    if not text:
        return ""
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    else:
        ext = "." + ext
        if not _SANE_EXT.match(ext):
            stem, ext = text, ""  # "report.final version" keeps its whole name, no fake extension
    stem = stem.strip(" .")
    if not stem:
        # ".mp4" alone: a hidden file on Unix; make it visible.
        stem = "file"
    if stem.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    stem = _truncate(stem, max(1, max_chars - len(ext)), MAX_NAME_BYTES - len(ext.encode()))
    return stem + ext


def _truncate(stem: str, max_chars: int, max_bytes: int) -> str:
    stem = stem[:max_chars]
    while len(stem.encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    stem = stem.rstrip(" .")
    return stem or "file"

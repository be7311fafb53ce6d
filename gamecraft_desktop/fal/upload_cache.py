"""Remember which prepared images are already on fal's CDN, so re-running a job with the same image
does not upload it again.

One JSON file (AppPaths.upload_cache_file). Keyed by the sha256 of the uploaded bytes; each entry
also records the REST origin it was uploaded through, so a sandbox URL is never offered to real fal
(or the other way round). Entries older than `ttl_s` are ignored and pruned. The file is only ever
replaced atomically, and a damaged file is treated as empty (then replaced), never as an error.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gamecraft_desktop.atomic_files import atomic_write_text

log = logging.getLogger(__name__)

DEFAULT_TTL_S = 6 * 24 * 3600.0
_VERSION = 1


@dataclass(frozen=True)
class CachedUpload:
    sha256: str
    file_url: str
    uploaded_at: float
    origin: str = ""


class UploadCache:
    """Thread-safe persistent map sha256 -> (file_url, uploaded_at). Liveness of a URL is checked by
    the Uploader, not here (this class does no network I/O)."""

    def __init__(self, path: Path, ttl_s: float = DEFAULT_TTL_S, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, sha256: str, origin: str | None = None) -> CachedUpload | None:
        """The live-by-age entry for these bytes, or None. `origin` (a REST base URL), when given,
        must match the one the entry was uploaded through."""
        with self._lock:
            entry = self._load().get(sha256)
        if entry is None or self._expired(entry):
            return None
        if origin is not None and entry.origin and entry.origin != origin:
            return None
        return entry

    def put(self, sha256: str, file_url: str, origin: str = "") -> CachedUpload:
        entry = CachedUpload(sha256, file_url, self._clock(), origin)
        with self._lock:
            entries = self._load()
            entries[sha256] = entry
            self._save(entries)
        return entry

    def forget(self, sha256: str) -> None:
        with self._lock:
            entries = self._load()
            if entries.pop(sha256, None) is not None:
                self._save(entries)

    def clear(self) -> None:
        with self._lock:
            self._save({})

    def __len__(self) -> int:
        with self._lock:
            return sum(1 for e in self._load().values() if not self._expired(e))

    # -- file format -------------------------------------------------------------------------------

    def _expired(self, entry: CachedUpload) -> bool:
        age = self._clock() - entry.uploaded_at
        return age > self.ttl_s or age < -300  # a clock far in the future is not to be trusted

    def _load(self) -> dict[str, CachedUpload]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable upload cache %s: %s", self.path, exc)
            return {}
        items = raw.get("entries") if isinstance(raw, dict) else None
        if not isinstance(items, dict):
            return {}
        entries: dict[str, CachedUpload] = {}
        for sha, value in items.items():
            entry = _parse_entry(sha, value)
            if entry is not None:
                entries[sha] = entry
        return entries

    def _save(self, entries: dict[str, CachedUpload]) -> None:
        live = {sha: e for sha, e in entries.items() if not self._expired(e)}
        doc = {"version": _VERSION, "entries": {
            sha: {"file_url": e.file_url, "uploaded_at": e.uploaded_at, "origin": e.origin}
            for sha, e in sorted(live.items())}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # 0600 as before (mkstemp's mode): the cache is private to the app
            atomic_write_text(self.path, json.dumps(doc, indent=1), prefix=f".{self.path.name}.", suffix=".tmp",
                              mode=0o600)
        except OSError as exc:  # a cache that cannot be written only costs a re-upload later
            log.warning("could not write upload cache %s: %s", self.path, exc)


def _parse_entry(sha: Any, value: Any) -> CachedUpload | None:
    if not isinstance(sha, str) or not isinstance(value, dict):
        return None
    url = value.get("file_url")
    at = value.get("uploaded_at")
    origin = value.get("origin", "")
    if not isinstance(url, str) or not url or isinstance(at, bool) or not isinstance(at, int | float):
        return None
    return CachedUpload(sha, url, float(at), origin if isinstance(origin, str) else "")

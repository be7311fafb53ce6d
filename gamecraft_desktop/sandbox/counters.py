"""What the sandbox saw, for tests: requests per route kind, submits, uploads, and the headers each route
received (Authorization values redacted, so tests can prove the key never reached upload or CDN routes)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from typing import Any

REDACTED = "<redacted>"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Lower-case names; the Authorization value replaced so nothing secret is ever kept or logged."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        key = name.lower()
        if key in ("authorization", "proxy-authorization", "x-fal-key"):
            scheme = value.split(" ", 1)[0] if " " in value else ""
            out[key] = f"{scheme} {REDACTED}".strip()
        else:
            out[key] = value
    return out


class Counters:
    """Thread-safe counters; read them from tests at any time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[str] = Counter()
        self._responses: Counter[tuple[str, int]] = Counter()
        self._headers: dict[str, list[dict[str, str]]] = {}
        self._submits = 0
        self._jobs_created = 0
        self._created_ids: list[str] = []
        self._uploads = 0
        self._upload_bytes = 0
        self._faults: Counter[str] = Counter()

    # --- recording (server side) --------------------------------------------------------------

    def request(self, kind: str, headers: Mapping[str, str]) -> int:
        """Count one request of `kind`; returns its 1-based number for that kind."""
        with self._lock:
            self._requests[kind] += 1
            self._headers.setdefault(kind, []).append(redact_headers(headers))
            return self._requests[kind]

    def response(self, kind: str, status: int) -> None:
        with self._lock:
            self._responses[(kind, status)] += 1

    def submit(self) -> None:
        with self._lock:
            self._submits += 1

    def job_created(self, request_id: str | None = None) -> None:
        with self._lock:
            self._jobs_created += 1
            if request_id is not None:
                self._created_ids.append(request_id)

    def upload_bytes_received(self, n: int) -> None:
        with self._lock:
            self._upload_bytes += n

    def upload_finished(self) -> None:
        with self._lock:
            self._uploads += 1

    def fault(self, kind: str) -> None:
        with self._lock:
            self._faults[kind] += 1

    # --- reading (tests) ------------------------------------------------------------------------

    @property
    def submits(self) -> int:
        """Submit requests that reached the queue (edge faults excluded)."""
        with self._lock:
            return self._submits

    @property
    def jobs_created(self) -> int:
        with self._lock:
            return self._jobs_created

    def created_request_ids(self) -> list[str]:
        """The request id of every job the queue created, oldest first: a test attributes each (paid) submit
        to the history row that holds its id."""
        with self._lock:
            return list(self._created_ids)

    @property
    def uploads(self) -> int:
        """Files that became available on the CDN through an upload (single PUT or completed multipart)."""
        with self._lock:
            return self._uploads

    @property
    def upload_bytes(self) -> int:
        """Bytes received by upload PUTs (parts included)."""
        with self._lock:
            return self._upload_bytes

    def requests(self, kind: str | None = None) -> int:
        """Requests of one route kind, or of all kinds."""
        with self._lock:
            return sum(self._requests.values()) if kind is None else self._requests[kind]

    def requests_by_kind(self) -> dict[str, int]:
        with self._lock:
            return dict(self._requests)

    def responses(self, kind: str, status: int) -> int:
        with self._lock:
            return self._responses[(kind, status)]

    def faults_applied(self, kind: str | None = None) -> int:
        with self._lock:
            return sum(self._faults.values()) if kind is None else self._faults[kind]

    def headers(self, kind: str) -> list[dict[str, str]]:
        """The (redacted) headers of every request of `kind`, oldest first."""
        with self._lock:
            return [dict(h) for h in self._headers.get(kind, [])]

    def header_seen(self, kind: str, name: str) -> bool:
        """Whether any request of `kind` carried header `name` (case-insensitive)."""
        key = name.lower()
        with self._lock:
            return any(key in h for h in self._headers.get(kind, []))

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "submits": self._submits,
                "jobs_created": self._jobs_created,
                "uploads": self._uploads,
                "upload_bytes": self._upload_bytes,
                "requests": dict(self._requests),
                "faults": dict(self._faults),
                "authorization_seen": sorted(k for k, hs in self._headers.items()
                                             if any("authorization" in h for h in hs)),
            }

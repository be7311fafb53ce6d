"""Small HTTP pieces the sandbox server needs: responses, routes, query values and Range parsing."""

from __future__ import annotations

import ipaddress
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote

NAMESPACES = ("workflows", "comfy")
REQUEST_ID_HEADER = "x-fal-request-id"
_TRUE = frozenset({"1", "true", "yes", "on"})

_EXTRA_PHRASES = {499: "Client Closed Request"}


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _EXTRA_PHRASES.get(status, "Unknown")


@dataclass
class Response:
    """What a route answers. Exactly one of `body`, `file` (path, offset, length) or `stream` (chunks,
    sent with chunked transfer encoding) carries the payload."""

    status: int
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    file: tuple[Path, int, int] | None = None
    stream: Iterator[bytes] | None = None
    close: bool = False

    @property
    def is_json(self) -> bool:
        return (self.content_type or "").startswith("application/json")

    @property
    def length(self) -> int:
        return self.file[2] if self.file is not None else len(self.body)


def dumps(obj: Any) -> bytes:
    """JSON that every client can parse: NaN/Infinity never reach the wire."""
    try:
        return json.dumps(obj, allow_nan=False, separators=(",", ":")).encode()
    except (ValueError, TypeError):
        return json.dumps(_scrub(obj), allow_nan=False, separators=(",", ":")).encode()


def _scrub(obj: Any) -> Any:
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {str(k): _scrub(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_scrub(v) for v in obj]
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    return str(obj)


def json_response(status: int, obj: Any, headers: dict[str, str] | None = None, *,
                  close: bool = False) -> Response:
    return Response(status, dumps(obj), headers=dict(headers or {}), close=close)


def detail_response(status: int, detail: Any, headers: dict[str, str] | None = None, *,
                    close: bool = False) -> Response:
    return json_response(status, {"detail": detail}, headers, close=close)


@dataclass(frozen=True)
class Route:
    """A classified request path.

    kind: submit, status, stream, result, cancel (queue), initiate (REST storage), token (REST: a storage
    token for the CDN), upload (signed URL), cdnupload (uploads to the CDN with that token: single,
    multipart create, parts, complete), cdn, or other (no such path).
    """

    kind: str
    methods: tuple[str, ...] = ()
    endpoint: str = ""  # submit: the full id; other queue routes: the owner/alias base
    request_id: str = ""
    multipart: bool = False
    upload_id: str = ""
    part: str = ""  # upload: "" single PUT, "<n>" a part, "complete"
    blob_id: str = ""
    name: str = ""


def classify(path: str) -> Route:
    """Map a URL path to a route. Trailing and doubled slashes are ignored."""
    segs = [unquote(s) for s in path.split("/") if s]
    if not segs:
        return Route("other")
    head = segs[0]
    if head == "storage" and len(segs) == 3 and segs[1] == "upload":
        if segs[2] == "initiate":
            return Route("initiate", ("POST",))
        if segs[2] == "initiate-multipart":
            return Route("initiate", ("POST",), multipart=True)
        return Route("other")
    if head == "upload" and 2 <= len(segs) <= 3:
        if len(segs) == 2:
            return Route("upload", ("PUT",), upload_id=segs[1])
        if segs[2] == "complete":
            return Route("upload", ("POST",), upload_id=segs[1], part="complete", multipart=True)
        if segs[2].isdigit():
            return Route("upload", ("PUT",), upload_id=segs[1], part=segs[2], multipart=True)
        return Route("other")
    if head == "storage" and segs[1:] == ["auth", "token"]:
        return Route("token", ("POST",))
    if head == "files" and segs[1:2] == ["upload"] and len(segs) <= 3:
        if len(segs) == 2:
            return Route("cdnupload", ("POST",))
        if segs[2] == "multipart":
            return Route("cdnupload", ("POST",), multipart=True)
        return Route("other")
    if head == "files" and len(segs) == 6 and segs[3] == "multipart":
        # {access_url}/multipart/{upload id}/{part number | complete}
        if segs[5] == "complete":
            return Route("cdnupload", ("POST",), blob_id=segs[1], name=segs[2], upload_id=segs[4],
                         part="complete", multipart=True)
        if segs[5].isdigit():
            return Route("cdnupload", ("PUT",), blob_id=segs[1], name=segs[2], upload_id=segs[4], part=segs[5],
                         multipart=True)
        return Route("other")
    if head == "files" and len(segs) == 3:
        return Route("cdn", ("GET", "HEAD"), blob_id=segs[1], name=segs[2])
    if head in ("storage", "upload", "files"):
        return Route("other")
    base_len = 3 if head in NAMESPACES else 2
    if len(segs) < base_len:
        return Route("other")
    base = "/".join(segs[:base_len])
    rest = segs[base_len:]
    if rest and rest[0] == "requests":
        if len(rest) == 2:
            return Route("result", ("GET",), endpoint=base, request_id=rest[1])
        if len(rest) == 3 and rest[2] == "status":
            return Route("status", ("GET",), endpoint=base, request_id=rest[1])
        if len(rest) == 4 and rest[2:] == ["status", "stream"]:
            return Route("stream", ("GET",), endpoint=base, request_id=rest[1])
        if len(rest) == 3 and rest[2] == "cancel":
            return Route("cancel", ("PUT",), endpoint=base, request_id=rest[1])
        return Route("other")
    return Route("submit", ("POST",), endpoint="/".join(segs))


def endpoint_base(endpoint_id: str) -> str:
    """`owner/alias` (namespace included) of an endpoint id that may carry a path."""
    segs = [s for s in endpoint_id.split("/") if s]
    n = 3 if segs and segs[0] in NAMESPACES else 2
    return "/".join(segs[:n])


def parse_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """(start, end inclusive) for a single `bytes=` range; None to serve the whole file; "unsatisfiable"."""
    if not header or not header.strip().lower().startswith("bytes="):
        return None
    spec = header.strip()[6:]
    if "," in spec:
        return None  # multiple ranges: a server may answer with the whole file
    start_s, sep, end_s = spec.strip().partition("-")
    if not sep:
        return None
    try:
        if start_s.strip() == "":
            suffix = int(end_s)
            if suffix <= 0 or size == 0:
                return "unsatisfiable"
            return max(0, size - suffix), size - 1
        start = int(start_s)
        end = int(end_s) if end_s.strip() else size - 1
    except ValueError:
        return None
    if start >= size:
        return "unsatisfiable"
    if start < 0 or end < start:
        return None
    return start, min(end, size - 1)


def first_value(query: dict[str, list[str]], name: str) -> str | None:
    """The first value of a query parameter, or None when it is absent."""
    values = query.get(name)
    return values[0] if values else None


def is_true(values: list[str] | None) -> bool:
    """A query flag such as `?logs=1`: its last value reads as true."""
    return bool(values) and values is not None and values[-1].strip().lower() in _TRUE


def is_loopback(host: str | None) -> bool:
    """`host` names this machine (localhost or a loopback address); the sandbox reaches nothing else."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

"""The sandbox's storage API and CDN: upload initiation, signed single/multipart uploads, file downloads."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from email.utils import formatdate
from typing import TYPE_CHECKING

from gamecraft_desktop.sandbox.httpkit import (
    Response,
    Route,
    detail_response,
    first_value,
    json_response,
    parse_range,
)
from gamecraft_desktop.sandbox.storage import PendingUpload, StorageError

if TYPE_CHECKING:
    from gamecraft_desktop.sandbox.http_handler import SandboxRequestHandler
    from gamecraft_desktop.sandbox.server import SandboxServer

log = logging.getLogger("gamecraft_desktop.sandbox")

#: The scheme fal_client puts before the storage token (it sends whatever `token_type` says).
TOKEN_TYPE = "Bearer"


class StorageRoutes:
    """The storage and CDN endpoints of one `SandboxServer` (they share its origin and blob store)."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self._sb = sandbox

    def initiate(self, h: SandboxRequestHandler, route: Route) -> Response:
        raw = h.read_body(1024 * 1024)
        if isinstance(raw, Response):
            return raw
        try:
            data = json.loads(raw) if raw.strip() else {}
        except (ValueError, RecursionError):
            return detail_response(422, [{"loc": ["body"], "msg": "the request body is not valid JSON",
                                          "type": "json_invalid"}])
        if not isinstance(data, dict):
            return detail_response(422, [{"loc": ["body"], "msg": "the body must be a JSON object", "type": "dict_type"}])
        content_type, file_name = data.get("content_type"), data.get("file_name")
        upload = self._sb.storage.new_upload(content_type if isinstance(content_type, str) else None,
                                         file_name if isinstance(file_name, str) else None,
                                         multipart=route.multipart)
        return json_response(200, {
            "upload_url": f"{self._sb.base_url}{upload.url_path}?token={upload.token}",
            "file_url": f"{self._sb.base_url}{upload.file_url_path}",
        })

    def token(self, h: SandboxRequestHandler) -> Response:
        """`POST /storage/auth/token?storage_type=fal-cdn-v3` (the caller checked the key): a short-lived
        token for the CDN's own upload API, as fal_client's upload_file asks for one."""
        raw = h.read_body(1024 * 1024)
        if isinstance(raw, Response):
            return raw
        token, expires = self._sb.storage.issue_token(self._sb.cdn_token_ttl_s)
        return json_response(200, {
            "token": token, "token_type": TOKEN_TYPE, "base_url": self._sb.base_url,
            "expires_at": datetime.fromtimestamp(expires, UTC).isoformat(),
        })

    def cdn_upload(self, h: SandboxRequestHandler, route: Route) -> Response:
        """The CDN's upload API: `POST /files/upload` (the raw bytes), `POST /files/upload/multipart`,
        `PUT {access_url}/multipart/{id}/{n}` and `POST {access_url}/multipart/{id}/complete`. It takes the
        storage token and refuses everything else, the fal key included."""
        denied = self._token_denied(h.headers.get("Authorization"))
        if denied is not None:
            return denied
        storage = self._sb.storage
        content_type = h.headers.get("Content-Type")
        file_name = h.headers.get("X-Fal-File-Name")
        try:
            if not route.multipart:
                raw = h.read_body(self._sb.max_upload_bytes)
                if isinstance(raw, Response):
                    return raw
                self._sb.counters.upload_bytes_received(len(raw))
                blob = storage.add_named(file_name, content_type, raw)
                self._sb.counters.upload_finished()
                return json_response(200, {"access_url": self._sb.cdn_url(blob.url_path)})
            if not route.upload_id:  # create
                upload = storage.new_upload(content_type, file_name, multipart=True)
                return json_response(200, {"access_url": self._sb.cdn_url(upload.file_url_path),
                                           "uploadId": upload.upload_id})
            upload = storage.cdn_multipart(route.upload_id, route.blob_id, route.name)
            if route.part == "complete":
                parts = self._listed_parts(h)
                if isinstance(parts, Response):
                    return parts
                blob = storage.complete(upload, parts, any_order=True)
                self._sb.counters.upload_finished()
                return json_response(200, {"access_url": self._sb.cdn_url(blob.url_path)})
            return self._put_part(h, upload, int(route.part))
        except StorageError as exc:
            return detail_response(exc.status, exc.detail)

    def _listed_parts(self, h: SandboxRequestHandler) -> object:
        """The `parts` list of a multipart complete body (None when it has none), or a 400/413 Response."""
        raw = h.read_body(1024 * 1024)
        if isinstance(raw, Response):
            return raw
        try:
            data = json.loads(raw) if raw.strip() else None
        except (ValueError, RecursionError):
            data = None
        return data.get("parts") if isinstance(data, dict) else None

    def _put_part(self, h: SandboxRequestHandler, upload: PendingUpload, number: int) -> Response:
        raw = h.read_body(self._sb.max_upload_bytes)
        if isinstance(raw, Response):
            return raw
        self._sb.counters.upload_bytes_received(len(raw))
        etag = self._sb.storage.put_part(upload, number, raw)
        return json_response(200, {"partNumber": number, "etag": etag}, {"ETag": f'"{etag}"'})

    def _token_denied(self, header: str | None) -> Response | None:
        scheme, _, token = (header or "").strip().partition(" ")
        if scheme.lower() == "key":
            log.warning("sandbox: a CDN upload carried the fal key; refused (the CDN takes a storage token)")
            return detail_response(401, "The CDN does not take the fal key: get a storage token from "
                                        "POST /storage/auth/token and send 'Authorization: Bearer <token>'.")
        if scheme.lower() != TOKEN_TYPE.lower() or not token.strip():
            return detail_response(401, "Missing storage token: send 'Authorization: Bearer <token>'.")
        if not self._sb.storage.token_valid(token.strip()):
            return detail_response(401, "The storage token is invalid or has expired.")
        return None

    def upload(self, h: SandboxRequestHandler, route: Route, query: dict[str, list[str]]) -> Response:
        if h.headers.get("Authorization") is not None:
            log.warning("sandbox: an upload request carried an Authorization header (a key leak); refused")
            return detail_response(400, "Refused: a signed upload URL must not receive an Authorization header "
                                        "(it would leak the fal key to the storage host).")
        token = first_value(query, "token")
        try:
            upload = self._sb.storage.check_upload(route.upload_id, token, multipart=route.multipart)
            if route.part == "complete":
                parts = self._listed_parts(h)
                if isinstance(parts, Response):
                    return parts
                blob = self._sb.storage.complete(upload, parts)
                self._sb.counters.upload_finished()
                return json_response(200, {"file_url": f"{self._sb.base_url}{blob.url_path}"})
            if route.part:
                return self._put_part(h, upload, int(route.part))
            raw = h.read_body(self._sb.max_upload_bytes)
            if isinstance(raw, Response):
                return raw
            self._sb.counters.upload_bytes_received(len(raw))
            blob = self._sb.storage.put_single(upload, raw, h.headers.get("Content-Type"))
            self._sb.counters.upload_finished()
            return Response(200, b"", content_type=None, headers={"ETag": blob.etag})
        except StorageError as exc:
            return detail_response(exc.status, exc.detail)

    def cdn(self, h: SandboxRequestHandler, route: Route) -> Response:
        blob = self._sb.storage.get(route.blob_id, route.name)
        if blob is None:
            return detail_response(404, "File not found")
        headers = {"Accept-Ranges": "bytes", "ETag": blob.etag,
                   "Last-Modified": formatdate(blob.created, usegmt=True),
                   "Cache-Control": "public, max-age=31536000"}
        rng = parse_range(h.headers.get("Range"), blob.size)
        if_range = h.headers.get("If-Range")
        if if_range is not None and if_range.strip() != blob.etag:
            rng = None
        if rng == "unsatisfiable":
            return detail_response(416, "Requested range not satisfiable",
                                   {**headers, "Content-Range": f"bytes */{blob.size}"})
        if isinstance(rng, tuple):
            start, end = rng
            return Response(206, content_type=blob.content_type, file=(blob.path, start, end - start + 1),
                            headers={**headers, "Content-Range": f"bytes {start}-{end}/{blob.size}"})
        return Response(200, content_type=blob.content_type, file=(blob.path, 0, blob.size), headers=headers)


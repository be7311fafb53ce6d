"""The sandbox's file storage: signed uploads (single and multipart) and the files its CDN serves."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str | None, default: str = "upload.bin") -> str:
    """A file name that is safe as one URL path segment and one file system name."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _SAFE.sub("_", base).strip("._")[:120]
    return cleaned or default


@dataclass(frozen=True)
class Blob:
    """A file the CDN serves."""

    blob_id: str
    name: str
    content_type: str
    path: Path
    size: int
    etag: str
    created: float  # time.time()

    @property
    def url_path(self) -> str:
        return f"/files/{self.blob_id}/{self.name}"


@dataclass
class PendingUpload:
    upload_id: str
    token: str
    content_type: str
    file_name: str
    blob_id: str
    multipart: bool
    parts: dict[int, tuple[Path, str]] = field(default_factory=dict)  # part number -> (path, etag)
    done: bool = False

    @property
    def url_path(self) -> str:
        return f"/upload/{self.upload_id}"

    @property
    def file_url_path(self) -> str:
        return f"/files/{self.blob_id}/{self.file_name}"


class StorageError(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


class Storage:
    """Thread-safe; files live under `root` (the server's temporary directory)."""

    def __init__(self, root: Path):
        self.root = root
        (root / "files").mkdir(parents=True, exist_ok=True)
        (root / "parts").mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._blobs: dict[str, Blob] = {}
        self._uploads: dict[str, PendingUpload] = {}
        self._tokens: dict[str, float] = {}  # storage token -> expiry (time.time())

    # --- uploads ---------------------------------------------------------------------------------

    def new_upload(self, content_type: str | None, file_name: str | None, *, multipart: bool) -> PendingUpload:
        upload = PendingUpload(
            upload_id=uuid.uuid4().hex,
            token=secrets.token_urlsafe(24),
            content_type=(content_type or "application/octet-stream").strip() or "application/octet-stream",
            file_name=safe_name(file_name),
            blob_id=uuid.uuid4().hex,
            multipart=multipart,
        )
        with self._lock:
            self._uploads[upload.upload_id] = upload
        return upload

    def check_upload(self, upload_id: str, token: str | None, *, multipart: bool) -> PendingUpload:
        with self._lock:
            upload = self._uploads.get(upload_id)
        if upload is None or token is None or not secrets.compare_digest(upload.token, token):
            raise StorageError(403, "The upload URL's signature is invalid or has expired.")
        if upload.multipart != multipart:
            kind = "multipart" if upload.multipart else "single-part"
            raise StorageError(400, f"This upload URL was initiated as a {kind} upload.")
        return upload

    def put_single(self, upload: PendingUpload, data: bytes, content_type: str | None) -> Blob:
        return self._store(upload.blob_id, upload.file_name, content_type or upload.content_type, data)

    def put_part(self, upload: PendingUpload, number: int, data: bytes) -> str:
        if not 1 <= number <= 10_000:
            raise StorageError(400, "partNumber must be between 1 and 10000.")
        etag = hashlib.md5(data, usedforsecurity=False).hexdigest()
        path = self.root / "parts" / f"{upload.upload_id}.{number}"
        path.write_bytes(data)
        with self._lock:
            upload.parts[number] = (path, etag)
        return etag

    def complete(self, upload: PendingUpload, parts: object, *, any_order: bool = False) -> Blob:
        """Join the listed parts into the file. The signed-URL flow wants them in ascending order, as S3
        does; fal's CDN takes them as fal_client lists them (in the order the uploads finished) and ETags
        with or without their quotes."""
        if not isinstance(parts, list) or not parts:
            raise StorageError(400, "The body must be {\"parts\": [{\"partNumber\": n, \"etag\": \"...\"}, ...]}.")
        with self._lock:
            stored = dict(upload.parts)
        numbers: list[int] = []
        for item in parts:
            if not isinstance(item, dict):
                raise StorageError(400, "Each part must be an object with partNumber and etag.")
            number, etag = item.get("partNumber"), item.get("etag")
            if isinstance(number, bool) or not isinstance(number, int) or number not in stored:
                raise StorageError(400, f"Part {number!r} was not uploaded.")
            if (etag.strip('"') if any_order and isinstance(etag, str) else etag) != stored[number][1]:
                raise StorageError(400, f"Part {number} has a different etag than the one uploaded.")
            numbers.append(number)
        if any_order:
            numbers.sort()
        if numbers != sorted(set(numbers)):
            raise StorageError(400, "Parts must be listed once each, in ascending partNumber order.")
        chunks = [stored[n][0] for n in numbers]
        folder = self.root / "files" / upload.blob_id
        folder.mkdir(parents=True, exist_ok=True)
        joined = folder / f".{upload.file_name}.join"
        with joined.open("wb") as out:  # joined on disk: a 100 MB upload is never held in memory twice
            for chunk in chunks:
                with chunk.open("rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
        blob = self.add_path(upload.file_name, upload.content_type, joined, blob_id=upload.blob_id)
        for chunk in chunks:
            chunk.unlink(missing_ok=True)
        with self._lock:
            upload.done = True
        return blob

    # --- the CDN's own uploads (fal_client's flow: a short-lived storage token, not the key) -------------

    def issue_token(self, ttl_s: float) -> tuple[str, float]:
        """A new storage token and when it expires (time.time())."""
        token = secrets.token_urlsafe(24)
        expires = time.time() + ttl_s
        with self._lock:
            self._tokens[token] = expires
        return token, expires

    def token_valid(self, token: str) -> bool:
        with self._lock:
            expires = self._tokens.get(token)
        return expires is not None and time.time() < expires

    def cdn_multipart(self, upload_id: str, blob_id: str, name: str) -> PendingUpload:
        """The multipart upload behind `{access_url}/multipart/{upload_id}`."""
        with self._lock:
            upload = self._uploads.get(upload_id)
        if upload is None or not upload.multipart or upload.blob_id != blob_id or upload.file_name != name:
            raise StorageError(404, "No such multipart upload.")
        if upload.done:
            raise StorageError(400, "This multipart upload is already complete.")
        return upload

    def add_named(self, name: str | None, content_type: str | None, data: bytes) -> Blob:
        """A file uploaded straight to the CDN (named by the uploader, or upload.bin)."""
        return self._store(uuid.uuid4().hex, safe_name(name),
                           (content_type or "application/octet-stream").strip() or "application/octet-stream", data)

    # --- files --------------------------------------------------------------------------------------

    def add_file(self, name: str, content_type: str, data: bytes) -> Blob:
        return self._store(uuid.uuid4().hex, safe_name(name), content_type, data)

    def add_path(self, name: str, content_type: str, source: Path, *, blob_id: str | None = None) -> Blob:
        """Take over the file at `source` (moved, not copied, and never read: see `_version_etag`)."""
        blob_id = blob_id or uuid.uuid4().hex
        name = safe_name(name)
        folder = self.root / "files" / blob_id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        shutil.move(str(source), str(path))
        st = path.stat()
        blob = Blob(blob_id=blob_id, name=name, content_type=content_type, path=path, size=st.st_size,
                    etag=_version_etag(blob_id, st), created=time.time())
        with self._lock:
            self._blobs[blob_id] = blob
        return blob

    def get(self, blob_id: str, name: str | None = None) -> Blob | None:
        with self._lock:
            blob = self._blobs.get(blob_id)
        if blob is None or (name is not None and name != blob.name):
            return None
        return blob

    def read(self, blob: Blob) -> bytes:
        return blob.path.read_bytes()

    def _store(self, blob_id: str, name: str, content_type: str, data: bytes) -> Blob:
        folder = self.root / "files" / blob_id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        tmp = folder / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(path)
        blob = Blob(
            blob_id=blob_id,
            name=name,
            content_type=content_type,
            path=path,
            size=len(data),
            etag='"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"',
            created=time.time(),
        )
        with self._lock:
            self._blobs[blob_id] = blob
        return blob


def _version_etag(blob_id: str, st: os.stat_result) -> str:
    """An opaque validator for a stored file, as a CDN's ETag is: the blob's id (unique, never reused) with
    its size and modification time. Hashing the content instead read every 50 MB result once more and kept a
    sandbox thread busy ~60 ms per job, CPU the window's threads then waited for (issue #16)."""
    return f'"{blob_id}-{st.st_size:x}-{st.st_mtime_ns:x}"'

"""Put a prepared image on fal's CDN and turn it into the request's `image` field.

The flow is the official JS client's (see fal-queue-protocol.md, "Files"):
  1. POST {rest}/storage/upload/initiate?storage_type=fal-cdn-v3 with the key -> {upload_url, file_url}
  2. PUT the raw bytes to the signed `upload_url` with Content-Type and *no* Authorization header
  3. the request uses `file_url`.
Above 90 MB: initiate-multipart, 10 MB parts PUT to `{upload path}/{n}{query}`, then POST
`{upload path}/complete{query}` with the parts' etags. In proxy mode the initiate goes through the
proxy (target in `x-fal-target-url`, no key) and the PUT still goes straight to the signed URL.

Image preparation lives in media/image_prep.py and the persistent cache in upload_cache.py; both are
re-exported here, which is the module the rest of the app imports.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpx

from gamecraft_desktop.core.schema import ImageRef
from gamecraft_desktop.core.texts import Texts
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import AuthError, MissingKeyError, NetworkError, UploadError
from gamecraft_desktop.fal.http_client import USER_AGENT, FalHttp
from gamecraft_desktop.fal.tls import shared_tls_context
from gamecraft_desktop.fal.upload_cache import CachedUpload, UploadCache
from gamecraft_desktop.media.image_prep import PreparedImage, prepare_image

__all__ = [
    "MULTIPART_THRESHOLD",
    "PART_SIZE",
    "CachedUpload",
    "PreparedImage",
    "UploadCache",
    "UploadError",
    "Uploader",
    "prepare_image",
    "to_data_uri",
]

log = logging.getLogger(__name__)
#: Upload problems in words (core/texts.py: the name is the translation context).
Uploads = Texts("Uploads")

MB = 1024 * 1024
MULTIPART_THRESHOLD = 90 * MB  # the JS client's limit for one PUT
PART_SIZE = 10 * MB
_STREAM_CHUNK = 64 * 1024
_LIVENESS_TIMEOUT_S = 10.0
_DEFAULT_DELAYS = (0.5, 1.0, 2.0, 4.0)

ProgressFn = Callable[[int, int], None]


class _Retry(Protocol):
    def delays(self) -> Iterable[float]: ...


def to_data_uri(prepared: PreparedImage) -> str:
    """The image inline as a `data:` URI. Only for when the user asks for it: it inflates the request
    by a third and fal advises against it beyond a few KB."""
    return f"data:{prepared.content_type};base64,{base64.b64encode(prepared.data).decode('ascii')}"


class Uploader:
    """Uploads prepared images (and any bytes) to fal storage. Safe to use from one thread at a time;
    close it (or use it as a context manager) when done."""

    def __init__(
        self,
        config: FalConfig,
        credentials: Credentials,
        *,
        transport: httpx.BaseTransport | None = None,
        cache: UploadCache | None = None,
        retry: _Retry | None = None,
        sleep: Callable[[float], None] = time.sleep,
        multipart_threshold: int = MULTIPART_THRESHOLD,
        part_size: int = PART_SIZE,
    ) -> None:
        if part_size <= 0 or multipart_threshold < 0:
            raise ValueError("part_size must be positive and multipart_threshold not negative")
        self.config = config
        self.credentials = credentials
        self.cache = cache
        self._retry = retry
        self._sleep = sleep
        self.multipart_threshold = multipart_threshold
        self.part_size = part_size
        timeout = httpx.Timeout(config.timeout_s, connect=min(10.0, config.timeout_s))
        # The initiate goes through FalHttp, the fal layer's one place that decides about the key and
        # the proxy. Signed upload URLs and CDN URLs use a plain client with no auth at all, even when
        # they share the REST origin (the sandbox serves everything from one origin).
        self._fal = FalHttp(config, credentials, transport=transport)
        self._client = httpx.Client(transport=transport, timeout=timeout, follow_redirects=False,
                                    verify=shared_tls_context(),
                                    headers={"User-Agent": USER_AGENT})

    # -- public API ---------------------------------------------------------------------------------

    def upload(self, prepared: PreparedImage, on_progress: ProgressFn | None = None) -> str:
        """The CDN URL of these bytes: from the cache when that URL is still alive, else uploaded."""
        origin = self._rest_base
        if self.cache is not None:
            hit = self.cache.get(prepared.sha256, origin)
            if hit is not None:
                if self.is_alive(hit.file_url):
                    if on_progress is not None:
                        on_progress(prepared.size, prepared.size)
                    return hit.file_url
                log.info("cached upload %s is gone; uploading again", hit.file_url)
                self.cache.forget(prepared.sha256)
        url = self.upload_bytes(prepared.data, prepared.content_type, prepared.file_name, on_progress)
        if self.cache is not None:
            self.cache.put(prepared.sha256, url, origin)
        return url

    def image_ref(self, prepared: PreparedImage, on_progress: ProgressFn | None = None) -> ImageRef:
        """The request's `image` field for this image, uploading it if needed."""
        url = self.upload(prepared, on_progress)
        return ImageRef(url=url, content_type=prepared.content_type, file_name=prepared.file_name,
                        file_size=prepared.size, width=prepared.width, height=prepared.height)

    @staticmethod
    def to_data_uri(prepared: PreparedImage) -> str:
        return to_data_uri(prepared)

    def upload_bytes(self, data: bytes, content_type: str, file_name: str,
                     on_progress: ProgressFn | None = None) -> str:
        """Upload raw bytes (no cache) and return the file URL."""
        if len(data) > self.multipart_threshold:
            return self._upload_multipart(data, content_type, file_name, on_progress)
        target = self._initiate("initiate", content_type, file_name)
        self._put(target.upload_url, data, content_type, on_progress, 0, len(data), what=Uploads.tr("uploading the image"))
        return target.file_url

    def is_alive(self, url: str) -> bool:
        """A cheap check that a CDN URL still serves its file: GET the first byte, no key."""
        try:
            with self._client.stream("GET", url, headers={"Range": "bytes=0-0"},
                                     timeout=_LIVENESS_TIMEOUT_S) as resp:
                return resp.status_code in (200, 206)  # the body (maybe whole, on 200) is never read
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self._client.close()
        self._fal.close()

    def __enter__(self) -> Uploader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- steps --------------------------------------------------------------------------------------

    @property
    def _rest_base(self) -> str:
        return self.config.rest_url.rstrip("/")

    def _initiate(self, kind: str, content_type: str, file_name: str) -> _Target:
        url = f"{self._rest_base}/storage/upload/{kind}?storage_type=fal-cdn-v3"
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        body = json.dumps({"content_type": content_type, "file_name": file_name}).encode()
        try:
            resp = self._send("POST", url, headers=headers, content=body, what=Uploads.tr("starting the upload"),
                              via_fal=True)
        except MissingKeyError as exc:
            raise MissingKeyError(Uploads.tr("{error} It is needed to upload the image.").format(error=exc)) from exc
        data = _json(resp, Uploads.tr("starting the upload"))
        upload_url = data.get("upload_url")
        file_url = data.get("file_url")
        if not isinstance(upload_url, str) or not isinstance(file_url, str) or not upload_url or not file_url:
            raise UploadError(Uploads.tr("fal's storage answered without an upload address; try again later."),
                              status=resp.status_code, detail=_short(resp))
        return _Target(upload_url, file_url)

    def _put(self, url: str, data: bytes | memoryview, content_type: str | None,
             on_progress: ProgressFn | None, offset: int, total: int, *, what: str) -> httpx.Response:
        headers = {"Content-Length": str(len(data))}
        if content_type:
            headers["Content-Type"] = content_type

        def body() -> Iterator[bytes]:
            sent = 0
            view = memoryview(data)
            while sent < len(view):
                chunk = bytes(view[sent:sent + _STREAM_CHUNK])
                yield chunk
                sent += len(chunk)
                if on_progress is not None:
                    on_progress(offset + sent, total)

        # Signed URL: the key must never go there (headers built from scratch, no client auth).
        return self._send("PUT", url, headers=headers, content_factory=body, what=what, idempotent=True)

    def _upload_multipart(self, data: bytes, content_type: str, file_name: str,
                          on_progress: ProgressFn | None) -> str:
        target = self._initiate("initiate-multipart", content_type, file_name)
        parts_url = urlsplit(target.upload_url)
        total = len(data)
        view = memoryview(data)
        parts: list[dict[str, Any]] = []
        for index, start in enumerate(range(0, total, self.part_size)):
            number = index + 1
            chunk = view[start:start + self.part_size]
            part_url = _with_path_suffix(parts_url, f"/{number}")
            what = Uploads.tr("uploading part {number} of the image").format(number=number)
            resp = self._put(part_url, chunk, None, on_progress, start, total, what=what)
            info = _json(resp, what, lenient=True)
            etag = info.get("etag") or resp.headers.get("etag")
            if not isinstance(etag, str) or not etag:
                raise UploadError(Uploads.tr("fal's storage did not confirm part {number} of the upload; try "
                                             "again.").format(number=number),
                                  status=resp.status_code, detail=_short(resp))
            part_number = info.get("partNumber", number)
            parts.append({"partNumber": part_number if isinstance(part_number, int) else number,
                          "etag": etag})
        complete_url = _with_path_suffix(parts_url, "/complete")
        self._send("POST", complete_url, headers={"Content-Type": "application/json"},
                   content=json.dumps({"parts": parts}).encode(), what=Uploads.tr("finishing the upload"),
                   idempotent=True)
        return target.file_url

    # -- HTTP with retries --------------------------------------------------------------------------

    def _delays(self) -> Iterator[float]:
        return iter(self._retry.delays() if self._retry is not None else _DEFAULT_DELAYS)

    def _send(self, method: str, url: str, *, headers: dict[str, str], what: str,
              content: bytes | None = None, content_factory: Callable[[], Iterator[bytes]] | None = None,
              idempotent: bool = False, via_fal: bool = False) -> httpx.Response:
        """One request with retries: network errors and 5xx/429/408 on idempotent calls; for the
        initiate POST (`via_fal`: key and proxy rules applied) only failures that provably happened
        before the server acted (connect errors, 429, and 502/503/504 from the edge). Retrying an
        initiate is harmless anyway: an unused signed URL simply expires."""
        delays = self._delays()
        while True:
            body: bytes | Iterator[bytes] | None = content_factory() if content_factory else content
            try:
                if via_fal:
                    resp = self._fal.request(method, url, headers=headers, content=content)
                else:
                    resp = self._client.request(method, url, headers=headers, content=body)
            except (httpx.HTTPError, NetworkError) as exc:
                if isinstance(exc, NetworkError):
                    retryable = idempotent or not exc.maybe_sent
                else:
                    retryable = idempotent or isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                delay = next(delays, None) if retryable else None
                if delay is None:
                    raise UploadError(_network_message(what, exc)) from exc
                log.info("upload: %s failed (%s); retrying in %.1fs", what, exc, delay)
                self._sleep(delay)
                continue
            if resp.is_success:
                return resp
            code = resp.status_code
            retryable = code in (429, 502, 503, 504) or (idempotent and (code >= 500 or code == 408))
            delay = next(delays, None) if retryable else None
            if delay is None:
                raise _status_error(what, resp, via_fal, proxied=bool(self.config.proxy_url))
            log.info("upload: %s got HTTP %d; retrying in %.1fs", what, code, delay)
            self._sleep(delay)


@dataclass(frozen=True, slots=True)
class _Target:
    upload_url: str
    file_url: str


def _with_path_suffix(parts: SplitResult, suffix: str) -> str:
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + suffix, parts.query, ""))


def _json(resp: httpx.Response, what: str, *, lenient: bool = False) -> dict[str, Any]:
    try:
        data = resp.json()
    except (ValueError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict):
        return data
    if lenient:
        return {}
    raise UploadError(Uploads.tr("fal's storage sent an unreadable answer while {what}; try again later.").format(
        what=what),
                      status=resp.status_code, detail=_short(resp))


def _short(resp: httpx.Response) -> str:
    try:
        text = resp.text
    except Exception:
        return ""
    return text[:500]


def _detail(resp: httpx.Response) -> str:
    try:
        data = resp.json()
    except (ValueError, UnicodeDecodeError):
        return ""
    if isinstance(data, dict) and isinstance(data.get("detail"), str):
        return str(data["detail"])
    return ""


def _status_error(what: str, resp: httpx.Response, authenticated: bool, *,
                  proxied: bool = False) -> UploadError | AuthError:
    code = resp.status_code
    detail = _detail(resp)
    suffix = f": {detail.rstrip('.')}" if detail else ""  # every message ends with one full stop
    if code in (401, 403) and authenticated:
        text = Uploads.tr("The proxy (or fal behind it) refused the request while {what} (HTTP {code}){detail}.") \
            if proxied else Uploads.tr("fal refused the key while {what} (HTTP {code}){detail}.")
        return AuthError(text.format(what=what, code=code, detail=suffix), status=code,
                         detail=detail or _short(resp))
    if code in (401, 403):
        return UploadError(Uploads.tr("The upload address was refused (HTTP {code}) while {what}; it may have "
                                      "expired. Try again.").format(code=code, what=what), status=code,
                           detail=_short(resp))
    if code == 413:
        return UploadError(Uploads.tr("The image is too large for fal's storage (HTTP 413){detail}.").format(
            detail=suffix), status=code, detail=_short(resp))
    if code == 429:
        return UploadError(Uploads.tr("fal's storage is rate limiting uploads (HTTP 429); wait a minute and try "
                                      "again."), status=code, detail=_short(resp))
    if code >= 500:
        return UploadError(Uploads.tr("fal's storage failed while {what} (HTTP {code}); try again later.").format(
            what=what, code=code), status=code, detail=_short(resp))
    return UploadError(Uploads.tr("fal's storage refused the request while {what} (HTTP {code}){detail}.").format(
        what=what, code=code, detail=suffix), status=code, detail=_short(resp))


def _host_of(exc: httpx.HTTPError) -> str:
    """` at host:port` of the failed request (names a mistyped --rest-url), or nothing."""
    try:
        url = exc.request.url
    except RuntimeError:  # no request attached
        return ""
    host = url.host
    if not host:
        return ""
    where = f"{host}:{url.port}" if url.port else host
    return Uploads.tr(" at {host}").format(host=where)


def _network_message(what: str, exc: httpx.HTTPError | NetworkError) -> str:
    if isinstance(exc, NetworkError) and isinstance(exc.__cause__, httpx.HTTPError):
        exc = exc.__cause__
    if isinstance(exc, httpx.TimeoutException):
        return Uploads.tr("The upload timed out while {what}; check the connection and try again.").format(what=what)
    if isinstance(exc, httpx.ConnectError):
        return Uploads.tr("Could not connect to fal's storage{host} while {what}; check the connection.").format(
            host=_host_of(exc), what=what)
    if isinstance(exc, NetworkError):
        return f"{exc.message} ({what})"
    return Uploads.tr("The connection broke while {what} ({kind}); try again.").format(
        what=what, kind=type(exc).__name__)

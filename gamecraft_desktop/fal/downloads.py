"""Fetch the result video safely: https only, never with the key, constant memory, resumable, and
atomic (the destination either holds the whole checked file or is left as it was).

The body streams into a hidden temporary file beside `dest` (same file system, so the final
`os.replace` is atomic). A dropped connection resumes with `Range: bytes=N-`; a server that answers
a range with a full 200 is restarted from zero. The first bytes must look like an MP4 (`ftyp` box)
whatever the Content-Type says (fal often sends `application/octet-stream`).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import unquote, urlsplit

import httpx

from gamecraft_desktop.atomic_files import atomic_writer
from gamecraft_desktop.core.filenames import safe_file_name
from gamecraft_desktop.core.texts import Texts, number
from gamecraft_desktop.fal.errors import DiskFullError, DownloadError
from gamecraft_desktop.fal.tls import shared_tls_context

__all__ = ["DownloadCancelledError", "download", "looks_like_mp4", "new_client", "safe_file_name"]

log = logging.getLogger(__name__)
#: Download problems in words (core/texts.py: the name is the translation context).
Downloads = Texts("Downloads")

MAX_REDIRECTS = 5
MAX_ATTEMPTS_TOTAL = 50  # resumes that make progress do not use up the retry budget, this bounds them
_DEFAULT_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
_REDIRECTS = (301, 302, 303, 307, 308)
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_MP4_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot", b"uuid"}

ProgressFn = Callable[[int, int | None], None]


class _Retry(Protocol):
    def delays(self) -> Iterable[float]: ...


class DownloadCancelledError(DownloadError):
    """`should_stop` said stop. Nothing was written to `dest`."""

    title = "Download cancelled"


class _Dropped(Exception):
    """The body ended early or the connection broke: resume if the budget allows."""


def download(
    url: str,
    dest: Path,
    *,
    expected_size: int | None = None,
    on_progress: ProgressFn | None = None,
    allow_loopback_http: bool = False,
    transport: httpx.BaseTransport | None = None,
    should_stop: Callable[[], bool] | None = None,
    retry: _Retry | None = None,
    require_video: bool = True,
    timeout_s: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
    client: httpx.Client | None = None,
) -> Path:
    """Download `url` to `dest` and return the final path.

    `dest` is the file to create (replaced atomically if it exists); when it is an existing folder, the
    file is named after the URL's last path segment, sanitised. `on_progress(received, total)` gets
    `total=None` when the size is unknown. Raises DownloadError (and its DownloadCancelledError),
    DiskFullError; on any failure the temporary file is removed and `dest` is untouched.

    `client`: an httpx client to reuse (see `new_client`; it must not follow redirects and is not closed
    here). Building one costs an SSL context (10-20 ms of CPU): callers that download often keep one per
    host. Without it, a client is made for this call (with `transport` and `timeout_s`).
    """
    _check_url(url, allow_loopback_http)
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / safe_file_name(unquote(urlsplit(url).path.rsplit("/", 1)[-1]), default="video.mp4")
    own = client is None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        # the temp file beside dest gets the umask's mode, is fsynced, renamed over dest, removed on failure
        with atomic_writer(dest) as fh:
            if client is None:
                client = new_client(url, transport=transport, timeout_s=timeout_s)
            job = _Job(client, url, fh, dest, expected_size, on_progress, allow_loopback_http,
                       should_stop or (lambda: False), retry, require_video, sleep)
            job.run()
        return dest
    except OSError as exc:
        raise _os_error(exc, dest) from exc
    finally:
        if own and client is not None:
            client.close()


def _read_in_larger_pieces() -> None:
    """httpcore reads a response body 64 KB at a time, each piece passing through h11 and httpx in Python.
    For videos of tens of MB that is thousands of GIL-holding iterations per download, competing with the
    window's thread; 1 MB pieces cut them 16-fold (recv returns what is there, so small answers are
    unaffected). A tuning constant of httpcore, not API: left alone if a version does not have it."""
    try:
        from httpcore._sync.http11 import HTTP11Connection
    except ImportError:  # pragma: no cover - another httpcore layout
        return
    if getattr(HTTP11Connection, "READ_NUM_BYTES", 0) < _READ_PIECE:
        HTTP11Connection.READ_NUM_BYTES = _READ_PIECE


_READ_PIECE = 1 << 20


def new_client(url: str, *, transport: httpx.BaseTransport | None = None, timeout_s: float = 30.0) -> httpx.Client:
    """An httpx client fit for `download` from `url`'s host: no redirects followed (each hop is checked),
    no proxy for loopback. Safe to share between threads; the caller closes it."""
    loopback = _is_loopback(urlsplit(url).hostname or "")
    _read_in_larger_pieces()
    return httpx.Client(transport=transport, follow_redirects=False, trust_env=not loopback,
                        verify=shared_tls_context(),
                        timeout=httpx.Timeout(timeout_s, connect=min(10.0, timeout_s)))


class _Job:
    def __init__(self, client: httpx.Client, url: str, fh: BinaryIO, dest: Path, expected: int | None,
                 on_progress: ProgressFn | None, allow_http: bool, should_stop: Callable[[], bool],
                 retry: _Retry | None, require_video: bool, sleep: Callable[[float], None]) -> None:
        self.client = client
        self.url = url
        self.fh = fh
        self.dest = dest
        self.expected = expected
        self.on_progress = on_progress
        self.allow_http = allow_http
        self.should_stop = should_stop
        self.retry = retry
        self.require_video = require_video
        self.sleep = sleep
        self.received = 0
        self.total: int | None = expected
        self.head = b""
        self.resumable = True

    def run(self) -> None:
        delays = self._delays()
        attempts = 0
        while True:
            self._stop_check()
            attempts += 1
            before = self.received
            try:
                self._attempt()
                break
            except _Dropped as exc:
                if self.received > before:
                    delays = self._delays()  # progress was made: a fresh retry budget
                delay = next(delays, None)
                if delay is None or attempts >= MAX_ATTEMPTS_TOTAL:
                    raise DownloadError(
                        Downloads.tr("The download kept failing ({exc}); {received} of {total} received. Try "
                                     "again later.").format(
                            exc=exc, received=_mb(self.received),
                            total=_mb(self.total) if self.total else Downloads.tr("unknown size")),
                        detail=str(exc)) from None
                log.info("download dropped at %d bytes (%s); retrying in %.1fs", self.received, exc, delay)
                self._sleep(delay)
        self._final_checks()

    # -- one request ---------------------------------------------------------------------------------

    def _attempt(self) -> None:
        headers = {"Accept-Encoding": "identity"}
        if self.received and self.resumable:
            headers["Range"] = f"bytes={self.received}-"
        elif self.received:
            self._restart()
        try:
            with self._open(headers) as resp:
                self._accept(resp)
                for chunk in resp.iter_bytes():  # as received: a drop loses nothing already read
                    self._stop_check()
                    self._write(chunk)
        except httpx.HTTPError as exc:
            if self.total is not None and self.received == self.total:
                return  # the connection broke after the last byte: nothing is missing
            raise _Dropped(_describe(exc)) from exc
        if self.total is not None and self.received < self.total:
            raise _Dropped(Downloads.tr("the server sent {received} of {total} bytes").format(
                               received=self.received, total=self.total))

    @contextlib.contextmanager
    def _open(self, headers: dict[str, str]) -> Iterator[httpx.Response]:
        url = self.url
        for _ in range(MAX_REDIRECTS + 1):
            with self.client.stream("GET", url, headers=headers) as resp:
                if resp.status_code in _REDIRECTS and "location" in resp.headers:
                    url = str(resp.url.join(resp.headers["location"]))
                    _check_url(url, self.allow_http)
                    continue
                yield resp
                return
        raise DownloadError(Downloads.tr("The video address redirected more than {n} times: giving up.").format(
                                n=MAX_REDIRECTS))

    def _accept(self, resp: httpx.Response) -> None:
        code = resp.status_code
        encoded = resp.headers.get("content-encoding", "identity").lower() not in ("identity", "")
        length = _int(resp.headers.get("content-length")) if not encoded else None
        if code == 206 and self.received:
            start, total = _content_range(resp.headers.get("content-range"))
            if start != self.received:
                log.info("server resumed at %s instead of %d; restarting", start, self.received)
                self.resumable = False
                raise _Dropped(Downloads.tr("the server resumed at the wrong place"))
            self._set_total(total if total is not None else (self.received + length if length else None))
            return
        if code == 416 and self.received:
            if self.total is None or self.total == self.received:
                self.total = self.received  # nothing after what we have: the server's file ends here
                return
            raise DownloadError(Downloads.tr("The server's file ends after {received} of {total} bytes: "
                                             "the download cannot be completed.").format(
                                    received=self.received, total=self.total), status=code)
        if code == 200:
            if self.received:
                log.info("server ignored the Range header; restarting from zero")
                self._restart()
            if encoded:
                self.resumable = False
            self._set_total(length)
            return
        if code in (404, 410):
            raise DownloadError(Downloads.tr("The video is no longer on the server (HTTP {code}); it may "
                                             "have expired.").format(code=code),
                                status=code)
        if code in (401, 403):
            raise DownloadError(Downloads.tr("The server refused to send the video (HTTP {code}); the link "
                                             "may have expired.").format(code=code), status=code)
        if code in (408, 429) or code >= 500:
            raise _Dropped(f"HTTP {code}")
        raise DownloadError(Downloads.tr("The server answered HTTP {code} instead of the video.").format(
                                code=code), status=code)

    def _set_total(self, total: int | None) -> None:
        if total is None:
            return
        if self.expected is not None and total != self.expected:
            raise DownloadError(
                Downloads.tr("The server's file is {size} but fal said {expected}: the download would not be the "
                             "right file.").format(size=_mb(total), expected=_mb(self.expected)),
                detail={"server_size": total, "expected_size": self.expected})
        self.total = total
        free = _free_space(self.dest.parent)
        if free is not None and free < total - self.received:
            raise DiskFullError(
                Downloads.tr("Not enough free space in {folder} for the video: {needed} needed, {free} free. "
                             "Free some space and download it again.").format(
                    folder=self.dest.parent, needed=_mb(total - self.received), free=_mb(free)))

    def _write(self, chunk: bytes) -> None:
        if not chunk:
            return
        if self.require_video and len(self.head) < 12:
            self.head += chunk[: 12 - len(self.head)]
            if len(self.head) >= 12 and not looks_like_mp4(self.head):
                raise DownloadError(_not_video_message(self.head + chunk[:64]))
        limit = self.expected if self.expected is not None else self.total
        if limit is not None and self.received + len(chunk) > limit:
            raise DownloadError(Downloads.tr("The server sent more than the {size} expected: not the right "
                                             "file.").format(size=_mb(limit)))
        self.fh.write(chunk)
        self.received += len(chunk)
        if self.on_progress is not None:
            self.on_progress(self.received, self.total)

    def _restart(self) -> None:
        self.fh.seek(0)
        self.fh.truncate()
        self.received = 0
        self.head = b""
        if self.on_progress is not None:
            self.on_progress(0, self.total)

    def _final_checks(self) -> None:
        if self.require_video and len(self.head) < 12:
            raise DownloadError(_not_video_message(self.head) if self.head else
                                Downloads.tr("The server sent an empty file instead of the video."))
        if self.expected is not None and self.received != self.expected:
            raise DownloadError(Downloads.tr("The download is incomplete: {received} of {expected} bytes.").format(
                                    received=self.received, expected=self.expected),
                                detail={"received": self.received, "expected_size": self.expected})

    # -- helpers -------------------------------------------------------------------------------------

    def _delays(self) -> Iterator[float]:
        return iter(self.retry.delays() if self.retry is not None else _DEFAULT_DELAYS)

    def _stop_check(self) -> None:
        if self.should_stop():
            raise DownloadCancelledError(Downloads.tr("The download was cancelled."))

    def _sleep(self, delay: float) -> None:
        end = time.monotonic() + delay
        while True:
            self._stop_check()
            left = end - time.monotonic()
            if left <= 0:
                return
            self.sleep(min(left, 0.1))


def looks_like_mp4(head: bytes) -> bool:
    """True when the bytes start with an ISO-BMFF/QuickTime box (normally `ftyp`)."""
    if len(head) < 8:
        return False
    size = int.from_bytes(head[:4], "big")
    box = head[4:8]
    if box == b"ftyp":
        return size >= 8 or size in (0, 1)
    return box in _MP4_BOXES and (size >= 8 or size in (0, 1))


def _not_video_message(head: bytes) -> str:
    text = head.lstrip()[:1]
    if text == b"<":
        return Downloads.tr("The server sent a web page instead of the video (an error page?).")
    if text in (b"{", b"["):
        return Downloads.tr("The server sent a JSON message instead of the video.")
    return Downloads.tr("The downloaded file is not an MP4 video.")


def _check_url(url: str, allow_loopback_http: bool) -> None:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if not host:
        raise DownloadError(Downloads.tr("Not a usable video address: {url}.").format(url=repr(url[:200])))
    if scheme == "https":
        return
    if scheme == "http" and _is_loopback(host):
        if allow_loopback_http:
            return
        raise DownloadError(Downloads.tr("Refusing to download over plain http from this machine unless "
                                         "the local sandbox is in use."))
    raise DownloadError(Downloads.tr("Refusing to download the video over {scheme}: only https addresses "
                                     "are fetched.").format(scheme=scheme or Downloads.tr("an unknown scheme")))


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _content_range(value: str | None) -> tuple[int | None, int | None]:
    m = re.match(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", value or "")
    if not m:
        return None, None
    return int(m.group(1)), (int(m.group(3)) if m.group(3) != "*" else None)


def _int(value: str | None) -> int | None:
    try:
        n = int(value) if value is not None else None
    except ValueError:
        return None
    return n if n is not None and n >= 0 else None


def _free_space(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _os_error(exc: OSError, dest: Path) -> DiskFullError | DownloadError:
    if exc.errno in _NO_SPACE:
        return DiskFullError(Downloads.tr("The disk is full: the video could not be saved in {parent}. "
                                          "Free some space and download it again (the job's result is "
                                          "still on fal).").format(parent=dest.parent))
    if isinstance(exc, PermissionError):
        return DownloadError(Downloads.tr("No permission to write the video to {parent}.").format(
                                 parent=dest.parent))
    return DownloadError(Downloads.tr("Could not save the video to {dest}: {error}.").format(
                             dest=dest, error=exc.strerror or exc))


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return Downloads.tr("the connection timed out")
    if isinstance(exc, httpx.ConnectError):
        return Downloads.tr("could not connect")
    return Downloads.tr("the connection broke")


def _mb(n: int | None) -> str:
    if n is None:
        return "?"
    if n >= 100_000:
        return Downloads.tr("{n} MB").format(n=number(n / 1e6, 1))
    return Downloads.tr("%n byte(s)", "", n)

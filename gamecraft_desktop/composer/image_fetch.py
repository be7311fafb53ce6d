"""Fetch an image URL without blocking the GUI thread (QNetworkAccessManager is asynchronous).

Rules: https only (http only to a loopback host, which the tests and the local sandbox use), at most
MAX_INPUT_BYTES, a transfer timeout, no downgrade redirects. `data:` URIs dragged from a browser are decoded
locally. The messages name what went wrong: the HTTP status, a timeout, an unreachable host.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QUrl
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from gamecraft_desktop.composer.image_loader import MAX_INPUT_BYTES
from gamecraft_desktop.media.errors import ImageChecks, ImageError
from gamecraft_desktop.media.image_prep import decode_data_uri

TIMEOUT_MS = 20_000
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}

OnData = Callable[[bytes, str], None]
OnError = Callable[[str], None]


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str | None:
    """None when the URL may be fetched, else the reason it may not."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "https":
        return None if parts.hostname else ImageChecks.tr("{url} has no host name.").format(url=url)
    if scheme == "http":
        if parts.hostname and is_loopback(parts.hostname):
            return None
        return ImageChecks.tr("Only https links are loaded (plain http is not secure). Save the image and "
                              "drop the file instead.")
    if scheme == "data":
        return None
    return ImageChecks.tr("{url} is not a web link to an image.").format(url=url)


class UrlFetcher(QObject):
    """Starts downloads and calls back on the GUI thread; one QNetworkAccessManager, created lazily."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._nam: QNetworkAccessManager | None = None
        self._replies: set[QNetworkReply] = set()

    def fetch(self, url: str, on_data: OnData, on_error: OnError) -> None:
        url = url.strip()
        problem = check_url(url)
        if problem:
            on_error(problem)
            return
        name = _display_name(url)
        if url.lower().startswith("data:"):
            try:
                on_data(decode_data_uri(url), ImageChecks.tr("The dropped image"))
            except ImageError as exc:
                on_error(str(exc))
            return
        if self._nam is None:
            self._nam = QNetworkAccessManager(self)
            self._nam.setRedirectPolicy(QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
            self._nam.setTransferTimeout(TIMEOUT_MS)
        request = QNetworkRequest(QUrl(url))
        request.setMaximumRedirectsAllowed(5)
        request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, "gamecraft-desktop")
        request.setRawHeader(b"Accept", b"image/*")
        reply = self._nam.get(request)
        self._replies.add(reply)
        state = {"too_big": False}

        def progress(received: int, total: int) -> None:
            if (total > MAX_INPUT_BYTES or received > MAX_INPUT_BYTES) and not state["too_big"]:
                state["too_big"] = True
                reply.abort()

        def finished() -> None:
            self._replies.discard(reply)
            reply.deleteLater()
            message = _failure_message(reply, url, state["too_big"])
            if message:
                on_error(message)
                return
            data = bytes(reply.readAll().data())
            ctype = str(reply.header(QNetworkRequest.KnownHeaders.ContentTypeHeader) or "")
            if ctype and not ctype.lower().startswith("image/") and not _looks_like_image(data):
                on_error(ImageChecks.tr("The link {url} did not lead to an image (the server sent {type}).").format(
                             url=url, type=ctype.split(';')[0]))
                return
            on_data(data, name)

        reply.downloadProgress.connect(progress)
        reply.finished.connect(finished)

    def abort_all(self) -> None:
        for reply in list(self._replies):
            reply.abort()


def _display_name(url: str) -> str:
    path = urlsplit(url).path.rsplit("/", 1)[-1]
    return ImageChecks.tr("The image at {url}").format(url=url) if not path else ImageChecks.tr("{path} (from {hostname})").format(
                                                      path=path, hostname=urlsplit(url).hostname)


def _looks_like_image(data: bytes) -> bool:
    return data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"BM"))


def _failure_message(reply: QNetworkReply, url: str, too_big: bool) -> str | None:
    if too_big:
        return ImageChecks.tr("The image at {url} is larger than {limit} MB; download it and check it "
                              "first.").format(url=url, limit=MAX_INPUT_BYTES // 2 ** 20)
    status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
    reason = reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute)
    err = reply.error()
    if status is not None and int(status) >= 400:
        phrase = f" {reason}" if reason else ""
        return ImageChecks.tr("The server answered HTTP {status}{phrase} for {url}.").format(
                   status=int(status), phrase=phrase, url=url)
    if err == QNetworkReply.NetworkError.NoError:
        return None
    host = urlsplit(url).hostname or url
    E = QNetworkReply.NetworkError
    if err in (E.OperationCanceledError, E.TimeoutError):
        return ImageChecks.tr("Loading {url} timed out after {seconds} s or was cancelled.").format(
                   url=url, seconds=TIMEOUT_MS // 1000)
    if err == E.HostNotFoundError:
        return ImageChecks.tr("Could not find the host {host}: check the link and your connection.").format(
                   host=host)
    if err in (E.ConnectionRefusedError, E.RemoteHostClosedError, E.NetworkSessionFailedError,
               E.TemporaryNetworkFailureError, E.UnknownNetworkError):
        return ImageChecks.tr("Could not reach {host}: {error}.").format(
                   host=host, error=reply.errorString())
    if err in (E.SslHandshakeFailedError,):
        return ImageChecks.tr("The secure connection to {host} failed: {error}.").format(
                   host=host, error=reply.errorString())
    if err == E.InsecureRedirectError:
        return ImageChecks.tr("{url} redirected to an insecure (http) address; it was not followed.").format(
                   url=url)
    return ImageChecks.tr("Could not load {url}: {error}.").format(
               url=url, error=reply.errorString())

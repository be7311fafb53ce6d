"""The one place that sends HTTP for the fal layer, and so the one place that decides who gets the key.

- `Authorization: Key …` is added only to requests whose origin (scheme, host, port) is the configured
  queue or REST host. Any other URL (a signed upload URL, the CDN, a user's image URL, a webhook) gets no
  key, even if a caller passed one by mistake.
- Proxy mode: requests for the queue/REST hosts go to `proxy_url` with the original URL in
  `x-fal-target-url` and no Authorization (the proxy adds it). Other URLs are not proxied.
- Redirects are never followed, so the key cannot travel along one.
- httpx transport errors become `NetworkError(maybe_sent=...)`: False only when the request provably
  never left this machine (connect error, DNS failure, no connection from the pool).
- Logs show the method and the URL without its query; never a header.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from gamecraft_desktop import __version__
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import FalError, FalErrors, NetworkError
from gamecraft_desktop.fal.tls import shared_tls_context

log = logging.getLogger(__name__)

TARGET_URL_HEADER = "x-fal-target-url"
USER_AGENT = f"gamecraft-desktop/{__version__}"


def redact_url(url: str | httpx.URL) -> str:
    """The URL without query or fragment (signed URLs carry secrets in the query)."""
    try:
        parts = urlsplit(str(url))
    except ValueError:
        return "<invalid URL>"
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def network_error_from(exc: httpx.TransportError, *, method: str, url: str | httpx.URL) -> FalError:
    """Map an httpx transport exception to our error, deciding whether the request may have been sent."""
    try:
        where = urlsplit(str(url)).hostname or redact_url(url)
    except ValueError:
        where = FalErrors.tr("the server")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FalError(FalErrors.tr("The URL {url} cannot be used (unsupported scheme).").format(
                            url=redact_url(url)))
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return NetworkError(FalErrors.tr("Timed out connecting to {where}: check the network connection.").format(
                                where=where), maybe_sent=False)
    if isinstance(exc, httpx.ConnectError):
        # Covers DNS failures and refused connections: nothing was written to the server.
        return NetworkError(FalErrors.tr("Cannot connect to {where}: check the network connection.").format(
                                where=where), maybe_sent=False)
    if isinstance(exc, httpx.ReadTimeout):
        return NetworkError(FalErrors.tr("{where} did not answer in time.").format(where=where), maybe_sent=True)
    if isinstance(exc, httpx.WriteTimeout | httpx.WriteError):
        return NetworkError(FalErrors.tr("Sending to {where} failed part-way.").format(where=where), maybe_sent=True)
    if isinstance(exc, httpx.RemoteProtocolError):
        return NetworkError(FalErrors.tr("{where} closed the connection before the answer was complete.").format(
                                where=where), maybe_sent=True)
    return NetworkError(FalErrors.tr("Network problem talking to {where} ({kind}).").format(
                            where=where, kind=type(exc).__name__), maybe_sent=True)


class FalHttp:
    """A thin wrapper around `httpx.Client` that applies the key/proxy rules above."""

    def __init__(
        self,
        config: FalConfig,
        credentials: Credentials,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.credentials = credentials
        timeout = httpx.Timeout(config.timeout_s, connect=min(config.timeout_s, 15.0))
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            verify=shared_tls_context(),
            headers={"User-Agent": USER_AGENT},
        )

    # --- request building ------------------------------------------------------------------

    @property
    def proxied(self) -> bool:
        return bool(self.config.proxy_url)

    def build_request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> httpx.Request:
        """The request as it will go on the wire (after the key and proxy rules)."""
        try:
            target = httpx.URL(url, params=params) if params else httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FalError(FalErrors.tr("The URL {url} is not valid.").format(
                               url=repr(redact_url(str(url))[:200]))) from exc
        if target.scheme not in ("http", "https") or not target.host:
            raise FalError(FalErrors.tr("The URL {url} is not an http(s) URL.").format(
                               url=repr(redact_url(str(target))[:200])))
        out_headers = {k: v for k, v in (headers or {}).items() if k.lower() != "authorization"}
        send_url = target
        if self.config.is_fal_origin(str(target)):
            if self.proxied:
                assert self.config.proxy_url is not None
                out_headers[TARGET_URL_HEADER] = str(target)
                send_url = httpx.URL(self.config.proxy_url)
            else:
                # Raises MissingKeyError / MalformedKeyError before anything is sent.
                out_headers["Authorization"] = self.credentials.authorization()
        return self._client.build_request(
            method, send_url, json=json, content=content, headers=out_headers,
            timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT)

    # --- sending ---------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> httpx.Response:
        """Send and read the whole answer. Raises NetworkError (never an httpx exception)."""
        req = self.build_request(method, url, params=params, json=json, content=content, headers=headers,
                                 timeout=timeout)
        log.debug("%s %s", method, redact_url(url))
        try:
            response = self._client.send(req)
        except httpx.TransportError as exc:
            raise network_error_from(exc, method=method, url=url) from exc
        log.debug("%s %s -> %s", method, redact_url(url), response.status_code)
        return response

    def open_stream(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> httpx.Response:
        """Send and return the response with its body unread: the caller must `close()` it.

        Errors while opening raise NetworkError; errors while the caller iterates the body are
        httpx exceptions: wrap them with `network_error_from`.
        """
        req = self.build_request(method, url, params=params, headers=headers, timeout=timeout)
        log.debug("%s %s (stream)", method, redact_url(url))
        try:
            return self._client.send(req, stream=True)
        except httpx.TransportError as exc:
            raise network_error_from(exc, method=method, url=url) from exc

    @contextmanager
    def stream(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | float | None = None,
    ) -> Iterator[httpx.Response]:
        """`open_stream` as a context manager that closes the response on exit."""
        response = self.open_stream(method, url, params=params, headers=headers, timeout=timeout)
        try:
            yield response
        finally:
            response.close()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> FalHttp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

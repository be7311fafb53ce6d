"""Where the app talks to fal: queue and REST hosts, an optional proxy, the endpoint id."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from gamecraft_desktop.core.connection import DEFAULT_QUEUE_URL, DEFAULT_REST_URL, Connection

DEFAULT_ENDPOINT = "anthonywu/gamecraft"

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def origin_of(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, lower-cased, with the scheme's default port made explicit.

    Two URLs share an origin only when all three match: a key must never follow a URL to another
    host, another port or from https down to http.
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return "", "", None
    scheme = parts.scheme.lower()
    if port is None:
        port = {"https": 443, "http": 80}.get(scheme)
    return scheme, host, port


@dataclass(frozen=True)
class FalConfig:
    """Connection settings. Every base URL (scheme included) is configurable so tests and the
    sandbox can point the app at `http://127.0.0.1:PORT`."""

    queue_url: str = DEFAULT_QUEUE_URL
    rest_url: str = DEFAULT_REST_URL
    proxy_url: str | None = None
    endpoint: str = DEFAULT_ENDPOINT
    timeout_s: float = 30.0

    @classmethod
    def from_connection(cls, connection: Connection, *, endpoint: str = DEFAULT_ENDPOINT,
                        timeout_s: float = 30.0) -> FalConfig:
        return cls(queue_url=connection.queue_url.value, rest_url=connection.rest_url.value,
                   proxy_url=connection.proxy_url.value or None, endpoint=endpoint, timeout_s=timeout_s)

    @property
    def queue_base(self) -> str:
        return self.queue_url.rstrip("/")

    @property
    def rest_base(self) -> str:
        return self.rest_url.rstrip("/")

    @property
    def is_loopback(self) -> bool:
        """True when the queue host is this machine (the sandbox): plain http downloads are then allowed."""
        return origin_of(self.queue_url)[1] in _LOOPBACK_HOSTS

    @property
    def uses_proxy(self) -> bool:
        return bool(self.proxy_url)

    def is_fal_origin(self, url: str) -> bool:
        """True only for URLs on the configured queue or REST origin: the only ones that get the key."""
        origin = origin_of(url)
        if not origin[1]:
            return False
        return origin in (origin_of(self.queue_url), origin_of(self.rest_url))

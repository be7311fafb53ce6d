"""Where jobs go (fal, or the local sandbox) and the HTTP clients that take them there.

Clients are made lazily on worker threads (an httpx client builds an SSL context: not for the GUI thread)
and lent out one caller at a time, so a client is never used by two threads at once. The clients make one
attempt per call: what is tried again, and when, is decided by engine.rules (the step is run again).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials

if TYPE_CHECKING:
    from gamecraft_desktop.engine.context import DownloadApi
    from gamecraft_desktop.fal.queue_client import QueueClient
    from gamecraft_desktop.fal.retry import RetryPolicy
    from gamecraft_desktop.fal.uploads import Uploader

Mode = Literal["fal", "sandbox"]
SANDBOX_KEY = "sandbox:sandbox"  # a throwaway key: the in-process sandbox checks that *a* key is sent


@dataclass(frozen=True)
class Backend:
    """One place jobs can be sent. Sandbox results are simulated and always marked as such."""

    mode: Mode
    config: FalConfig
    credentials: Credentials
    webhook_url: str | None = None  # sent with each submit (Preferences ▸ Connection)

    @property
    def ident(self) -> tuple[str, str, str, str | None]:
        return (self.mode, self.config.queue_url, self.config.rest_url, self.credentials.key)

    @property
    def origin(self) -> str:
        return self.config.queue_base

    @classmethod
    def sandbox(cls, base_url: str, endpoint: str = "anthonywu/gamecraft") -> Backend:
        config = FalConfig(queue_url=base_url, rest_url=base_url, endpoint=endpoint, timeout_s=30.0)
        return cls("sandbox", config, Credentials(key=SANDBOX_KEY, source="sandbox"))

    def __repr__(self) -> str:  # never the key
        return f"Backend({self.mode}, {self.config.queue_url})"


class _Lender:
    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._free: list[Any] = []
        self._all: list[Any] = []
        self._lock = threading.Lock()

    @contextmanager
    def borrow(self) -> Iterator[Any]:
        with self._lock:
            item = self._free.pop() if self._free else None
        if item is None:
            item = self._factory()
            with self._lock:
                self._all.append(item)
        try:
            yield item
        finally:
            with self._lock:
                self._free.append(item)

    def close(self) -> None:
        with self._lock:
            items, self._all, self._free = self._all, [], []
        for item in items:
            with suppress(Exception):
                item.close()


class NoRetry:
    """One attempt per call: the engine's rules decide about trying again."""

    def delays(self) -> Iterable[float]:
        return ()


def single_attempt() -> RetryPolicy:
    from gamecraft_desktop.fal.retry import RetryPolicy

    return RetryPolicy(base_s=0.0, cap_s=0.0, max_attempts=1, jitter=0.0)


def make_queue_client(backend: Backend) -> QueueClient:
    from gamecraft_desktop.fal.queue_client import QueueClient

    return QueueClient(backend.config, backend.credentials, retry=single_attempt())


def make_uploader(backend: Backend, cache: Any = None) -> Uploader:
    from gamecraft_desktop.fal.uploads import Uploader

    return Uploader(backend.config, backend.credentials, cache=cache, retry=NoRetry())


def downloader(*, allow_loopback_http: bool, retry: RetryPolicy | None, timeout_s: float = 30.0,
               client_for: Callable[[str], Any] | None = None) -> DownloadApi:
    """The download step's function: resumes a broken transfer within `retry`'s budget, then fails."""
    from gamecraft_desktop.fal.downloads import download

    def run(url: str, dest: Path, *, expected_size: int | None, on_progress: Callable[[int, int | None], None],
            should_stop: Callable[[], bool]) -> Path:
        client = client_for(url) if client_for is not None else None
        return download(url, dest, expected_size=expected_size, on_progress=on_progress,
                        allow_loopback_http=allow_loopback_http, should_stop=should_stop, client=client,
                        retry=retry, timeout_s=timeout_s)

    return run


class ClientPool:
    """Queue clients and uploaders per backend, created on first use (on a worker thread)."""

    def __init__(self, upload_cache_file: Path | None = None, *, download_retry: RetryPolicy | None = None) -> None:
        self._upload_cache_file = upload_cache_file
        if download_retry is None:
            from gamecraft_desktop.fal.retry import RetryPolicy

            download_retry = RetryPolicy(base_s=0.5, cap_s=8.0, max_attempts=5, jitter=0.0)
        self.download_retry = download_retry
        self._lock = threading.Lock()
        self._queue: dict[tuple[Any, ...], _Lender] = {}
        self._uploaders: dict[tuple[Any, ...], _Lender] = {}
        self._downloads: dict[str, Any] = {}  # origin -> httpx.Client (thread-safe, shared)
        self._cache: Any = None

    def _lender(self, table: dict[tuple[Any, ...], _Lender], backend: Backend,
                factory: Callable[[], Any]) -> _Lender:
        with self._lock:
            lender = table.get(backend.ident)
            if lender is None:
                lender = table[backend.ident] = _Lender(factory)
            return lender

    def queue(self, backend: Backend) -> AbstractContextManager[QueueClient]:
        """A context manager lending a QueueClient for `backend`."""
        return self._lender(self._queue, backend, lambda: make_queue_client(backend)).borrow()

    def uploader(self, backend: Backend) -> AbstractContextManager[Uploader]:
        """A context manager lending an Uploader for `backend` (sharing one upload cache)."""
        def make() -> Uploader:
            from gamecraft_desktop.fal.uploads import UploadCache

            with self._lock:
                if self._cache is None and self._upload_cache_file is not None:
                    self._cache = UploadCache(self._upload_cache_file)
                cache = self._cache
            return make_uploader(backend, cache)

        return self._lender(self._uploaders, backend, make).borrow()

    def downloader(self, backend: Backend) -> DownloadApi:
        return downloader(allow_loopback_http=backend.config.is_loopback, retry=self.download_retry,
                          timeout_s=backend.config.timeout_s, client_for=self.download_client)

    def download_client(self, url: str) -> Any:
        """One httpx client per origin for video downloads, made on first use (on a worker thread) and
        shared: a client per download cost an SSL context each (10-20 ms of CPU holding the GIL)."""
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            client = self._downloads.get(origin)
        if client is None:
            from gamecraft_desktop.fal.downloads import new_client

            made = new_client(url)
            with self._lock:
                client = self._downloads.setdefault(origin, made)
            if client is not made:
                made.close()
        return client

    def close(self) -> None:
        with self._lock:
            lenders = [*self._queue.values(), *self._uploaders.values()]
            downloads = list(self._downloads.values())
            self._queue.clear()
            self._uploaders.clear()
            self._downloads.clear()
        for lender in lenders:
            lender.close()
        for client in downloads:
            with suppress(Exception):
                client.close()

"""The fal key as the window sees it: where it comes from, where it is stored, and a harmless test.

Keyring calls can block on an unlock prompt, so every store call (including building the keyring store,
which discovers the backend) runs on a worker thread; the GUI only gets `KeyInfo` snapshots. The key
itself stays in memory and in the OS keyring: never in a file, never in a log.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from gamecraft_desktop.core.texts import Texts
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials, resolve_credentials, validate_key_format
from gamecraft_desktop.fal.errors import AuthError, FalError, MalformedKeyError, NetworkError
from gamecraft_desktop.fal.secret_store import SecretStore

log = logging.getLogger(__name__)
#: The key's words outside a Qt class (core/texts.py: the name is the translation context).
KeyText = Texts("KeyText")

__all__ = ["KeyController", "KeyInfo", "KeyTestResult", "KeyText", "MalformedKeyError", "probe_key"]

ENV_SOURCES = frozenset({"FAL_KEY", "FAL_KEY_ID+FAL_KEY_SECRET"})
#: A request id that cannot exist: fal answers 404 for it when the key is good, 401/403 when it is not.
PROBE_REQUEST_ID = "00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class KeyInfo:
    """What the UI shows about the key (never the key itself, only a masked hint)."""

    loading: bool = True
    has_key: bool = False
    source: str = "none"  # keyring | FAL_KEY | FAL_KEY_ID+FAL_KEY_SECRET | none
    masked: str = ""
    backend_name: str = ""
    persistent: bool = False
    warning: str | None = None
    error: str | None = None

    @property
    def from_environment(self) -> bool:
        return self.source in ENV_SOURCES

    @property
    def mode(self) -> str:
        return "fal" if self.has_key else "sandbox"


@dataclass(frozen=True)
class KeyTestResult:
    ok: bool
    message: str
    status: int | None = None


class _Signals(QObject):
    done = Signal(object)


class KeyController(QObject):
    """Loads, stores, removes and tests the key off the GUI thread."""

    changed = Signal(object)  # KeyInfo
    credentialsChanged = Signal(object)  # Credentials (key or none)
    tested = Signal(object)  # KeyTestResult

    def __init__(self, store_factory: Callable[[], SecretStore], *, env: Mapping[str, str] | None = None,
                 pool: QThreadPool | None = None, fal_config: FalConfig | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = store_factory
        self._env = dict(os.environ if env is None else env)
        self._pool = pool or QThreadPool.globalInstance()
        self._store: SecretStore | None = None
        self._credentials = Credentials.none()
        self.fal_config = fal_config or FalConfig()
        self.info = KeyInfo()
        self._signals = _Signals(self)
        self._signals.done.connect(self._finish)

    @property
    def credentials(self) -> Credentials:
        return self._credentials

    def _run(self, fn: Callable[[], Any], then: Callable[[Any, BaseException | None], None]) -> None:
        signals = self._signals

        def task() -> None:
            try:
                result, error = fn(), None
            except BaseException as exc:
                result, error = None, exc
            signals.done.emit((then, result, error))

        self._pool.start(task)

    @staticmethod
    def _finish(payload: tuple[Callable[[Any, BaseException | None], None], Any, BaseException | None]) -> None:
        then, result, error = payload
        then(result, error)

    def _ensure_store(self) -> SecretStore:
        if self._store is None:
            self._store = self._factory()
        return self._store

    def _resolve(self) -> tuple[Credentials, SecretStore]:
        store = self._ensure_store()
        return resolve_credentials(store, self._env), store

    def _apply(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            log.warning("key store failed: %s", type(error).__name__)
            self.info = KeyInfo(loading=False, error=str(error), warning=str(error))
            self._credentials = Credentials.none()
        else:
            creds, store = result
            self._credentials = creds
            self.info = KeyInfo(loading=False, has_key=creds.has_key, source=creds.source, masked=creds.masked,
                                backend_name=store.backend_name, persistent=store.persistent,
                                warning=store.warning)
        self.changed.emit(self.info)
        self.credentialsChanged.emit(self._credentials)

    # --- public -------------------------------------------------------------------------------

    def load(self) -> None:
        """Find the key (keyring, then the environment) on a worker thread."""
        self._run(self._resolve, self._apply)

    def set_key(self, key: str) -> None:
        """Store a pasted key. Raises MalformedKeyError at once (nothing stored) for a malformed one."""
        key = key.strip()
        validate_key_format(key)

        def work() -> tuple[Credentials, SecretStore]:
            self._ensure_store().set(key)
            return self._resolve()

        self.info = KeyInfo(loading=True, backend_name=self.info.backend_name)
        self._run(work, self._apply)

    def remove_key(self) -> None:
        def work() -> tuple[Credentials, SecretStore]:
            self._ensure_store().delete()
            return self._resolve()

        self._run(work, self._apply)

    def reveal(self) -> str | None:
        """The key in use, for the dialog's Show toggle only."""
        return self._credentials.key

    def test_key(self, key: str | None = None, config: FalConfig | None = None) -> None:
        """A harmless authenticated call: the status of a request id that cannot exist."""
        cfg = config or self.fal_config
        candidate = (key or "").strip() or self._credentials.key
        if not candidate and getattr(self._store, "locked", False):
            self._test_locked_key(cfg)  # the person asked: now the keyring may ask to be unlocked
            return
        if not candidate:
            self.tested.emit(KeyTestResult(False, self.tr("There is no key to test.")))
            return
        try:
            validate_key_format(candidate)
        except MalformedKeyError as exc:
            self.tested.emit(KeyTestResult(False, str(exc)))
            return

        def work() -> KeyTestResult:
            return probe_key(cfg, candidate)

        self._run(work, lambda r, e: self.tested.emit(r if e is None else KeyTestResult(False, str(e))))


    def _test_locked_key(self, cfg: FalConfig) -> None:
        store = self._store
        assert store is not None

        def work() -> KeyTestResult:
            stored = store.get(unlock=True)
            if not stored:
                return KeyTestResult(False, self.tr("The keyring stayed locked: the saved key could not be read."))
            return probe_key(cfg, stored)

        def done(result: Any, error: BaseException | None) -> None:
            self.tested.emit(result if error is None else KeyTestResult(False, str(error)))
            self.load()  # the key, now readable, becomes the one in use

        self._run(work, done)


def probe_key(config: FalConfig, key: str) -> KeyTestResult:
    """Runs on a worker thread. 404 for the unknown id means fal authenticated the key."""
    from gamecraft_desktop.fal.queue_client import QueueClient
    from gamecraft_desktop.fal.retry import RetryPolicy

    creds = Credentials(key=key, source="test")
    with QueueClient(config, creds, retry=RetryPolicy(base_s=0.5, cap_s=2.0, max_attempts=2)) as client:
        try:
            client.status(client.handle_for(PROBE_REQUEST_ID), logs=False)
        except AuthError as exc:
            if exc.status == 403:
                return KeyTestResult(False, KeyText.tr("fal knows this key but refused access (403): the "
                                                       "account may be locked or out of credit, or the "
                                                       "endpoint is private. {message}").format(
                                                message=exc.message), 403)
            return KeyTestResult(False, KeyText.tr("fal rejected this key (401): it is wrong, revoked or "
                                                   "incomplete. {message}").format(message=exc.message), exc.status)
        except NetworkError as exc:
            return KeyTestResult(False, KeyText.tr("Could not reach fal to test the key: {message}").format(
                                            message=exc.message), None)
        except FalError as exc:
            if exc.status == 404:
                return KeyTestResult(True, KeyText.tr("The key works: fal authenticated it."), 404)
            return KeyTestResult(False, KeyText.tr("fal answered unexpectedly ({status}): {message}").format(
                                            status=exc.status, message=exc.message), exc.status)
        return KeyTestResult(True, KeyText.tr("The key works: fal authenticated it."), 200)

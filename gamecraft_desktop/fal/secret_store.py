"""Where the fal key lives: the OS keyring, or memory for this session only. Never a file."""

from __future__ import annotations

import logging
from typing import Any, Protocol, runtime_checkable

from gamecraft_desktop import APP_ID
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts

log = logging.getLogger(__name__)

KEYRING_LOCKED_WARNING = QT_TRANSLATE_NOOP(
    "KeyStore", "Your keyring is locked, so the saved fal key was not read. Save or test a key to unlock it.")
SESSION_ONLY_WARNING = QT_TRANSLATE_NOOP(
    "KeyStore", "No secure key store (OS keyring) is available: the fal key is kept for this session only and "
    "must be entered again next time.")
KeyStore = Texts("KeyStore")


@runtime_checkable
class SecretStore(Protocol):
    """Holds one secret (the fal key)."""

    backend_name: str
    persistent: bool
    warning: str | None

    def get(self, *, unlock: bool = False) -> str | None: ...
    def set(self, key: str) -> None: ...
    def delete(self) -> None: ...


class MemorySecretStore:
    """A store that forgets everything when the process ends (tests, and the no-keyring fallback)."""

    def __init__(self, key: str | None = None, *, warning: str | None = None) -> None:
        self.backend_name = "memory"
        self.persistent = False
        self.warning = warning
        self._key = key

    def get(self, *, unlock: bool = False) -> str | None:
        return self._key

    def set(self, key: str) -> None:
        self._key = key

    def delete(self) -> None:
        self._key = None

    def __repr__(self) -> str:  # never show the key
        return f"MemorySecretStore(has_key={self._key is not None})"


class KeyringSecretStore:
    """The OS keyring (Secret Service, macOS Keychain, Windows Credential Locker).

    When no usable backend exists (e.g. no D-Bus session on Linux: keyring picks its `fail` backend),
    or when a call fails, the store switches to session-only memory, sets `persistent = False` and a
    `warning` for the UI. It never writes the key to a file. Calls may block on an unlock prompt:
    never call it from the GUI thread.
    """

    def __init__(self, service: str = APP_ID, username: str = "fal-key", *, keyring_module: Any = None) -> None:
        self.service = service
        self.username = username
        self._memory = MemorySecretStore()
        self._keyring: Any = None
        self._backend: Any = None
        self.locked = False  # the key is in a locked keyring: not read until the person saves or tests one
        self.backend_name = "memory"
        self.persistent = False
        self.warning: str | None = KeyStore.tr(SESSION_ONLY_WARNING)
        try:
            kr = keyring_module
            if kr is None:
                import keyring as kr
            backend = kr.get_keyring()
        except Exception as exc:  # any import or backend discovery failure means "no keyring"
            log.warning("keyring unavailable (%s): keeping the key for this session only", type(exc).__name__)
            return
        if not _backend_usable(backend):
            log.warning("keyring backend %s is not usable: keeping the key for this session only",
                        type(backend).__name__)
            return
        self._keyring = kr
        self._backend = backend
        self.backend_name = f"keyring:{type(backend).__name__}"
        self.persistent = True
        self.warning = None

    def _fallback(self, exc: BaseException) -> None:
        log.warning("keyring call failed (%s): keeping the key for this session only", type(exc).__name__)
        self._keyring = None
        self.backend_name = "memory"
        self.persistent = False
        self.warning = KeyStore.tr(SESSION_ONLY_WARNING)

    def get(self, *, unlock: bool = False) -> str | None:
        """The stored key. Reading never creates or unlocks a keyring on its own (on the Secret Service that
        means a password prompt the person did not ask for): a key in a locked keyring reads as None with
        `locked` set. `unlock=True` (the person asked, e.g. Test) lets the keyring ask."""
        if self._keyring is not None:
            try:
                secret_service = _secret_service(self._backend)
                if secret_service is not None and not unlock:
                    value = self._peek(secret_service)
                else:
                    value = self._keyring.get_password(self.service, self.username)
                    self.locked = False
            except Exception as exc:
                self._fallback(exc)
            else:
                self.warning = KeyStore.tr(KEYRING_LOCKED_WARNING) if self.locked else None
                return value if isinstance(value, str) and value else self._memory.get()
        return self._memory.get()

    def _peek(self, backend: Any) -> str | None:
        """Search every Secret Service collection without unlocking or creating one (keyring's own read
        opens the default collection, creating it when missing and unlocking it when locked)."""
        from contextlib import closing

        import secretstorage

        query = backend._query(self.service, self.username) if hasattr(backend, "_query") else \
            {"username": self.username, "service": self.service}
        self.locked = False
        with closing(secretstorage.dbus_init()) as connection:
            for item in secretstorage.search_items(connection, query):
                if item.is_locked():
                    self.locked = True
                    continue
                self.locked = False
                return str(item.get_secret().decode("utf-8"))
        return None

    def set(self, key: str) -> None:
        if self._keyring is not None:
            try:
                self._keyring.set_password(self.service, self.username, key)  # may ask to create or unlock
            except Exception as exc:
                self._fallback(exc)
            else:
                self._memory.delete()
                self.locked, self.warning = False, None
                return
        self._memory.set(key)

    def delete(self) -> None:
        self._memory.delete()
        if self._keyring is not None:
            try:
                self._keyring.delete_password(self.service, self.username)
            except Exception as exc:
                # "no such password" is fine; anything else also leaves nothing we could read back.
                if type(exc).__name__ != "PasswordDeleteError":
                    self._fallback(exc)

    def __repr__(self) -> str:
        return f"KeyringSecretStore(backend={self.backend_name!r}, persistent={self.persistent})"


def _secret_service(backend: Any) -> Any:
    """keyring's Secret Service backend, alone or inside a chainer; None for any other backend."""
    for candidate in (backend, *list(getattr(backend, "backends", None) or ())):
        if type(candidate).__module__ == "keyring.backends.SecretService":
            return candidate
    return None


def _backend_usable(backend: Any) -> bool:
    """False for keyring's `fail` and `null` backends and for chainers with nothing behind them."""
    name = type(backend).__module__ + "." + type(backend).__name__
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    priority = getattr(backend, "priority", 1)
    try:
        if float(priority) <= 0:
            return False
    except (TypeError, ValueError):
        return False
    backends = getattr(backend, "backends", None)
    return not (backends is not None and not list(backends))

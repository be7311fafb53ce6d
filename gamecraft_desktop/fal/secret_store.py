"""Where the fal key lives: the OS keyring, or memory for this session only. Never a file."""

from __future__ import annotations

import logging
from typing import Any, Protocol, runtime_checkable

from gamecraft_desktop import APP_ID

log = logging.getLogger(__name__)

SESSION_ONLY_WARNING = (
    "No secure key store (OS keyring) is available: the fal key is kept for this session only "
    "and must be entered again next time."
)


@runtime_checkable
class SecretStore(Protocol):
    """Holds one secret (the fal key)."""

    backend_name: str
    persistent: bool
    warning: str | None

    def get(self) -> str | None: ...
    def set(self, key: str) -> None: ...
    def delete(self) -> None: ...


class MemorySecretStore:
    """A store that forgets everything when the process ends (tests, and the no-keyring fallback)."""

    def __init__(self, key: str | None = None, *, warning: str | None = None) -> None:
        self.backend_name = "memory"
        self.persistent = False
        self.warning = warning
        self._key = key

    def get(self) -> str | None:
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
        self.backend_name = "memory"
        self.persistent = False
        self.warning: str | None = SESSION_ONLY_WARNING
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
        self.backend_name = f"keyring:{type(backend).__name__}"
        self.persistent = True
        self.warning = None

    def _fallback(self, exc: BaseException) -> None:
        log.warning("keyring call failed (%s): keeping the key for this session only", type(exc).__name__)
        self._keyring = None
        self.backend_name = "memory"
        self.persistent = False
        self.warning = SESSION_ONLY_WARNING

    def get(self) -> str | None:
        if self._keyring is not None:
            try:
                value = self._keyring.get_password(self.service, self.username)
            except Exception as exc:
                self._fallback(exc)
            else:
                return value if isinstance(value, str) and value else self._memory.get()
        return self._memory.get()

    def set(self, key: str) -> None:
        if self._keyring is not None:
            try:
                self._keyring.set_password(self.service, self.username, key)
            except Exception as exc:
                self._fallback(exc)
            else:
                self._memory.delete()
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

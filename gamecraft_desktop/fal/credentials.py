"""Which fal key to use, and from where: OS keyring, then FAL_KEY, then FAL_KEY_ID + FAL_KEY_SECRET.

Proxy mode needs no key at all (the proxy adds it). The key itself never appears in a repr or a log.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from gamecraft_desktop.fal.errors import FalErrors, MalformedKeyError, MissingKeyError
from gamecraft_desktop.fal.secret_store import SecretStore

CredentialSource = Literal["keyring", "FAL_KEY", "FAL_KEY_ID+FAL_KEY_SECRET", "proxy", "sandbox", "none"]


@dataclass(frozen=True)
class Credentials:
    """A key (or none) and where it came from. `repr` hides the key."""

    key: str | None = field(repr=False)
    source: str = "none"

    @property
    def has_key(self) -> bool:
        return bool(self.key)

    @property
    def masked(self) -> str:
        """Something safe to show: the key id's first characters, never the secret."""
        if not self.key:
            return "(no key)"
        key_id = self.key.split(":", 1)[0]
        return f"{key_id[:4]}…" if len(key_id) > 4 else "…"

    def authorization(self) -> str:
        """The `Authorization` header value; raises MissingKeyError / MalformedKeyError before sending."""
        if not self.key:
            raise MissingKeyError(FalErrors.tr("No fal key is set: add one in Settings or set FAL_KEY."))
        validate_key_format(self.key)
        return f"Key {self.key}"

    @classmethod
    def proxy(cls) -> Credentials:
        return cls(key=None, source="proxy")

    @classmethod
    def none(cls) -> Credentials:
        return cls(key=None, source="none")


def validate_key_format(key: str | None) -> None:
    """A fal key is `<key_id>:<key_secret>`. Raise MalformedKeyError (without echoing it) otherwise."""
    if not key or not isinstance(key, str):
        raise MalformedKeyError(FalErrors.tr("The fal key is empty."))
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in key) or not key.isascii():
        raise MalformedKeyError(FalErrors.tr("The fal key contains spaces or characters a key cannot have."))
    key_id, sep, secret = key.partition(":")
    if not sep:
        raise MalformedKeyError(
            FalErrors.tr("The fal key is malformed: it must look like <key_id>:<key_secret> (no ':' found)."))
    if not key_id or not secret:
        raise MalformedKeyError(FalErrors.tr("The fal key is malformed: the part before or after ':' is "
                                             "empty."))


def resolve_credentials(store: SecretStore | None, env: Mapping[str, str] | None = None) -> Credentials:
    """The key to use, first found wins: keyring entry, FAL_KEY, FAL_KEY_ID + FAL_KEY_SECRET.

    Returns `Credentials(None, "none")` when nothing is set. The format is not checked here (the
    settings dialog shows a malformed key as such); `Credentials.authorization()` checks it before
    anything is sent.
    """
    environ = os.environ if env is None else env
    if store is not None:
        try:
            stored = store.get()
        except Exception:  # a broken store must not hide an environment key
            stored = None
        if stored and stored.strip():
            return Credentials(key=stored.strip(), source="keyring")
    fal_key = (environ.get("FAL_KEY") or "").strip()
    if fal_key:
        return Credentials(key=fal_key, source="FAL_KEY")
    key_id = (environ.get("FAL_KEY_ID") or "").strip()
    secret = (environ.get("FAL_KEY_SECRET") or "").strip()
    if key_id and secret:
        return Credentials(key=f"{key_id}:{secret}", source="FAL_KEY_ID+FAL_KEY_SECRET")
    return Credentials.none()

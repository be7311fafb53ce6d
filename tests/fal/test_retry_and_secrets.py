"""Backoff arithmetic and the secret stores (keyring, session-only fallback, never a file)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from gamecraft_desktop.fal.retry import RetryPolicy, parse_retry_after
from gamecraft_desktop.fal.secret_store import KeyringSecretStore, MemorySecretStore, SecretStore


def test_delays_grow_exponentially_to_the_cap() -> None:
    p = RetryPolicy(base_s=1.0, cap_s=10.0, max_attempts=7, jitter=0.0)
    assert list(p.delays()) == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_jitter_stays_within_bounds_and_cap() -> None:
    lo = RetryPolicy(base_s=1.0, cap_s=5.0, max_attempts=5, jitter=0.5, random=lambda: 0.0)
    hi = RetryPolicy(base_s=1.0, cap_s=5.0, max_attempts=5, jitter=0.5, random=lambda: 0.999999)
    assert list(lo.delays()) == [0.5, 1.0, 2.0, 2.5]  # 8 s capped to 5, then jittered down
    assert [round(d, 3) for d in hi.delays()] == [1.5, 3.0, 5.0, 5.0]


def test_jitter_actually_varies_with_real_random() -> None:
    p = RetryPolicy(base_s=1.0, cap_s=30.0, max_attempts=2, jitter=0.25)
    values = {p.delay(1) for _ in range(50)}
    assert len(values) > 1 and all(0.75 <= v <= 1.25 for v in values)


def test_retry_after_wins_but_is_capped() -> None:
    p = RetryPolicy(base_s=1.0, cap_s=10.0, max_attempts=3, jitter=0.0)
    assert p.delay(1, retry_after_s=3.0) == 3.0
    assert p.delay(1, retry_after_s=600.0) == 10.0


@pytest.mark.parametrize("value,expected", [("5", 5.0), (" 1.5 ", 1.5), ("-1", None), ("soon", None),
                                            (None, None), ("", None), ("nan", None), ("inf", None),
                                            ("Wed, 21 Oct 2015 07:28:00 GMT", None)])
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


@pytest.mark.parametrize("kw", [{"max_attempts": 0}, {"base_s": -1}, {"jitter": 2.0}])
def test_bad_policies_are_refused(kw: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**kw)


# --- secret stores ----------------------------------------------------------------------------


def test_memory_store() -> None:
    s = MemorySecretStore()
    assert isinstance(s, SecretStore)
    assert s.get() is None and not s.persistent
    s.set("a:b")
    assert s.get() == "a:b" and "a:b" not in repr(s)
    s.delete()
    assert s.get() is None


class FakeBackend:
    priority = 5

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], str] = {}
        self.fail_with: Exception | None = None


class FakeKeyring:
    """Stands in for the `keyring` module."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def get_keyring(self) -> Any:
        return self.backend

    def _check(self) -> None:
        if self.backend.fail_with is not None:
            raise self.backend.fail_with

    def get_password(self, service: str, user: str) -> str | None:
        self._check()
        return self.backend.data.get((service, user))

    def set_password(self, service: str, user: str, value: str) -> None:
        self._check()
        self.backend.data[(service, user)] = value

    def delete_password(self, service: str, user: str) -> None:
        self._check()
        if (service, user) not in self.backend.data:
            class PasswordDeleteError(Exception):
                pass
            raise PasswordDeleteError("not found")
        del self.backend.data[(service, user)]


def files_under(*roots: Path) -> set[Path]:
    return {p for r in roots for p in r.rglob("*")}


def test_keyring_store_persists_in_the_keyring() -> None:
    backend = FakeBackend()
    s = KeyringSecretStore(keyring_module=FakeKeyring(backend))
    assert s.persistent and s.warning is None and s.backend_name == "keyring:FakeBackend"
    s.set("id:secret")
    assert backend.data[(s.service, "fal-key")] == "id:secret"
    assert KeyringSecretStore(keyring_module=FakeKeyring(backend)).get() == "id:secret"
    s.delete()
    s.delete()  # deleting twice is fine
    assert s.get() is None and s.persistent


def test_fail_backend_falls_back_to_session_memory_with_warning(app_home: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fail_mod = type("Keyring", (), {"priority": 0, "__module__": "keyring.backends.fail"})
    s = KeyringSecretStore(keyring_module=FakeKeyring(fail_mod()))
    assert not s.persistent and s.warning and "session" in s.warning
    s.set("id:secret")
    assert s.get() == "id:secret"
    assert files_under(app_home, tmp_path) == set()


def test_real_keyring_without_backend_is_session_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    s = KeyringSecretStore()
    assert not s.persistent and s.warning
    s.set("a:b")
    assert s.get() == "a:b"


def test_keyring_that_breaks_later_falls_back_and_keeps_key_for_session(app_home: Path) -> None:
    backend = FakeBackend()
    s = KeyringSecretStore(keyring_module=FakeKeyring(backend))
    backend.fail_with = RuntimeError("Secret Service locked")
    s.set("id:secret")
    assert not s.persistent and s.warning
    assert s.get() == "id:secret"
    assert files_under(app_home) == set()
    assert not any("secret" in p.name for p in Path(os.getcwd()).iterdir())


def test_keyring_import_failure_is_session_only() -> None:
    class Exploding:
        def get_keyring(self) -> Any:
            raise ImportError("no dbus")

    s = KeyringSecretStore(keyring_module=Exploding())
    assert not s.persistent and s.backend_name == "memory"

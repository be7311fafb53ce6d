"""Endpoint id parsing (the official clients' rules), credentials resolution order and key format."""

from __future__ import annotations

import pytest

from gamecraft_desktop.fal.credentials import Credentials, resolve_credentials, validate_key_format
from gamecraft_desktop.fal.endpoint import EndpointId, EndpointIdError, parse_endpoint_id
from gamecraft_desktop.fal.errors import MalformedKeyError, MissingKeyError
from gamecraft_desktop.fal.secret_store import MemorySecretStore


@pytest.mark.parametrize("text,submit,base,parts", [
    ("anthonywu/gamecraft", "anthonywu/gamecraft", "anthonywu/gamecraft", ("anthonywu", "gamecraft", "", None)),
    ("fal-ai/flux/dev", "fal-ai/flux/dev", "fal-ai/flux", ("fal-ai", "flux", "dev", None)),
    ("fal-ai/flux/dev/image-to-image", "fal-ai/flux/dev/image-to-image", "fal-ai/flux",
     ("fal-ai", "flux", "dev/image-to-image", None)),
    ("123-my-app", "123/my-app", "123/my-app", ("123", "my-app", "", None)),
    ("workflows/me/flow", "workflows/me/flow", "workflows/me/flow", ("me", "flow", "", "workflows")),
    ("comfy/me/graph/run", "comfy/me/graph/run", "comfy/me/graph", ("me", "graph", "run", "comfy")),
    ("  anthonywu/gamecraft  ", "anthonywu/gamecraft", "anthonywu/gamecraft", ("anthonywu", "gamecraft", "", None)),
    ("anthonywu/gamecraft/", "anthonywu/gamecraft", "anthonywu/gamecraft", ("anthonywu", "gamecraft", "", None)),
])
def test_parse_endpoint_ids(text: str, submit: str, base: str, parts: tuple[str, str, str, str | None]) -> None:
    ep = parse_endpoint_id(text)
    assert (ep.submit_path, ep.base_path) == (submit, base)
    assert (ep.owner, ep.alias, ep.path, ep.namespace) == parts
    assert str(ep) == submit


@pytest.mark.parametrize("text", [
    "", "   ", "gamecraft", "my-app-123", "123-", "123-bad_alias", "workflows/me", "comfy", "/gamecraft",
    "anthonywu//x", "owner/../x", "owner/alias?x=1", "owner/alias#frag", "own er/alias", "a/b\\c", "a/%2e%2e",
])
def test_invalid_endpoint_ids(text: str) -> None:
    with pytest.raises(EndpointIdError) as info:
        parse_endpoint_id(text)
    assert str(info.value)


def test_endpoint_id_is_value_type() -> None:
    assert parse_endpoint_id("a/b") == EndpointId("a", "b")


def test_the_models_own_id_parses() -> None:
    """The composer skips the parser for the default id (start-up); it must stay a valid id."""
    from gamecraft_desktop.core.defaults import ENDPOINT_ID

    assert parse_endpoint_id(ENDPOINT_ID).submit_path == ENDPOINT_ID


# --- credentials ------------------------------------------------------------------------------

ENV_ALL = {"FAL_KEY": "env-id:env-secret", "FAL_KEY_ID": "pid", "FAL_KEY_SECRET": "psecret"}


def test_keyring_entry_wins_over_environment() -> None:
    creds = resolve_credentials(MemorySecretStore("kr-id:kr-secret"), ENV_ALL)
    assert (creds.key, creds.source) == ("kr-id:kr-secret", "keyring")


def test_fal_key_wins_over_id_and_secret() -> None:
    creds = resolve_credentials(MemorySecretStore(), ENV_ALL)
    assert (creds.key, creds.source) == ("env-id:env-secret", "FAL_KEY")


def test_id_and_secret_are_joined() -> None:
    creds = resolve_credentials(None, {"FAL_KEY_ID": "pid", "FAL_KEY_SECRET": "psecret"})
    assert (creds.key, creds.source) == ("pid:psecret", "FAL_KEY_ID+FAL_KEY_SECRET")


def test_id_without_secret_is_nothing() -> None:
    assert resolve_credentials(None, {"FAL_KEY_ID": "pid"}) == Credentials(None, "none")


def test_blank_values_are_skipped() -> None:
    creds = resolve_credentials(MemorySecretStore("   "), {"FAL_KEY": " ", "FAL_KEY_ID": "a", "FAL_KEY_SECRET": "b"})
    assert creds.source == "FAL_KEY_ID+FAL_KEY_SECRET"


def test_process_environment_is_used_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAL_KEY", "from-env:secret")
    assert resolve_credentials(MemorySecretStore()).source == "FAL_KEY"
    monkeypatch.delenv("FAL_KEY")
    monkeypatch.setenv("FAL_KEY_ID", "i")
    monkeypatch.setenv("FAL_KEY_SECRET", "s")
    assert resolve_credentials(MemorySecretStore()).key == "i:s"


def test_broken_store_does_not_hide_environment_key() -> None:
    class Broken(MemorySecretStore):
        def get(self) -> str | None:
            raise RuntimeError("keyring locked")

    assert resolve_credentials(Broken(), {"FAL_KEY": "a:b"}).source == "FAL_KEY"


def test_nothing_set() -> None:
    creds = resolve_credentials(MemorySecretStore(), {})
    assert creds == Credentials(None, "none") and not creds.has_key
    with pytest.raises(MissingKeyError):
        creds.authorization()


@pytest.mark.parametrize("key", ["abc", "", ":secret", "id:", "id: secret", "id:sec\nret", "id:sécret"])
def test_malformed_keys(key: str) -> None:
    with pytest.raises(MalformedKeyError) as info:
        validate_key_format(key)
    assert key not in str(info.value) or key == ""


def test_well_formed_key_and_header() -> None:
    validate_key_format("test-id:test-secret")
    assert Credentials("test-id:test-secret", "FAL_KEY").authorization() == "Key test-id:test-secret"


def test_credentials_repr_hides_the_key() -> None:
    creds = Credentials("test-id:test-secret", "keyring")
    assert "test-secret" not in repr(creds) and "test-secret" not in creds.masked
    assert "test-id" not in creds.masked or creds.masked.startswith("test")

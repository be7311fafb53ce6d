"""CLI test fixtures (helpers live in cli_helpers.py: a unique module name, unlike conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import KEY, make_png, start_sandbox


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process commands see an empty in-memory store, never the developer's keyring."""
    from gamecraft_desktop.cli import common
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    monkeypatch.setattr(common, "secret_store_factory", lambda: MemorySecretStore())
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture
def fal_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FAL_KEY", KEY)
    return KEY


@pytest.fixture
def image_file(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(make_png())
    return path


@pytest.fixture
def sandbox() -> Iterator[Any]:
    server = start_sandbox()
    yield server
    server.stop()

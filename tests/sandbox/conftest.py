"""Fixtures for the sandbox server tests: a fast started server and a keyed client (both always closed)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_support import client_for, running

from gamecraft_desktop.sandbox import SandboxServer


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with running() as server:
        yield server


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with client_for(sandbox) as c:
        yield c

"""Shared helpers for the sandbox server tests (imported by the test modules, not a conftest)."""

from __future__ import annotations

import base64
import io
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from PIL import Image

from gamecraft_desktop.sandbox import SandboxServer, fake_render

KEY = "test-id:test-secret"
AUTH = {"Authorization": f"Key {KEY}"}
ENDPOINT = "anthonywu/gamecraft"


def png_bytes(w: int = 32, h: int = 20, color: str = "red") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "PNG")
    return buf.getvalue()


def data_uri(data: bytes | None = None) -> str:
    return "data:image/png;base64," + base64.b64encode(data or png_bytes()).decode()


def wire_input(image_url: str | None = None, actions: tuple[str, ...] = ("w", "s"), speed: float = 0.2,
               **extra: Any) -> dict[str, Any]:
    """A valid submit body in wire form (list fields as JSON strings)."""
    return {
        "image": {"url": image_url or data_uri()},
        "prompt": "a quiet street",
        "action_list": json.dumps(list(actions)),
        "action_speed_list": json.dumps([speed] * len(actions)),
        "seed": 7,
        **extra,
    }


@contextmanager
def running(**kwargs: Any) -> Iterator[SandboxServer]:
    """A started sandbox (fast by default: fake render, time_scale 0.01, 50 ms pings); always stopped."""
    kwargs.setdefault("time_scale", 0.01)
    kwargs.setdefault("render", fake_render)
    kwargs.setdefault("ping_interval_s", 0.05)
    server = SandboxServer(**kwargs)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def client_for(server: SandboxServer, *, auth: bool = True, timeout: float = 5.0) -> Iterator[httpx.Client]:
    # verify=False: loopback http only, and it skips building an SSL context (~0.1 s per client)
    with httpx.Client(base_url=server.base_url, headers=AUTH if auth else None, timeout=timeout,
                      verify=False) as c:
        yield c


def request(method: str, url: str, **kwargs: Any) -> httpx.Response:
    """A one-off request without the key (like the CDN and upload clients make)."""
    kwargs.setdefault("timeout", 5.0)
    with httpx.Client(verify=False) as c:
        return c.request(method, url, **kwargs)


def submit(client: httpx.Client, body: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    r = client.post(f"/{ENDPOINT}", json=body if body is not None else wire_input(), **kwargs)
    assert r.status_code == 200, r.text
    return r.json()


def wait_status(client: httpx.Client, handle: dict[str, Any], want: str = "COMPLETED", *, timeout: float = 5.0,
                logs: bool = True) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(handle["status_url"], params={"logs": "1" if logs else "0"})
        body = r.json()
        if body["status"] == want or (want == "IN_PROGRESS" and body["status"] == "COMPLETED"):
            return body
        assert time.monotonic() < deadline, f"job never reached {want}: {body}"
        time.sleep(0.01)


def run_to_completion(client: httpx.Client, body: dict[str, Any] | None = None) -> tuple[dict[str, Any], httpx.Response]:
    handle = submit(client, body)
    wait_status(client, handle)
    return handle, client.get(handle["response_url"])

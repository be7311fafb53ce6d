"""Helpers for the CLI tests: a real SandboxServer on loopback, an input image, raw submits."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import httpx

KEY = "test-id:test-secret"


def make_png(width: int = 1600, height: int = 1000) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), (40, 110, 180))
    draw = ImageDraw.Draw(img)
    for x in range(0, width, 100):
        draw.rectangle([x, height // 3, x + 50, height // 2], fill=(220, 200, 60))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def data_uri() -> str:
    return "data:image/png;base64," + base64.b64encode(make_png(320, 200)).decode()


def start_sandbox(**kw: Any):  # type: ignore[no-untyped-def]
    from gamecraft_desktop.sandbox import SandboxServer

    options: dict[str, Any] = {"require_key": KEY, "render": False, "seconds_per_action": 0.05}
    options.update(kw)
    server = SandboxServer(**options)
    server.start()
    return server


def submit_raw(base_url: str, *, actions: int = 1, key: str = KEY) -> dict[str, Any]:
    """Submit a job straight over HTTP (e.g. a blocker that keeps the single runner busy)."""
    body = {"image": {"url": data_uri()}, "prompt": "blocker", "action_list": json.dumps(["w"] * actions),
            "action_speed_list": json.dumps([0.2] * actions)}
    r = httpx.post(f"{base_url}/anthonywu/gamecraft", json=body, headers={"Authorization": f"Key {key}"},
                   timeout=10)
    r.raise_for_status()
    data: dict[str, Any] = r.json()
    return data


def json_events(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]

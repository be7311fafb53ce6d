"""Input images, keys and someone else's job, for the money tests."""

from __future__ import annotations

import base64
import io
import json
import secrets
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw


def make_key() -> str:
    """A key made up at run time (never a real-looking literal in the repository)."""
    return f"mr{secrets.token_hex(3)}:{secrets.token_hex(12)}"


def scene(path: Path, n: int = 1) -> Path:
    """A distinct image (each `n` its own bytes, so each job really uploads)."""
    img = Image.new("RGB", (1216, 704), ((37 * n) % 256, (91 * n) % 256, (53 * n) % 256))
    ImageDraw.Draw(img).rectangle([n % 600, 300, n % 600 + 200, 700], fill=(200, 160, 60))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return path


def blocker(server: Any, key: str, actions: int = 4) -> str:
    """Someone else's job that keeps a runner busy for `actions` moves (its image inline: nothing to fetch)."""
    import httpx

    buf = io.BytesIO()
    Image.new("RGB", (320, 184), (90, 90, 90)).save(buf, format="PNG")
    body = {"image": {"url": "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()},
            "prompt": "someone else's job", "action_list": json.dumps(["w"] * actions),
            "action_speed_list": json.dumps([0.3] * actions)}
    r = httpx.post(f"{server.base_url}/anthonywu/gamecraft", json=body, headers={"Authorization": f"Key {key}"},
                   timeout=10)
    r.raise_for_status()
    return str(r.json()["request_id"])

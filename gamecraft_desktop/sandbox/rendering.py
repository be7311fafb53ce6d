"""The seam between the sandbox server and whatever makes the output video.

A `RenderFn` takes the input image bytes, the camera path and the output path and writes an MP4 there.
The default uses `gamecraft_desktop.media.renderer.render_camera_move` (imported lazily, so the server
starts fast and works without PyAV until a job actually renders); `fake_render` writes a few bytes that look
like the start of an MP4, for tests that care about the protocol, not the pixels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from gamecraft_desktop.core.camera_path import CameraPath

log = logging.getLogger(__name__)

RenderFn = Callable[[bytes, CameraPath, Path], Path]

#: The first bytes of an ISO-BMFF file with an `isom` brand: enough for a sniffer to call it MP4.
FAKE_MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def real_render(image: bytes, path: CameraPath, out: Path) -> Path:
    """Render a simulated camera move with the sandbox renderer (watermarked SANDBOX)."""
    from gamecraft_desktop.media.renderer import render_camera_move

    return render_camera_move(image, path, out, mark="SANDBOX")


def warm_renderer() -> None:
    """Import the renderer ahead of the first job (the server runs this on a background thread at start):
    imported by the first render instead, it held the GIL ~10 ms in the middle of the app's first batch."""
    try:
        import gamecraft_desktop.media.renderer  # noqa: F401
    except ImportError as exc:  # no PyAV here: the first render says so, with the job
        log.warning("sandbox renderer unavailable: %s", exc)


def fake_render(image: bytes, path: CameraPath, out: Path) -> Path:
    """A stand-in: a fake MP4 head plus a line per action (fast, deterministic, not playable)."""
    body = FAKE_MP4_HEAD + b"".join(f"{s.action.value}:{s.speed};".encode() for s in path.steps)
    out.write_bytes(body + b"\x00" * max(0, 256 - len(body)))
    return out


def resolve_render(render: bool | RenderFn | None) -> RenderFn:
    """`True`/None: the real renderer; `False`: the fake; a callable: itself."""
    if render is None or render is True:
        return real_render
    if render is False:
        return fake_render
    return render

"""Uploads and downloads end to end against the local sandbox (real sockets on 127.0.0.1): the
sandbox refuses a signed PUT that carries a key, so these also prove the key never goes there."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.downloads import download
from gamecraft_desktop.fal.errors import AuthError
from gamecraft_desktop.fal.retry import NO_WAIT
from gamecraft_desktop.fal.uploads import UploadCache, Uploader, prepare_image
from gamecraft_desktop.sandbox import SandboxServer, fake_render
from gamecraft_desktop.sandbox.faults import FaultRule

KEY = "test-id:test-secret"
VIDEO = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 3000


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(require_key=KEY, render=fake_render, time_scale=0.01)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _uploader(sandbox: SandboxServer, key: str = KEY, **kw: object) -> Uploader:
    config = FalConfig(queue_url=sandbox.base_url, rest_url=sandbox.base_url)
    return Uploader(config, Credentials(key=key, source="sandbox"), retry=NO_WAIT, **kw)  # type: ignore[arg-type]


def _photo() -> bytes:
    buf = io.BytesIO()
    Image.effect_noise((1600, 1000), 30).convert("RGB").save(buf, "JPEG")
    return buf.getvalue()


def test_upload_then_fetch_from_the_sandbox_cdn(sandbox: SandboxServer) -> None:
    prepared = prepare_image(_photo())
    with _uploader(sandbox) as up:
        ref = up.image_ref(prepared)
        assert up.is_alive(ref.url)
    assert ref.url.startswith(sandbox.base_url)
    assert httpx.get(ref.url).content == prepared.data
    assert sandbox.counters.uploads == 1
    assert not sandbox.counters.header_seen("upload", "authorization")


def test_multipart_upload_against_the_sandbox(sandbox: SandboxServer) -> None:
    data = bytes(range(256)) * 400  # 102,400 bytes in 30,000-byte parts
    with _uploader(sandbox, multipart_threshold=50_000, part_size=30_000) as up:
        url = up.upload_bytes(data, "application/octet-stream", "blob.bin")
    assert httpx.get(url).content == data


def test_wrong_key_is_refused_at_initiate(sandbox: SandboxServer) -> None:
    with _uploader(sandbox, key="other-id:other-secret") as up, pytest.raises(AuthError):
        up.upload(prepare_image(_photo()))


def test_cache_reuses_a_live_sandbox_url(sandbox: SandboxServer, tmp_path: Path) -> None:
    prepared = prepare_image(_photo())
    cache = UploadCache(tmp_path / "uploads.json")
    with _uploader(sandbox, cache=cache) as up:
        first = up.upload(prepared)
        second = up.upload(prepared)
    assert first == second
    assert sandbox.counters.uploads == 1


@pytest.mark.parametrize("fault", ["drop", "truncate", "edge503"])
def test_download_survives_cdn_faults(sandbox: SandboxServer, tmp_path: Path, fault: str) -> None:
    blob = sandbox.storage.add_file("out.mp4", "application/octet-stream", VIDEO)
    url = f"{sandbox.base_url}{blob.url_path}"
    sandbox.faults.add(FaultRule("cdn", fault, nth=1, times=1))
    out = download(url, tmp_path / "video.mp4", expected_size=len(VIDEO), allow_loopback_http=True,
                   retry=NO_WAIT)
    assert sandbox.counters.faults_applied(fault) == 1
    assert sandbox.counters.requests("cdn") >= 2
    assert out.read_bytes() == VIDEO
    assert sorted(p.name for p in tmp_path.iterdir()) == ["video.mp4"]

"""The fal layer's file modes, upload messages and stream timeouts (defects found by using the CLI from a shell)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.downloads import download
from gamecraft_desktop.fal.errors import AuthError, UploadError
from gamecraft_desktop.fal.queue_client import QueueClient
from gamecraft_desktop.fal.retry import NO_WAIT, RetryPolicy
from gamecraft_desktop.fal.uploads import Uploader, prepare_image

KEY = "test-id:test-secret"
VIDEO = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 4000


def test_downloaded_video_gets_the_usual_file_mode(tmp_path: Path) -> None:
    # Was: 0600 (the temporary file's mode) while the sidecar next to it was 0644.
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=VIDEO))
    old = os.umask(0o022)
    try:
        path = download("https://v3.fal.media/files/x/out.mp4", tmp_path / "clip.mp4", transport=transport,
                        expected_size=len(VIDEO))
    finally:
        os.umask(old)
    assert path.read_bytes() == VIDEO
    assert path.stat().st_mode & 0o777 == 0o644


def _png(tmp_path: Path) -> Path:
    from PIL import Image

    p = tmp_path / "in.png"
    Image.new("RGB", (64, 48), (10, 20, 30)).save(p)
    return p


def test_refused_upload_message_ends_with_one_full_stop(tmp_path: Path) -> None:
    # Was: "... This key is not allowed to use this sandbox.." (the server's full stop plus ours).
    transport = httpx.MockTransport(
        lambda r: httpx.Response(403, json={"detail": "This key is not allowed to use this sandbox."}))
    config = FalConfig(queue_url="http://127.0.0.1:9", rest_url="http://127.0.0.1:9")
    with Uploader(config, Credentials(KEY, "FAL_KEY"), transport=transport, retry=NO_WAIT) as up, \
            pytest.raises(AuthError) as info:
        up.upload(prepare_image(_png(tmp_path)))
    assert info.value.message.endswith("sandbox.") and ".." not in info.value.message


def test_upload_connect_error_names_the_storage_host(tmp_path: Path) -> None:
    # Was: "Could not connect to fal's storage" with no address: a mistyped --rest-url was invisible.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    config = FalConfig(queue_url=f"http://127.0.0.1:{port}", rest_url=f"http://127.0.0.1:{port}")
    with Uploader(config, Credentials(KEY, "FAL_KEY"), retry=RetryPolicy(0, 0, 1, 0)) as up, \
            pytest.raises(UploadError) as info:
        up.upload(prepare_image(_png(tmp_path)))
    assert f"127.0.0.1:{port}" in info.value.message


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and reads requests but never answers: a hung status stream."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    stop = threading.Event()
    conns: list[socket.socket] = []

    def serve() -> None:
        srv.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            conns.append(conn)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    stop.set()
    t.join()
    for c in conns:
        c.close()
    srv.close()


def test_stream_that_never_answers_gives_up_after_the_normal_timeout(silent_server: str) -> None:
    # Was: the 45 s between-events read timeout also applied to the answer's head, so a stream that
    # never answered held `follow` for 45 s per attempt whatever --timeout said (91 s with --retries 2).
    config = FalConfig(queue_url=silent_server, rest_url=silent_server, timeout_s=0.5)
    client = QueueClient(config, Credentials(KEY, "FAL_KEY"), retry=RetryPolicy(0, 0, 1, 0))
    handle = client.handle_for("abc")
    started = time.monotonic()
    with client, pytest.raises(Exception):  # noqa: B017 - the stream gives up; polling then fails too
        list(client.stream_status(handle))
    assert time.monotonic() - started < 5


@pytest.mark.slow
def test_stream_keeps_the_long_read_timeout_between_events() -> None:
    # The head within the normal timeout, then quiet gaps up to the ping-sized timeout are fine.
    from gamecraft_desktop.sandbox import SandboxServer

    with SandboxServer(render=False, seconds_per_action=1.2) as sb:
        config = FalConfig(queue_url=sb.base_url, rest_url=sb.base_url, timeout_s=0.5)
        with QueueClient(config, Credentials(KEY, "FAL_KEY"), retry=NO_WAIT) as client:
            import base64
            import io

            from PIL import Image

            buf = io.BytesIO()
            Image.new("RGB", (32, 32)).save(buf, format="PNG")
            uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
            handle = client.submit({"image": uri, "prompt": "p", "action_list": ["w", "d"],
                                    "action_speed_list": [0.2, 0.2]})
            updates = list(client.stream_status(handle))
    assert updates[-1].status == "COMPLETED"  # gaps of ~1.2 s > the 0.5 s timeout did not break it

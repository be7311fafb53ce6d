"""fal's official Python client (`fal_client`, a test-only dependency) runs unmodified against the sandbox:
subscribe with logs, submit + events, cancel, upload_file (single and multipart: the storage-token + CDN
flow), and the real app's result-time 500 and 422.

fal_client has no setting for its hosts (the queue is always https), so the tests point its module-level
host constants at the sandbox, as a user's proxy or a DNS override would; none of its code is changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fal_client
import fal_client.client as fal_client_module
import httpx
import pytest
from sandbox_support import AUTH, ENDPOINT, KEY, data_uri, png_bytes, running, wire_input

from gamecraft_desktop.sandbox import SandboxServer


@pytest.fixture
def sb() -> Iterator[SandboxServer]:
    with running(require_key=KEY) as server:
        yield server


def official_client(sb: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> fal_client.SyncClient:
    monkeypatch.setattr(fal_client_module, "QUEUE_URL_FORMAT", sb.base_url + "/")
    monkeypatch.setattr(fal_client_module, "REST_URL", sb.base_url)
    monkeypatch.setattr(fal_client_module, "CDN_URL", sb.base_url)
    return fal_client.SyncClient(key=KEY)


@pytest.fixture
def fc(sb: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[fal_client.SyncClient]:
    client = official_client(sb, monkeypatch)
    yield client
    if "_client" in client.__dict__:  # cached_property: made on first use
        client._client.close()


def test_subscribe_with_logs_gives_the_video(fc: fal_client.SyncClient, sb: SandboxServer) -> None:
    updates: list[Any] = []
    enqueued: list[str] = []
    result = fc.subscribe(ENDPOINT, arguments=wire_input(actions=("w", "d", "s")), with_logs=True,
                          on_enqueue=enqueued.append, on_queue_update=updates.append, interval=0.01)
    assert result["video"]["content_type"] == "application/octet-stream"
    assert httpx.get(result["video"]["url"]).content[4:12] == b"ftypisom"
    assert len(enqueued) == 1
    assert isinstance(updates[-1], fal_client.Completed)
    messages = [line["message"] for u in updates for line in (getattr(u, "logs", None) or [])]
    assert any("Generating segment 3/3 with action ID: s" in m for m in messages)
    assert updates[-1].metrics["inference_time"] >= 0
    assert sb.counters.responses("submit", 200) == 1


def test_submit_and_iter_events_then_get(fc: fal_client.SyncClient) -> None:
    handle = fc.submit(ENDPOINT, arguments=wire_input(), priority="low", start_timeout=60)
    events = list(handle.iter_events(with_logs=True, interval=0.01))
    assert isinstance(events[-1], fal_client.Completed) and events[-1].error is None
    assert all(isinstance(e, fal_client.Queued | fal_client.InProgress) for e in events[:-1])
    assert handle.get()["video"]["file_size"] > 0
    again = fc.get_handle(ENDPOINT, handle.request_id)  # rebuilt from the id alone, as the client does
    assert isinstance(again.status(), fal_client.Completed)


def test_cancel_a_queued_request(sb: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with running(require_key=KEY, runners=1, time_scale=5.0) as slow:
        client = official_client(slow, monkeypatch)
        try:
            busy = client.submit(ENDPOINT, arguments=wire_input())
            queued = client.submit(ENDPOINT, arguments=wire_input())
            assert isinstance(queued.status(), fal_client.Queued)
            queued.cancel()
            done = queued.status(with_logs=True)
            assert isinstance(done, fal_client.Completed) and done.error_type == "client_cancelled"
            with pytest.raises(fal_client.client.FalClientHTTPError) as info:
                queued.get()
            assert info.value.status_code == 499
            busy.cancel()  # running: only a signal, as on fal (the job would still finish)
        finally:
            client._client.close()


def test_upload_file_goes_through_the_token_and_the_cdn(fc: fal_client.SyncClient, sb: SandboxServer,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "street.png"
    path.write_bytes(png_bytes(64, 40, "navy"))
    url = fc.upload_file(path)
    got = httpx.get(url)
    assert got.content == path.read_bytes() and got.headers["content-type"] == "image/png"
    assert url.endswith("/street.png")
    assert sb.counters.requests("token") == 1 and sb.counters.responses("cdnupload", 200) == 1
    # the key went to the REST host for the token, never to the CDN
    assert all(h["authorization"].startswith("Bearer") for h in sb.counters.headers("cdnupload"))
    assert sb.counters.headers("token")[0]["authorization"].startswith("Key")
    # the uploaded image works as the job's input; the token is cached for the next upload
    result = fc.subscribe(ENDPOINT, arguments=wire_input(image_url=url), interval=0.01)
    assert result["video"]["url"].startswith(sb.base_url)
    fc.upload(b"more bytes", "application/octet-stream")
    assert sb.counters.requests("token") == 1


def test_multipart_upload_above_the_threshold(fc: fal_client.SyncClient, sb: SandboxServer, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # fal_client's own constants, lowered so the same flow runs on a 2.5 MB file in well under a second
    monkeypatch.setattr(fal_client_module, "MULTIPART_THRESHOLD", 1024 * 1024)
    monkeypatch.setattr(fal_client_module, "MULTIPART_CHUNK_SIZE", 256 * 1024)
    path = tmp_path / "big.bin"
    data = os.urandom(2 * 1024 * 1024 + 512 * 1024 + 7)
    path.write_bytes(data)
    url = fc.upload_file(path)
    assert httpx.get(url).content == data
    assert url.endswith("/big.bin")
    assert sb.counters.requests("cdnupload") == 1 + 11 + 1  # create, 11 parts, complete


@pytest.mark.slow
def test_multipart_upload_of_a_real_101_mb_file(fc: fal_client.SyncClient, sb: SandboxServer,
                                                tmp_path: Path) -> None:
    size_mb = 101  # above fal_client's own 100 MB threshold, its own 10 MB parts
    path = tmp_path / "huge.bin"
    with path.open("wb") as fh:
        fh.truncate(size_mb * 1024 * 1024)  # sparse: no 100 MB write before the test even starts
    url = fc.upload_file(path)
    with httpx.stream("GET", url) as response:
        assert int(response.headers["content-length"]) == size_mb * 1024 * 1024
    assert sb.counters.requests("cdnupload") == 1 + 11 + 1


def test_result_time_500_raises_the_clients_http_error(fc: fal_client.SyncClient) -> None:
    with pytest.raises(fal_client.client.FalClientHTTPError) as info:
        fc.subscribe(ENDPOINT, arguments=wire_input(action_list='["w", "q"]'), interval=0.01)
    assert info.value.status_code == 500 and info.value.message == "Internal Server Error"


def test_result_time_422_raises_with_the_field_list(fc: fal_client.SyncClient) -> None:
    handle = fc.submit(ENDPOINT, arguments=wire_input() | {"action_list": ["w", "s"]})
    with pytest.raises(fal_client.client.FalClientHTTPError) as info:
        handle.get(interval=0.01)
    assert info.value.status_code == 422
    assert [d["loc"] for d in info.value.message] == [["body", "action_list"]]
    assert info.value.response_headers["x-fal-billable-units"] == "0"


def test_the_cdn_refuses_the_key_and_expired_tokens() -> None:
    with running(require_key=KEY, cdn_token_ttl_s=0.0) as server, httpx.Client(base_url=server.base_url) as c:
        r = c.post("/files/upload", content=b"x", headers={**AUTH, "Content-Type": "text/plain"})
        assert r.status_code == 401 and "key" in r.json()["detail"]
        token = c.post("/storage/auth/token?storage_type=fal-cdn-v3", json={}, headers=AUTH).json()
        assert set(token) == {"token", "token_type", "base_url", "expires_at"}
        r = c.post("/files/upload", content=b"x", headers={"Authorization": f"Bearer {token['token']}"})
        assert r.status_code == 401 and "expired" in r.json()["detail"]
        assert c.post("/storage/auth/token", json={}).status_code == 401  # the token needs the key


def test_data_uri_input_still_works_with_the_official_client(fc: fal_client.SyncClient) -> None:
    assert fc.subscribe(ENDPOINT, arguments=wire_input(image_url=data_uri()), interval=0.01)["video"]

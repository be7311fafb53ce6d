"""The queue client against the real sandbox server over loopback: the happy path, cancel, and faults."""

from __future__ import annotations

import base64
import io
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.downloads import download
from gamecraft_desktop.fal.errors import (
    AppFailedError,
    AuthError,
    EdgeError,
    JobCancelledError,
    NetworkError,
    ResultExpiredError,
    ServerError,
    StartTimeoutError,
    ValidationFailedError,
)
from gamecraft_desktop.fal.queue_client import QueueClient, QueueHandle, StatusUpdate, SubmitOptions
from gamecraft_desktop.fal.retry import RetryPolicy
from gamecraft_desktop.sandbox import SandboxServer, fake_render
from gamecraft_desktop.sandbox.faults import FaultRule

KEY = "test-id:test-secret"
RETRY = RetryPolicy(base_s=0.01, cap_s=0.05, max_attempts=4, jitter=0.0)


def _png() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (32, 20), "teal").save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


INPUT = parse_input({"image": _png(), "prompt": "a quiet street", "action_list": ["w", "d"],
                     "action_speed_list": [0.2, 0.3], "seed": 7})


@contextmanager
def sandbox(**kw: Any) -> Iterator[SandboxServer]:
    kw.setdefault("time_scale", 0.01)
    kw.setdefault("render", fake_render)
    kw.setdefault("ping_interval_s", 0.05)
    kw.setdefault("require_key", KEY)
    server = SandboxServer(**kw)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def client_for(server: SandboxServer, key: str | None = KEY, **kw: Any) -> Iterator[QueueClient]:
    cfg = FalConfig(queue_url=server.base_url, rest_url=server.base_url, timeout_s=5.0)
    with QueueClient(cfg, Credentials(key, "sandbox"), retry=RETRY, poll_min_s=0.02, poll_max_s=0.1,
                     **kw) as client:
        yield client


@pytest.fixture
def sb() -> Iterator[SandboxServer]:
    with sandbox() as server:
        yield server


@pytest.mark.parametrize("use_stream", [True, False])
def test_submit_follow_result_cancel(sb: SandboxServer, use_stream: bool) -> None:
    accepted: list[QueueHandle] = []
    updates: list[StatusUpdate] = []
    with client_for(sb) as client:
        handle = client.submit(INPUT, on_accepted=accepted.append)
        final = client.follow(handle, updates.append, use_stream=use_stream)
        out = client.result(handle)
        cancelled = client.cancel(handle)
    assert accepted == [handle] and handle.status_url.startswith(sb.base_url)
    assert final.status == "COMPLETED" and final.error is None
    assert updates[-1] is final
    assert {u.status for u in updates} <= {"IN_QUEUE", "IN_PROGRESS", "COMPLETED"}
    assert out.video.url.startswith(sb.base_url)
    assert cancelled is False  # already completed: nothing to cancel
    assert sb.counters.submits == 1 and sb.counters.jobs_created == 1
    route = "stream" if use_stream else "status"
    assert sb.counters.requests(route) >= 1
    assert all(h.get("authorization") == "Key <redacted>" for h in sb.counters.headers(route))
    if use_stream:
        assert sb.counters.requests("status") == 0


def test_cancel_a_queued_job() -> None:
    with sandbox(runners=1, seconds_per_action=200.0) as server, client_for(server) as client:
        busy = client.submit(INPUT)
        queued = client.submit(INPUT)
        assert client.status(queued).status == "IN_QUEUE"
        assert client.cancel(queued) is True
        with pytest.raises(JobCancelledError):
            client.follow(queued, lambda u: None)
        with pytest.raises(JobCancelledError):
            client.result(queued)
        assert client.cancel(busy) is True  # running: accepted, but the job is not stopped


@pytest.mark.slow
def test_start_deadline_passes_while_runner_is_busy() -> None:
    with sandbox(runners=1, seconds_per_action=500.0) as server, client_for(server) as client:
        client.submit(INPUT)
        late = client.submit(INPUT, SubmitOptions(start_timeout_s=1.1))
        with pytest.raises(StartTimeoutError):
            client.follow(late, lambda u: None, use_stream=False)


def test_wrong_key_is_auth_error(sb: SandboxServer) -> None:
    with client_for(sb, key="other-id:other-secret") as client, pytest.raises(AuthError):
        client.submit(INPUT)
    assert sb.counters.jobs_created == 0


def test_status_edge_faults_are_retried(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("status", "edge502", nth=1, times=2))
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        assert client.status(handle).status in ("IN_QUEUE", "IN_PROGRESS", "COMPLETED")
    assert sb.counters.requests("status") == 3


def test_submit_edge_fault_is_not_retried(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("submit", "edge503", nth=1, times=1))
    with client_for(sb) as client, pytest.raises(EdgeError):
        client.submit(INPUT)
    assert sb.counters.requests("submit") == 1 and sb.counters.jobs_created == 0


def test_submit_dropped_after_job_created_is_never_resent(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("submit", "drop", nth=1, times=1))
    accepted: list[QueueHandle] = []
    with client_for(sb) as client, pytest.raises(NetworkError) as info:
        client.submit(INPUT, on_accepted=accepted.append)
    assert info.value.maybe_sent is True
    assert sb.counters.requests("submit") == 1 and sb.counters.jobs_created == 1
    assert accepted == []


def test_submit_429_is_retried_once_and_creates_one_job(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("submit", "429", nth=1, times=1, arg=0.01))
    with client_for(sb) as client:
        client.submit(INPUT)
    assert sb.counters.requests("submit") == 2 and sb.counters.jobs_created == 1


@pytest.mark.parametrize("rule,streams", [(FaultRule("stream", "ssedrop", nth=1, times=1, arg=1), 1),
                                          (FaultRule("stream", "404", nth=1, times=1), 1),
                                          (FaultRule("stream", "truncate", nth=1, times=1), 1),
                                          (FaultRule("stream", "edge502", nth=1), RETRY.max_attempts)])
def test_stream_faults_fall_back_to_polling(sb: SandboxServer, rule: FaultRule, streams: int) -> None:
    sb.faults.add(rule)
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        final = client.follow(handle, lambda u: None)
        assert client.result(handle).video.url
    assert final.status == "COMPLETED"
    assert sb.counters.requests("stream") == streams and sb.counters.requests("status") >= 1


def test_result_bad_json_and_truncation_are_retried(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("result", "badjson", nth=1, times=1))
    sb.faults.add(FaultRule("result", "truncate", nth=2, times=1))
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        client.follow(handle, lambda u: None)
        assert client.result(handle).video.url
    assert sb.counters.requests("result") == 3


def test_app_error_completed_with_error(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("submit", "apperror", nth=1, times=1, arg="runner_disconnected"))
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        with pytest.raises(ServerError) as info:
            client.follow(handle, lambda u: None)
    assert info.value.error_type == "runner_disconnected"


def test_app_500_shows_on_result_only(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("submit", "app500", nth=1, times=1))
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        assert client.follow(handle, lambda u: None).error is None
        with pytest.raises(AppFailedError) as info:
            client.result(handle)
    assert info.value.status == 500 and info.value.request_id == handle.request_id
    assert info.value.billed is False and isinstance(info.value, ServerError)
    assert not isinstance(info.value, EdgeError)
    assert sb.counters.requests("result") == 1  # final: not fetched again


def test_an_image_the_app_cannot_fetch_is_a_result_time_500(sb: SandboxServer) -> None:
    """No fault injected: the default sandbox answers like the real app, whose runner fails downloading."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/gone.png"
    inp = parse_input({**INPUT.to_wire(), "image": {"url": dead}})
    with client_for(sb) as client:
        handle = client.submit(inp)
        final = client.follow(handle, lambda u: None)
        with pytest.raises(AppFailedError) as info:
            client.result(handle)
    assert final.status == "COMPLETED" and final.error is None and not final.failed
    assert "not bill" in str(info.value) and info.value.request_id == handle.request_id
    assert sb.counters.submits == 1 and sb.counters.requests("result") == 1


def test_app_422_on_result(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("submit", "app422", nth=1, times=1))
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        client.follow(handle, lambda u: None)
        with pytest.raises(ValidationFailedError) as info:
            client.result(handle)
    assert [i.field for i in info.value.issues] == ["image"]
    assert info.value.billed is False and "(not billed)" in str(info.value)


def test_the_real_apps_octet_stream_video_is_accepted_by_sniffing(sb: SandboxServer, tmp_path: Path) -> None:
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        client.follow(handle, lambda u: None)
        video = client.result(handle).video
    assert video.content_type == "application/octet-stream"
    assert video.file_name is not None and video.file_name[:-4].isdigit()
    out = download(video.url, tmp_path / "clip.mp4", expected_size=video.file_size, allow_loopback_http=True)
    assert out.read_bytes()[4:8] == b"ftyp"


def test_expired_result(sb: SandboxServer) -> None:
    sb.faults.add(FaultRule("result", "expired", nth=1))
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        client.follow(handle, lambda u: None)
        with pytest.raises(ResultExpiredError):
            client.result(handle)


def test_reattach_with_only_the_request_id(sb: SandboxServer) -> None:
    with client_for(sb) as client:
        request_id = client.submit(INPUT).request_id
    with client_for(sb) as fresh:
        handle = fresh.handle_for(request_id)
        fresh.follow(handle, lambda u: None)
        assert fresh.result(handle).video.url


def test_submit_sends_options_the_sandbox_accepts(sb: SandboxServer) -> None:
    with client_for(sb) as client:
        handle = client.submit(INPUT, SubmitOptions(priority="low", start_timeout_s=30, no_retry=True,
                                                    store_io=False))
        client.follow(handle, lambda u: None)
    headers = sb.counters.headers("submit")[0]
    assert headers["x-fal-queue-priority"] == "low" and headers["x-fal-store-io"] == "0"


def test_server_down_is_connect_error_without_send() -> None:
    with sandbox() as server:
        cfg_url = server.base_url
    cfg = FalConfig(queue_url=cfg_url, rest_url=cfg_url, timeout_s=2.0)
    with QueueClient(cfg, Credentials(KEY, "sandbox"), retry=RETRY) as client, \
            pytest.raises(NetworkError) as info:
        client.submit(INPUT)
    assert info.value.maybe_sent is False


def test_key_does_not_reach_the_cdn(sb: SandboxServer) -> None:
    with client_for(sb) as client:
        handle = client.submit(INPUT)
        client.follow(handle, lambda u: None)
        url = client.result(handle).video.url
    with httpx.Client() as plain:
        assert plain.get(url).status_code == 200
    assert not sb.counters.header_seen("cdn", "authorization")

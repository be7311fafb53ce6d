"""The key goes to the configured queue and REST hosts only; proxy mode sends no key at all."""

from __future__ import annotations

import logging

import httpx
import pytest
from fal_fakes import KEY, QUEUE, VALID_INPUT, FakeFal, make_client, result_reply, sse_reply, submit_reply

from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import MalformedKeyError
from gamecraft_desktop.fal.http_client import FalHttp
from gamecraft_desktop.fal.queue_client import SubmitOptions

AUTH = f"Key {KEY}"


def recording_http(config: FalConfig | None = None, credentials: Credentials | None = None
                   ) -> tuple[FalHttp, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    http = FalHttp(config or FalConfig(), credentials or Credentials(KEY, "keyring"),
                   transport=httpx.MockTransport(handler))
    return http, seen


@pytest.mark.parametrize("url", [
    "https://queue.fal.run/anthonywu/gamecraft",
    "https://QUEUE.fal.run:443/anthonywu/gamecraft/requests/x/status",
    "https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3",
])
def test_key_goes_to_queue_and_rest_hosts(url: str) -> None:
    http, seen = recording_http()
    with http:
        http.request("GET", url)
    assert seen[0].headers["authorization"] == AUTH


@pytest.mark.parametrize("url", [
    "https://storage.googleapis.com/fal-upload/abc?X-Goog-Signature=sig",  # signed upload URL
    "https://v3.fal.media/files/panda/out.mp4",                            # CDN
    "https://fal.media/files/x.mp4",
    "https://example.com/my-photo.png",                                   # user image URL
    "https://hooks.example.com/fal",                                      # webhook
    "http://queue.fal.run/anthonywu/gamecraft",                           # downgraded scheme
    "https://queue.fal.run:8443/anthonywu/gamecraft",                     # other port
    "https://queue.fal.run.evil.com/anthonywu/gamecraft",                 # look-alike host
    "https://evil.com/?https://queue.fal.run/",
    "https://[queue.fal.run/x",                                           # unparseable
])
def test_key_never_goes_anywhere_else_even_if_passed_explicitly(url: str) -> None:
    http, seen = recording_http()
    with http:
        http.request("PUT", url, content=b"bytes", headers={"Authorization": AUTH, "Content-Type": "video/mp4"})
    assert "authorization" not in seen[0].headers
    assert KEY not in str(seen[0].headers)
    assert seen[0].headers["content-type"] == "video/mp4"


def test_loopback_sandbox_gets_the_key_on_its_own_port_only() -> None:
    cfg = FalConfig(queue_url="http://127.0.0.1:8123", rest_url="http://127.0.0.1:8123")
    assert cfg.is_loopback
    http, seen = recording_http(cfg)
    with http:
        http.request("GET", "http://127.0.0.1:8123/anthonywu/gamecraft/requests/x/status")
        http.request("GET", "http://127.0.0.1:9999/files/x.mp4")
    assert seen[0].headers["authorization"] == AUTH
    assert "authorization" not in seen[1].headers


def test_queue_flow_never_contacts_webhook_or_cdn_and_key_only_on_queue() -> None:
    fake = FakeFal().on("submit", submit_reply()).on(
        "stream", sse_reply({"status": "COMPLETED", "logs": []})).on("result", result_reply())
    with make_client(fake) as client:
        h = client.submit(VALID_INPUT, SubmitOptions(webhook_url="https://hooks.example.com/fal"))
        client.follow(h, lambda u: None)
        client.result(h)
    assert {r.url.host for r in fake.requests} == {"queue.fal.run"}
    assert all(r.headers["authorization"] == AUTH for r in fake.requests)


def test_submit_answer_pointing_at_a_foreign_host_is_not_followed_with_the_key() -> None:
    evil = "https://collector.example.net/requests/req-1"
    fake = FakeFal().on("submit", submit_reply(response_url=evil, status_url=f"{evil}/status",
                                               cancel_url=f"{evil}/cancel"))
    fake.on("status", httpx.Response(200, json={"status": "COMPLETED"}))
    with make_client(fake) as client:
        h = client.submit(VALID_INPUT)
        client.status(h)
    assert h.status_url.startswith(f"{QUEUE}/anthonywu/gamecraft/requests/req-1")
    assert all(r.url.host == "queue.fal.run" for r in fake.requests)


def test_redirects_are_not_followed() -> None:
    http, seen = recording_http()
    seen.clear()

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(307, headers={"Location": "https://elsewhere.example.com/steal"})

    http = FalHttp(FalConfig(), Credentials(KEY, "keyring"), transport=httpx.MockTransport(handler))
    with http:
        resp = http.request("GET", f"{QUEUE}/anthonywu/gamecraft/requests/x")
    assert resp.status_code == 307 and len(seen) == 1


# --- proxy mode -------------------------------------------------------------------------------

PROXY = "http://127.0.0.1:3000/api/fal/proxy"


@pytest.mark.parametrize("creds", [Credentials.proxy(), Credentials(KEY, "keyring")])
def test_proxy_mode_sends_target_url_and_no_key(creds: Credentials) -> None:
    cfg = FalConfig(proxy_url=PROXY)
    fake = FakeFal()
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        target = httpx.URL(request.headers["x-fal-target-url"])
        if request.method == "POST":
            return submit_reply()
        if target.path.endswith("/status"):
            return httpx.Response(200, json={"status": "COMPLETED", "logs": []})
        return result_reply()

    fake.handler = handler  # type: ignore[method-assign]
    with make_client(fake, config=cfg, credentials=creds) as client:
        h = client.submit(VALID_INPUT, SubmitOptions(webhook_url="https://hooks.example.com/x"))
        client.status(h)
        client.result(h)
    assert [str(r.url) for r in seen] == [PROXY] * 3
    assert all("authorization" not in r.headers for r in seen)
    assert [r.headers["x-fal-target-url"] for r in seen] == [
        f"{QUEUE}/anthonywu/gamecraft?fal_webhook=https%3A%2F%2Fhooks.example.com%2Fx",
        f"{QUEUE}/anthonywu/gamecraft/requests/req-1/status?logs=1",
        f"{QUEUE}/anthonywu/gamecraft/requests/req-1",
    ]
    assert seen[0].method == "POST" and b'"prompt"' in seen[0].read()


def test_proxy_mode_does_not_proxy_foreign_urls() -> None:
    http, seen = recording_http(FalConfig(proxy_url=PROXY), Credentials.proxy())
    with http:
        http.request("PUT", "https://storage.googleapis.com/upload?sig=1", content=b"x")
    assert seen[0].url.host == "storage.googleapis.com"
    assert "x-fal-target-url" not in seen[0].headers and "authorization" not in seen[0].headers


def test_malformed_key_is_refused_before_sending_direct() -> None:
    http, seen = recording_http(credentials=Credentials("nocolon", "FAL_KEY"))
    with http, pytest.raises(MalformedKeyError):
        http.request("GET", f"{QUEUE}/x/y")
    assert seen == []


# --- the key never appears in logs, reprs or error messages ------------------------------------


def test_key_never_logged_or_shown(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeFal().on("submit", httpx.ReadTimeout("t"), submit_reply())
    fake.on("status", httpx.Response(401, json={"detail": "Invalid key"}))
    creds = Credentials(KEY, "keyring")
    errors = []
    with make_client(fake, credentials=creds) as client:
        for call in (lambda: client.submit(VALID_INPUT), lambda: client.status(client.handle_for("r"))):
            try:
                call()
            except Exception as exc:
                errors.append(exc)
    everything = caplog.text + repr(creds) + repr(client.credentials) + " ".join(
        f"{e} {e.to_dict()}" for e in errors)  # type: ignore[attr-defined]
    assert len(errors) == 2
    assert "test-secret" not in everything and KEY not in everything
    assert "test-secret" not in creds.masked


@pytest.mark.parametrize("url", ["queue.fal.run/x", "ftp://queue.fal.run/x", "https:///nohost"])
def test_unusable_urls_are_typed_errors_not_httpx_exceptions(url: str) -> None:
    from gamecraft_desktop.fal.errors import FalError, NetworkError

    http, seen = recording_http()
    with http, pytest.raises(FalError) as info:
        http.request("GET", url)
    assert not isinstance(info.value, NetworkError)  # nothing to retry
    assert seen == []

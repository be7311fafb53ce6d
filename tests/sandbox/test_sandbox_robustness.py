"""The sandbox never crashes on malformed input and always answers fal-shaped JSON; logs never hold the key."""

from __future__ import annotations

import json
import logging
import socket
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sandbox_support import AUTH, ENDPOINT, KEY, client_for, running, submit, wait_status, wire_input

from gamecraft_desktop.sandbox import SandboxServer


def raw_exchange(server: SandboxServer, data: bytes, timeout: float = 3.0) -> bytes:
    """Send raw bytes, read until the server closes (or times out)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return out


def parse_raw(answer: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)


def test_invalid_json_body_is_422_and_server_keeps_serving(sandbox: SandboxServer, client: httpx.Client) -> None:
    for body in (b"{", b"\xff\xfe", b"[1,", b"nan", b"[" * 100_000 + b"]" * 100_000, b""):
        r = client.post(f"/{ENDPOINT}", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 422, body[:20]
        assert isinstance(r.json()["detail"], list)
    assert client.post(f"/{ENDPOINT}", json=wire_input()).status_code == 200


def test_body_over_the_limit_is_413() -> None:
    with running(max_json_bytes=1000) as sb, client_for(sb) as c:
        r = c.post(f"/{ENDPOINT}", content=b"{" + b" " * 5000 + b"}")
        assert r.status_code == 413
        assert "too large" in r.json()["detail"]
        assert c.post(f"/{ENDPOINT}", json=wire_input()).status_code == 200


def test_huge_declared_length_gets_413_without_reading_it(sandbox: SandboxServer) -> None:
    answer = raw_exchange(sandbox, (f"POST /{ENDPOINT} HTTP/1.1\r\nHost: x\r\nAuthorization: Key {KEY}\r\n"
                                    "Content-Length: 999999999999\r\n\r\n{").encode())
    status, body = parse_raw(answer)
    assert status == 413 and "detail" in body
    assert b"Connection: close" in answer


def test_wrong_methods_are_405_with_allow(sandbox: SandboxServer, client: httpx.Client) -> None:
    handle = submit(client)
    for method, url in (("GET", f"/{ENDPOINT}"), ("DELETE", handle["status_url"]), ("POST", handle["response_url"]),
                        ("GET", handle["cancel_url"]), ("GET", "/storage/upload/initiate"),
                        ("PATCH", handle["status_url"] + "/stream")):
        r = client.request(method, url)
        assert r.status_code == 405, (method, url)
        assert r.json() == {"detail": "Method Not Allowed"}
        assert r.headers["allow"]


def test_unknown_method_and_garbage_request_lines(sandbox: SandboxServer) -> None:
    status, body = parse_raw(raw_exchange(sandbox, b"BREW /anthonywu/gamecraft HTTP/1.1\r\nHost: x\r\n\r\n"))
    assert status == 405 and body["detail"]
    status, body = parse_raw(raw_exchange(sandbox, b"\x00\x01garbage\r\n\r\n"))
    assert status == 400 and body["detail"]
    status, body = parse_raw(raw_exchange(sandbox, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"))
    assert status == 414 and body["detail"]
    assert httpx.get(sandbox.base_url + "/nope", verify=False).status_code == 404  # still serving


@pytest.mark.parametrize("path", ["/", "/nope", "/storage", "/storage/upload/other", "/files/x",
                                  "/anthonywu/gamecraft/requests", "/anthonywu/gamecraft/requests/x/what",
                                  "/upload/x/y/z"])
def test_bad_paths_are_404_json(sandbox: SandboxServer, client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "detail" in r.json()


def test_client_vanishing_mid_body_does_not_hurt(sandbox: SandboxServer, client: httpx.Client) -> None:
    raw_exchange(sandbox, (f"POST /{ENDPOINT} HTTP/1.1\r\nHost: x\r\nAuthorization: Key {KEY}\r\n"
                           "Content-Length: 500\r\n\r\n{\"pro").encode(), timeout=0.2)
    assert client.post(f"/{ENDPOINT}", json=wire_input()).status_code == 200


def test_logs_one_line_per_request_and_never_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="gamecraft_desktop.sandbox")
    with running() as sb, client_for(sb) as c:
        handle = submit(c)
        wait_status(c, handle)
        up = c.post("/storage/upload/initiate", json={}).json()
        httpx.put(up["upload_url"], content=b"x", headers=AUTH, verify=False)  # refused, and logged
    text = caplog.text
    assert "test-secret" not in text and KEY not in text
    token = up["upload_url"].split("token=")[1]
    assert token not in text
    assert sum(1 for r in caplog.records if f"POST /{ENDPOINT} ->" in r.getMessage()) == 1


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
FIELD_VALUES = st.one_of(JSON, st.sampled_from(['["w","s"]', '["w"]', "[0.2]", '[0.2, 0.2]', "[]", '["x"]', "[1e400]",
                                               "data:image/png;base64,AAAA", "https://example.com/a.png", ""]))
NEAR_VALID = st.fixed_dictionaries({}, optional={
    "image": st.one_of(FIELD_VALUES, st.fixed_dictionaries({"url": FIELD_VALUES})),
    "prompt": FIELD_VALUES, "neg_prompt": FIELD_VALUES, "action_list": FIELD_VALUES,
    "action_speed_list": FIELD_VALUES, "cfg_scale": FIELD_VALUES, "infer_steps": FIELD_VALUES, "seed": FIELD_VALUES,
})


def assert_fal_shaped(r: httpx.Response) -> None:
    body = r.json()
    assert isinstance(body, dict)
    if r.status_code == 200:
        assert body["status"] == "IN_QUEUE"
        assert {"request_id", "response_url", "status_url", "cancel_url", "queue_position"} <= set(body)
    else:
        assert r.status_code == 422, r.text
        assert isinstance(body["detail"], list) and body["detail"]
        for item in body["detail"]:
            assert item["loc"][0] == "body" and isinstance(item["msg"], str) and isinstance(item["type"], str)


@pytest.mark.slow
def test_arbitrary_json_bodies_never_crash_the_server() -> None:
    with running(runners=1) as sb, client_for(sb) as c:

        @settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(st.one_of(JSON, NEAR_VALID))
        def check(value: Any) -> None:
            r = c.post(f"/{ENDPOINT}", content=json.dumps(value), headers={"Content-Type": "application/json"})
            assert_fal_shaped(r)

        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(st.binary(max_size=200))
        def check_bytes(raw: bytes) -> None:
            r = c.post(f"/{ENDPOINT}", content=raw)
            assert_fal_shaped(r)

        check()
        check_bytes()
        assert sb.counters.responses("submit", 500) == 0
        assert c.post(f"/{ENDPOINT}", json=wire_input()).status_code == 200

"""Fault injection: each fault as a client sees it, the per-Nth/count rules, and the --faults syntax."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from sandbox_support import (
    ENDPOINT,
    client_for,
    request,
    run_to_completion,
    running,
    submit,
    wait_status,
    wire_input,
)

from gamecraft_desktop.sandbox import FaultKind, FaultRule, FaultSpecError, SandboxServer, parse_fault_spec


def test_edge_502_on_the_second_status_poll_only(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.faults.add(FaultRule("status", "edge502", nth=2, times=1))
    handle = submit(client)
    assert client.get(handle["status_url"]).status_code in (200, 202)
    bad = client.get(handle["status_url"])
    assert bad.status_code == 502
    assert bad.headers["content-type"].startswith("text/html")
    assert "nginx" in bad.text and "502 Bad Gateway" in bad.text
    assert "x-fal-request-id" not in bad.headers
    assert client.get(handle["status_url"]).status_code in (200, 202)
    assert sandbox.counters.faults_applied("edge502") == 1


@pytest.mark.parametrize("code", [503, 504])
def test_edge_fault_on_submit_creates_no_job(sandbox: SandboxServer, client: httpx.Client, code: int) -> None:
    sandbox.faults.add(FaultRule("submit", f"edge{code}", nth=1, times=1))
    r = client.post(f"/{ENDPOINT}", json=wire_input())
    assert r.status_code == code
    assert "x-fal-request-id" not in r.headers and "<center>nginx</center>" in r.text
    assert sandbox.counters.jobs_created == 0 and sandbox.counters.submits == 0
    assert client.post(f"/{ENDPOINT}", json=wire_input()).status_code == 200  # connection still usable
    assert sandbox.counters.jobs_created == 1


def test_rate_limit_429_with_retry_after_for_the_first_two(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.faults.add(FaultRule("submit", "429", times=2, arg=3))
    codes = [client.post(f"/{ENDPOINT}", json=wire_input()) for _ in range(3)]
    assert [r.status_code for r in codes] == [429, 429, 200]
    assert codes[0].headers["retry-after"] == "3"
    assert "detail" in codes[0].json()


def test_slow_fault_delays_the_answer(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.faults.add(FaultRule("initiate", "slow", arg=0.3))
    t0 = time.monotonic()
    r = client.post("/storage/upload/initiate?storage_type=fal-cdn-v3", json={})
    assert r.status_code == 200
    assert time.monotonic() - t0 >= 0.3


def test_hang_never_answers_and_stop_still_returns() -> None:
    with running() as sb, client_for(sb, timeout=0.3) as c:
        sb.faults.add(FaultRule("status", "hang"))
        handle = submit(c)
        with pytest.raises(httpx.ReadTimeout):
            c.get(handle["status_url"])
        with pytest.raises(httpx.ReadTimeout):
            c.get(handle["status_url"])
        t0 = time.monotonic()
        sb.stop()  # the hung handler threads are released and joined
        assert time.monotonic() - t0 < 3


def test_dropped_submit_still_created_the_job(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.faults.add(FaultRule("submit", "drop", times=1))
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(f"/{ENDPOINT}", json=wire_input())
    assert sandbox.counters.jobs_created == 1  # the lost answer hid a real, paid job
    assert client.post(f"/{ENDPOINT}", json=wire_input()).status_code == 200


def test_truncated_cdn_body_then_resume_with_range(sandbox: SandboxServer, client: httpx.Client) -> None:
    _, result = run_to_completion(client)
    video = result.json()["video"]
    sandbox.faults.add(FaultRule("cdn", "truncate", times=1))
    got = bytearray()
    with pytest.raises(httpx.RemoteProtocolError), httpx.Client(verify=False) as anon, \
            anon.stream("GET", video["url"]) as r:
        assert r.headers["content-length"] == str(video["file_size"])
        for chunk in r.iter_raw():
            got += chunk
    assert 0 < len(got) < video["file_size"]
    rest = request("GET", video["url"], headers={"Range": f"bytes={len(got)}-"})
    assert rest.status_code == 206
    assert bytes(got) + rest.content == request("GET", video["url"]).content


def test_truncated_json_answer(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.faults.add(FaultRule("submit", "truncate", times=1))
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(f"/{ENDPOINT}", json=wire_input())


def test_malformed_json_keeps_status_code(sandbox: SandboxServer, client: httpx.Client) -> None:
    handle = submit(client)
    sandbox.faults.add(FaultRule("status", "badjson", times=1))
    r = client.get(handle["status_url"])
    assert r.status_code in (200, 202)
    assert r.headers["x-fal-request-id"] == handle["request_id"]
    with pytest.raises(json.JSONDecodeError):
        r.json()


def test_app500_completes_without_error_and_result_is_500_with_request_id(
        sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.faults.add(FaultRule("submit", "app500", times=1))
    handle = submit(client)
    done = wait_status(client, handle)
    assert "error" not in done  # COMPLETED is not yet success
    r = client.get(handle["response_url"])
    assert r.status_code == 500
    assert r.json() == {"detail": "Internal Server Error"}
    assert r.headers["x-fal-request-id"] == handle["request_id"]


def test_app422_result_is_a_validation_list(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.faults.add(FaultRule("submit", "app422", times=1))
    handle, r = run_to_completion(client)
    assert r.status_code == 422
    assert r.headers["x-fal-request-id"] == handle["request_id"]
    assert r.json()["detail"][0]["loc"] == ["body", "image"]


@pytest.mark.parametrize(("error_type", "code"), [("runner_disconnected", 503), ("request_timeout", 504),
                                                   ("internal_error", 500)])
def test_apperror_completes_with_error_and_replays_it(sandbox: SandboxServer, client: httpx.Client,
                                                      error_type: str, code: int) -> None:
    sandbox.faults.add(FaultRule("submit", "apperror", times=1, arg=error_type))
    handle = submit(client)
    done = wait_status(client, handle)
    assert done["error_type"] == error_type and done["error"]
    r = client.get(handle["response_url"])
    assert r.status_code == code
    assert r.headers["x-fal-error-type"] == error_type
    assert r.headers["x-fal-request-id"] == handle["request_id"]
    assert r.json()["error_type"] == error_type


def test_expired_result(sandbox: SandboxServer, client: httpx.Client) -> None:
    handle, ok = run_to_completion(client)
    assert ok.status_code == 200
    sandbox.faults.add(FaultRule("result", "expired"))
    r = client.get(handle["response_url"])
    assert r.status_code == 404 and "detail" in r.json()


@pytest.mark.parametrize("code", [401, 403, 404])
def test_key_and_endpoint_faults(sandbox: SandboxServer, client: httpx.Client, code: int) -> None:
    sandbox.faults.add(FaultRule("submit", str(code), times=1))
    r = client.post(f"/{ENDPOINT}", json=wire_input())
    assert r.status_code == code
    assert isinstance(r.json()["detail"], str)
    assert sandbox.counters.jobs_created == 0


def test_any_route_rule_and_count_limit(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.faults.add(FaultRule("*", "edge503", nth=2, times=2))
    handle = submit(client)  # submit #1: fine
    assert client.get(handle["status_url"]).status_code in (200, 202)  # status #1: fine
    assert client.get(handle["status_url"]).status_code == 503  # status #2
    assert client.get(handle["status_url"]).status_code == 503  # status #3
    assert client.get(handle["status_url"]).status_code in (200, 202)  # status #4: the rule is used up
    assert client.post(f"/{ENDPOINT}", json=wire_input()).status_code == 503  # submit #2


def test_faults_from_a_spec_string_at_construction() -> None:
    with running(faults="cdn:1:drop,status:2+:429") as sb, client_for(sb) as c:
        handle = submit(c)
        assert c.get(handle["status_url"]).status_code in (200, 202)
        assert c.get(handle["status_url"]).status_code == 429
        assert c.get(handle["status_url"]).status_code == 429
        assert len(sb.faults.rules) == 2


def test_parse_fault_spec() -> None:
    rules = parse_fault_spec("status:2:edge502, cdn:1:drop,submit:*:slow=0.5,stream:1x3:ssedrop=2,*:3+:429")
    assert [(r.route, r.fault, r.nth, r.times, r.arg) for r in rules] == [
        ("status", FaultKind.EDGE_502, 2, 1, None),
        ("cdn", FaultKind.DROP, 1, 1, None),
        ("submit", FaultKind.SLOW, 1, None, "0.5"),
        ("stream", FaultKind.SSE_DROP, 1, 3, "2"),
        ("*", FaultKind.RATE_LIMIT, 3, None, None),
    ]
    assert rules[2].float_arg(9) == 0.5 and rules[3].int_arg(1) == 2
    assert rules[1].matches("cdn", 1) and not rules[1].matches("cdn", 2) and not rules[1].matches("status", 1)
    assert parse_fault_spec("") == []


@pytest.mark.parametrize("bad", ["status:2", "nowhere:1:drop", "status:0:drop", "status:x:drop", "status:1:explode",
                                 "status:1x0:drop"])
def test_parse_fault_spec_errors_name_the_part(bad: str) -> None:
    with pytest.raises(FaultSpecError) as err:
        parse_fault_spec(f"cdn:1:drop,{bad}")
    assert bad in str(err.value)

"""The sandbox's queue over real loopback HTTP: submit, status, result, cancel, auth, validation, expiry."""

from __future__ import annotations

import itertools
import json
import re
import time
import uuid

import httpx
import pytest
from http_stubs import hook_url, webhook_receiver
from sandbox_support import (
    AUTH,
    ENDPOINT,
    client_for,
    data_uri,
    png_bytes,
    request,
    run_to_completion,
    running,
    submit,
    wait_status,
    wire_input,
)

from gamecraft_desktop.sandbox import SandboxServer


def test_submit_answers_in_queue_with_urls_and_request_id_header(sandbox: SandboxServer,
                                                                  client: httpx.Client) -> None:
    r = client.post(f"/{ENDPOINT}", json=wire_input())
    assert r.status_code == 200
    body = r.json()
    rid = body["request_id"]
    assert str(uuid.UUID(rid)) == rid
    assert r.headers["x-fal-request-id"] == rid
    assert body["status"] == "IN_QUEUE"
    assert body["queue_position"] == 0
    base = f"{sandbox.base_url}/{ENDPOINT}/requests/{rid}"
    assert body["response_url"] == base
    assert body["status_url"] == base + "/status"
    assert body["cancel_url"] == base + "/cancel"


def test_status_202_while_running_then_200_with_metrics_and_result(client: httpx.Client) -> None:
    handle = submit(client)
    first = client.get(handle["status_url"])
    assert first.status_code == 202
    assert first.json()["status"] in ("IN_QUEUE", "IN_PROGRESS")
    done = wait_status(client, handle)
    final = client.get(handle["status_url"])
    assert final.status_code == 200
    assert done["metrics"]["inference_time"] >= 0
    assert "error" not in done
    result = client.get(handle["response_url"])
    assert result.status_code == 200
    assert result.headers["x-fal-request-id"] == handle["request_id"]
    video = result.json()["video"]
    assert set(video) == {"url", "content_type", "file_name", "file_size"}
    assert video["content_type"] == "application/octet-stream"  # what the real app reports
    assert re.fullmatch(r"\d+\.mp4", video["file_name"])
    download = request("GET", video["url"])  # no Authorization: the CDN is public
    assert download.status_code == 200
    assert len(download.content) == video["file_size"]
    assert download.content[4:12] == b"ftypisom"


def test_result_before_completion_is_400_in_progress() -> None:
    with running(time_scale=0.2) as sb, client_for(sb) as c:
        handle = submit(c)
        r = c.get(handle["response_url"])
        assert r.status_code == 400
        assert r.json() == {"detail": "Request is still in progress"}


def test_logs_cumulative_with_segments_for_1_and_true_null_for_0_and_false() -> None:
    with running(time_scale=0.05) as sb, client_for(sb) as c:
        handle = submit(c, wire_input(actions=("w", "a", "d")))
        seen: list[list[str]] = []
        while True:
            body = c.get(handle["status_url"], params={"logs": "true"}).json()
            if body["status"] != "IN_QUEUE":
                seen.append([e["message"] for e in body["logs"]])
            if body["status"] == "COMPLETED":
                break
            time.sleep(0.01)
        for earlier, later in itertools.pairwise(seen):
            assert later[: len(earlier)] == earlier  # cumulative: earlier lines are kept
        final = seen[-1]
        assert [m for m in final if m.startswith("Generating segment")] == [
            "Generating segment 1/3 with action ID: w",
            "Generating segment 2/3 with action ID: a",
            "Generating segment 3/3 with action ID: d",
        ]
        assert any(len(s) < len(final) for s in seen)  # progress was visible before the end
        entry = c.get(handle["status_url"], params={"logs": "1"}).json()["logs"][0]
        assert {"message", "timestamp"} <= set(entry)
        for off in ("0", "false"):
            assert c.get(handle["status_url"], params={"logs": off}).json()["logs"] is None
        assert c.get(handle["status_url"]).json()["logs"] is None


def test_trailing_slashes_are_optional(sandbox: SandboxServer, client: httpx.Client) -> None:
    r = client.post(f"/{ENDPOINT}/", json=wire_input())
    assert r.status_code == 200
    handle = r.json()
    wait_status(client, handle)
    assert client.get(handle["status_url"] + "/").status_code == 200
    assert client.get(handle["response_url"] + "/").status_code == 200


@pytest.mark.slow
def test_queue_positions_decrease_as_the_single_runner_frees_up() -> None:
    with running(runners=1, time_scale=0.05) as sb, client_for(sb) as c:  # 0.1 s per action, 0.2 s per job
        first = submit(c, wire_input(actions=("w", "s", "d", "a")))  # runs long enough to hold the runner
        wait_status(c, first, "IN_PROGRESS")
        second, third = submit(c), submit(c)
        assert (second["queue_position"], third["queue_position"]) == (0, 1)
        positions: list[int] = []
        while True:
            body = c.get(third["status_url"]).json()
            if body["status"] != "IN_QUEUE":
                break
            positions.append(body["queue_position"])
            time.sleep(0.02)
        assert positions[0] == 1 and positions[-1] == 0
        assert positions == sorted(positions, reverse=True)
        assert c.get(first["status_url"]).json()["status"] == "COMPLETED"
        wait_status(c, third)


def test_low_priority_waits_behind_normal() -> None:
    with running(runners=1, time_scale=0.1) as sb, client_for(sb) as c:
        first = submit(c, wire_input(actions=("w", "s", "d", "a")))  # runs long enough to hold the runner
        wait_status(c, first, "IN_PROGRESS")
        low = submit(c, headers={"X-Fal-Queue-Priority": "low"})
        normal = submit(c)
        assert c.get(normal["status_url"]).json()["queue_position"] == 0
        assert c.get(low["status_url"]).json()["queue_position"] == 1
        assert c.post(f"/{ENDPOINT}", json=wire_input(),
                      headers={"X-Fal-Queue-Priority": "urgent"}).status_code == 400


@pytest.mark.slow
def test_start_timeout_expires_a_queued_job_with_504_user() -> None:
    with running(runners=1, time_scale=1.0, seconds_per_action=5.0) as sb, client_for(sb) as c:
        first = submit(c, wire_input(actions=("w",)))
        wait_status(c, first, "IN_PROGRESS")
        late = submit(c, headers={"X-Fal-Request-Timeout": "1.1"})
        done = wait_status(c, late, timeout=4)
        assert done["error_type"] == "request_timeout"
        r = c.get(late["response_url"])
        assert r.status_code == 504
        assert r.headers["x-fal-request-timeout-type"] == "user"
        assert r.headers["x-fal-error-type"] == "request_timeout"
        bad = c.post(f"/{ENDPOINT}", json=wire_input(), headers={"X-Fal-Request-Timeout": "0.5"})
        assert bad.status_code == 400


def test_cancel_queued_job_ends_client_cancelled_with_499() -> None:
    with running(runners=1, time_scale=0.1) as sb, client_for(sb) as c:
        first = submit(c, wire_input(actions=("w", "s", "d", "a")))  # runs long enough to hold the runner
        wait_status(c, first, "IN_PROGRESS")
        queued = submit(c)
        r = c.put(queued["cancel_url"])
        assert r.status_code == 202
        assert r.json() == {"status": "CANCELLATION_REQUESTED"}
        status = c.get(queued["status_url"])
        assert status.status_code == 200
        assert status.json()["status"] == "COMPLETED"
        assert status.json()["error_type"] == "client_cancelled"
        result = c.get(queued["response_url"])
        assert result.status_code == 499
        assert result.json()["error_type"] == "client_cancelled"
        assert result.headers["x-fal-request-id"] == queued["request_id"]
        assert c.put(queued["cancel_url"]).json() == {"status": "ALREADY_COMPLETED"}


def test_cancel_running_job_is_accepted_but_the_job_finishes_anyway() -> None:
    with running(time_scale=0.1) as sb, client_for(sb) as c:
        handle = submit(c)
        wait_status(c, handle, "IN_PROGRESS")
        r = c.put(handle["cancel_url"])
        assert r.status_code == 202
        done = wait_status(c, handle)
        assert "error" not in done
        assert c.get(handle["response_url"]).status_code == 200


def test_cancel_answers_already_completed_and_not_found(client: httpx.Client) -> None:
    handle, _ = run_to_completion(client)
    r = client.put(handle["cancel_url"])
    assert (r.status_code, r.json()) == (400, {"status": "ALREADY_COMPLETED"})
    missing = client.put(f"/{ENDPOINT}/requests/{uuid.uuid4()}/cancel")
    assert (missing.status_code, missing.json()) == (404, {"status": "NOT_FOUND"})


def test_unknown_request_id_is_404_on_status_and_result(client: httpx.Client) -> None:
    rid = uuid.uuid4()
    for path in (f"/{ENDPOINT}/requests/{rid}/status", f"/{ENDPOINT}/requests/{rid}"):
        r = client.get(path)
        assert r.status_code == 404
        assert "detail" in r.json()


def test_result_expires_after_ttl() -> None:
    with running(result_ttl_s=0.3) as sb, client_for(sb) as c:
        handle, result = run_to_completion(c)
        assert result.status_code == 200
        time.sleep(0.4)
        assert c.get(handle["response_url"]).status_code == 404
        assert c.get(handle["status_url"]).status_code == 404
        assert c.put(handle["cancel_url"]).json() == {"status": "NOT_FOUND"}


# --- auth and endpoints ------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Key nocolon", "Bearer a:b", "Key :secret", "Key id:"])
def test_missing_or_malformed_key_is_401(sandbox: SandboxServer, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    r = request("POST", f"{sandbox.base_url}/{ENDPOINT}", json=wire_input(), headers=headers)
    assert r.status_code == 401
    assert isinstance(r.json()["detail"], str)
    assert sandbox.counters.jobs_created == 0


def test_require_key_rejects_other_keys_with_403() -> None:
    with running(require_key="good-id:good-secret") as sb:
        url = f"{sb.base_url}/{ENDPOINT}"
        wrong = request("POST", url, json=wire_input(), headers=AUTH)
        assert wrong.status_code == 403 and "detail" in wrong.json()
        right = request("POST", url, json=wire_input(), headers={"Authorization": "Key good-id:good-secret"})
        assert right.status_code == 200
        status = request("GET", right.json()["status_url"], headers=AUTH)
        assert status.status_code == 403


def test_status_and_result_need_the_key_too(sandbox: SandboxServer, client: httpx.Client) -> None:
    handle = submit(client)
    assert request("GET", handle["status_url"]).status_code == 401
    assert request("GET", handle["response_url"]).status_code == 401
    assert request("PUT", handle["cancel_url"]).status_code == 401


def test_unknown_endpoint_is_404(client: httpx.Client) -> None:
    r = client.post("/someone/else", json=wire_input())
    assert r.status_code == 404 and "detail" in r.json()
    r = client.get(f"/someone/else/requests/{uuid.uuid4()}/status")
    assert r.status_code == 404


def test_extra_endpoints_and_request_ids_scoped_to_their_app() -> None:
    with running(endpoints=(ENDPOINT, "workflows/me/flow")) as sb, client_for(sb) as c:
        wf = c.post("/workflows/me/flow", json=wire_input())
        assert wf.status_code == 200
        assert wf.json()["status_url"].startswith(f"{sb.base_url}/workflows/me/flow/requests/")
        rid = wf.json()["request_id"]
        assert c.get(f"/{ENDPOINT}/requests/{rid}/status").status_code == 404


# --- validation ---------------------------------------------------------------------------------


def test_validate_at_submit_option_gives_a_422_list_with_locations() -> None:
    body = wire_input(action_list='["w", "x"]')
    del body["prompt"]
    with running(validation="submit") as sb, client_for(sb) as c:
        r = c.post(f"/{ENDPOINT}", json=body)
        assert r.status_code == 422
        detail = r.json()["detail"]
        locs = {tuple(d["loc"]) for d in detail}
        assert ("body", "prompt") in locs and ("body", "action_list") in locs
        assert all(isinstance(d["msg"], str) and isinstance(d["type"], str) for d in detail)
        r = c.post(f"/{ENDPOINT}", json=wire_input(action_speed_list="[0.2]"))
        assert r.status_code == 422
        for bad in ([1, 2], "text", 3, None):
            r = c.post(f"/{ENDPOINT}", json=bad)
            assert r.status_code == 422
            assert r.json()["detail"][0]["loc"] == ["body"]
        assert sb.counters.jobs_created == 0


def test_by_default_the_queue_takes_any_json_body_like_fal(client: httpx.Client) -> None:
    for body in (wire_input(action_list='["w", "x"]'), {"prompt": "x"}, [1, 2], "text", 3, None):
        r = client.post(f"/{ENDPOINT}", content=json.dumps(body), headers={"Content-Type": "application/json"})
        assert r.status_code == 200, (body, r.text)
        assert r.json()["status"] == "IN_QUEUE"


# --- the input image -----------------------------------------------------------------------------


def test_image_from_the_internet_fails_the_job_like_the_real_app(client: httpx.Client) -> None:
    handle = submit(client, wire_input(image_url="https://example.com/cat.png"))
    done = wait_status(client, handle)
    assert done["status"] == "COMPLETED"
    assert "error" not in done  # fal completes a crashed request without an error: only the result says
    assert "no internet access" in " ".join(line["message"] for line in done["logs"])
    result = client.get(handle["response_url"])
    assert result.status_code == 500
    assert result.json() == {"detail": "Internal Server Error"}


def test_undecodable_image_fails_with_a_500_like_the_real_app(client: httpx.Client) -> None:
    handle = submit(client, wire_input(image_url="data:image/png;base64,aGVsbG8="))
    done = wait_status(client, handle)
    assert "error" not in done
    result = client.get(handle["response_url"])
    assert result.status_code == 500 and result.json() == {"detail": "Internal Server Error"}


def test_image_from_own_cdn_and_from_another_loopback_server() -> None:
    with running() as a, running() as b, client_for(a) as ca, client_for(b) as cb:
        for srv, c in ((a, ca), (b, cb)):
            up = c.post("/storage/upload/initiate?storage_type=fal-cdn-v3",
                        json={"content_type": "image/png", "file_name": "in.png"}).json()
            assert request("PUT", up["upload_url"], content=png_bytes()).status_code == 200
            srv.file_url = up["file_url"]  # type: ignore[attr-defined]
        for url in (a.file_url, b.file_url):  # type: ignore[attr-defined]
            _, result = run_to_completion(ca, wire_input(image_url=url))
            assert result.status_code == 200, result.text
        assert b.counters.requests("cdn") == 1  # a fetched b's file over HTTP, without a key
        assert not b.counters.header_seen("cdn", "authorization")


def test_webhook_receives_the_result_on_loopback() -> None:
    with webhook_receiver() as hooks, running() as sb, client_for(sb) as c:
        handle = submit(c, params={"fal_webhook": hook_url(hooks)})
        wait_status(c, handle)
        assert hooks.arrived.wait(3)
    received = hooks.received
    assert received and received[0]["request_id"] == handle["request_id"]
    assert received[0]["status"] == "OK"
    assert "video" in received[0]["payload"]


def test_data_uri_image_works_and_counters_count_submits(sandbox: SandboxServer, client: httpx.Client) -> None:
    run_to_completion(client, wire_input(image_url=data_uri()))
    client.post(f"/{ENDPOINT}", content=b"{not json", headers={"Content-Type": "application/json"})
    assert sandbox.counters.submits == 2
    assert sandbox.counters.jobs_created == 1
    assert sandbox.counters.requests("submit") == 2
    assert sandbox.counters.responses("submit", 422) == 1

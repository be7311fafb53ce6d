"""The default sandbox answers like the real gamecraft app behind fal's queue: one test per case of
real-app-behaviour.md. Every request is submitted normally (fal's queue validates nothing), followed through
status to COMPLETED (without `error`), and judged only at result time."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sandbox_support import (
    ENDPOINT,
    client_for,
    data_uri,
    png_bytes,
    running,
    wait_status,
    wire_input,
)

from gamecraft_desktop.core.defaults import DEFAULT_NEG_PROMPT
from gamecraft_desktop.sandbox import SandboxServer
from gamecraft_desktop.sandbox.real_app import Input, validate_body


@pytest.fixture(scope="module")
def sb() -> Iterator[SandboxServer]:
    with running(runners=4) as server:
        yield server


@pytest.fixture
def c(sb: SandboxServer) -> Iterator[httpx.Client]:
    with client_for(sb) as client:
        yield client


def outcome(c: httpx.Client, body: Any) -> tuple[dict[str, Any], httpx.Response]:
    """Submit (must be accepted with the four handle fields), follow to COMPLETED, fetch the result."""
    r = c.post(f"/{ENDPOINT}", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    handle = r.json()
    assert {"request_id", "response_url", "status_url", "cancel_url"} <= set(handle)
    done = wait_status(c, handle)
    return done, c.get(handle["response_url"])


def edited(**changes: Any) -> dict[str, Any]:
    """A valid wire body with fields replaced (a value of `...` removes the field)."""
    body = wire_input()
    for key, value in changes.items():
        if value is ...:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def dead_url() -> str:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/gone.png"


def assert_video(result: httpx.Response) -> None:
    assert result.status_code == 200, result.text
    assert list(result.json()) == ["video"]  # no seed, no timings: those are in the status metrics
    video = result.json()["video"]
    assert set(video) == {"url", "content_type", "file_name", "file_size"}
    assert video["content_type"] == "application/octet-stream"
    assert re.fullmatch(r"\d+\.mp4", video["file_name"]), video["file_name"]
    assert isinstance(video["file_size"], int) and video["file_size"] > 0


def assert_422(result: httpx.Response, kind: str, loc: list[str]) -> None:
    assert result.status_code == 422, result.text
    assert result.headers["x-fal-billable-units"] == "0"
    detail = result.json()["detail"]
    assert [(d["type"], d["loc"]) for d in detail] == [(kind, loc)], detail
    assert isinstance(detail[0]["msg"], str) and "input" in detail[0]


def assert_500(result: httpx.Response) -> None:
    assert result.status_code == 500, result.text
    assert result.json() == {"detail": "Internal Server Error"}


# --- the queue never validates -------------------------------------------------------------------------


@pytest.mark.parametrize("body", [{"prompt": 5}, [1, 2], "text", None, {}], ids=repr)
def test_queue_accepts_any_json_body_and_the_app_answers_at_result(c: httpx.Client, body: Any) -> None:
    done, result = outcome(c, body)
    assert done["status"] == "COMPLETED" and "error" not in done
    assert result.status_code == 422 and result.headers["x-fal-billable-units"] == "0"


def test_a_body_that_is_not_an_object_is_model_attributes_type_at_body(c: httpx.Client) -> None:
    assert_422(outcome(c, [1, 2])[1], "model_attributes_type", ["body"])


# --- the input model, field by field ------------------------------------------------------------------

ACCEPTED: dict[str, Callable[[], dict[str, Any]]] = {
    "image object with extra fields": lambda: edited(image={"url": data_uri(), "extra": 1, "width": 32}),
    "image as a bare data: string": lambda: edited(image=data_uri()),
    "empty prompt": lambda: edited(prompt=""),
    "cfg_scale as the string '2'": lambda: edited(cfg_scale="2"),
    "infer_steps 5.0": lambda: edited(infer_steps=5.0),
    "seed as the string '7'": lambda: edited(seed="7"),
    "unknown fields": lambda: edited(bogus={"a": 1}, another=[1]),
    "defaults for every optional field": lambda: {"image": {"url": data_uri()}, "prompt": "p"},
    "speeds out of this app's range": lambda: edited(action_speed_list="[5, -1]"),
}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_what_the_real_app_accepts_gives_the_video(c: httpx.Client, case: str) -> None:
    done, result = outcome(c, ACCEPTED[case]())
    assert "error" not in done and done["metrics"]["inference_time"] >= 0
    assert_video(result)


def test_image_as_a_bare_http_string_on_loopback(sb: SandboxServer, c: httpx.Client) -> None:
    up = c.post("/storage/upload/initiate?storage_type=fal-cdn-v3",
                json={"content_type": "image/png", "file_name": "in.png"}).json()
    assert httpx.put(up["upload_url"], content=png_bytes()).status_code == 200
    assert_video(outcome(c, edited(image=up["file_url"]))[1])


REFUSED_422: dict[str, tuple[Callable[[], dict[str, Any]], str, list[str]]] = {
    "image as a bare ftp string": (lambda: edited(image="ftp://example.com/a.png"), "value_error", ["body", "image"]),
    "image missing": (lambda: edited(image=...), "missing", ["body", "image"]),
    "prompt missing": (lambda: edited(prompt=...), "missing", ["body", "prompt"]),
    "action_list as a JSON array": (lambda: edited(action_list=["w", "s"]), "string_type", ["body", "action_list"]),
    "action_speed_list as a JSON array": (lambda: edited(action_speed_list=[0.2, 0.2]), "string_type",
                                          ["body", "action_speed_list"]),
    "infer_steps 5.5": (lambda: edited(infer_steps=5.5), "int_from_float", ["body", "infer_steps"]),
}


@pytest.mark.parametrize("case", list(REFUSED_422))
def test_schema_refusals_are_422_at_result_with_the_real_type_and_loc(c: httpx.Client, case: str) -> None:
    make, kind, loc = REFUSED_422[case]
    done, result = outcome(c, make())
    assert done["status"] == "COMPLETED" and "error" not in done
    assert_422(result, kind, loc)


def test_bare_string_image_with_another_scheme_names_the_reason(c: httpx.Client) -> None:
    detail = outcome(c, edited(image="ftp://example.com/a.png"))[1].json()["detail"][0]
    assert detail["msg"] == "Value error, value must be a valid URL"
    assert detail["input"] == "ftp://example.com/a.png"


def test_several_problems_are_listed_together(c: httpx.Client) -> None:
    result = outcome(c, edited(prompt=..., action_list=["w"], infer_steps=5.5))[1]
    assert result.status_code == 422
    assert {tuple(d["loc"]) for d in result.json()["detail"]} == {
        ("body", "prompt"), ("body", "action_list"), ("body", "infer_steps")}


# --- the app's own parsing of the list fields, and the image download: 500 ------------------------------

CRASHES: dict[str, Callable[[], dict[str, Any]]] = {
    "action_list not JSON": lambda: edited(action_list="w, s"),
    "action_list not a list": lambda: edited(action_list="7", action_speed_list="7"),
    "action outside w a s d": lambda: edited(action_list='["w", "q"]'),
    "a rotation": lambda: edited(action_list='["w", "left_rot"]'),
    "lengths that differ": lambda: edited(action_speed_list="[0.2]"),
    "a speed that is a string": lambda: edited(action_speed_list='[0.2, "0.2"]'),
    "speeds not JSON": lambda: edited(action_speed_list="fast"),
    "no actions at all": lambda: edited(action_list="[]", action_speed_list="[]"),
    "image object with an ftp URL": lambda: edited(image={"url": "ftp://example.com/a.png"}),
    "image object with a dead link": lambda: edited(image={"url": dead_url()}),
    "image that is not an image": lambda: edited(image={"url": "data:image/png;base64,aGVsbG8="}),
}


@pytest.mark.parametrize("case", list(CRASHES))
def test_parse_step_and_unfetchable_images_fail_with_a_bare_500(c: httpx.Client, case: str) -> None:
    done, result = outcome(c, CRASHES[case]())
    assert done["status"] == "COMPLETED" and "error" not in done  # only the result tells
    assert_500(result)
    assert "x-fal-billable-units" not in result.headers
    assert any("traceback" in line["message"] for line in done["logs"])


def test_the_app_parses_list_text_its_own_lenient_way(c: httpx.Client) -> None:
    """JSON text the app's code lets through: a string of w/s/d/a characters, booleans as speeds."""
    assert_video(outcome(c, edited(action_list='"ws"', action_speed_list="[true, 0.2]"))[1])


# --- the model mirror itself ----------------------------------------------------------------------------


def test_input_mirror_defaults_are_the_apps() -> None:
    inp = validate_body({"image": "https://example.com/a.png", "prompt": "p"})
    assert isinstance(inp, Input)
    assert inp.neg_prompt == DEFAULT_NEG_PROMPT
    assert json.loads(inp.action_list) == ["w", "s", "d", "a"]
    assert json.loads(inp.action_speed_list) == [0.2, 0.2, 0.2, 0.2]
    assert (inp.cfg_scale, inp.infer_steps, inp.seed) == (2.0, 5, 42)


""""Copy request as": when it is allowed (and why not), and the submit headers it carries."""

from __future__ import annotations

from gamecraft_desktop.composer.request import (
    Composition,
    code_problems,
    could_be_code,
    request_as_code,
    submit_headers_for_code,
)
from gamecraft_desktop.core.camera_path import CameraPath


def composition(**changes: object) -> Composition:
    base = Composition(image_path=None, image_sha256=None, prompt="a harbour", neg_prompt="",
                       path=CameraPath.of("wd"), cfg_scale=2.0, infer_steps=5, seed=7,
                       endpoint="anthonywu/gamecraft")
    return base._replace(**changes)  # type: ignore[arg-type]


def test_an_invalid_endpoint_blocks_copy_and_says_why() -> None:
    bad = composition(endpoint="foo bar/baz", endpoint_error="'foo bar/baz' is not a valid endpoint id")
    assert not could_be_code(bad)
    assert code_problems(bad) == ["Endpoint: 'foo bar/baz' is not a valid endpoint id"]
    assert all(request_as_code(bad, kind) is None
               for kind in ("python_httpx", "python_fal_client", "javascript", "curl"))


def test_no_image_is_needed_to_copy() -> None:
    assert code_problems(composition()) == []


def test_a_start_timeout_generate_would_refuse_blocks_copy() -> None:
    assert code_problems(composition(start_timeout_s=1.0)) == [
        "The start timeout must be more than 1 second (or off)."]
    assert request_as_code(composition(start_timeout_s=1.0), "curl") is None


def test_submit_headers_match_generate_and_leave_out_the_defaults() -> None:
    assert submit_headers_for_code(composition()) == {}
    assert submit_headers_for_code(composition(priority="low", start_timeout_s=2.5)) == {
        "X-Fal-Queue-Priority": "low", "X-Fal-Request-Timeout": "2.5"}
    assert submit_headers_for_code(composition(start_timeout_s=300.0)) == {"X-Fal-Request-Timeout": "300"}

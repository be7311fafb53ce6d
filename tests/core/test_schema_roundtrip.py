"""Property tests for the wire schema: a camera path survives to_wire -> parse_input unchanged, and
parse_input refuses arbitrary JSON only with InputError."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gamecraft_desktop.core.camera_path import ENDPOINT_ACTIONS, MAX_SPEED, CameraPath, Step
from gamecraft_desktop.core.schema import GameCraftInput, InputError, parse_input

speeds = st.floats(min_value=0.0, max_value=MAX_SPEED, exclude_min=True, allow_nan=False, allow_infinity=False)
steps = st.builds(Step, st.sampled_from(sorted(ENDPOINT_ACTIONS, key=lambda a: a.value)), speeds)
paths = st.lists(steps, min_size=1, max_size=12).map(lambda s: CameraPath(tuple(s)))
images = st.sampled_from(["https://example.com/a.png", "data:image/png;base64,iVBORw0KGgo=",
                          "https://v3.fal.media/files/x/y.jpg"])
prompts = st.text(min_size=1, max_size=80).filter(lambda s: s.strip() != "")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=20,
)
field_names = st.sampled_from(["image", "prompt", "neg_prompt", "action_list", "action_speed_list", "cfg_scale",
                               "infer_steps", "seed"])
input_like = st.dictionaries(field_names, json_values, max_size=8)


@settings(max_examples=150, deadline=None)
@given(paths, images, prompts, st.integers(-(2**63), 2**63 - 1), st.integers(1, 50))
def test_path_round_trips_through_the_wire(path: CameraPath, image: str, prompt: str, seed: int, steps_: int) -> None:
    original = GameCraftInput.from_path(image=image, prompt=prompt, path=path, seed=seed, infer_steps=steps_)
    wire = original.to_wire()
    # The wire form is JSON: send it through a real encode/decode as the HTTP body would be.
    parsed = parse_input(json.loads(json.dumps(wire)))
    assert parsed.path == path
    assert parsed == original
    assert isinstance(wire["action_list"], str) and isinstance(wire["action_speed_list"], str)


@settings(max_examples=150, deadline=None)
@given(json_values | input_like)
@pytest.mark.slow
def test_parse_input_raises_only_input_error(data: Any) -> None:
    try:
        result = parse_input(data)
    except InputError as exc:
        assert exc.issues and all(isinstance(i.field, str) and i.message for i in exc.issues)
        return
    assert isinstance(result, GameCraftInput)
    result.path.validate()  # anything accepted is a sendable path

"""Reading an input, the schema takes what the real app takes where that makes sense (numbers written as text,
whole numbers written as 5.0), and where it stays stricter than the app it says that the limit is its own."""

from __future__ import annotations

from typing import Any

import pytest

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.schema import InputError, parse_input

BASE = {"image": "https://example.com/a.png", "prompt": "a street", "action_list": '["w"]',
        "action_speed_list": "[0.2]"}


@pytest.mark.parametrize(("field", "given", "read"), [
    ("cfg_scale", "2", 2.0),
    ("cfg_scale", " 3.5 ", 3.5),
    ("infer_steps", 5.0, 5),
    ("infer_steps", "8", 8),
    ("seed", "7", 7),
    ("seed", 12.0, 12),
])
def test_numbers_the_real_app_accepts_are_read_and_sent_as_numbers(field: str, given: Any, read: Any) -> None:
    inp = parse_input({**BASE, field: given})
    assert getattr(inp, field) == read
    assert inp.to_wire()[field] == read and not isinstance(inp.to_wire()[field], str)


@pytest.mark.parametrize(("field", "given"), [
    ("infer_steps", 5.5), ("infer_steps", "5.5"), ("seed", "seven"), ("cfg_scale", "nan"), ("cfg_scale", "abc"),
    ("seed", True), ("cfg_scale", False),  # pydantic's lax mode takes booleans; a number is never one here
])
def test_what_makes_no_sense_is_still_refused(field: str, given: Any) -> None:
    with pytest.raises(InputError) as info:
        parse_input({**BASE, field: given})
    assert [i.field for i in info.value.issues] == [field]


@pytest.mark.parametrize(("changes", "field"), [
    ({"action_speed_list": "[5]"}, "action_speed_list"),
    ({"action_speed_list": "[0]"}, "action_speed_list"),
    ({"cfg_scale": 0.5}, "cfg_scale"),
    ({"infer_steps": 0}, "infer_steps"),
])
def test_limits_stricter_than_the_real_app_say_they_are_this_apps_guard(changes: dict[str, Any],
                                                                        field: str) -> None:
    with pytest.raises(InputError) as info:
        parse_input({**BASE, **changes})
    (issue,) = info.value.issues
    assert issue.field == field and "this app's guard: fal's endpoint does not check it" in issue.message


def test_the_path_check_says_the_speed_limit_is_a_guard() -> None:
    (problem,) = CameraPath.of("w", 4.0).problems()
    assert "at most 3" in problem and "this app's guard" in problem

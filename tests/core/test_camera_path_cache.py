"""CameraPath caches its derived geometry per object: the cached answers must equal the step-by-step
definition (_advance from the previous pose), whatever the path and however it was built."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gamecraft_desktop.core.camera_path import (
    Action,
    CameraPath,
    Pose,
    Step,
    _advance,
)

steps_st = st.lists(
    st.builds(Step, st.sampled_from(list(Action)), st.floats(min_value=0.01, max_value=3.0)),
    max_size=40,
)


def reference_waypoints(path: CameraPath) -> list[Pose]:
    poses = [Pose(0.0, 0.0, 0.0)]
    for step in path.steps:
        poses.append(_advance(poses[-1], step, 1.0))
    return poses


@given(steps_st, steps_st)
def test_waypoints_match_the_definition_also_after_append(first: list[Step], more: list[Step]) -> None:
    path = CameraPath(tuple(first))
    assert path.waypoints() == reference_waypoints(path)
    longer = path.appended(*more)  # seeded from the cached prefix
    assert longer.waypoints() == reference_waypoints(longer)
    xs = [p.x for p in longer.waypoints()]
    ys = [p.y for p in longer.waypoints()]
    assert longer.bounds() == (min(xs), min(ys), max(xs), max(ys))


def test_cached_results_are_not_shared_mutable_state() -> None:
    path = CameraPath.of("wd", 0.5)
    pts = path.waypoints()
    pts.clear()
    assert len(path.waypoints()) == 3
    problems = CameraPath().problems()
    problems.clear()
    assert CameraPath().problems()


def test_cache_does_not_change_equality_hash_or_repr() -> None:
    a = CameraPath.of("wasd", 0.3)
    b = CameraPath.of("wasd", 0.3)
    a.waypoints()
    a.bounds()
    a.problems()
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b)
    assert CameraPath.of("w").appended(Step(Action.FORWARD, 0.2)) == CameraPath.of("ww")


def test_problems_with_other_allowed_actions_are_not_cached_as_endpoint_ones() -> None:
    path = CameraPath.of(["left_rot"], 0.5)
    assert path.problems()  # the endpoint refuses rotations
    assert path.problems(frozenset(Action)) == []
    assert path.problems()

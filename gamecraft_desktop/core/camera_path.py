"""The camera path: ordered actions with speeds, and everything derived from it.

Coordinates are those of the first frame's camera: X to the right, Y forward (top-down view).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts, number

#: The camera path's words for people (see core/texts.py: the name is the translation context).
PathRules = Texts("PathRules")

FRAMES_PER_ACTION = 33
FPS = 24
OUTPUT_WIDTH = 1216
OUTPUT_HEIGHT = 704
SECONDS_PER_ACTION = FRAMES_PER_ACTION / FPS  # 1.375 s
MIN_SPEED_EXCLUSIVE = 0.0
MAX_SPEED = 3.0
DEFAULT_SPEED = 0.2
HORIZONTAL_FOV_DEG = 89.4
VERTICAL_FOV_DEG = 58.2


class Action(StrEnum):
    """A camera move. Only translations are accepted by the fal endpoint."""

    FORWARD = "w"
    LEFT = "a"
    BACKWARD = "s"
    RIGHT = "d"
    # The upstream model also knows rotations; the fal app rejects them, so they are declared
    # here for the type's sake but never allowed in a request to the endpoint.
    YAW_LEFT = "left_rot"
    YAW_RIGHT = "right_rot"
    PITCH_UP = "up_rot"
    PITCH_DOWN = "down_rot"

    @property
    def is_translation(self) -> bool:
        return self in TRANSLATIONS

    @property
    def key(self) -> str:
        """The label shown on a timeline block."""
        return self.value.upper() if self.is_translation else self.value

    @property
    def label(self) -> str:
        """'dolly forward', in the reader's language."""
        return PathRules.tr(_LABELS[self])


TRANSLATIONS: frozenset[Action] = frozenset({Action.FORWARD, Action.LEFT, Action.BACKWARD, Action.RIGHT})
#: The actions the `anthonywu/gamecraft` endpoint accepts.
ENDPOINT_ACTIONS: frozenset[Action] = TRANSLATIONS

_LABELS = {
    Action.FORWARD: QT_TRANSLATE_NOOP("PathRules", "dolly forward"),
    Action.LEFT: QT_TRANSLATE_NOOP("PathRules", "strafe left"),
    Action.BACKWARD: QT_TRANSLATE_NOOP("PathRules", "dolly backward"),
    Action.RIGHT: QT_TRANSLATE_NOOP("PathRules", "strafe right"),
    Action.YAW_LEFT: QT_TRANSLATE_NOOP("PathRules", "turn left"),
    Action.YAW_RIGHT: QT_TRANSLATE_NOOP("PathRules", "turn right"),
    Action.PITCH_UP: QT_TRANSLATE_NOOP("PathRules", "tilt up"),
    Action.PITCH_DOWN: QT_TRANSLATE_NOOP("PathRules", "tilt down"),
}

# Unit direction per translation in (X right, Y forward).
_DIRECTIONS: dict[Action, tuple[float, float]] = {
    Action.FORWARD: (0.0, 1.0),
    Action.BACKWARD: (0.0, -1.0),
    Action.LEFT: (-1.0, 0.0),
    Action.RIGHT: (1.0, 0.0),
}


#: Said wherever this app refuses what fal's endpoint itself would take (real-app-behaviour.md): the limit
#: is kept as a guard against paying for a run the model was not made for.
GUARD = QT_TRANSLATE_NOOP("PathRules", "this app's guard: fal's endpoint does not check it")


def guard() -> str:
    """GUARD in the reader's language."""
    return PathRules.tr(GUARD)


class PathError(ValueError):
    """A camera path that breaks one of the model's rules; the message is for people."""


def is_valid_speed(speed: object) -> bool:
    """A speed the endpoint accepts: a finite real number (not a bool) in (0, 3]."""
    if isinstance(speed, bool) or not isinstance(speed, int | float):
        return False
    return math.isfinite(speed) and MIN_SPEED_EXCLUSIVE < speed <= MAX_SPEED


class Step(NamedTuple):
    """One action of the path with its speed."""

    action: Action
    speed: float = DEFAULT_SPEED


class Pose(NamedTuple):
    """The camera's top-down position and heading (degrees, 0 = the first frame's forward)."""

    x: float
    y: float
    heading_deg: float = 0.0


class FramePosition(NamedTuple):
    """Where a video frame sits on the path."""

    action_index: int
    fraction: float  # 0 <= fraction < 1 within the action


class CameraPath:
    """An immutable ordered list of steps. Editing returns a new path.

    Derived geometry (waypoints, bounds, problems) is computed once per path object and cached on it:
    an editor asks for it several times per edit, and undo hands back the very same objects.

    Written out rather than a frozen dataclass: the first frame needs this module, and a dataclass
    compiles its generated methods at import (~0.6 ms of start-up). Same behaviour: value equality and
    hash, and no attribute can be set after construction.
    """

    __match_args__ = ("steps",)
    steps: tuple[Step, ...]

    def __init__(self, steps: tuple[Step, ...] = ()) -> None:
        object.__setattr__(self, "steps", steps)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.steps == other.steps

    def __hash__(self) -> int:
        return hash((self.__class__, self.steps))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(steps={self.steps!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"CameraPath is immutable: cannot assign to {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"CameraPath is immutable: cannot delete {name!r}")

    @classmethod
    def of(cls, actions: Iterable[str | Action], speeds: Iterable[float] | float = DEFAULT_SPEED) -> CameraPath:
        acts = [Action(a) for a in actions]
        spd = [float(speeds)] * len(acts) if isinstance(speeds, int | float) else list(speeds)
        if len(spd) != len(acts):
            raise PathError(PathRules.tr("{actions} actions but {speeds} speeds: every action needs exactly one "
                                         "speed.").format(actions=len(acts), speeds=len(spd)))
        return cls(tuple(Step(a, s) for a, s in zip(acts, spd, strict=True)))

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def actions(self) -> list[Action]:
        return [s.action for s in self.steps]

    @property
    def speeds(self) -> list[float]:
        return [s.speed for s in self.steps]

    @property
    def frame_count(self) -> int:
        return FRAMES_PER_ACTION * len(self.steps)

    @property
    def duration_seconds(self) -> float:
        return self.frame_count / FPS

    # --- rules -----------------------------------------------------------------------------

    def problems(self, allowed: frozenset[Action] = ENDPOINT_ACTIONS) -> list[str]:
        """Every rule this path breaks, as sentences for people. Empty means sendable."""
        if allowed == ENDPOINT_ACTIONS:
            return list(self._endpoint_problems)
        return _problems(self.steps, allowed)

    @cached_property
    def _endpoint_problems(self) -> tuple[str, ...]:
        return tuple(_problems(self.steps, ENDPOINT_ACTIONS))

    def validate(self, allowed: frozenset[Action] = ENDPOINT_ACTIONS) -> None:
        problems = self.problems(allowed)
        if problems:
            raise PathError(" ".join(problems))

    # --- geometry --------------------------------------------------------------------------

    def waypoints(self) -> list[Pose]:
        """The pose at the start of each action plus the final pose (len = N + 1)."""
        return list(self._waypoints)

    @cached_property
    def _waypoints(self) -> tuple[Pose, ...]:
        start = Pose(0.0, 0.0, 0.0)
        return (start, *_walk(start, self.steps))

    def pose_at_frame(self, frame: int) -> Pose:
        """The commanded pose at a 0-based frame index (clamped to the path's frames)."""
        if not self.steps:
            return Pose(0.0, 0.0, 0.0)
        frame = max(0, min(frame, self.frame_count - 1))
        pos = frame_position(frame)
        start = self._waypoints[pos.action_index]
        return _advance(start, self.steps[pos.action_index], pos.fraction)

    def trajectory(self) -> list[Pose]:
        """The pose for every frame of the output video (len = 33 * N)."""
        out: list[Pose] = []
        starts = self._waypoints
        for i, step in enumerate(self.steps):
            for k in range(FRAMES_PER_ACTION):
                out.append(_advance(starts[i], step, k / FRAMES_PER_ACTION))
        return out

    def bounds(self) -> tuple[float, float, float, float]:
        """(min_x, min_y, max_x, max_y) over the waypoints."""
        return self._bounds

    @cached_property
    def _bounds(self) -> tuple[float, float, float, float]:
        pts = self._waypoints
        xs = [p.x for p in pts]
        ys = [p.y for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    # --- editing (pure) ----------------------------------------------------------------------

    def with_steps(self, steps: Sequence[Step]) -> CameraPath:
        return CameraPath(tuple(steps))

    def appended(self, *steps: Step) -> CameraPath:
        path = CameraPath(self.steps + tuple(steps))
        known: tuple[Pose, ...] | None = self.__dict__.get("_waypoints")
        if known is not None:
            # The new path starts like this one: only the added steps need walking.
            path.__dict__["_waypoints"] = known + tuple(_walk(known[-1], steps))
        return path

    def inserted(self, index: int, *steps: Step) -> CameraPath:
        lst = list(self.steps)
        lst[index:index] = steps
        return CameraPath(tuple(lst))

    def removed(self, indices: Iterable[int]) -> CameraPath:
        drop = set(indices)
        return CameraPath(tuple(s for i, s in enumerate(self.steps) if i not in drop))

    def moved(self, indices: Sequence[int], to: int) -> CameraPath:
        """Move the steps at `indices` (kept in order) so the first lands at position `to` of the result."""
        picked = [self.steps[i] for i in sorted(indices)]
        rest = [s for i, s in enumerate(self.steps) if i not in set(indices)]
        to = max(0, min(to, len(rest)))
        return CameraPath(tuple(rest[:to] + picked + rest[to:]))

    def with_speed(self, indices: Iterable[int], speed: float) -> CameraPath:
        idx = set(indices)
        return CameraPath(tuple(Step(s.action, speed) if i in idx else s for i, s in enumerate(self.steps)))

    def with_action(self, index: int, action: Action) -> CameraPath:
        lst = list(self.steps)
        lst[index] = Step(action, lst[index].speed)
        return CameraPath(tuple(lst))


def frame_position(frame: int) -> FramePosition:
    """Frame f belongs to action f // 33, at fraction (f % 33) / 33 of it."""
    if frame < 0:
        raise ValueError("frame must be >= 0")
    return FramePosition(frame // FRAMES_PER_ACTION, (frame % FRAMES_PER_ACTION) / FRAMES_PER_ACTION)


def frame_at_time(seconds: float) -> int:
    """The frame shown at a playback time in seconds."""
    return max(0, math.floor(seconds * FPS + 1e-9))


def _problems(steps: Sequence[Step], allowed: frozenset[Action]) -> list[str]:
    out: list[str] = []
    if not steps:
        out.append(PathRules.tr("The camera path is empty: add at least one move (W, A, S or D)."))
    for i, step in enumerate(steps, start=1):
        if step.action not in allowed:
            out.append(PathRules.tr("Move {i} ({action}) is not supported by this endpoint; use W, A, S or D.")
                       .format(i=i, action=step.action.label))
        if not is_valid_speed(step.speed):
            speed = number(step.speed) if isinstance(step.speed, int | float) and not isinstance(step.speed, bool) \
                else repr(step.speed)
            out.append(PathRules.tr("Move {i} has speed {speed}; speeds must be greater than 0 and at most 3 "
                                    "({guard}).").format(i=i, speed=speed, guard=guard()))
    return out


# Keyed by id(): Enum members are singletons, and hashing an Enum runs Python code on every lookup.
_DIRECTIONS_BY_ID: dict[int, tuple[float, float]] = {id(a): d for a, d in _DIRECTIONS.items()}
_YAW_LEFT_ID, _YAW_RIGHT_ID = id(Action.YAW_LEFT), id(Action.YAW_RIGHT)


#: Beyond this (or not a finite number) a speed moves the camera nowhere in the geometry: problems() reports
#: it, and sums of such values would overflow into inf/NaN poses that no view can draw.
GEOMETRY_SPEED_LIMIT = 1e6


def _geometry_speed(speed: float) -> float:
    return speed if math.isfinite(speed) and abs(speed) <= GEOMETRY_SPEED_LIMIT else 0.0


def _walk(start: Pose, steps: Iterable[Step]) -> list[Pose]:
    """The pose after each whole step from `start`: the same arithmetic as _advance(…, 1.0), with the
    heading's sine and cosine computed only when the heading changes."""
    out: list[Pose] = []
    x, y, heading = start.x, start.y, start.heading_deg
    trig_heading, c, s = 0.0, 1.0, 0.0  # cos/sin of radians(0.0) are exactly 1.0 and 0.0
    for step in steps:
        aid = id(step.action)
        dist = _geometry_speed(step.speed) * 1.0
        direction = _DIRECTIONS_BY_ID.get(aid)
        if direction is not None:
            if heading != trig_heading:
                h = math.radians(heading)
                trig_heading, c, s = heading, math.cos(h), math.sin(h)
            dx, dy = direction
            rx = dx * c + dy * s
            ry = -dx * s + dy * c
            x, y = x + rx * dist, y + ry * dist
        elif aid == _YAW_LEFT_ID:
            heading = heading - dist
        elif aid == _YAW_RIGHT_ID:
            heading = heading + dist
        out.append(Pose(x, y, heading))
    return out


def _advance(start: Pose, step: Step, fraction: float) -> Pose:
    """The pose after `fraction` of `step`, moving at constant velocity."""
    dist = _geometry_speed(step.speed) * fraction
    if step.action in _DIRECTIONS:
        dx, dy = _DIRECTIONS[step.action]
        # Translations move relative to the heading at the start of the action.
        h = math.radians(start.heading_deg)
        rx = dx * math.cos(h) + dy * math.sin(h)
        ry = -dx * math.sin(h) + dy * math.cos(h)
        return Pose(start.x + rx * dist, start.y + ry * dist, start.heading_deg)
    if step.action is Action.YAW_LEFT:
        return Pose(start.x, start.y, start.heading_deg - dist)
    if step.action is Action.YAW_RIGHT:
        return Pose(start.x, start.y, start.heading_deg + dist)
    return start  # pitch does not move the top-down position


DEFAULT_PATH = CameraPath.of(["w", "s", "d", "a"], [0.2, 0.2, 0.2, 0.2])

"""Which inputs made which frames of a video, read from its sidecar: one part for a plain job's video,
several for a joined continuation (each part after the first starts on the previous part's last frame,
which the joined file shows once). Used to caption contact sheets and to place frames on the path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION, CameraPath, Pose
from gamecraft_desktop.core.schema import GameCraftInput, InputError, parse_input


@dataclass(frozen=True)
class VideoPart:
    """One generation inside a video: its input, and the frames of the video it made."""

    number: int  # 1-based
    input: GameCraftInput
    request_id: str | None
    start: int  # the video's frame (0-based) where this part starts
    frames: int  # how many of the video's frames it made
    action_offset: int  # actions of the earlier parts (its place on the combined path)
    skipped: int  # leading frames of its own video not in this one (0, or 1 after a join)


def video_parts(sidecar: Mapping[str, Any] | None) -> list[VideoPart]:
    """The parts of the video a sidecar describes, oldest first; [] when it holds no usable input.

    A sidecar written by an export of a trimmed range says where that range started; frames are then
    counted in the exported video.
    """
    if not isinstance(sidecar, Mapping):
        return []
    raw: list[tuple[Any, Any]] = []
    joined = sidecar.get("joined_after")
    if isinstance(joined, Sequence) and not isinstance(joined, str):
        raw += [(p.get("input"), p.get("request_id")) for p in joined if isinstance(p, Mapping)]
    raw.append((sidecar.get("input"), sidecar.get("request_id")))
    parts: list[VideoPart] = []
    start = -_trim_start(sidecar)
    actions = 0
    for data, request_id in raw:
        try:
            inp = parse_input(data)
        except (InputError, ValueError, TypeError):
            return []
        skipped = 0 if not parts else 1
        frames = FRAMES_PER_ACTION * len(inp.action_list) - skipped
        parts.append(VideoPart(len(parts) + 1, inp, request_id if isinstance(request_id, str) else None,
                               start, frames, actions, skipped))
        start += frames
        actions += len(inp.action_list)
    return parts


def _trim_start(sidecar: Mapping[str, Any]) -> int:
    export = sidecar.get("export")
    trim = export.get("trim") if isinstance(export, Mapping) else None
    first = trim.get("from_frame") if isinstance(trim, Mapping) else None
    return first - 1 if isinstance(first, int) and not isinstance(first, bool) and first >= 1 else 0


def combined_path(parts: Sequence[VideoPart]) -> CameraPath:
    """The camera path of all parts one after another (a continuation starts where the last part ended)."""
    steps = tuple(step for part in parts for step in part.input.path.steps)
    return CameraPath(steps)


def part_at(parts: Sequence[VideoPart], frame: int) -> VideoPart | None:
    """The part that made the video's frame `frame` (0-based), if any."""
    for part in parts:
        if part.start <= frame < part.start + part.frames:
            return part
    return None


def pose_at(parts: Sequence[VideoPart], path: CameraPath, frame: int) -> Pose | None:
    """Where the camera is on the combined path at the video's frame `frame`; None outside every part."""
    part = part_at(parts, frame)
    if part is None:
        return None
    own = frame - part.start + part.skipped  # the frame in the part's own video
    return path.pose_at_frame(FRAMES_PER_ACTION * part.action_offset + own)


def moves_text(inp: GameCraftInput) -> str:
    """"W 0.20 · S 0.20 · D 0.20 · A 0.20": a caption's list of moves and speeds."""
    return " · ".join(f"{a.upper()} {s:.2f}" for a, s in zip(inp.action_list, inp.action_speed_list, strict=True))

"""Ready-made camera paths offered in the Path menu."""

from __future__ import annotations

from dataclasses import dataclass

from gamecraft_desktop.core.camera_path import DEFAULT_PATH, CameraPath


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    description: str
    path: CameraPath


PRESETS: tuple[Preset, ...] = (
    Preset("api_default", "API default (W S D A)", "The endpoint's default: a small jiggle that returns home.",
           DEFAULT_PATH),
    Preset("dolly_in", "Dolly in", "Move steadily forward into the scene.", CameraPath.of("wwww", 0.4)),
    Preset("dolly_out", "Dolly out", "Pull steadily back from the scene.", CameraPath.of("ssss", 0.4)),
    Preset("strafe_left", "Strafe left", "Slide sideways to the left, facing forward.", CameraPath.of("aaaa", 0.3)),
    Preset("strafe_right", "Strafe right", "Slide sideways to the right, facing forward.",
           CameraPath.of("dddd", 0.3)),
    Preset("box", "Box", "Forward, right, back, left: a square that returns home.", CameraPath.of("wdsa", 0.3)),
    Preset("zigzag_forward", "Zig-zag forward", "Alternate forward with left and right slides.",
           CameraPath.of("wawdwawd", 0.25)),
)

PRESETS_BY_KEY = {p.key: p for p in PRESETS}

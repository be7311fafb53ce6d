"""Ready-made camera paths offered in the Path menu."""

from __future__ import annotations

from typing import NamedTuple

from gamecraft_desktop.core.camera_path import DEFAULT_PATH, CameraPath
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts

Presets = Texts("Presets")


class Preset(NamedTuple):
    """`title` and `description` are the English sources; `name` and `explanation` what a person reads."""

    key: str
    title: str
    description: str
    path: CameraPath

    @property
    def name(self) -> str:
        return Presets.tr(self.title)

    @property
    def explanation(self) -> str:
        return Presets.tr(self.description)


PRESETS: tuple[Preset, ...] = (
    Preset("api_default", QT_TRANSLATE_NOOP("Presets", "API default (W S D A)"),
           QT_TRANSLATE_NOOP("Presets", "The endpoint's default: a small jiggle that returns home."),
           DEFAULT_PATH),
    Preset("dolly_in", QT_TRANSLATE_NOOP("Presets", "Dolly in"),
           QT_TRANSLATE_NOOP("Presets", "Move steadily forward into the scene."), CameraPath.of("wwww", 0.4)),
    Preset("dolly_out", QT_TRANSLATE_NOOP("Presets", "Dolly out"),
           QT_TRANSLATE_NOOP("Presets", "Pull steadily back from the scene."), CameraPath.of("ssss", 0.4)),
    Preset("strafe_left", QT_TRANSLATE_NOOP("Presets", "Strafe left"),
           QT_TRANSLATE_NOOP("Presets", "Slide sideways to the left, facing forward."), CameraPath.of("aaaa", 0.3)),
    Preset("strafe_right", QT_TRANSLATE_NOOP("Presets", "Strafe right"),
           QT_TRANSLATE_NOOP("Presets", "Slide sideways to the right, facing forward."),
           CameraPath.of("dddd", 0.3)),
    Preset("box", QT_TRANSLATE_NOOP("Presets", "Box"),
           QT_TRANSLATE_NOOP("Presets", "Forward, right, back, left: a square that returns home."),
           CameraPath.of("wdsa", 0.3)),
    Preset("zigzag_forward", QT_TRANSLATE_NOOP("Presets", "Zig-zag forward"),
           QT_TRANSLATE_NOOP("Presets", "Alternate forward with left and right slides."),
           CameraPath.of("wawdwawd", 0.25)),
)

PRESETS_BY_KEY = {p.key: p for p in PRESETS}

"""Helpers for the compare view's tests: real sandbox videos (the camera-move renderer, H.264), finished-job
events for them, and a frame decoded by QtMultimedia to check what a tile shows against."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState


@dataclass(frozen=True)
class Clip:
    path: Path
    moves: str
    speed: float
    seed: int
    prompt: str
    colour: tuple[int, int, int]

    @property
    def frames(self) -> int:
        return 33 * len(self.moves)


CLIPS = (  # (moves, speed, seed, prompt, colour): A..C share a length; D is shorter
    ("wwww", 0.5, 42, "a harbour town at dusk", (200, 60, 50)),
    ("wwww", 0.5, 43, "a harbour town at dusk", (50, 170, 70)),
    ("wdsa", 0.3, 44, "a harbour town at noon", (60, 80, 200)),
    ("ddd", 0.3, 45, "a harbour town at dusk", (200, 180, 40)),
)


def scene(colour: tuple[int, int, int]) -> Image.Image:
    """A picture whose every frame of a dolly looks different: stripes and rings on a coloured ground."""
    img = Image.new("RGB", (1400, 800), colour)
    draw = ImageDraw.Draw(img)
    for x in range(0, 1400, 70):
        draw.rectangle([x, 0, x + 30, 800], fill=(240, 240, 240) if (x // 70) % 2 else (20, 20, 20))
    for r in range(40, 400, 40):
        draw.ellipse([700 - r, 400 - r, 700 + r, 400 + r], outline=(255, 255, 0), width=6)
    return img


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[Clip]:
    from gamecraft_desktop.media.renderer import render_camera_move

    folder = tmp_path_factory.mktemp("compare-videos")
    out = []
    for i, (moves, speed, seed, prompt, colour) in enumerate(CLIPS):
        path = render_camera_move(scene(colour), CameraPath.of(moves, speed), folder / f"clip{i}.mp4")
        out.append(Clip(path, moves, speed, seed, prompt, colour))
    return out


def job_event(clip: Clip, job_id: str, **kw: Any) -> Any:
    """The event of a finished sandbox job whose video is `clip`."""
    from gamecraft_desktop.jobs.job_events import JobEvent, run_inputs_of

    wire = {"image": {"url": "https://cdn.example/scene.png"}, "prompt": clip.prompt,
            "action_list": json.dumps(list(clip.moves)), "action_speed_list": json.dumps([clip.speed] * len(clip.moves)),
            "seed": clip.seed}
    return JobEvent(job_id=job_id, state=JobState.DONE, prompt=clip.prompt, seed=clip.seed, video_path=clip.path,
                    frame_count=clip.frames, inputs=run_inputs_of(json.dumps(wire), "/pictures/scene.png"), **kw)


def qt_frame(qtbot: Any, path: Path, frame: int) -> Any:
    """Frame `frame` of the video as QtMultimedia decodes it (a QImage): a paused QMediaPlayer is seeked into
    the middle of the frame and the QVideoSink's picture with that frame's time stamp is taken."""
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

    from gamecraft_desktop.ui.player_view import frame_for_ms, ms_for_frame

    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    got: dict[int, Any] = {}

    def on_frame(vf: Any) -> None:
        if vf.isValid() and vf.startTime() >= 0:
            got[frame_for_ms(vf.startTime() / 1000.0)] = vf.toImage()

    sink.videoFrameChanged.connect(on_frame)
    player.setSource(QUrl.fromLocalFile(str(path)))
    qtbot.waitUntil(lambda: player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                     QMediaPlayer.MediaStatus.BufferedMedia), timeout=10_000)
    player.pause()  # a stopped player renders nothing; a paused one shows the frame it is seeked to
    player.setPosition(ms_for_frame(frame))
    qtbot.waitUntil(lambda: frame in got, timeout=10_000)
    player.stop()
    player.setSource(QUrl())
    return got[frame]


def difference(a: Any, b: Any) -> float:
    """Mean absolute difference (0–255) of two pictures, compared at a small common size."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    size = (64, 37)
    pa = a.convertToFormat(QImage.Format.Format_RGB888).scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                               Qt.TransformationMode.SmoothTransformation)
    pb = b.convertToFormat(QImage.Format.Format_RGB888).scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                               Qt.TransformationMode.SmoothTransformation)
    total = 0
    for y in range(size[1]):
        for x in range(size[0]):
            ca, cb = pa.pixelColor(x, y), pb.pixelColor(x, y)
            total += abs(ca.red() - cb.red()) + abs(ca.green() - cb.green()) + abs(ca.blue() - cb.blue())
    return total / (size[0] * size[1] * 3)

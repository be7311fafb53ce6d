"""Fixtures for media tests: videos encoded by the tests themselves (see media_samples.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from media_samples import Colour, encode_solid, palette


@pytest.fixture(scope="session")
def solid_video(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Colour]]:
    """40 frames at 24 fps, 64×48, each a known colour, with keyframes every 10 frames and B-frames."""
    colours = palette(40)
    path = tmp_path_factory.mktemp("media") / "solid.mp4"
    return encode_solid(path, colours), colours


@pytest.fixture
def make_video(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, colours: Sequence[Colour], **kw: object) -> Path:
        return encode_solid(tmp_path / name, colours, **kw)  # type: ignore[arg-type]

    return make

"""Fixtures for the jobs side: a real sandbox server on loopback, an input image, a job manager."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).parent))
from jobs_helpers import KEY, backend_for, cached_render, fast_clients, fast_poll


@pytest.fixture(scope="session")
def image_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("images") / "scene.png"
    img = Image.new("RGB", (1400, 800), (40, 110, 180))
    draw = ImageDraw.Draw(img)
    for x in range(0, 1400, 80):
        draw.rectangle([x, 450, x + 40, 800], fill=(200, 160, 60))
    img.save(path)
    return path


@pytest.fixture
def make_sandbox() -> Iterator[Callable[..., Any]]:
    from gamecraft_desktop.sandbox import SandboxServer

    servers: list[Any] = []

    def make(**kw: Any) -> Any:
        opts: dict[str, Any] = {"time_scale": 1.0, "seconds_per_action": 0.3, "require_key": KEY,
                                "render": cached_render, "runners": 2}
        opts.update(kw)
        server = SandboxServer(**opts)
        server.start()
        servers.append(server)
        return server

    yield make
    for s in servers:
        s.stop()


@pytest.fixture
def sandbox(make_sandbox: Callable[..., Any]) -> Any:
    return make_sandbox()


@pytest.fixture
def make_manager(qapp: Any) -> Iterator[Callable[..., Any]]:
    from gamecraft_desktop.jobs.job_manager import JobManager
    from gamecraft_desktop.store.jobs_db import JobStore
    from gamecraft_desktop.store.paths import AppPaths

    made: list[tuple[Any, Any]] = []

    def make(server: Any | None = None, mode: str = "sandbox", **kw: Any) -> Any:
        paths = AppPaths.default().ensure()
        store = JobStore(paths.database)
        kw.setdefault("poll", fast_poll())
        kw.setdefault("clients", fast_clients(paths))
        manager = JobManager(store, paths, backend=backend_for(server, mode) if server else None, **kw)
        made.append((manager, store))
        return manager

    yield make
    for manager, store in made:
        manager.shutdown()
        store.close()


@pytest.fixture
def spec(image_file: Path) -> Callable[..., Any]:
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.jobs.job_manager import JobSpec

    def make(actions: str = "w", prompt: str = "a village street at noon", **kw: Any) -> Any:
        return JobSpec(image_path=image_file, prompt=prompt, path=CameraPath.of(actions, 0.3), **kw)

    return make

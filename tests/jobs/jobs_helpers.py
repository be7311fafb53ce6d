"""Helpers for the jobs tests (imported by tests/jobs and tests/ui): a cached real renderer for the
sandbox, fast poll timing, a backend for a sandbox, an event recorder."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

KEY = "test-id:test-secret-7f3a9c"

_render_lock = threading.Lock()
_render_cache: dict[tuple[Any, ...], bytes] = {}


def cached_render(image: bytes, path: Any, out: Path) -> Path:
    """The real sandbox renderer (playable H.264), rendered once per path for the whole test session."""
    from gamecraft_desktop.media.renderer import render_camera_move

    key = tuple((s.action.value, s.speed) for s in path.steps)
    with _render_lock:
        data = _render_cache.get(key)
        if data is None:
            tmp = out.with_suffix(".render.mp4")
            render_camera_move(Image.new("RGB", (1216, 704), (40, 110, 180)), path, tmp, mark="SANDBOX")
            data = tmp.read_bytes()
            tmp.unlink()
            _render_cache[key] = data
    out.write_bytes(data)
    return out


def padded_render(size: int) -> Callable[[bytes, Any, Path], Path]:
    """A playable video padded to `size` bytes (an mp4 `free` box at the end): big downloads for benchmarks."""
    def render(image: bytes, path: Any, out: Path) -> Path:
        cached_render(image, path, out)
        pad = max(0, size - out.stat().st_size)
        if pad >= 8:
            with out.open("ab") as fh:
                fh.write(pad.to_bytes(4, "big") + b"free")
                chunk = b"\0" * (1 << 20)
                left = pad - 8
                while left > 0:
                    fh.write(chunk[:left])
                    left -= len(chunk)
        return out

    return render


def fast_poll() -> Any:
    from gamecraft_desktop.jobs.job_manager import PollTiming

    return PollTiming(initial_s=0.03, max_s=0.15, factor=1.5, retry_base_s=0.05, retry_cap_s=0.3)


def fast_clients(paths: Any) -> Any:
    from gamecraft_desktop.engine.connection import ClientPool
    from gamecraft_desktop.fal.retry import RetryPolicy

    return ClientPool(paths.upload_cache_file, download_retry=RetryPolicy(base_s=0.02, cap_s=0.1, max_attempts=3, jitter=0))


def backend_for(server: Any, mode: str = "sandbox", key: str = KEY) -> Any:
    from gamecraft_desktop.engine.connection import Backend
    from gamecraft_desktop.fal.config import FalConfig
    from gamecraft_desktop.fal.credentials import Credentials

    config = FalConfig(queue_url=server.base_url, rest_url=server.base_url, timeout_s=10.0)
    return Backend(mode, config, Credentials(key=key, source="keyring"))  # type: ignore[arg-type]


class Recorder:
    """Collects a manager's events."""

    def __init__(self, manager: Any) -> None:
        self.events: list[Any] = []
        self.finished: list[Any] = []
        self.auth: list[str] = []
        self.rejected: list[Any] = []
        manager.jobChanged.connect(self.events.append)
        manager.jobFinished.connect(self.finished.append)
        manager.authRequired.connect(self.auth.append)
        manager.inputRejected.connect(lambda jid, issues: self.rejected.append((jid, issues)))

    def states(self, job_id: str) -> list[str]:
        out: list[str] = []
        for ev in self.events:
            if ev.job_id == job_id and (not out or out[-1] != ev.state.value):
                out.append(ev.state.value)
        return out

    def last(self, job_id: str) -> Any:
        return next(ev for ev in reversed(self.events) if ev.job_id == job_id)

    def seen(self, job_id: str, pred: Callable[[Any], bool]) -> bool:
        return any(pred(ev) for ev in self.events if ev.job_id == job_id)


def wait_until(qtbot: Any, pred: Callable[[], bool], timeout_s: float = 30.0) -> None:
    qtbot.waitUntil(pred, timeout=int(timeout_s * 1000))


def copy_tree_text(root: Path) -> bytes:
    """Every file under root, concatenated (to search for a secret)."""
    out = bytearray()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out += p.read_bytes()
    return bytes(out)


# --- fixtures (imported by tests/jobs/conftest.py and by UI test modules) ---

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

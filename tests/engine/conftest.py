"""Engine tests: the rules and the steps with a scripted fake fal client (no HTTP, no Qt)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def image_file(tmp_path: Path) -> Path:
    path = tmp_path / "scene.png"
    Image.new("RGB", (1400, 800), (40, 110, 180)).save(path)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    from gamecraft_desktop.store.jobs_db import JobStore

    with JobStore(tmp_path / "history.sqlite3") as s:
        yield s


@pytest.fixture
def new_record(image_file: Path, store: Any) -> Callable[..., Any]:
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.core.schema import GameCraftInput
    from gamecraft_desktop.store.jobs_db import JobRecord

    def make(mode: str = "fal", started_by: str = "cli", **extra: Any) -> Any:
        inp = GameCraftInput.from_path(image="data:,", prompt="a harbor at dawn", path=CameraPath.of("w", 0.3))
        rec = JobRecord.new(inp, mode=mode, endpoint="anthonywu/gamecraft",  # type: ignore[arg-type]
                            source_image_path=str(image_file), started_by=started_by, **extra)
        store.create(rec)
        return rec

    return make


@pytest.fixture
def drive(store: Any, image_file: Path, tmp_path: Path) -> Callable[..., Any]:
    """Run a job through the synchronous driver with fake clients; returns the RunResult."""
    from gamecraft_desktop.engine.context import Connection, FollowState, JobOptions
    from gamecraft_desktop.engine.rules import RetryBudget
    from gamecraft_desktop.engine.steps import Step
    from gamecraft_desktop.engine.sync_driver import SyncDriver
    from gamecraft_desktop.engine.timing import PollTiming

    def run(record: Any, queue: Any, *, uploader: Any = None, download: Any = None, first: Any = Step.UPLOAD,
            budget: Any = None, stream: bool = False, **options: Any) -> Any:
        from fake_fal import FakeDownload, FakeUploader

        conn = Connection(queue=queue, uploader=uploader or FakeUploader(), download=download or FakeDownload())
        options.setdefault("source_image", image_file)
        options.setdefault("video_dest", tmp_path / "out" / "clip.mp4")
        options.setdefault("thumbnails", False)
        driver = SyncDriver(record, store=store, conn=conn, job_dir=tmp_path / "jobs" / record.id,
                            options=JobOptions(**options),
                            budget=budget or RetryBudget(attempts=3, base_s=0.0, cap_s=0.0, send_attempts=3),
                            timing=PollTiming(initial_s=0.0, max_s=0.0), follow=FollowState(stream=stream),
                            sleep=lambda s: None)
        return driver.run(first)

    return run

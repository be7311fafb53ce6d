"""A full disk, for real: a small tmpfs mounted by the test holds the videos or the history, and is filled up
while a job downloads (its video) or while it waits for its submit's answer (the history write of the request
id). The job ends in a clear "disk full" state with its request id kept and nothing else
lost, and once the space is freed it finishes by a free refetch: one submit in all."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jobs_helpers import wait_until
from scenes import scene

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.rules import Offer, offer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

Mount = Callable[[Path, int], Path]


@pytest.fixture
def small_disk() -> Iterator[Mount]:
    """Mounts a tmpfs of `size_kb` at a folder (unmounted after the test)."""
    mounted: list[Path] = []

    def mount(where: Path, size_kb: int) -> Path:
        where.mkdir(parents=True, exist_ok=True)
        if os.geteuid() != 0:
            pytest.skip("a full disk needs a small tmpfs, and mounting one needs root (CI runs as root)")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            pytest.skip(f"this machine refuses to mount a tmpfs ({done.stderr.strip()}): no real full disk here")
        mounted.append(where)
        return where

    yield mount
    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def fill(folder: Path) -> Path:
    """Fill the disk holding `folder` to the last byte; returns the ballast file (delete it to free)."""
    ballast = folder / "ballast.bin"
    fd = os.open(ballast, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 16, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, bytes(size))
            except OSError:
                continue
    finally:
        os.close(fd)
    return ballast


def settled(manager: Any, job: str) -> bool:
    rec = manager.job(job).record
    return rec.state.is_terminal and not manager.job(job).busy


def start(manager: Any, tmp_path: Path) -> str:
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.jobs.job_manager import JobSpec

    image = scene(tmp_path / "images" / "scene.png")
    (job,) = manager.submit(JobSpec(image_path=image, prompt="a dune at noon", path=CameraPath.of("w", 0.3)))
    return str(job)


def test_the_disk_fills_while_the_window_downloads(qtbot: Any, small_disk: Mount, make_programs: Any,
                                                   window_on: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    jobs = small_disk(home / "data" / "jobs", 512)  # the videos' disk; the history's is another
    p = make_programs(home=home, faults="cdn:1:slow=1.5")  # the download is held open while the disk fills
    manager = window_on(p)
    job = start(manager, tmp_path)
    wait_until(qtbot, lambda: manager.job(job).record.state == JobState.DOWNLOADING
               and p.server.counters.requests("cdn") >= 1, 30)
    ballast = fill(jobs)
    wait_until(qtbot, lambda: settled(manager, job), 30)

    rec = manager.store.get(job)
    assert rec.state == JobState.FAILED and rec.error_kind == "DiskFullError", rec.error_message
    assert "not enough free space" in (rec.error_message or "").lower()
    assert rec.request_id and offer(rec) is Offer.REFETCH
    assert rec.prepared_image_path and Path(rec.prepared_image_path).is_file()  # nothing else lost
    assert not [f for f in (jobs / job).iterdir() if f.name.endswith(".part")]

    ballast.unlink()
    assert manager.retry(job)  # the free refetch
    wait_until(qtbot, lambda: settled(manager, job), 30)
    done = manager.store.get(job)
    assert done.state == JobState.DONE and Path(done.video_path).is_file()
    assert done.request_id == rec.request_id and p.server.counters.submits == 1


@pytest.mark.subprocess
def test_the_disk_fills_while_the_command_downloads(small_disk: Mount, make_programs: Any, tmp_path: Path) -> None:
    out_dir = small_disk(tmp_path / "videos", 512)
    p = make_programs(faults="cdn:1:slow=1.5")
    out = out_dir / "clip.mp4"
    cli = p.cli("generate", "--image", str(scene(tmp_path / "scene.png")), "--prompt", "a dune at dusk",
                "--actions", "w", "--speeds", "0.3", "--out", str(out))
    p.wait_row(lambda r: r.state == JobState.DOWNLOADING and p.server.counters.requests("cdn") >= 1,
               "the download held open")
    ballast = fill(out_dir)
    assert cli.finish() == 15, cli.err  # "disk full" (the README's table)
    error = cli.wait_event("error")
    (rec,) = p.rows()
    assert error["request_id"] == rec.request_id and "not enough free space" in error["message"].lower()
    assert rec.state == JobState.FAILED and rec.error_kind == "DiskFullError" and offer(rec) is Offer.REFETCH
    assert not [f for f in out_dir.iterdir() if f.name.endswith(".part")]

    ballast.unlink()
    again = p.cli("result", rec.request_id, "--out", str(out))
    assert again.finish() == 0, again.err
    done = p.rows()[0]
    assert done.state == JobState.DONE and done.video_path == str(out) and out.is_file()
    assert p.server.counters.submits == 1


@pytest.mark.parametrize("reserve", ["kept", "used up before"])
def test_the_disk_fills_while_the_request_id_is_written(qtbot: Any, small_disk: Mount, make_programs: Any,
                                                         window_on: Any, tmp_path: Path, reserve: str) -> None:
    """The history's own disk fills while the submit waits for its answer. With the history's space reserve
    (store.reserve) the request id is saved at once (and the reserve's room even takes the video); with no
    reserve left, the id is kept in memory, the job says the disk is full, and the id is saved the moment
    there is room. Either way nothing is sent again and the job ends done."""
    home = tmp_path / "home"
    data = small_disk(home / "data", 16 * 1024)  # room for the history and its reserve
    p = make_programs(home=home, faults="submit:1:slow=1.5")  # the answer comes after the disk is full
    manager = window_on(p)
    job = start(manager, tmp_path)
    wait_until(qtbot, lambda: manager.job(job).record.state == JobState.SUBMITTING, 30)
    if reserve == "used up before":
        (data / "history.sqlite3.reserve").unlink()
    ballast = fill(data)
    wait_until(qtbot, lambda: p.server.counters.jobs_created == 1, 30)
    (created,) = p.server.counters.created_request_ids()
    wait_until(qtbot, lambda: manager.job(job).record.request_id == created, 30)  # the window knows it
    if reserve == "kept":
        wait_until(qtbot, lambda: settled(manager, job), 30)
    else:
        wait_until(qtbot, lambda: "disk holding the job history" in (manager.job_event(job).note or ""), 30)
        assert manager.store.get(job).state == JobState.SUBMITTING  # the disk took nothing yet
        ballast.unlink()
        wait_until(qtbot, lambda: settled(manager, job), 30)
    done = manager.store.get(job)
    assert done.state == JobState.DONE and done.request_id == created and Path(done.video_path).is_file()
    assert p.server.counters.submits == 1

"""Continue from the last frame: a finished job's last frame becomes the next image, and the next video is
joined after the first one (its first frame, the shared image, only once)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from jobs_helpers import Recorder, wait_until
from PIL import Image

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.media.frames import LAST, extract_frame
from gamecraft_desktop.media.probe import probe_video


def _done(rec: Recorder, job: str) -> bool:
    return any(ev.job_id == job for ev in rec.finished)


@pytest.mark.slow
def test_continue_offers_the_last_frame_and_joins_the_next_video(qtbot: Any, make_sandbox: Any,
                                                                 make_manager: Any, spec: Any,
                                                                 tmp_path: Path) -> None:
    server = make_sandbox()
    manager = make_manager(server)
    rec = Recorder(manager)
    (first,) = manager.submit(spec("w"))
    wait_until(qtbot, lambda: _done(rec, first))
    first_ev = manager.job_event(first)
    assert first_ev.state == JobState.DONE

    offered: list[Any] = []
    manager.inputsReady.connect(offered.append)
    manager.continue_from(first)
    wait_until(qtbot, lambda: bool(offered), 15)
    inputs = offered[0]
    assert inputs.continues == first and inputs.input.prompt == first_ev.prompt
    frame = np.asarray(extract_frame(first_ev.video_path, LAST), dtype=np.int16)
    image = np.asarray(Image.open(inputs.image_path).convert("RGB"), dtype=np.int16)
    assert image.shape == frame.shape and np.abs(image - frame).mean() < 1.0  # the very last frame, lossless

    continued = dataclasses.replace(spec("ad"), image_path=inputs.image_path, continues=first)
    (second,) = manager.submit(continued)
    wait_until(qtbot, lambda: _done(rec, second), 60)
    ev = manager.job_event(second)
    assert ev.state == JobState.DONE and ev.continues == first
    assert ev.joined_video_path is not None
    assert probe_video(ev.joined_video_path).frame_count == 33 + 66 - 1  # the shared image once
    assert manager.job_event(first).joined_video_path is None  # the first job has nothing joined

    dest = tmp_path / "joined.mp4"
    with qtbot.waitSignal(manager.videoSaved, timeout=15_000) as saved:
        manager.save_video(second, dest, joined=True)
    assert saved.args[2] == ""
    assert probe_video(dest).frame_count == 98
    from gamecraft_desktop.atomic_files import default_file_mode

    # a saved video is a normal file for the person (readable like anything they save), not mkstemp's 0600
    assert dest.stat().st_mode & 0o777 == default_file_mode()
    assert (tmp_path / "joined.mp4.json").stat().st_mode & 0o777 == default_file_mode()
    sidecar = json.loads((tmp_path / "joined.mp4.json").read_text())
    assert [part["request_id"] for part in sidecar["joined_after"]] == [first_ev.request_id]
    assert sidecar["request_id"] == ev.request_id


@pytest.mark.slow
def test_rerun_of_a_continuation_continues_the_same_job(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                       spec: Any) -> None:
    server = make_sandbox()
    manager = make_manager(server)
    rec = Recorder(manager)
    (first,) = manager.submit(spec("w"))
    wait_until(qtbot, lambda: _done(rec, first))
    offered: list[Any] = []
    manager.inputsReady.connect(offered.append)
    manager.continue_from(first)
    wait_until(qtbot, lambda: bool(offered), 15)
    (second,) = manager.submit(dataclasses.replace(spec("ad"), image_path=offered[0].image_path, continues=first))
    wait_until(qtbot, lambda: _done(rec, second), 60)

    third = manager.vary_seed(second)
    assert third is not None
    wait_until(qtbot, lambda: _done(rec, third), 60)
    ev = manager.job_event(third)
    assert ev.continues == first and ev.seed != manager.job_event(second).seed
    assert ev.joined_video_path is not None
    assert probe_video(ev.joined_video_path).frame_count == 33 + 66 - 1

    manager.delete(first)
    wait_until(qtbot, lambda: first not in manager.job_ids())
    fourth = manager.rerun(second)
    assert fourth is not None
    wait_until(qtbot, lambda: _done(rec, fourth), 60)
    assert manager.job_event(fourth).continues is None, "the continued job is gone: a plain job"


@pytest.mark.slow
def test_continue_from_a_job_whose_video_is_gone_says_why(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                          spec: Any) -> None:
    server = make_sandbox()
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job))
    manager.job_event(job).video_path.unlink()
    with qtbot.waitSignal(manager.continueFailed, timeout=10_000) as failed:
        manager.continue_from(job)
    assert failed.args[0] == job and "missing" in failed.args[1]


@pytest.mark.slow
def test_a_chain_of_continuations_joins_every_part_and_survives_deleting_them(
        qtbot: Any, make_sandbox: Any, make_manager: Any, spec: Any, tmp_path: Path) -> None:
    server = make_sandbox()
    manager = make_manager(server)
    rec = Recorder(manager)
    offered: list[Any] = []
    manager.inputsReady.connect(offered.append)

    def continue_with(parent: str) -> str:
        offered.clear()
        manager.continue_from(parent)
        wait_until(qtbot, lambda: bool(offered), 15)
        (job,) = manager.submit(dataclasses.replace(spec("w"), image_path=offered[0].image_path, continues=parent))
        wait_until(qtbot, lambda: _done(rec, job), 60)
        return job

    (a,) = manager.submit(spec("w"))
    wait_until(qtbot, lambda: _done(rec, a))
    c = continue_with(a)
    image_of_d_source = manager.job_event(c).video_path
    d = continue_with(c)
    assert image_of_d_source is not None
    ev = manager.job_event(d)
    assert probe_video(ev.joined_video_path).frame_count == 33 + 32 + 32  # A, then C and D without their first
    request_ids = [manager.job_event(j).request_id for j in (a, c)]
    manager.delete(a)
    manager.delete(c)
    wait_until(qtbot, lambda: a not in manager.job_ids() and c not in manager.job_ids(), 10)
    assert offered[0].image_path.exists()  # the image the last job started from is not the deleted jobs'
    dest = tmp_path / "chain.mp4"
    with qtbot.waitSignal(manager.videoSaved, timeout=15_000) as saved:
        manager.save_video(d, dest, joined=True)
    assert saved.args[2] == ""
    sidecar = json.loads((tmp_path / "chain.mp4.json").read_text())
    assert not (tmp_path / "chain.json").exists()
    assert [part["request_id"] for part in sidecar["joined_after"]] == request_ids
    assert sidecar["joined_after"][0]["input"]["prompt"]

"""What the money-rules machine found, kept as plain tests (each one failed on the code before its fix)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jobs_helpers import wait_until
from scenes import scene

from gamecraft_desktop.core.job_state import JobState


def test_deleting_a_job_while_its_step_runs_is_quiet(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                      spec: Any) -> None:
    """The step in flight finds its row gone: it stops, it does not raise out of the thread pool (the app's
    crash dialog) or leave the job half-written."""
    server = make_sandbox(seconds_per_action=0.05, faults="result:1:slow=1.0")
    manager = make_manager(server)
    (job,) = manager.submit(spec("w"))
    wait_until(qtbot, lambda: server.counters.requests("result") >= 1, 30)  # its fetch is held open
    assert manager.store.get(job).state == JobState.FETCHING
    manager.delete(job)
    assert manager.thread_pool.waitForDone(10_000)
    qtbot.wait(50)
    assert manager.store.list() == []


# --- the window and a command on one history ---------------------------------------------------------------
# Two programs (a real CLI process and the window) and held-open faults: seconds each, so the full run only.

def generate(p: Any, tmp_path: Path) -> Any:
    out = tmp_path / "out" / "clip.mp4"
    out.parent.mkdir(parents=True, exist_ok=True)
    return p.cli("generate", "--image", str(scene(tmp_path / "scene.png")), "--prompt", "a quay at noon",
                 "--actions", "w", "--speeds", "0.3", "--out", str(out))


@pytest.mark.slow
def test_a_job_the_command_line_is_still_uploading_is_not_sent_by_the_window(
        qtbot: Any, make_programs: Any, window_on: Any, tmp_path: Path) -> None:
    """Found by the machine: the window started while `generate` uploaded took the job for an interrupted one
    and offered Send. Send made the window send it too: two paid jobs when both submits passed the history's
    check (submitting -> submitting), else a command failing with "cannot go from done to submitting". Now
    the window watches a job whose command is alive (engine.lease) and offers nothing to send."""
    p = make_programs(faults="upload:1:slow=3")  # the command's upload is held open
    cli = generate(p, tmp_path)
    rec = p.wait_row(lambda r: r.state == JobState.UPLOADING and p.server.counters.requests("upload") >= 1,
                     "the command uploading")
    manager = window_on(p)
    manager.send(rec.id)  # what the person could click, if the window offered it
    wait_until(qtbot, lambda: cli.proc.poll() is not None, 60)
    wait_until(qtbot, lambda: manager.thread_pool.activeThreadCount() == 0, 30)
    assert p.server.counters.submits == 1  # the command's; the window sent nothing
    assert cli.finish() == 0, cli.err
    wait_until(qtbot, lambda: manager.job(rec.id).record.state == JobState.DONE, 30)
    assert manager.store.get(rec.id).state == JobState.DONE


@pytest.mark.slow
def test_a_job_the_command_line_is_still_submitting_is_not_called_uncertain(
        qtbot: Any, make_programs: Any, window_on: Any, tmp_path: Path) -> None:
    """Found by the machine: the window started while `generate` waited for its submit's answer marked the
    job "submit uncertain" (offering a paid Re-run) and kept showing that after fal had answered."""
    p = make_programs(faults="submit:1:slow=2")
    cli = generate(p, tmp_path)
    rec = p.wait_row(lambda r: r.state == JobState.SUBMITTING, "the command submitting")
    manager = window_on(p)
    states: list[JobState] = []
    manager.jobChanged.connect(lambda ev: states.append(ev.state) if ev.job_id == rec.id else None)
    # Only the command can stop its own submit in time: the window refuses (and says so), it does not write
    # over the row the command is about to give its request id.
    manager.cancel(rec.id)
    manager.delete(rec.id)
    assert "command line is running this job" in (manager.job(rec.id).note or "")
    wait_until(qtbot, lambda: cli.proc.poll() is not None, 60)
    assert cli.finish() == 0, cli.err
    wait_until(qtbot, lambda: manager.job(rec.id).record.state == JobState.DONE, 30)
    assert JobState.SUBMIT_UNCERTAIN not in states
    assert manager.store.get(rec.id).state == JobState.DONE and p.server.counters.submits == 1


@pytest.mark.slow
def test_result_and_the_window_bring_the_same_job_home_at_once(qtbot: Any, make_programs: Any, window_on: Any,
                                                                tmp_path: Path, image_file: Path) -> None:
    """Found by the machine: `result ID` finished a job the window was fetching; the window's fetch then met a
    done row, failed with a TransitionError and was left showing "Fetching result" for good."""
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.jobs.job_manager import JobSpec

    p = make_programs(faults="result:1:slow=5")  # the window's fetch (the first) is held open
    manager = window_on(p)
    (job,) = manager.submit(JobSpec(image_path=image_file, prompt="a quay at dusk", path=CameraPath.of("w", 0.3)))
    wait_until(qtbot, lambda: any(r.id == job and r.state == JobState.FETCHING for r in manager.store.list()), 30)
    rec = manager.store.get(job)  # its fetch is held there
    out = tmp_path / "fetched.mp4"
    cli = p.cli("result", rec.request_id, "--out", str(out))
    wait_until(qtbot, lambda: cli.proc.poll() is not None, 60)
    assert cli.finish() == 0, cli.err
    assert out.is_file()
    wait_until(qtbot, lambda: manager.job(job).record.state == JobState.DONE, 30)
    assert manager.job_event(job).video_path is not None and manager.job_event(job).video_path.is_file()
    assert manager.store.get(job).state == JobState.DONE and p.server.counters.submits == 1

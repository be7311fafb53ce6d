"""What the money-rules machine found, kept as plain tests (each one failed on the code before its fix)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jobs_helpers import wait_until

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

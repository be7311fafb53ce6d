"""The real window, killed with SIGKILL in the middle of a job it started, and started again on the same app
home: the job is picked up where it was and finishes, with the one submit it was sent with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scenes import scene

from gamecraft_desktop.core.job_state import JobState

pytestmark = [pytest.mark.subprocess, pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.mark.parametrize("where", ["running", "downloading"])
def test_the_window_killed_mid_job_finishes_it_after_a_restart(make_programs: Any, tmp_path: Path,
                                                               where: str) -> None:
    from gamecraft_desktop.media.probe import probe_video

    p = make_programs(**({"seconds_per_action": 3.0} if where == "running" else {"faults": "cdn:1:slow=60"}))
    window = p.window("--generate", str(scene(tmp_path / "scene.png")), "a lighthouse at dusk")
    rec = p.wait_row(lambda r: r.started_by == "window" and r.state == JobState(where), f"the window's job {where}")
    job_dir = p.home / "data" / "jobs" / rec.id
    if where == "downloading":
        p.wait_row(lambda r: any(f.name.endswith(".part") for f in job_dir.iterdir()), "the partial download")
    window.kill()
    p.server.faults.clear()
    assert p.server.counters.submits == 1

    again = p.window()
    done = p.wait_row(lambda r: r.id == rec.id and r.state == JobState.DONE, "the job done after the restart")
    again.kill()
    assert done.request_id == rec.request_id
    assert probe_video(done.video_path).frame_count == 33
    assert not [f for f in job_dir.iterdir() if f.name.endswith(".part")]
    assert p.server.counters.submits == 1

"""What the window does with jobs it finds in the history: it re-attaches every job fal has, whoever started
it; it never sends a job the command line started and left unsent (Send or Discard, by hand); it removes what
killed downloads left behind. And what it writes: the sidecar of a saved video, the words of a sandbox cancel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from child_processes import kill_9_when
from jobs_helpers import KEY, Recorder, wait_until

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.store.jobs_db import JobStore
from gamecraft_desktop.store.paths import AppPaths


def _cli_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAL_KEY")}
    env.update(GAMECRAFT_DESKTOP_HOME=str(home), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               FAL_KEY=KEY)
    return env


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_cli_job_killed_before_sending_is_never_sent_by_the_window(
        qtbot: Any, app_home: Path, make_sandbox: Any, make_manager: Any, image_file: Path, tmp_path: Path) -> None:
    # Was: the CLI killed with -9 while uploading left its row `uploading`; the window started on the same
    # history uploaded and submitted it without asking: one more paid submit nobody asked for.
    server = make_sandbox(faults="upload:1:slow=20")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gamecraft_desktop", "generate", "--image", str(image_file), "--prompt", "p",
         "--actions", "w", "--out", str(tmp_path / "clip.mp4"), "--queue-url", server.base_url,
         "--rest-url", server.base_url], env=_cli_env(app_home), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    kill_9_when(proc, lambda: server.counters.requests("upload") > 0)
    with JobStore(AppPaths.default().database) as h:
        (row,) = h.list()
    assert (row.state, row.started_by) == (JobState.UPLOADING, "cli")
    server.faults.clear()

    manager = make_manager(server, mode="fal")  # the command line sent it as a fal job
    rec = Recorder(manager)
    manager.load_history()
    wait_until(qtbot, lambda: row.id in manager.job_ids(), 10)
    qtbot.wait(800)  # time enough to have uploaded and submitted it
    ev = manager.job_event(row.id)
    assert ev.held and "Interrupted before sending" in (ev.note or "") and not ev.can_cancel
    assert ev.can_retry and server.counters.submits == 0 and server.counters.requests("upload") == 1
    assert manager.active_count() == 0  # nothing in flight: quitting asks nothing

    assert manager.retry(row.id)  # Send, by hand: now the window's own
    wait_until(qtbot, lambda: rec.last(row.id).state == JobState.DONE, 30)
    assert server.counters.submits == 1
    with JobStore(AppPaths.default().database) as h:
        assert h.get(row.id).started_by == "window"


def test_discard_drops_an_unsent_cli_job_without_sending_it(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                            image_file: Path) -> None:
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.core.schema import GameCraftInput
    from gamecraft_desktop.store.jobs_db import JobRecord

    server = make_sandbox()
    with JobStore(AppPaths.default().ensure().database) as h:
        old = JobRecord.new(GameCraftInput.from_path(image="data:,", prompt="p", path=CameraPath.of("w", 0.3)),
                            mode="sandbox", endpoint="anthonywu/gamecraft", source_image_path=str(image_file))
        h.create(old)  # written before owners were recorded: treated like another program's
    manager = make_manager(server)
    manager.load_history()
    wait_until(qtbot, lambda: old.id in manager.job_ids(), 10)
    assert manager.job_event(old.id).held
    manager.discard(old.id)
    ev = manager.job_event(old.id)
    assert ev.state == JobState.CANCELLED and not ev.held and "nothing was sent" in (ev.error or "")
    wait_until(qtbot, lambda: manager.store.get(old.id).state == JobState.CANCELLED, 5)
    qtbot.wait(300)
    assert server.counters.requests("upload") == 0 and server.counters.submits == 0


@pytest.mark.slow
def test_a_cli_job_fal_has_is_re_attached_and_finished_by_the_window(
        qtbot: Any, make_sandbox: Any, make_manager: Any, image_file: Path) -> None:
    import base64

    from jobs_helpers import backend_for

    from gamecraft_desktop.core.schema import parse_input
    from gamecraft_desktop.fal.queue_client import QueueClient
    from gamecraft_desktop.store.jobs_db import JobRecord

    server = make_sandbox()
    backend = backend_for(server)
    uri = "data:image/png;base64," + base64.b64encode(image_file.read_bytes()).decode()
    inp = parse_input({"image": uri, "prompt": "p", "action_list": ["w"], "action_speed_list": [0.3]})
    with QueueClient(backend.config, backend.credentials) as client:
        handle = client.submit(inp)
    row = JobRecord.new(inp, mode="sandbox", endpoint="anthonywu/gamecraft", state=JobState.QUEUED,
                        request_id=handle.request_id, response_url=handle.response_url,
                        status_url=handle.status_url, cancel_url=handle.cancel_url, started_by="cli")
    with JobStore(AppPaths.default().ensure().database) as h:
        h.create(row)  # what a command line interrupted after the submit leaves
    job_id = row.id
    manager = make_manager(server)
    rec = Recorder(manager)
    manager.load_history()
    wait_until(qtbot, lambda: job_id in manager.job_ids(), 10)
    wait_until(qtbot, lambda: rec.last(job_id).state == JobState.DONE, 30)
    assert server.counters.submits == 1 and rec.last(job_id).video_path is not None


def test_leftovers_of_killed_downloads_are_removed_when_the_window_starts(
        qtbot: Any, make_manager: Any, tmp_path: Path) -> None:
    # Was: a kill during a download left `.video.mp4.XXXX.part` in the job's folder for good.
    paths = AppPaths.default().ensure()
    folder = paths.jobs_dir / "some-job"
    folder.mkdir(parents=True)
    dead = _dead_pid()
    left = folder / f".video.mp4.{dead}.ab12cd34.part"
    left.write_bytes(b"\0" * 1000)
    mine = folder / f".video.mp4.{os.getpid()}.ef56gh78.part"  # a live writer's: left alone
    mine.write_bytes(b"\0")
    old = folder / ".video.mp4.zz9yx8wv.part"  # from before names carried the pid, hours old
    old.write_bytes(b"\0")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    manager = make_manager()
    loaded: list[int] = []
    manager.historyLoaded.connect(loaded.append)
    manager.load_history()
    wait_until(qtbot, lambda: bool(loaded), 10)
    assert not left.exists() and not old.exists() and mine.exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.slow
def test_the_windows_sidecar_has_the_download_time_and_the_queue_time(
        qtbot: Any, make_sandbox: Any, make_manager: Any, spec: Any, tmp_path: Path) -> None:
    # Was: Save video… wrote `downloaded_at` and `queue_s` as null (the CLI filled them).
    server = make_sandbox()
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: rec.last(job).state == JobState.DONE, 30)
    saved: list[tuple[str, str, str]] = []
    manager.videoSaved.connect(lambda *a: saved.append(a))
    manager.save_video(job, tmp_path / "clip.mp4")
    wait_until(qtbot, lambda: bool(saved), 10)
    timings = json.loads((tmp_path / "clip.mp4.json").read_text())["timings"]
    assert timings["downloaded_at"] and timings["completed_at"] and timings["submitted_at"]
    assert isinstance(timings["queue_s"], float) and timings["queue_s"] >= 0


def test_a_cancelled_sandbox_job_says_what_is_true_for_the_sandbox(
        qtbot: Any, make_sandbox: Any, make_manager: Any, spec: Any) -> None:
    # Was: "will probably finish and be billed anyway" and "fal dropped it from its queue" in Sandbox mode.
    server = make_sandbox(runners=1, seconds_per_action=1.0)
    manager = make_manager(server)
    rec = Recorder(manager)
    (blocker,) = manager.submit(spec("ww"))
    wait_until(qtbot, lambda: rec.last(blocker).state == JobState.RUNNING)
    running = manager.job_event(blocker)
    assert running.cancel_warning and "billed anyway" not in running.cancel_warning
    assert "free" in running.cancel_warning
    (queued,) = manager.submit(spec())
    wait_until(qtbot, lambda: rec.last(queued).state == JobState.QUEUED)
    manager.cancel(queued)
    wait_until(qtbot, lambda: rec.last(queued).state == JobState.CANCELLED, 15)
    note = rec.last(queued).note or ""
    assert "fal" not in note and "sandbox dropped it" in note
    manager.cancel(blocker)
    note = manager.job_event(blocker).note or ""
    assert "bill" not in note and "free" in note

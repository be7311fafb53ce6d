"""Crash safety at process level: a headless job runner in a child process is killed with SIGKILL while
uploading, queued, running, downloading or submitting; the sandbox lives in this test process and
survives. On restart the job completes (or, killed mid-submit, is marked uncertain) and the sandbox saw
exactly one submit for it."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from jobs_helpers import KEY, backend_for

pytestmark = pytest.mark.subprocess


def _start(home: Path, url: str, *extra: str) -> tuple[subprocess.Popen[str], queue.Queue[dict[str, Any]]]:
    env = {**os.environ, "GAMECRAFT_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "gamecraft_desktop.jobs.runner", "--queue-url", url,
                             "--key", KEY, *extra], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env)
    lines: queue.Queue[dict[str, Any]] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("{"):
                lines.put(json.loads(line))

    threading.Thread(target=pump, name="runner-stdout", daemon=True).start()
    return proc, lines


def _wait_state(lines: queue.Queue[dict[str, Any]], state: str, timeout_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            item = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        if item["state"] == state:
            return item
    raise AssertionError(f"the runner never reported {state!r}")


def _db_state(home: Path, job_id: str) -> Any:
    from gamecraft_desktop.store.jobs_db import JobStore

    with JobStore(home / "data" / "history.sqlite3") as store:
        return store.get(job_id)


def _wait_on_disk(home: Path, job_id: str, state: str, timeout_s: float = 15.0) -> None:
    """Until the history file holds the job in `state` (the window writes it off the GUI thread: a fixed sleep
    was sometimes too short on a loaded machine)."""
    from gamecraft_desktop.store.jobs_db import JobNotFoundError

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(JobNotFoundError):  # the row is not written yet
            if _db_state(home, job_id).state.value == state:
                return
        time.sleep(0.05)
    raise AssertionError(f"the job never reached {state!r} in the history file")


@pytest.mark.parametrize("where", ["uploading", "queued", "running", "downloading"])
def test_kill_9_then_restart_completes_with_one_submit(make_sandbox: Any, image_file: Path, tmp_path: Path,
                                                       where: str) -> None:
    opts: dict[str, Any] = {"seconds_per_action": 0.5}
    if where == "uploading":
        opts["faults"] = "upload:1:slow=4"
    elif where == "running":
        opts["seconds_per_action"] = 3.0
    elif where == "downloading":
        opts["faults"] = "cdn:1:slow=4"
    elif where == "queued":
        opts.update(runners=1, seconds_per_action=1.5)
    server = make_sandbox(**opts)
    blockers = 0
    if where == "queued":  # keep the only runner busy so our job waits in the queue
        from gamecraft_desktop.core.schema import parse_input
        from gamecraft_desktop.fal.queue_client import QueueClient

        backend = backend_for(server)
        import base64

        uri = "data:image/png;base64," + base64.b64encode(image_file.read_bytes()).decode()
        with QueueClient(backend.config, backend.credentials) as client:
            client.submit(parse_input({"image": uri, "prompt": "blocker", "action_list": ["w", "w"],
                                       "action_speed_list": [0.3, 0.3]}))
        blockers = 1
    home = tmp_path / "home"
    proc, lines = _start(home, server.base_url, "--submit", str(image_file))
    try:
        item = _wait_state(lines, where)
        if where in ("uploading", "downloading"):
            _wait_on_disk(home, item["job"], where)  # inside the slow transfer, once the row says so on disk
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    job_id = item["job"]
    assert _db_state(home, job_id).state.value == where
    server.faults.clear()

    proc2, _lines2 = _start(home, server.base_url)
    try:
        rc = proc2.wait(timeout=90)
    finally:
        if proc2.poll() is None:
            proc2.kill()
            proc2.wait()
    record = _db_state(home, job_id)
    assert rc == 0, record.error_message
    assert record.state.value == "done"
    assert record.video_path and Path(record.video_path).stat().st_size > 0
    assert server.counters.submits == 1 + blockers


def test_kill_9_during_submit_marks_it_uncertain_and_never_resubmits(make_sandbox: Any, image_file: Path,
                                                                     tmp_path: Path) -> None:
    server = make_sandbox(faults="submit:1:slow=4")
    home = tmp_path / "home"
    proc, lines = _start(home, server.base_url, "--submit", str(image_file))
    try:
        item = _wait_state(lines, "submitting")
        time.sleep(1.0)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert _db_state(home, item["job"]).state.value == "submitting"
    time.sleep(3.5)  # let the slowed submit reach the server (or not): either way it is not sent again
    before = server.counters.requests("submit")
    proc2, _ = _start(home, server.base_url)
    proc2.wait(timeout=60)
    record = _db_state(home, item["job"])
    assert record.state.value == "submit_uncertain"
    assert "not sent again" in (record.error_message or "")
    assert before == 1
    assert server.counters.requests("submit") == before

"""The command line follows the engine's rules about money: what is sent again, what is never sent again, what
a passing failure is, which request id an error names, and what killed runs leave behind. Each test is a
defect the command line had when it ran jobs with its own code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from child_processes import kill_9_when
from cli_helpers import KEY, json_events, start_sandbox

from gamecraft_desktop.cli.main import main
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.sandbox import FaultRule
from gamecraft_desktop.store.jobs_db import JobStore
from gamecraft_desktop.store.paths import AppPaths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def generate(image: Path, out: Path, sb: Any, *extra: str) -> list[str]:
    return ["generate", "--image", str(image), "--prompt", "a harbor", "--actions", "w", "--out", str(out),
            "--queue-url", sb.base_url, "--rest-url", sb.base_url, "--retry-wait", "0.01", *extra]


def only_row() -> Any:
    with JobStore(AppPaths.default().database) as h:
        (row,) = h.list()
        return row


def test_a_submit_fal_answered_500_keeps_its_request_id(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                       image_file: Path, tmp_path: Path, sandbox: Any) -> None:
    # Was: the history row was `failed` with request_id NULL, which the window took for a job never sent
    # (and offered to send again, though fal had taken it).
    sandbox.faults.add(FaultRule("submit", "500", times=1))
    code, out, err = run(capsys, *generate(image_file, tmp_path / "a.mp4", sandbox, "--json"))
    assert code == 8, err
    row = only_row()
    error = json_events(out)[-1]
    assert row.state is JobState.FAILED and row.request_id and error["request_id"] == row.request_id
    from gamecraft_desktop.engine.rules import Offer, offer

    assert offer(row) is Offer.RERUN and sandbox.counters.requests("submit") == 1


@pytest.mark.parametrize(("route", "extra"), [("status", ("--poll",)), ("stream", ())])
def test_a_passing_500_on_status_does_not_fail_a_job_that_finished(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path, sandbox: Any,
        route: str, extra: tuple[str, ...]) -> None:
    # Was: exit 8 "generation failed" for a job that completed (fal's JS client treats a 500 on status as
    # transient).
    sandbox.faults.add(FaultRule(route, "500", nth=1, times=2))
    out = tmp_path / "b.mp4"
    code, _, err = run(capsys, *generate(image_file, out, sandbox, *extra))
    assert code == 0, err
    assert out.stat().st_size > 0 and only_row().state is JobState.DONE
    assert sandbox.counters.requests("submit") == 1


def test_an_error_event_names_the_submitted_request_id(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                       image_file: Path, tmp_path: Path, sandbox: Any) -> None:
    # Was: the error event carried the failing answer's own x-fal-request-id, so `result <that id>` then
    # failed with exit 11.
    sandbox.faults.add(FaultRule("result", "500"))  # every result call (a passing one is asked again)
    code, out, err = run(capsys, *generate(image_file, tmp_path / "c.mp4", sandbox, "--json"))
    events = json_events(out)
    submitted = next(e["request_id"] for e in events if e["event"] == "submitted")
    assert code == 8, err
    assert events[-1]["event"] == "error" and events[-1]["request_id"] == submitted
    row = only_row()
    assert row.request_id == submitted and row.error_kind == "ResultUnavailableError"
    assert "fetching it again is free" in row.error_message and sandbox.counters.requests("submit") == 1


@pytest.mark.parametrize("fault", ["drop", "badjson", "edge502", "500"])
def test_storage_initiate_is_retried(capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path,
                                     tmp_path: Path, sandbox: Any, fault: str) -> None:
    # Was: a dropped connection or an unreadable answer on initiate exited 14, though nothing was billed
    # and a retry is harmless (an unused signed upload URL simply expires).
    sandbox.faults.add(FaultRule("initiate", fault, times=1))
    code, _, err = run(capsys, *generate(image_file, tmp_path / "d.mp4", sandbox))
    assert code == 0, err
    assert sandbox.counters.requests("initiate") == 2


def test_a_hostile_submit_answer_is_not_called_nothing_sent(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path, sandbox: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Was: exit 2 ("invalid input or usage (nothing was sent)") for a submit fal had answered (and billed)
    # with a request id no URL can be built from.
    from gamecraft_desktop.engine import connection
    from gamecraft_desktop.fal.queue_client import QueueClient

    real = httpx.HTTPTransport()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/anthonywu/gamecraft"):
            return httpx.Response(200, json={"status": "IN_QUEUE", "request_id": "../../etc/passwd"})
        return real.handle_request(request)

    def hostile(backend: Any) -> QueueClient:
        return QueueClient(backend.config, backend.credentials, transport=httpx.MockTransport(handler),
                           retry=connection.single_attempt())

    monkeypatch.setattr(connection, "make_queue_client", hostile)
    code, _, err = run(capsys, *generate(image_file, tmp_path / "e.mp4", sandbox))
    assert code == 10, err
    assert "nothing was sent" not in err and "may exist and be billed" in err
    assert only_row().state is JobState.SUBMIT_UNCERTAIN


def test_a_damaged_image_is_refused_with_16_and_nothing_is_sent(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path, sandbox: Any) -> None:
    damaged = tmp_path / "cut.png"
    damaged.write_bytes(image_file.read_bytes()[:300])  # a PNG cut off after its header
    code, _, err = run(capsys, *generate(damaged, tmp_path / "f.mp4", sandbox))
    assert code == 16 and "cut.png" in err and "Traceback" not in err
    assert sandbox.counters.requests() == 0
    from gamecraft_desktop.engine.rules import Offer, offer

    row = only_row()
    assert (row.state, row.error_kind, offer(row)) == (JobState.FAILED, "ImageError", Offer.RESEND)


@pytest.mark.subprocess
@pytest.mark.slow
def test_a_download_killed_midway_leaves_nothing_behind_after_the_next_run(
        app_home: Path, image_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Was: kill -9 during the download left `.clip.mp4.XXXX.part` in the --out folder for good.
    sb = start_sandbox()
    sb.faults.add(FaultRule("cdn", "hang", times=1))
    out_dir = tmp_path / "videos"
    out_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAL_KEY")}
    env.update(GAMECRAFT_DESKTOP_HOME=str(app_home), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               FAL_KEY=KEY)
    proc = subprocess.Popen([sys.executable, "-m", "gamecraft_desktop", *generate(image_file, out_dir / "clip.mp4",
                                                                                   sb, "--timeout", "30")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        kill_9_when(proc, lambda: bool(list(out_dir.glob(".clip.mp4.*.part"))))
    finally:
        sb.stop()
    assert list(out_dir.glob(".clip.mp4.*.part"))  # what kill -9 left
    monkeypatch.setenv("FAL_KEY", KEY)
    sb2 = start_sandbox()
    try:
        code, _, err = run(capsys, *generate(image_file, tmp_path / "other.mp4", sb2))
    finally:
        sb2.stop()
    assert code == 0, err
    assert list(out_dir.iterdir()) == []  # the history knew where that download was going
    with JobStore(AppPaths.default().database) as h:
        states = sorted(r.state.value for r in h.list())
    assert states == ["done", "downloading"]  # the killed job is still fetchable: `result ID`
    assert json.loads((tmp_path / "other.mp4.json").read_text())["timings"]["downloaded_at"]

"""The command line with bad input and failing servers: checked before anything is sent, one line per error,
and nothing paid for is lost. Each test is a defect found by using it from a shell."""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import json_events, start_sandbox

from gamecraft_desktop.cli import common, progress
from gamecraft_desktop.cli.main import main
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.sandbox import FaultRule
from gamecraft_desktop.store.jobs_db import JobStore
from gamecraft_desktop.store.paths import AppPaths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def conn(sb: Any) -> list[str]:
    return ["--queue-url", sb.base_url, "--rest-url", sb.base_url]


def gen_args(image: Path, out: Path, *extra: str) -> list[str]:
    return ["generate", "--image", str(image), "--prompt", "a harbor", "--actions", "w", "--out", str(out),
            *extra]


# --- checked before anything is sent -------------------------------------------------------------


@pytest.mark.parametrize(("flag", "value"), [("--timeout", "0"), ("--timeout", "-1"), ("--timeout", "nan"),
                                             ("--timeout", "inf"), ("--retries", "0")])
def test_bad_timeout_or_retries_exit_2_before_the_upload(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path, sandbox: Any,
        flag: str, value: str) -> None:
    # Was: --timeout -1/nan crashed with a ValueError traceback after the upload; 0 said "cannot
    # connect"; --retries 0 was refused only after the image had been uploaded.
    code, _, err = run(capsys, *gen_args(image_file, tmp_path / "o.mp4", flag, value, *conn(sandbox)))
    assert code == 2, err
    assert f"error: {flag}:" in err and "Traceback" not in err
    assert sandbox.counters.requests() == 0  # nothing uploaded, nothing submitted
    code, _, err = run(capsys, "status", "some-id", flag, value, *conn(sandbox))
    assert code == 2 and f"{flag}:" in err


def test_queue_url_without_a_host_is_a_usage_error(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                   image_file: Path, tmp_path: Path) -> None:
    # Was: `--queue-url http://` passed, and the upload went to the default https://rest.fal.ai.
    code, _, err = run(capsys, *gen_args(image_file, tmp_path / "o.mp4", "--queue-url", "http://"))
    assert code == 2 and "--queue-url" in err and "host" in err
    code, _, err = run(capsys, "status", "x", "--queue-url", "http://:80/")
    assert code == 2 and "--queue-url" in err


def test_out_folder_that_cannot_be_written_is_refused_before_paying(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path, sandbox: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Was: a read-only --out folder was found only after the job ran (and was paid): exit 13.
    ro = tmp_path / "ro"
    ro.mkdir()
    real_access = os.access
    monkeypatch.setattr(common.os, "access",
                        lambda p, mode, **kw: False if Path(p) == ro else real_access(p, mode, **kw))
    code, _, err = run(capsys, *gen_args(image_file, ro / "x.mp4", *conn(sandbox)))
    assert code == 2 and "not writable" in err and str(ro) in err
    assert sandbox.counters.submits == 0 and sandbox.counters.uploads == 0
    code, _, err = run(capsys, "result", "some-id", "--out", str(ro / "x.mp4"), *conn(sandbox))
    assert code == 2 and "not writable" in err


def test_usage_errors_are_one_line_and_a_json_event(capsys: pytest.CaptureFixture[str]) -> None:
    # Was: argparse's whole usage block on stderr and, with --json, nothing at all on stdout.
    code, out, err = run(capsys, "generate", "--image", "x.png", "--prompt", "p", "--out", "o.mp4",
                         "--steps", "abc", "--json")
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: argument --steps") and "usage:" not in err
    (event,) = json_events(out)
    assert event["event"] == "error" and event["exit_code"] == 2 and "--steps" in event["message"]
    code, out, err = run(capsys, "status")
    assert code == 2 and err.count("\n") == 1 and "ID" in err and out == ""


def test_a_mistyped_command_does_not_start_the_window(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Was: `gamecraft-desktop genrate` was taken as a project path and tried to open a window (a Qt
    # abort, exit 134, on a machine without a display).
    import sys
    import types

    def no_window(*args: Any, **kwargs: Any) -> int:
        raise AssertionError("the window must not start for a mistyped command")

    monkeypatch.setitem(sys.modules, "gamecraft_desktop.app", types.SimpleNamespace(run_gui=no_window))
    code, _, err = run(capsys, "genrate")
    assert code == 2
    assert "'genrate' is neither a command" in err and "generate" in err


def test_seed_zero_warning_offers_a_fixed_seed(capsys: pytest.CaptureFixture[str], fal_key: str,
                                               image_file: Path, tmp_path: Path, sandbox: Any) -> None:
    code, _, err = run(capsys, *gen_args(image_file, tmp_path / "s.mp4", "--seed", "0", *conn(sandbox)))
    assert code == 0, err
    line = next(line for line in err.splitlines() if "Seed 0" in line)
    assert line.startswith("warning:") and "--seed " in line
    offered = int(line.rsplit("--seed ", 1)[1].rstrip("."))
    assert offered > 0


# --- nothing paid for is lost --------------------------------------------------------------------


def test_failed_download_prints_the_command_that_fetches_the_job(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Was: after a paid job's download failed, only "error: The download kept failing" was printed.
    monkeypatch.chdir(tmp_path)
    sb = start_sandbox()
    sb.faults.add(FaultRule("cdn", "edge503", times=None))
    try:
        code, out, err = run(capsys, *gen_args(image_file, Path("rel.mp4"), "--retries", "1", "--json",
                                               *conn(sb)))
    finally:
        sb.stop()
    assert code == 13, err
    events = json_events(out)
    rid = next(e["request_id"] for e in events if e["event"] == "submitted")
    error = events[-1]
    assert error["event"] == "error" and error["request_id"] == rid
    expected = f"gamecraft-desktop result {rid} --out {tmp_path / 'rel.mp4'}"
    assert error["resume_command"].startswith(expected)  # absolute: works from any folder
    assert expected in err and "not lost" in err


def test_a_job_that_failed_on_the_server_gets_no_resume_command(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path,
        sandbox: Any) -> None:
    sandbox.faults.add(FaultRule("submit", "apperror"))
    code, out, err = run(capsys, *gen_args(image_file, tmp_path / "f.mp4", "--json", *conn(sandbox)))
    assert code == 8
    assert "resume_command" not in json_events(out)[-1] and "gamecraft-desktop result" not in err


def test_dropped_submit_warns_that_the_job_may_exist(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                     image_file: Path, tmp_path: Path) -> None:
    # Was: "127.0.0.1 closed the connection before the answer was complete." and nothing more, while
    # the server had created (and would bill) the job.
    sb = start_sandbox()
    sb.faults.add(FaultRule("submit", "drop"))
    try:
        code, _, err = run(capsys, *gen_args(image_file, tmp_path / "d.mp4", *conn(sb)))
        created = sb.counters.jobs_created
    finally:
        sb.stop()
    assert code == 10 and created == 1
    assert "may exist and be billed" in err and err.count("error:") == 1
    with JobStore(AppPaths.default().database) as h:
        assert [r.state for r in h.list()] == [JobState.SUBMIT_UNCERTAIN]


@pytest.mark.slow
def test_stalled_cdn_honours_timeout_and_retries(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                 image_file: Path, tmp_path: Path) -> None:
    # Was: the download used its own 30 s timeout and 5 retries whatever --timeout said (minutes of
    # silence on a stalled CDN).
    sb = start_sandbox()
    sb.faults.add(FaultRule("cdn", "hang", times=None))
    try:
        started = time.monotonic()
        code, _, err = run(capsys, *gen_args(image_file, tmp_path / "h.mp4", "--timeout", "1", "--retries", "2",
                                             *conn(sb)))
        elapsed = time.monotonic() - started
    finally:
        sb.stop()
    assert code == 13, err
    assert elapsed < 15, elapsed
    assert not (tmp_path / "h.mp4").exists()


def test_sidecar_that_cannot_be_written_keeps_the_video_and_says_so(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path, sandbox: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Was: "error: Disk full" (no file named), the job marked failed although the video was saved.
    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    from gamecraft_desktop.engine import sidecar

    monkeypatch.setattr(sidecar, "atomic_write_text", full)
    out = tmp_path / "v.mp4"
    code, _, err = run(capsys, *gen_args(image_file, out, *conn(sandbox)))
    assert code == 15
    assert f"The video was saved to {out}" in err and "v.mp4.json could not be written" in err
    assert "disk is full" in err and out.stat().st_size > 0
    with JobStore(AppPaths.default().database) as h:
        (rec,) = h.list()
        assert rec.state is JobState.DONE and rec.video_path == str(out.resolve())


def test_server_422_lists_each_issue_once(capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path,
                                          tmp_path: Path, sandbox: Any) -> None:
    sandbox.faults.add(FaultRule("submit", "app422"))
    code, _, err = run(capsys, *gen_args(image_file, tmp_path / "r.mp4", *conn(sandbox)))
    assert code == 6
    line = next(line for line in err.splitlines() if line.startswith("error:"))
    assert line.count("Simulated app validation failure") == 1, line


def test_resume_hint_uses_an_absolute_out_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    monkeypatch.chdir(tmp_path)
    hint = progress.resume_hint("abc", argparse.Namespace(endpoint="anthonywu/gamecraft"), out=Path("clip.mp4"))
    assert hint == f"gamecraft-desktop result abc --out {tmp_path / 'clip.mp4'}"


def test_saved_video_is_readable_like_any_new_file(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                   image_file: Path, tmp_path: Path, sandbox: Any) -> None:
    # Was: the video was 0600 (mkstemp's mode) while its sidecar was 0644.
    old = os.umask(0o022)
    try:
        code, _, err = run(capsys, *gen_args(image_file, tmp_path / "m.mp4", *conn(sandbox)))
    finally:
        os.umask(old)
    assert code == 0, err
    assert (tmp_path / "m.mp4").stat().st_mode & 0o777 == 0o644
    assert json.loads((tmp_path / "m.mp4.json").read_text())["request_id"]


@pytest.mark.parametrize("command", ["status", "result"])
@pytest.mark.slow
def test_a_job_cancelled_on_the_server_is_cancelled_in_the_history(
        capsys: pytest.CaptureFixture[str], fal_key: str, command: str) -> None:
    # Was: after `cancel` + `status`/`result` (exit 12) the history still said "queued", so the window
    # kept showing a job that no longer exists.
    from cli_helpers import data_uri, submit_raw

    from gamecraft_desktop.core.schema import parse_input
    from gamecraft_desktop.store.jobs_db import JobRecord

    sb = start_sandbox(runners=1, seconds_per_action=2.0)
    try:
        submit_raw(sb.base_url, actions=2)  # keeps the only runner busy
        queued = submit_raw(sb.base_url)
        model = parse_input({"image": data_uri(), "prompt": "p", "action_list": ["w"],
                             "action_speed_list": [0.2]})
        record = JobRecord.new(model, mode="fal", endpoint="anthonywu/gamecraft", state=JobState.QUEUED,
                               request_id=queued["request_id"])
        with JobStore(AppPaths.default().ensure().database) as h:
            h.create(record)
        code, _, err = run(capsys, "cancel", queued["request_id"], *conn(sb))
        assert code == 0, err
        code, _, err = run(capsys, command, queued["request_id"], *conn(sb))
    finally:
        sb.stop()
    assert code == 12, err
    with JobStore(AppPaths.default().database) as h:
        rec = h.get(record.id)
        assert rec is not None and rec.state is JobState.CANCELLED
        assert rec.error_type == "client_cancelled"


@pytest.mark.parametrize(("fault", "says", "submits"), [
    ("edge502", "nothing was billed", 3), ("edge503", "Try again in a minute", 3), ("edge504", "check your fal dashboard", 1)])
def test_edge_error_on_submit_says_whether_trying_again_is_safe(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path, sandbox: Any,
        fault: str, says: str, submits: int) -> None:
    # Was: "fal is temporarily unavailable (HTTP 502 Bad Gateway from its edge)" and nothing about
    # whether the job exists or the command may simply be run again. Then: an ingress 502/503 (the request
    # never reached the queue) was not tried again, as fal's own clients do, and exited 8 ("generation
    # failed") instead of a network problem; a 504 (it may have got through) is never sent again.
    sandbox.faults.add(FaultRule("submit", fault, times=None))
    code, _, err = run(capsys, *gen_args(image_file, tmp_path / "e.mp4", "--retries", "3", "--retry-wait", "0.01",
                                         *conn(sandbox)))
    assert code == 10
    (line,) = [line for line in err.splitlines() if line.startswith("error:")]
    assert says in line and ".." not in line
    assert sandbox.counters.requests("submit") == submits


def test_ingress_502_on_submit_is_retried_and_the_job_goes_through(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path, sandbox: Any) -> None:
    sandbox.faults.add(FaultRule("submit", "edge503", times=2))
    code, _, err = run(capsys, *gen_args(image_file, tmp_path / "ok.mp4", "--retry-wait", "0.01", *conn(sandbox)))
    assert code == 0, err
    assert sandbox.counters.requests("submit") == 3 and sandbox.counters.jobs_created == 1


@pytest.mark.parametrize(("present", "missing"),
                         [("FAL_KEY_ID", "FAL_KEY_SECRET"), ("FAL_KEY_SECRET", "FAL_KEY_ID")])
def test_half_a_split_key_names_the_missing_variable(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, present: str,
                                                     missing: str) -> None:
    # Was: the generic "No fal key found" although one of the two variables was set.
    for name in ("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(present, "something")
    code, _, err = run(capsys, "status", "abc", "--queue-url", "http://127.0.0.1:9")
    assert code == 3
    assert f"{present} is set but {missing} is not" in err and err.count("\n") == 1


def test_result_of_a_finished_job_does_not_invent_start_and_queue_times(
        capsys: pytest.CaptureFixture[str], fal_key: str, tmp_path: Path, sandbox: Any) -> None:
    # Was: `result ID --out` for a job that had run earlier wrote started_at = the time of the download
    # and queue_s = 0.0 into the sidecar.
    from cli_helpers import submit_raw

    job = submit_raw(sandbox.base_url)
    deadline = time.monotonic() + 10
    while run(capsys, "status", job["request_id"], *conn(sandbox))[1].strip() != "COMPLETED":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    out = tmp_path / "later.mp4"
    code, _, err = run(capsys, "result", job["request_id"], "--out", str(out), *conn(sandbox))
    assert code == 0, err
    timings = json.loads((tmp_path / "later.mp4.json").read_text())["timings"]
    assert timings["started_at"] is None and timings["queue_s"] is None
    assert timings["completed_at"] and timings["downloaded_at"]


def test_generate_still_records_start_and_queue_times(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                      image_file: Path, tmp_path: Path, sandbox: Any) -> None:
    code, _, err = run(capsys, *gen_args(image_file, tmp_path / "g.mp4", *conn(sandbox)))
    assert code == 0, err
    timings = json.loads((tmp_path / "g.mp4.json").read_text())["timings"]
    assert timings["started_at"] and isinstance(timings["queue_s"], float)

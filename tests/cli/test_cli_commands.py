"""Headless commands run in-process (`main([...])`) against a real SandboxServer over loopback."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import KEY, data_uri, json_events, start_sandbox, submit_raw

from gamecraft_desktop.cli.main import main
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.fal.errors import EXIT_CODES
from gamecraft_desktop.sandbox import FaultRule
from gamecraft_desktop.store.jobs_db import JobStore
from gamecraft_desktop.store.paths import AppPaths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def conn(sb: Any) -> list[str]:
    return ["--queue-url", sb.base_url, "--rest-url", sb.base_url]


def history() -> JobStore:
    return JobStore(AppPaths.default().database)


# --- help and usage ------------------------------------------------------------------------------


def test_help_lists_commands_and_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in ("generate", "status", "result", "cancel"):
        assert name in out
    for number, text in EXIT_CODES.items():
        assert f"{number:>3}  {text}" in out
    code, out, _ = run(capsys, "generate", "--help")
    assert code == 0 and "--sandbox" in out and "exit codes:" in out and "130" in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "generate", "--prompt", "x")
    assert code == 2 and "--image" in err and "Traceback" not in err


# --- generate ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_generate_end_to_end_real_render_decodable_mp4_and_sidecar(
        capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path, tmp_path: Path) -> None:
    import av

    sb = start_sandbox(render=True)
    try:
        out = tmp_path / "clip.mp4"
        code, stdout, err = run(capsys, "generate", "--image", str(image_file), "--prompt", "a harbor \"at\" dawn",
                                "--actions", "w,d", "--speeds", "0.3,0.1", "--seed", "77", "--out", str(out),
                                *conn(sb))
    finally:
        sb.stop()
    assert code == 0, err
    assert stdout.strip() == str(out)
    assert "Submitted: request id" in err and "Segment 2/2" in err and "Saved" in err
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        assert (stream.codec_context.width, stream.codec_context.height) == (1216, 704)
    assert frames == 66
    sidecar_path = tmp_path / "clip.mp4.json"
    text = sidecar_path.read_text(encoding="utf-8")
    assert KEY not in text and "test-secret" not in text
    sidecar = json.loads(text)
    request_id = sidecar["request_id"]
    assert request_id and request_id in err
    assert sidecar["input"]["action_list"] == ["w", "d"]
    assert sidecar["input"]["action_speed_list"] == [0.3, 0.1]
    assert sidecar["input"]["seed"] == 77
    assert sidecar["input"]["image"]["width"] == 1216  # cropped before upload
    assert sidecar["endpoint"] == "anthonywu/gamecraft" and sidecar["mode"] == "fal"
    assert sidecar["timings"]["submitted_at"] and sidecar["timings"]["downloaded_at"]
    # The job history has it, done, with the request id.
    with history() as h:
        rec = h.find_by_request_id(request_id)
        assert rec is not None and rec.state is JobState.DONE and rec.video_path == str(out.resolve())
        assert KEY not in rec.input_json


@pytest.mark.slow
def test_generate_json_events_in_order(capsys: pytest.CaptureFixture[str], fal_key: str, image_file: Path,
                                       tmp_path: Path) -> None:
    sb = start_sandbox(runners=1, seconds_per_action=0.4)
    try:
        submit_raw(sb.base_url, actions=3)  # keeps the only runner busy: our job is queued first
        out = tmp_path / "j.mp4"
        code, stdout, err = run(capsys, "generate", "--json", "--image", str(image_file), "--prompt", "p",
                                "--actions", "w,a", "--out", str(out), *conn(sb))
    finally:
        sb.stop()
    assert code == 0, err
    events = json_events(stdout)  # every stdout line is JSON
    names = [e["event"] for e in events]
    assert names[0] == "uploaded"
    assert names[1] == "submitted"
    assert "queued" in names and "running" in names
    assert names.index("queued") < names.index("running") < names.index("completed") < names.index("downloaded")
    assert names[-1] == "downloaded"
    rid = events[1]["request_id"]
    assert all(e.get("request_id", rid) == rid for e in events)
    assert events[-1]["path"] == str(out) and Path(events[-1]["sidecar"]).exists()
    segments = [e["segment"] for e in events if e["event"] == "running" and e["segment"]]
    assert segments[-1] == [2, 2]
    assert err == ""  # nothing for people in JSON mode on success


@pytest.mark.slow
def test_generate_in_process_sandbox_flag(capsys: pytest.CaptureFixture[str], image_file: Path,
                                          tmp_path: Path) -> None:
    out = tmp_path / "s.mp4"
    code, _, err = run(capsys, "generate", "--sandbox", "--sandbox-time-scale", "0.01", "--image",
                       str(image_file), "--prompt", "p", "--actions", "w", "--out", str(out))
    assert code == 0, err
    assert out.stat().st_size > 1000
    sidecar = json.loads((tmp_path / "s.mp4.json").read_text())
    assert sidecar["mode"] == "sandbox" and sidecar["request_id"]
    assert "sandbox-" not in json.dumps(sidecar)  # not even the throwaway key


def test_local_validation_exits_2_with_every_field_and_sends_nothing(
        capsys: pytest.CaptureFixture[str], fal_key: str, sandbox: Any, tmp_path: Path) -> None:
    code, stdout, err = run(capsys, "generate", "--image", str(tmp_path / "missing.png"), "--prompt", "  ",
                            "--actions", "w,x,d", "--speeds", "0.2,9", "--steps", "0", "--out",
                            str(tmp_path / "no" / "dir" / "o.mp4"), *conn(sandbox))
    assert code == 2
    lines = err.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines)
    for flag in ("--image", "--prompt", "--actions", "--steps", "--out"):
        assert any(flag in line for line in lines), (flag, err)
    assert "Traceback" not in err and stdout == ""
    assert sandbox.counters.submits == 0 and sandbox.counters.uploads == 0


def test_speeds_count_mismatch_and_existing_out(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                sandbox: Any, tmp_path: Path) -> None:
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--actions", "w,s,d",
                       "--speeds", "0.2,0.2", "--out", str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 2 and "--speeds" in err and "same length" in err
    (tmp_path / "o.mp4").write_bytes(b"precious")
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--out",
                       str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 2 and "--force" in err
    assert (tmp_path / "o.mp4").read_bytes() == b"precious"
    assert sandbox.counters.submits == 0


def test_missing_key_exits_3_with_instructions(capsys: pytest.CaptureFixture[str], sandbox: Any,
                                               tmp_path: Path) -> None:
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--out",
                       str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 3
    assert "FAL_KEY" in err and "--sandbox" in err and len(err.strip().splitlines()) == 1
    assert sandbox.counters.submits == 0


def test_malformed_key_exits_3(capsys: pytest.CaptureFixture[str], sandbox: Any, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAL_KEY", "no-colon-here")
    code, _, err = run(capsys, "status", "abc", *conn(sandbox))
    assert code == 3 and "no-colon-here" not in err


def test_rejected_key_exits_4(capsys: pytest.CaptureFixture[str], sandbox: Any, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch, image_file: Path) -> None:
    monkeypatch.setenv("FAL_KEY", "wrong-id:wrong-secret")
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--out",
                       str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 4, err
    assert "HTTP 403" in err and "wrong-secret" not in err and "Traceback" not in err
    # The upload path says the same.
    code, _, err = run(capsys, "generate", "--image", str(image_file), "--prompt", "p", "--out",
                       str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 4, err
    # A 401 (what fal answers for an unknown key) is the same class.
    monkeypatch.setenv("FAL_KEY", KEY)
    sandbox.faults.add(FaultRule("submit", "401"))
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--out",
                       str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 4 and "401" in err, err


def test_server_422_exits_6(capsys: pytest.CaptureFixture[str], fal_key: str, sandbox: Any,
                            tmp_path: Path) -> None:
    sandbox.faults.add(FaultRule("submit", "app422"))
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--actions", "w", "--out",
                       str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 6, err
    assert "image" in err and not (tmp_path / "o.mp4").exists()
    assert "(not billed)" in err  # the app's 422 carries x-fal-billable-units: 0


def test_an_image_the_app_cannot_fetch_fails_at_result_exit_8_not_billed(
        capsys: pytest.CaptureFixture[str], fal_key: str, sandbox: Any, tmp_path: Path) -> None:
    """The real app's answer: the submit is accepted, the job completes, the result is a bare 500."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/gone.png"
    code, stdout, err = run(capsys, "generate", "--json", "--image", dead, "--prompt", "p", "--actions", "w",
                            "--out", str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 8, err
    assert "not bill" in err and "not sent again" in err
    last = json_events(stdout)[-1]
    assert last["kind"] == "AppFailedError" and "resume_command" not in last
    assert sandbox.counters.submits == 1 and sandbox.counters.requests("result") == 1
    with history() as h:
        rec = h.find_by_request_id(last["request_id"])
        assert rec is not None and rec.state is JobState.FAILED and rec.error_kind == "AppFailedError"


@pytest.mark.parametrize("fault", ["apperror", "app500"])
def test_server_failure_exits_8_and_is_recorded(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                sandbox: Any, tmp_path: Path, fault: str) -> None:
    sandbox.faults.add(FaultRule("submit", fault))
    code, stdout, err = run(capsys, "generate", "--json", "--image", data_uri(), "--prompt", "p", "--actions",
                            "w", "--out", str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 8, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    events = json_events(stdout)
    assert events[-1]["event"] == "error" and events[-1]["exit_code"] == 8
    rid = events[-1]["request_id"]
    with history() as h:
        rec = h.find_by_request_id(rid)
        assert rec is not None and rec.state is JobState.FAILED and rec.error_message


def test_unreachable_server_exits_10(capsys: pytest.CaptureFixture[str], fal_key: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "status", "abc", "--queue-url", "http://127.0.0.1:9", "--retries", "1")
    assert code == 10 and "Traceback" not in err


# --- status / result / cancel --------------------------------------------------------------------


def wait_status(sb: Any, rid: str, want: str, capsys: pytest.CaptureFixture[str], timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while True:
        _code, out, _ = run(capsys, "status", rid, *conn(sb))
        if out.startswith(want) or time.monotonic() > deadline:
            return out
        time.sleep(0.05)


@pytest.mark.slow
def test_status_result_and_cancel(capsys: pytest.CaptureFixture[str], fal_key: str, tmp_path: Path) -> None:
    sb = start_sandbox(runners=1, seconds_per_action=0.3)
    try:
        # The one runner is busy for ~5 s: long enough for the queued job's status calls below, even on a
        # loaded machine (with ~1 s, the queued job had sometimes started before they ran).
        blocker = submit_raw(sb.base_url, actions=16)
        queued = submit_raw(sb.base_url, actions=1)
        later = submit_raw(sb.base_url, actions=1)

        code, out, _ = run(capsys, "status", queued["request_id"], *conn(sb))
        assert code == 0 and out.startswith("IN_QUEUE (position")
        code, out, _ = run(capsys, "status", "--json", queued["request_id"], *conn(sb))
        event = json_events(out)[0]
        assert event["event"] == "status" and event["status"] == "IN_QUEUE"

        # cancel a queued job: accepted; it ends cancelled (status exits 12)
        code, out, err = run(capsys, "cancel", later["request_id"], *conn(sb))
        assert code == 0 and out.strip() == "CANCELLATION_REQUESTED" and "billed" in err
        assert wait_status(sb, later["request_id"], "COMPLETED", capsys).startswith("COMPLETED (cancelled)")
        code, _, _ = run(capsys, "status", later["request_id"], *conn(sb))
        assert code == 12

        # result without --out waits, then prints the result JSON
        code, out, err = run(capsys, "result", blocker["request_id"], *conn(sb))
        assert code == 0, err
        assert json.loads(out)["video"]["url"].startswith(sb.base_url)

        # result --out downloads the video and writes a sidecar (inputs unknown: not submitted from here)
        dest = tmp_path / "q.mp4"
        code, out, err = run(capsys, "result", queued["request_id"], "--out", str(dest), *conn(sb))
        assert code == 0, err
        assert dest.read_bytes().startswith(b"\x00\x00\x00\x18ftyp")
        side = json.loads((tmp_path / "q.mp4.json").read_text())
        assert side["request_id"] == queued["request_id"] and side["input"] is None

        code, out, _ = run(capsys, "status", queued["request_id"], *conn(sb))
        assert code == 0 and out.strip() == "COMPLETED"
        # nothing left to cancel
        code, out, _ = run(capsys, "cancel", queued["request_id"], *conn(sb))
        assert code == 0 and out.strip() == "NOTHING_TO_CANCEL"
        # a failed job's status exits 8
        sb.faults.add(FaultRule("submit", "apperror"))
        failed = submit_raw(sb.base_url, actions=1)
        wait_status(sb, failed["request_id"], "COMPLETED", capsys)
        code, _, err = run(capsys, "status", failed["request_id"], *conn(sb))
        assert code == 8 and "runner_disconnected" in err
    finally:
        sb.stop()


def test_result_for_unknown_request_id(capsys: pytest.CaptureFixture[str], fal_key: str, sandbox: Any) -> None:
    code, _, err = run(capsys, "result", "00000000-0000-0000-0000-000000000000", *conn(sandbox))
    assert code != 0 and code != 1 and "Traceback" not in err
    code, _, err = run(capsys, "status", "bad/id", *conn(sandbox))
    assert code == 2


def test_damaged_history_does_not_block_generate(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                 sandbox: Any, tmp_path: Path) -> None:
    db = AppPaths.default().ensure().database
    db.write_bytes(b"garbage, not sqlite" * 100)
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--actions", "w", "--out",
                       str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 0, err
    assert "warning: the job history cannot be used" in err
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT * FROM jobs").fetchall()


def test_queue_options_reach_the_submit(capsys: pytest.CaptureFixture[str], fal_key: str, sandbox: Any,
                                        tmp_path: Path) -> None:
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--actions", "w",
                       "--priority", "low", "--start-timeout", "30", "--poll", "--out", str(tmp_path / "o.mp4"),
                       *conn(sandbox))
    assert code == 0, err
    headers = sandbox.counters.headers("submit")[-1]
    assert headers.get("x-fal-queue-priority") == "low"
    assert headers.get("x-fal-request-timeout") == "30"
    assert sandbox.counters.requests("stream") == 0  # --poll


def test_ctrl_c_while_waiting_human_mode(capsys: pytest.CaptureFixture[str], fal_key: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from gamecraft_desktop.cli.progress import CliProgress

    def interrupt(self: Any, record: Any, update: Any) -> None:
        raise KeyboardInterrupt

    sb = start_sandbox(runners=1, seconds_per_action=0.5)
    try:
        submit_raw(sb.base_url, actions=2)
        monkeypatch.setattr(CliProgress, "status", interrupt)
        out = tmp_path / "x y.mp4"
        code, stdout, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--actions", "w",
                                "--endpoint", "anthonywu/gamecraft", "--out", str(out), *conn(sb))
    finally:
        sb.stop()
    assert code == 130
    assert "keeps running on fal" in err and "Traceback" not in err
    rid = err.split("Request id: ", 1)[1].split()[0]
    assert f"gamecraft-desktop result {rid} --out '{out}' --queue-url {sb.base_url}" in err
    assert stdout == ""
    with history() as h:
        rec = h.find_by_request_id(rid)
        assert rec is not None and rec.state is JobState.QUEUED  # the app can re-attach to it
        assert [r.id for r in h.unfinished()] == [rec.id]


def test_readme_lists_every_exit_code() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "## Command line" in readme
    for number, text in EXIT_CODES.items():
        assert f"| {number} | {text} |" in readme


def test_ctrl_c_during_submit_marks_the_job_uncertain(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                      sandbox: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from gamecraft_desktop.fal.queue_client import QueueClient

    def submit(self: Any, *a: Any, **kw: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(QueueClient, "submit", submit)
    code, _, err = run(capsys, "generate", "--image", data_uri(), "--prompt", "p", "--out",
                       str(tmp_path / "o.mp4"), *conn(sandbox))
    assert code == 130 and "may have received the job" in err
    with history() as h:
        (rec,) = h.list()
        assert rec.state is JobState.SUBMIT_UNCERTAIN  # never resubmitted automatically


def test_key_from_id_and_secret_variables(capsys: pytest.CaptureFixture[str], sandbox: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAL_KEY_ID", KEY.split(":")[0])
    monkeypatch.setenv("FAL_KEY_SECRET", KEY.split(":")[1])
    rid = submit_raw(sandbox.base_url)["request_id"]
    code, out, err = run(capsys, "status", rid, *conn(sandbox))
    assert code == 0, err
    assert out.split()[0] in ("IN_QUEUE", "IN_PROGRESS", "COMPLETED")

"""The CLI as a real child process against a SandboxServer in this process (loopback)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import KEY, start_sandbox, submit_raw

pytestmark = pytest.mark.subprocess


def child_env(home: Path, key: str | None = KEY) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAL_KEY")}
    env.update(GAMECRAFT_DESKTOP_HOME=str(home), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               PYTHONUNBUFFERED="1")
    if key:
        env["FAL_KEY"] = key
    return env


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "gamecraft_desktop", *args]


def conn(sb: Any) -> list[str]:
    return ["--queue-url", sb.base_url, "--rest-url", sb.base_url]


def test_generate_subprocess_end_to_end(app_home: Path, image_file: Path, tmp_path: Path) -> None:
    sb = start_sandbox()
    try:
        out = tmp_path / "sub.mp4"
        proc = subprocess.run(cli("generate", "--image", str(image_file), "--prompt", "p", "--actions", "w,s",
                                  "--out", str(out), *conn(sb)),
                              env=child_env(app_home), capture_output=True, text=True, timeout=90)
    finally:
        sb.stop()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(out)
    side = json.loads((tmp_path / "sub.mp4.json").read_text())
    assert side["request_id"] in proc.stderr
    assert KEY not in (tmp_path / "sub.mp4.json").read_text()
    assert out.read_bytes()[4:8] == b"ftyp"


def test_missing_key_subprocess_exit_3(app_home: Path, tmp_path: Path) -> None:
    proc = subprocess.run(cli("generate", "--image", "https://example.invalid/a.png", "--prompt", "p",
                              "--out", str(tmp_path / "o.mp4"), "--queue-url", "http://127.0.0.1:9"),
                          env=child_env(app_home, key=None), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1 and "FAL_KEY" in proc.stderr and "Traceback" not in proc.stderr


def read_events_until(proc: subprocess.Popen[str], name: str, timeout: float) -> list[dict[str, Any]]:
    assert proc.stdout is not None
    events: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        line = proc.stdout.readline()
        if not line:
            break
        events.append(json.loads(line))
        if events[-1]["event"] == name:
            return events
    raise AssertionError(f"no {name!r} event within {timeout} s: {events}")


def test_sigint_while_queued_prints_resume_command_then_result_fetches_it(
        app_home: Path, image_file: Path, tmp_path: Path) -> None:
    # One runner kept busy by a blocker: the CLI's job sits in the queue when Ctrl+C arrives.
    sb = start_sandbox(runners=1, seconds_per_action=1.0)
    try:
        submit_raw(sb.base_url, actions=4)
        out = tmp_path / "later.mp4"
        proc = subprocess.Popen(cli("generate", "--json", "--image", str(image_file), "--prompt", "later",
                                    "--actions", "d", "--out", str(out), *conn(sb)),
                                env=child_env(app_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        try:
            events = read_events_until(proc, "queued", timeout=60)
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 130, stderr
        rid = next(e["request_id"] for e in events if e["event"] == "submitted")
        command = f"gamecraft-desktop result {rid} --out {out}"
        assert rid in stderr and command in stderr
        assert "Traceback" not in stderr
        tail = [json.loads(line) for line in stdout.splitlines() if line.strip()]
        assert tail[-1]["event"] == "interrupted" and tail[-1]["request_id"] == rid
        assert not out.exists()
        assert sb.counters.submits == 2  # the job was not cancelled or resubmitted

        # Exactly the printed command (plus the sandbox URLs printed with it) fetches the job later.
        args = stderr.split("gamecraft-desktop ", 1)[1].splitlines()[0].split()
        assert args[:4] == ["result", rid, "--out", str(out)]
        proc2 = subprocess.run(cli(*args), env=child_env(app_home), capture_output=True, text=True,
                               timeout=90)
    finally:
        sb.stop()
    assert proc2.returncode == 0, proc2.stderr
    assert out.read_bytes()[4:8] == b"ftyp"
    side = json.loads((tmp_path / "later.mp4.json").read_text())
    assert side["request_id"] == rid
    # The job history remembered the inputs, so the sidecar has them.
    assert side["input"]["prompt"] == "later" and side["input"]["action_list"] == ["d"]

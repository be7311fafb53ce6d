"""`python -m gamecraft_desktop.sandbox` as a process, and one job end to end with the real renderer."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sandbox_support import ENDPOINT, client_for, png_bytes, request, running, submit, wait_status, wire_input

from gamecraft_desktop.media import probe_video
from gamecraft_desktop.sandbox import SandboxServer


@pytest.mark.subprocess
def test_module_prints_its_url_serves_and_stops_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gamecraft_desktop.sandbox", "--time-scale", "0.01", "--runners", "1",
         "--fake-render", "--require-key", "cli-id:cli-secret", "--faults", "status:1:edge503"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:")
        if sys.platform.startswith("linux"):  # it stands in for a remote service: only idle cores are its
            assert set(_thread_nice_values(proc.pid)) == {19}
        auth = {"Authorization": "Key cli-id:cli-secret"}
        r = request("POST", f"{base}/{ENDPOINT}", json=wire_input(), headers=auth)
        assert r.status_code == 200
        status = r.json()["status_url"]
        assert request("GET", status, headers=auth).status_code == 503  # the --faults rule
        assert request("GET", status, headers=auth).status_code in (200, 202)
        assert request("POST", f"{base}/{ENDPOINT}", json=wire_input(),
                       headers={"Authorization": "Key other:key"}).status_code == 403
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        _, err = proc.communicate(timeout=5)
        assert "cli-secret" not in err
        assert f"POST /{ENDPOINT} -> 200" in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _thread_nice_values(pid: int) -> list[int]:
    """The nice value of each thread of process `pid` (field 19 of /proc/PID/task/TID/stat)."""
    values = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):  # a thread that ended meanwhile
            values.append(int((task / "stat").read_text().rsplit(")", 1)[1].split()[16]))
    return values


@pytest.mark.subprocess
def test_module_rejects_a_bad_fault_spec() -> None:
    proc = subprocess.run([sys.executable, "-m", "gamecraft_desktop.sandbox", "--faults", "status:1:explode"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2
    assert "explode" in proc.stderr


@pytest.mark.slow
def test_end_to_end_with_the_real_renderer(tmp_path: Path) -> None:
    with running(render=True) as sb, client_for(sb, timeout=30) as c:
        assert isinstance(sb, SandboxServer)
        up = c.post("/storage/upload/initiate?storage_type=fal-cdn-v3",
                    json={"content_type": "image/png", "file_name": "street.png"}).json()
        assert request("PUT", up["upload_url"], content=png_bytes(1216, 704, "teal")).status_code == 200
        handle = submit(c, wire_input(image_url=up["file_url"], actions=("w",)))
        done = wait_status(c, handle, timeout=60)
        assert "error" not in done, done
        video = c.get(handle["response_url"]).json()["video"]
        data = request("GET", video["url"]).content
        assert len(data) == video["file_size"]
        out = tmp_path / video["file_name"]
        out.write_bytes(data)
        info = probe_video(out)
        assert (info.width, info.height, info.frame_count) == (1216, 704, 33)
        assert round(info.fps) == 24

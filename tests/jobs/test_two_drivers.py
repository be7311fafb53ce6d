"""One set of rules, proven from both sides: every sandbox fault kind, on the routes a job takes, through the
command line's driver (`generate`, in this process) and the window's (the job manager on its thread pool). Both
must leave the same history row (state, whether fal's request id is kept, error kind, what it offers) and make
the sandbox create the same number of (paid) jobs; and that is what the rules say it must be."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jobs_helpers import KEY, Recorder, fast_clients, fast_poll

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.rules import Offer, offer
from gamecraft_desktop.sandbox import FaultRule

pytestmark = pytest.mark.slow

DONE = ("done", True, None, "nothing")


@dataclass(frozen=True)
class Case:
    route: str
    kind: str
    expect: tuple[str, bool, str | None, str]  # state, has a request id, error kind, offer
    created: int = 1  # jobs the sandbox created (each one paid on fal)
    arg: str | None = None
    times: int | None = 1
    poll: bool = False  # the command line polls (so a status fault meets it as it meets the window)

    @property
    def id(self) -> str:
        return f"{self.route}-{self.kind}" + (f"x{self.times}" if self.times != 1 else "")


NEEDS_KEY = ("queued", True, None, "nothing")
CASES = [
    # submit: resent only when it provably never reached the queue; never when it may have
    Case("submit", "edge502", DONE), Case("submit", "edge503", DONE), Case("submit", "429", DONE, arg="0"),
    Case("submit", "edge503", ("failed", False, "EdgeError", "resend"), created=0, times=None),
    Case("submit", "edge504", ("submit_uncertain", False, "EdgeError", "rerun"), created=0),
    Case("submit", "drop", ("submit_uncertain", False, "NetworkError", "rerun")),
    Case("submit", "truncate", ("submit_uncertain", False, "NetworkError", "rerun")),
    Case("submit", "hang", ("submit_uncertain", False, "NetworkError", "rerun"), created=0),
    Case("submit", "badjson", DONE),  # the x-fal-request-id header alone finds the job
    Case("submit", "slow", DONE, arg="0.3"),
    Case("submit", "500", ("failed", True, "ServerError", "rerun"), created=0),
    Case("submit", "app500", ("failed", True, "AppFailedError", "rerun")),
    Case("submit", "app422", ("failed", True, "ValidationFailedError", "rerun")),
    Case("submit", "apperror", ("failed", True, "ServerError", "rerun")),
    Case("submit", "401", ("failed", False, "AuthError", "resend"), created=0),
    Case("submit", "403", ("failed", False, "AuthError", "resend"), created=0),
    Case("submit", "404", ("failed", False, "EndpointNotFoundError", "resend"), created=0),
    # status: every passing failure is passing, a 500 included; an expired result (asked a few times) is
    # not, and still offers a free fetch
    *(Case("status", kind, DONE, poll=True) for kind in
      ("edge502", "edge503", "edge504", "429", "drop", "truncate", "badjson", "500", "hang", "slow")),
    Case("status", "500", DONE, poll=True, times=6),
    Case("status", "expired", DONE, poll=True),  # one 404 for a job fal had is asked again, not believed
    Case("status", "expired", ("failed", True, "ResultExpiredError", "refetch"), poll=True, times=None),
    Case("status", "401", NEEDS_KEY, poll=True, times=None),
    # stream: the command line falls back to polling; the window polls anyway
    *(Case("stream", kind, DONE) for kind in
      ("edge502", "500", "drop", "truncate", "badjson", "ssedrop", "401", "expired", "hang")),
    # result: passing failures pass
    *(Case("result", kind, DONE) for kind in ("edge502", "edge504", "429", "drop", "truncate", "badjson")),
    # a 500 naming another request than the job's is fal's hiccup, not the app's verdict (that one is
    # replayed with the job's own id: submit app500 above): asked again, and a free fetch stays offered
    Case("result", "500", DONE),
    Case("result", "500", ("failed", True, "ResultUnavailableError", "refetch"), times=None),
    Case("result", "expired", DONE), Case("result", "404", DONE),
    Case("result", "expired", ("failed", True, "ResultExpiredError", "refetch"), times=None),
    Case("result", "401", ("fetching", True, None, "nothing"), times=None),
    # storage initiate and upload: harmless to repeat
    *(Case("initiate", kind, DONE) for kind in
      ("edge502", "edge503", "edge504", "429", "drop", "truncate", "badjson", "500", "hang")),
    Case("initiate", "401", ("failed", False, "AuthError", "resend"), created=0, times=None),
    *(Case("upload", kind, DONE) for kind in ("edge502", "500", "drop", "403")),
    # the video: resumed, retried; what does not come back is fetched again for free
    *(Case("cdn", kind, DONE) for kind in ("drop", "truncate", "edge503", "hang")),
    Case("cdn", "404", ("failed", True, "DownloadError", "refetch"), times=None),
]
NEEDS_KEY_CASES = {("status", "401"), ("result", "401")}


def row_summary(rec: Any) -> tuple[str, bool, str | None, str]:
    return rec.state.value, bool(rec.request_id), rec.error_kind, offer(rec).value


def sandbox_for(case: Case) -> Any:
    from gamecraft_desktop.sandbox import SandboxServer

    server = SandboxServer(require_key=KEY, render=False, seconds_per_action=0.05)
    server.start()
    server.faults.add(FaultRule(case.route, case.kind, nth=1, times=case.times, arg=case.arg))
    return server


def run_cli(case: Case, image: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    from gamecraft_desktop.cli.main import main
    from gamecraft_desktop.store.jobs_db import JobStore
    from gamecraft_desktop.store.paths import AppPaths

    server = sandbox_for(case)
    try:
        main(["generate", "--image", str(image), "--prompt", "a harbor", "--actions", "w", "--out", str(out),
              "--queue-url", server.base_url, "--rest-url", server.base_url, "--retries", "3", "--retry-wait",
              "0.01", "--timeout", "1.5", *(["--poll"] if case.poll else [])])
        created = server.counters.jobs_created
    finally:
        server.stop()
    capsys.readouterr()
    with JobStore(AppPaths.default().database) as history:
        (row,) = history.list()
    return row, created


def run_window(case: Case, image: Path, qtbot: Any) -> Any:
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.engine.connection import Backend
    from gamecraft_desktop.fal.config import FalConfig
    from gamecraft_desktop.fal.credentials import Credentials
    from gamecraft_desktop.jobs.job_manager import JobManager, JobSpec
    from gamecraft_desktop.store.jobs_db import JobStore
    from gamecraft_desktop.store.paths import AppPaths

    server = sandbox_for(case)
    paths = AppPaths.default().ensure()
    store = JobStore(paths.database)
    config = FalConfig(queue_url=server.base_url, rest_url=server.base_url, timeout_s=1.5)
    backend = Backend("fal", config, Credentials(key=KEY, source="keyring"))
    manager = JobManager(store, paths, backend=backend, poll=fast_poll(), clients=fast_clients(paths))
    rec = Recorder(manager)
    try:
        (job,) = manager.submit(JobSpec(image_path=image, prompt="a harbor", path=CameraPath.of("w", 0.2)))
        waiting = (case.route, case.kind) in NEEDS_KEY_CASES
        qtbot.waitUntil(lambda: bool(rec.auth) if waiting else manager.job_event(job).is_terminal,
                        timeout=60_000)
        qtbot.wait(100)
        created = server.counters.jobs_created
        row = store.get(job)
    finally:
        manager.shutdown()
        store.close()
        server.stop()
    return row, created


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_both_drivers_leave_the_same_row(case: Case, qtbot: Any, tmp_path: Path, image_file: Path,
                                        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAL_KEY", KEY)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("GAMECRAFT_DESKTOP_HOME", str(tmp_path / "cli-home"))
    cli_row, cli_created = run_cli(case, image_file, tmp_path / "clip.mp4", capsys)
    monkeypatch.setenv("GAMECRAFT_DESKTOP_HOME", str(tmp_path / "window-home"))
    window_row, window_created = run_window(case, image_file, qtbot)
    cli, window = row_summary(cli_row), row_summary(window_row)
    if case.expect[0] == "queued":  # waiting for a key while following: queued or already running
        cli = ("queued", *cli[1:]) if cli[0] == "running" else cli
        window = ("queued", *window[1:]) if window[0] == "running" else window
    assert cli == window == case.expect, (cli_row.error_message, window_row.error_message)
    assert cli_created == window_created == case.created
    if case.expect[1]:  # fal took it: the id on record is the one fal gave it, never resent
        assert offer(cli_row) is not Offer.RESEND and offer(window_row) is not Offer.RESEND
    assert (cli_row.state == JobState.DONE) == (window_row.state == JobState.DONE)

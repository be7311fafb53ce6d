"""Real processes, real kills: the command line (`generate`) is killed with SIGKILL at each step boundary of one
job, held open there by the sandbox's slow faults and recognised from the history database or the command's
--json events. Then the job is recovered, with `result` or by starting the real window on the same history,
and the sandbox's submit counter says how many (paid) jobs were made: exactly one, or none where nothing had
been sent (then the window offers the job as "interrupted before sending")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from processes import Programs
from scenes import blocker, scene

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.rules import Offer, offer

pytestmark = [pytest.mark.subprocess, pytest.mark.slow, pytest.mark.timeout(300)]


def start_generate(p: Programs, tmp_path: Path) -> tuple[Any, Path]:
    out = tmp_path / "out" / "clip.mp4"
    out.parent.mkdir(parents=True, exist_ok=True)
    child = p.cli("generate", "--image", str(scene(tmp_path / "scene.png")), "--prompt", "a harbour at dawn",
                  "--actions", "w", "--speeds", "0.3", "--out", str(out))
    return child, out


def cli_row(p: Programs, state: JobState | None = None) -> Any:
    return p.wait_row(lambda r: r.started_by == "cli" and (state is None or r.state == state),
                      f"the command's job ({state.value if state else 'any state'})")


def recover_with_result(p: Programs, rec: Any, out: Path) -> Any:
    """`result ID --out` (the command a killed `generate` would have printed) brings the video home."""
    child = p.cli("result", rec.request_id, "--out", str(out), "--force")
    code = child.finish()
    assert code == 0, child.err
    assert child.wait_event("downloaded")["path"] == str(out)
    return p.wait_row(lambda r: r.id == rec.id and r.state == JobState.DONE, "the job done")


def recover_with_window(p: Programs, rec: Any, until: Any, row: Any = lambda r: True) -> tuple[Any, Any]:
    """Start the real window on the same history; returns its view of the job once `until(view)` holds, and
    the job's row once `row(row)` holds (the window writes some of what it decides a moment later)."""
    window = p.window()
    try:
        view = window.wait_event("job", pred=lambda ev: ev["job"] == rec.id and until(ev))
        return view, p.wait_row(lambda r: r.id == rec.id and row(r), "the job as the window left it")
    finally:
        window.kill()


def assert_no_leftovers(folder: Path) -> None:
    assert not [f for f in folder.iterdir() if f.name.endswith(".part")], list(folder.iterdir())


# --- killed before anything was sent: nothing is paid, the window offers Send or Discard ------------------

@pytest.mark.parametrize("where", ["row created", "during upload"])
def test_killed_before_sending_is_offered_as_interrupted_and_never_sent(make_programs: Any, tmp_path: Path,
                                                                        where: str) -> None:
    # Held at the storage initiate (nothing uploaded yet) or in the middle of the upload's PUT.
    p = make_programs(faults="initiate:1:slow=60" if where == "row created" else "upload:1:slow=60")
    child, _out = start_generate(p, tmp_path)
    route = "initiate" if where == "row created" else "upload"
    rec = cli_row(p, JobState.UPLOADING)
    p.wait_row(lambda r: p.server.counters.requests(route) >= 1, f"the {route} call held open")
    child.kill()

    view, row = recover_with_window(p, rec, lambda ev: ev["held"])
    assert view["offer"] == Offer.SEND.value and "Interrupted before sending" in (view["note"] or "")
    assert row.state == JobState.UPLOADING and row.request_id is None
    assert p.server.counters.submits == 0


# --- killed mid-submit: the job may exist; it is never sent again ------------------------------------------

def test_killed_while_submitting_is_uncertain_and_never_sent_again(make_programs: Any, tmp_path: Path) -> None:
    p = make_programs(faults="submit:1:slow=2")
    child, _out = start_generate(p, tmp_path)
    rec = cli_row(p, JobState.SUBMITTING)
    # The row says "submitting" just before the request leaves: wait until the queue has it (and holds its
    # answer for 2 s), so the kill lands mid-submit. A kill right after the row once came before the request
    # was sent (a CI run on a busy machine), and nothing reached the queue.
    p.wait_row(lambda r: p.server.counters.requests("submit") >= 1, "the submit arriving at the queue")
    child.kill()
    p.wait_row(lambda r: p.server.counters.submits >= 1, "the held submit reaching the queue")

    view, row = recover_with_window(p, rec, lambda ev: ev["state"] == JobState.SUBMIT_UNCERTAIN.value,
                                    lambda r: r.state == JobState.SUBMIT_UNCERTAIN)
    assert view["offer"] == Offer.RERUN.value  # only a deliberate Re-run sends it again
    assert row.state == JobState.SUBMIT_UNCERTAIN and offer(row) is Offer.RERUN
    assert p.server.counters.submits == 1


# --- killed once fal has it: recovered with one submit ------------------------------------------------

@pytest.mark.parametrize(("where", "recovery"), [
    ("submit answered", "result"), ("queued", "window"), ("running", "result"), ("running", "window"),
    ("downloading", "result"), ("downloading", "window")])
def test_killed_after_fal_has_it_is_recovered_with_one_submit(make_programs: Any, tmp_path: Path, where: str,
                                                             recovery: str) -> None:
    options: dict[str, Any] = {
        "submit answered": {"faults": "stream:1:hang,status:1+:hang"},  # it waits for its first look
        "queued": {"runners": 1, "seconds_per_action": 1.0},
        "running": {"seconds_per_action": 4.0},
        "downloading": {"faults": "cdn:1:slow=60"},
    }[where]
    p = make_programs(**options)
    if where == "queued":
        blocker(p.server, p.key)
    child, out = start_generate(p, tmp_path)
    if where == "submit answered":
        submitted = child.wait_event("submitted")
        child.kill()
        rec = cli_row(p)
        assert rec.request_id == submitted["request_id"] and rec.state == JobState.QUEUED
        p.server.faults.clear()
    elif where == "queued":
        child.wait_event("queued")
        rec = cli_row(p, JobState.QUEUED)
        child.kill()
    elif where == "running":
        child.wait_event("running")
        rec = cli_row(p, JobState.RUNNING)
        child.kill()
    else:
        rec = cli_row(p, JobState.DOWNLOADING)
        p.wait_row(lambda r: any(f.name.endswith(".part") for f in out.parent.iterdir()), "the partial download")
        child.kill()
        assert [f for f in out.parent.iterdir() if f.name.endswith(".part")]  # what the kill left behind
        p.server.faults.clear()
    assert rec.request_id

    if recovery == "result":
        done = recover_with_result(p, rec, out)
        assert out.is_file() and done.video_path == str(out)
    else:
        _view, done = recover_with_window(p, rec, lambda ev: ev["state"] == JobState.DONE.value)
        assert done.state == JobState.DONE and Path(done.video_path).is_file()
    assert done.request_id == rec.request_id
    assert_no_leftovers(out.parent)
    assert p.server.counters.submits == 1 + (where == "queued")  # ours, and the blocker

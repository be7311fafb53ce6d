"""The job manager against the real sandbox over loopback: the whole life of jobs, and how they fail."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from jobs_helpers import KEY, Recorder, copy_tree_text, wait_until

from gamecraft_desktop.core.job_state import JobState


def _done(rec: Recorder, job_id: str) -> bool:
    return any(ev.job_id == job_id for ev in rec.finished)


@pytest.mark.slow
def test_full_flow_submitted_queued_running_done_saved(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                       spec: Any, tmp_path: Path) -> None:
    # One runner and a blocker job: ours waits in the queue with a visible position first.
    server = make_sandbox(runners=1, seconds_per_action=0.4)
    manager = make_manager(server)
    rec = Recorder(manager)
    _blocker, ours = manager.submit(spec("ww"), count=2)
    wait_until(qtbot, lambda: _done(rec, ours), 60)

    assert rec.states(ours)[:3] == ["uploading", "submitting", "queued"]
    assert rec.seen(ours, lambda ev: ev.state == JobState.QUEUED and ev.queue_position is not None)
    assert rec.seen(ours, lambda ev: ev.state == JobState.RUNNING and ev.logs and ev.progress is not None)
    assert rec.seen(ours, lambda ev: ev.state == JobState.UPLOADING and ev.bytes_up_total > 0)
    assert rec.seen(ours, lambda ev: ev.state == JobState.DOWNLOADING and ev.bytes_down > 0)
    final = rec.last(ours)
    assert final.state == JobState.DONE, final.error
    assert final.video_path is not None and final.video_path.exists()
    assert final.thumbnail_path is not None and final.thumbnail_path.exists()
    assert final.frame_count == 66
    assert final.seed == 43  # consecutive seeds: 42, 43
    stored = manager.store.get(ours)
    assert stored.state == JobState.DONE and stored.request_id == final.request_id
    assert server.counters.submits == 2

    # Save video…: the MP4 and its sidecar, atomically, next to each other.
    with qtbot.waitSignal(manager.videoSaved, timeout=10_000) as saved:
        manager.save_video(ours, tmp_path / "out" / "my video.mp4")
    _job_id, path, error = saved.args
    assert error == ""
    assert Path(path).read_bytes() == final.video_path.read_bytes()
    # The sidecar is named as the CLI names it: "<video file name>.json", never "my video.json".
    sidecar = json.loads((tmp_path / "out" / "my video.mp4.json").read_text())
    assert not (tmp_path / "out" / "my video.json").exists()
    assert sidecar["request_id"] == final.request_id
    assert sidecar["mode"] == "sandbox"
    assert sidecar["input"]["seed"] == 43 and sidecar["input"]["action_list"] == ["w", "w"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")]


def test_cancel_while_queued_ends_cancelled_once_fal_dropped_it(qtbot: Any, make_sandbox: Any,
                                                                 make_manager: Any, spec: Any) -> None:
    server = make_sandbox(runners=1, seconds_per_action=1.0)
    manager = make_manager(server)
    rec = Recorder(manager)
    (_blocker,) = manager.submit(spec("ww"))  # the one runner busy first, so ours really waits in fal's queue
    wait_until(qtbot, lambda: manager.job_event(_blocker).state == JobState.RUNNING)
    (ours,) = manager.submit(spec("ww"))
    wait_until(qtbot, lambda: manager.job_event(ours).state == JobState.QUEUED and
               manager.job_event(ours).request_id is not None)
    import time

    t0 = time.monotonic()
    manager.cancel(ours)
    ev = manager.job_event(ours)
    assert ev.cancel_requested and not ev.can_cancel  # said at once; no second cancel
    assert ev.note and "cancel" in ev.note.lower()
    # COMPLETED + client_cancelled from fal (it dropped the job from its queue): CANCELLED, within a poll.
    wait_until(qtbot, lambda: manager.job_event(ours).state == JobState.CANCELLED, 5)
    assert time.monotonic() - t0 < 2.0
    assert manager.store.get(ours).state == JobState.CANCELLED
    assert server.counters.requests("cancel") == 1
    assert "dropped" in (rec.last(ours).note or "")
    assert any(ev.job_id == ours and ev.state == JobState.CANCELLED for ev in rec.finished)
    manager.cancel(_blocker)


@pytest.mark.slow
def test_cancel_while_running_still_keeps_the_video_fal_finished_anyway(qtbot: Any, make_sandbox: Any,
                                                                         make_manager: Any, spec: Any) -> None:
    # The gamecraft app (and the sandbox) ignore cancel once running: fal finishes the job and bills it.
    server = make_sandbox(seconds_per_action=0.6)
    manager = make_manager(server, mode="fal")  # the sandbox standing in for fal: fal's words
    rec = Recorder(manager)
    (job,) = manager.submit(spec("ww"))
    wait_until(qtbot, lambda: manager.job_event(job).state == JobState.RUNNING)
    manager.cancel(job)
    ev = manager.job_event(job)
    assert ev.state == JobState.RUNNING and ev.cancel_requested and not ev.can_cancel
    assert "bill" in (ev.note or "")
    wait_until(qtbot, lambda: _done(rec, job), 30)
    final = rec.last(job)
    assert final.state == JobState.DONE, final.error
    assert final.video_path is not None and final.video_path.exists() and final.video_path.stat().st_size > 0
    assert "finished despite cancel" in (final.note or "").lower()
    stored = manager.store.get(job)
    assert stored.state == JobState.DONE and stored.video_path == str(final.video_path)
    assert server.counters.requests("cancel") == 1


@pytest.mark.slow
def test_cancel_answered_already_completed_fetches_and_keeps_the_video(qtbot: Any, make_sandbox: Any,
                                                                        make_manager: Any, spec: Any) -> None:
    from gamecraft_desktop.sandbox.faults import FaultRule

    server = make_sandbox(seconds_per_action=0.3)
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec("w"))
    wait_until(qtbot, lambda: manager.job_event(job).state == JobState.RUNNING)
    # Status polls fail (ingress 503, retried) while fal completes the job: here it still looks running.
    blind = server.faults.add(FaultRule("status", "edge503", nth=1, times=None))
    request_id = manager.job_event(job).request_id
    wait_until(qtbot, lambda: server.book.get(request_id).state == "COMPLETED", 10)
    assert manager.job_event(job).state == JobState.RUNNING
    manager.cancel(job)
    wait_until(qtbot, lambda: server.counters.responses("cancel", 400) == 1, 10)  # ALREADY_COMPLETED
    server.faults.remove(blind)
    wait_until(qtbot, lambda: _done(rec, job), 30)
    final = rec.last(job)
    assert final.state == JobState.DONE, final.error
    assert final.video_path is not None and final.video_path.exists()
    assert "finished despite cancel" in (final.note or "").lower()
    assert manager.store.get(job).state == JobState.DONE


def test_401_on_submit_fails_the_job_and_asks_for_a_key(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                         spec: Any) -> None:
    server = make_sandbox(faults="submit:1:401")
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job))
    ev = rec.last(job)
    assert ev.state == JobState.FAILED
    assert rec.auth, "authRequired was not emitted"
    assert ev.can_retry and not ev.retry_is_free  # never sent: retry sends it again
    assert server.counters.jobs_created == 0


@pytest.mark.slow
def test_retry_of_a_job_fal_never_accepted_reuses_its_row(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                          spec: Any) -> None:
    # Refused at fal's edge each time the rules try (5 times): the job never reached the queue.
    server = make_sandbox(faults="submit:1x5:edge502")
    manager = make_manager(server)
    rec = Recorder(manager)
    removed: list[str] = []
    manager.jobRemoved.connect(removed.append)
    deleted: list[str] = []
    real_delete = manager.store.delete
    manager.store.delete = lambda job_id: deleted.append(job_id) or real_delete(job_id)  # type: ignore[method-assign]
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job))
    failed = manager.store.get(job)
    assert failed.state == JobState.FAILED and failed.request_id is None
    assert manager.job_event(job).can_retry and not manager.job_event(job).retry_is_free

    assert manager.retry(job)
    assert manager.job_event(job).state == JobState.UPLOADING  # at once, in the same row
    wait_until(qtbot, lambda: manager.job_event(job).state == JobState.DONE, 30)
    done = manager.store.get(job)
    assert done.created_at == failed.created_at and done.request_id is not None
    assert done.error_message is None and done.error_kind is None
    assert deleted == [] and removed == []  # never deleted and recreated
    assert manager.store.count() == 1 and manager.job_ids() == [job]
    states = rec.states(job)
    assert states[states.index("failed"):][:2] == ["failed", "uploading"]
    assert server.counters.jobs_created == 1


@pytest.mark.slow
def test_422_marks_the_field(qtbot: Any, make_sandbox: Any, make_manager: Any, spec: Any) -> None:
    server = make_sandbox(faults="submit:1:app422")
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job))
    assert rec.last(job).state == JobState.FAILED
    assert rec.rejected and rec.rejected[0][0] == job
    issues = rec.rejected[0][1]
    assert issues and all(i.field and i.message for i in issues)
    assert rec.last(job).field_issues == issues


@pytest.mark.slow
def test_an_image_that_no_longer_hashes_to_what_was_shown_is_not_uploaded(qtbot: Any, make_sandbox: Any,
                                                                          make_manager: Any, spec: Any,
                                                                          image_file: Path) -> None:
    """The composer hands over the hash of the file the person saw; a file edited since (even after Generate,
    while a batch waits for a transfer slot) must not be uploaded and paid for."""
    from gamecraft_desktop.store.project_files import file_sha256

    server = make_sandbox()
    manager = make_manager(server)
    rec = Recorder(manager)
    (stale,) = manager.submit(spec(image_sha256="0" * 64))  # the bytes shown had another hash
    wait_until(qtbot, lambda: _done(rec, stale))
    ev = rec.last(stale)
    assert ev.state == JobState.FAILED
    assert "changed after Generate was pressed, so nothing was sent" in (ev.error or "")
    assert server.counters.uploads == 0 and server.counters.submits == 0
    (fresh,) = manager.submit(spec(image_sha256=file_sha256(image_file)))
    wait_until(qtbot, lambda: _done(rec, fresh), 60)
    assert rec.last(fresh).state == JobState.DONE


@pytest.mark.slow
def test_completed_with_error_fails_with_the_error_type(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                        spec: Any) -> None:
    server = make_sandbox(faults="submit:1:apperror=runner_disconnected")
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job))
    ev = rec.last(job)
    assert ev.state == JobState.FAILED
    assert "runner_disconnected" in (ev.error or "")
    assert not ev.can_retry  # a paid failure is not retried silently: re-run is explicit
    assert server.counters.requests("cdn") == 0


@pytest.mark.slow
def test_result_500_fails_without_resubmitting(qtbot: Any, make_sandbox: Any, make_manager: Any, spec: Any) -> None:
    """The real app's crash: COMPLETED without an error, then 500 at result. Failed on fal, not billed, final:
    neither fetched again nor resent; Re-run is there to send it again as a new job."""
    server = make_sandbox(faults="submit:1:app500")
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job))
    ev = rec.last(job)
    assert ev.state == JobState.FAILED
    assert "not bill" in (ev.error or "") and "not sent again" in (ev.error or "")
    assert manager.store.get(job).error_kind == "AppFailedError"
    assert not ev.can_retry  # not even a free re-fetch: the answer would be the same
    assert server.counters.submits == 1 and server.counters.requests("result") == 1
    again = manager.rerun(job)  # offered, and only ever on request: a new job
    assert again is not None and again != job
    wait_until(qtbot, lambda: _done(rec, again))
    assert rec.last(again).state == JobState.DONE and server.counters.submits == 2


@pytest.mark.slow
def test_a_status_poll_answered_500_does_not_fail_the_job(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                          spec: Any) -> None:
    """fal's JS client retries a status 500 as a passing hiccup; a job failed on it would lose a paid result."""
    server = make_sandbox(faults="status:2x3:500")
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job))
    assert rec.last(job).state == JobState.DONE
    assert server.counters.responses("status", 500) == 3 and server.counters.submits == 1


def test_submit_answered_500_with_a_request_id_keeps_the_id_and_is_never_resent(qtbot: Any, make_sandbox: Any,
                                                                                make_manager: Any, spec: Any) -> None:
    """fal took the request and its app failed it: the job fails with fal's words and keeps the request id;
    it counts as sent, so Retry (which would send it again as new) is not offered; Re-run is explicit."""
    server = make_sandbox(faults="submit:1:500")
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job))
    ev = rec.last(job)
    assert ev.state == JobState.FAILED and "Internal Server Error" in (ev.error or "")
    assert ev.request_id and manager.store.get(job).request_id == ev.request_id  # on disk too
    assert not ev.can_retry and not manager.retry(job)
    qtbot.wait(300)
    assert server.counters.requests("submit") == 1


@pytest.mark.slow
def test_network_drop_mid_poll_is_retried_and_completes(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                        spec: Any) -> None:
    server = make_sandbox(faults="status:2x6:drop", seconds_per_action=0.6)
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job), 60)
    assert rec.last(job).state == JobState.DONE, rec.last(job).error
    assert server.counters.faults_applied() >= 6
    assert rec.seen(job, lambda ev: ev.note is not None and "again" in ev.note)  # the retry was visible
    assert server.counters.submits == 1


@pytest.mark.slow
def test_truncated_download_is_resumed(qtbot: Any, make_sandbox: Any, make_manager: Any, spec: Any) -> None:
    server = make_sandbox(faults="cdn:1:truncate")
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job), 60)
    ev = rec.last(job)
    assert ev.state == JobState.DONE, ev.error
    assert ev.video_path is not None
    from gamecraft_desktop.media.probe import probe_video

    assert probe_video(ev.video_path).frame_count == 33
    assert server.counters.requests("cdn") >= 2


@pytest.mark.slow
def test_failed_download_of_a_completed_job_retries_for_free(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                             spec: Any) -> None:
    server = make_sandbox(faults="cdn:*:404")
    manager = make_manager(server)
    rec = Recorder(manager)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: _done(rec, job), 60)
    ev = rec.last(job)
    assert ev.state == JobState.FAILED and ev.can_retry and ev.retry_is_free
    server.faults.clear()
    rec.finished.clear()
    assert manager.retry(job)
    wait_until(qtbot, lambda: _done(rec, job), 60)
    assert rec.last(job).state == JobState.DONE
    assert server.counters.submits == 1  # fetched again, not paid again


def test_resume_follows_without_resubmitting_and_submitting_becomes_uncertain(
        qtbot: Any, make_sandbox: Any, make_manager: Any, spec: Any, image_file: Path) -> None:
    import base64

    from gamecraft_desktop.core.schema import parse_input
    from gamecraft_desktop.fal.queue_client import QueueClient
    from gamecraft_desktop.store.jobs_db import JobRecord, JobStore
    from gamecraft_desktop.store.paths import AppPaths

    server = make_sandbox()
    data_uri = "data:image/png;base64," + base64.b64encode(image_file.read_bytes()).decode()
    inp = parse_input({"image": data_uri, "prompt": "resumed", "action_list": ["w"],
                       "action_speed_list": [0.3]})
    from jobs_helpers import backend_for

    backend = backend_for(server)
    with QueueClient(backend.config, backend.credentials) as client:
        handle = client.submit(inp)
    paths = AppPaths.default().ensure()
    with JobStore(paths.database) as store:
        queued = JobRecord.new(inp, mode="sandbox", endpoint="anthonywu/gamecraft", state=JobState.QUEUED,
                               request_id=handle.request_id, response_url=handle.response_url,
                               status_url=handle.status_url, cancel_url=handle.cancel_url,
                               source_image_path=str(image_file))
        store.create(queued)
        uncertain = JobRecord.new(inp, mode="sandbox", endpoint="anthonywu/gamecraft", state=JobState.SUBMITTING)
        store.create(uncertain)
    manager = make_manager(server)
    rec = Recorder(manager)
    manager.load_history()
    wait_until(qtbot, lambda: _done(rec, queued.id) and _done(rec, uncertain.id), 60)
    assert rec.last(queued.id).state == JobState.DONE
    assert rec.last(uncertain.id).state == JobState.SUBMIT_UNCERTAIN
    assert "not sent again" in (rec.last(uncertain.id).error or "")
    assert server.counters.submits == 1


@pytest.mark.slow
def test_a_cancel_asked_before_a_restart_is_remembered(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                        spec: Any) -> None:
    """The wish to cancel is on disk: after a restart the job still says so (no second Cancel offered), the
    cancel is sent again, and a job fal runs to the end anyway is kept, as before the restart."""
    server = make_sandbox(seconds_per_action=0.8)
    first = make_manager(server, mode="fal")
    (job,) = first.submit(spec("ww"))
    wait_until(qtbot, lambda: first.job_event(job).state == JobState.RUNNING)
    first.cancel(job)
    wait_until(qtbot, lambda: first.store.get(job).cancel_requested == 1, 5)
    first.shutdown()  # quit while fal still runs it
    second = make_manager(server, mode="fal")
    rec = Recorder(second)
    second.load_history()
    wait_until(qtbot, lambda: job in second.job_ids(), 10)
    ev = second.job_event(job)
    assert ev.cancel_requested and not ev.can_cancel and "bill" in (ev.note or "")
    wait_until(qtbot, lambda: _done(rec, job), 30)
    assert rec.last(job).state == JobState.DONE  # run to the end anyway: the paid video is kept
    assert server.counters.requests("cancel") == 2  # sent again after the restart
    assert server.counters.submits == 1


@pytest.mark.slow
def test_the_key_never_reaches_db_logs_sidecar_or_cdn(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                      spec: Any, app_home: Path, tmp_path: Path) -> None:
    import logging

    from gamecraft_desktop.store.logs import configure_logging, shutdown_logging
    from gamecraft_desktop.store.paths import AppPaths

    configure_logging(AppPaths.default().log_file)
    logging.getLogger("gamecraft_desktop").setLevel(logging.DEBUG)
    try:
        server = make_sandbox()
        manager = make_manager(server, mode="fal")  # a "real" key, against the sandbox
        rec = Recorder(manager)
        (job,) = manager.submit(spec())
        wait_until(qtbot, lambda: _done(rec, job), 60)
        assert rec.last(job).state == JobState.DONE
        with qtbot.waitSignal(manager.videoSaved, timeout=10_000):
            manager.save_video(job, app_home / "saved.mp4")
    finally:
        shutdown_logging()
    secret = KEY.split(":", 1)[1].encode()
    everything = copy_tree_text(app_home)
    assert (app_home / "saved.mp4.json").exists()  # the sidecar was written, so it was searched too
    assert secret not in everything
    assert KEY.encode() not in everything
    assert server.counters.header_seen("submit", "authorization")
    for route in ("upload", "cdn"):
        assert server.counters.requests(route) >= 1
        assert not server.counters.header_seen(route, "authorization"), route


@pytest.mark.slow
def test_fifty_jobs_in_flight_use_at_most_four_worker_threads(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                              spec: Any) -> None:
    from gamecraft_desktop.sandbox import fake_render

    server = make_sandbox(render=fake_render, seconds_per_action=0.5, runners=8)
    manager = make_manager(server)
    rec = Recorder(manager)
    before = threading.active_count()
    ids = manager.submit(spec(), count=50)
    peak_pool = 0
    peak_threads = 0

    def sample() -> bool:
        nonlocal peak_pool, peak_threads
        peak_pool = max(peak_pool, manager.thread_pool.activeThreadCount())
        # The sandbox's own threads (one per open connection) are the server's, not the app's.
        ours = [t for t in threading.enumerate() if not t.name.startswith("gamecraft-sandbox")]
        peak_threads = max(peak_threads, len(ours))
        return all(_done(rec, j) for j in ids)

    wait_until(qtbot, sample, 120)
    assert peak_pool <= 4
    assert len(manager.worker_thread_ids) <= 4
    assert peak_threads - before <= 8
    assert sum(1 for j in ids if rec.last(j).state == JobState.DONE) + \
        sum(1 for j in ids if rec.last(j).state == JobState.FAILED) == 50


@pytest.mark.parametrize("where", ["uploading", "queued"])
@pytest.mark.slow
def test_cancel_before_or_after_submit_never_leaves_a_live_job(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                              spec: Any, where: str) -> None:
    faults = "upload:1:slow=1.5" if where == "uploading" else None
    server = make_sandbox(faults=faults, runners=1, seconds_per_action=1.0)
    manager = make_manager(server)
    if where == "queued":  # the one runner busy first, so ours really waits in fal's queue
        (blocker,) = manager.submit(spec("ww"))
        wait_until(qtbot, lambda: manager.job_event(blocker).state == JobState.RUNNING)
    (job,) = manager.submit(spec())
    wait_until(qtbot, lambda: manager.job_event(job).state.value == where)
    manager.cancel(job)
    if where == "uploading":  # fal cannot have it yet: stopped here at once
        assert manager.job_event(job).state == JobState.CANCELLED
    wait_until(qtbot, lambda: manager.job_event(job).state == JobState.CANCELLED, 5)
    qtbot.wait(2000 if where == "uploading" else 300)
    assert manager.store.get(job).state == JobState.CANCELLED
    if where == "uploading":
        assert server.counters.submits == 0
    for other in manager.job_ids():
        manager.cancel(other)


def test_a_batch_lists_every_row_before_its_first_job_starts(qtbot: Any, make_sandbox: Any, make_manager: Any,
                                                             spec: Any) -> None:
    """Generate ×8: all eight rows appear in one go, and only then do the workers start. A worker started
    earlier competed with the listing for the GIL and lengthened the window's hitch at Generate (issue #16)."""
    m = make_manager(make_sandbox(seconds_per_action=0.05))
    listed: list[str] = []
    listed_at_start: list[int] = []
    m.jobChanged.connect(lambda ev: listed.append(ev.job_id) if ev.job_id not in listed else None)
    start = m.scheduler.start

    def recording_start(job: Any, step: Any) -> None:
        listed_at_start.append(len(listed))
        start(job, step)

    m.scheduler.start = recording_start
    ids = m.submit(spec(), count=8)
    assert listed == ids and listed_at_start == [8] * 8
    qtbot.waitUntil(lambda: all(m.job_event(j).is_terminal for j in ids), timeout=60_000)
    assert {m.job_event(j).state for j in ids} == {JobState.DONE}

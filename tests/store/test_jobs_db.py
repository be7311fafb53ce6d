"""The job history on real SQLite files: round trips, migrations, refusals, concurrency, crash safety."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gamecraft_desktop.core.job_state import JobState, TransitionError
from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.store.jobs_db import (
    SCHEMA_VERSION,
    JobNotFoundError,
    JobRecord,
    JobStore,
    StoreError,
)


def make_input(prompt: str = "a harbor at dawn", seed: int = 7):  # type: ignore[no-untyped-def]
    return parse_input({"image": "https://example.invalid/a.png", "prompt": prompt, "seed": seed})


def new_record(prompt: str = "a harbor at dawn", **extra):  # type: ignore[no-untyped-def]
    return JobRecord.new(make_input(prompt), mode="sandbox", endpoint="anthonywu/gamecraft", **extra)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = JobStore(tmp_path / "history.sqlite3")
    yield s
    s.close()


def test_round_trip_every_field(store: JobStore, tmp_path: Path) -> None:
    rec = new_record(source_image_path="/src/a.png", batch_id="b1")
    store.create(rec)
    got = store.get(rec.id)
    assert got == rec
    assert got.state is JobState.UPLOADING
    assert got.seed == 7 and got.prompt == "a harbor at dawn"
    assert json.loads(got.input_json)["action_list"] == '["w", "s", "d", "a"]'
    # Another connection (a new process would be the same) sees it.
    with JobStore(tmp_path / "history.sqlite3") as other:
        assert other.get(rec.id) == rec


def test_update_follows_the_state_machine(store: JobStore) -> None:
    rec = store.create(new_record())
    store.update(rec.id, state=JobState.SUBMITTING)
    after = store.update(rec.id, state=JobState.QUEUED, request_id="req-1", queue_position=3,
                         status_url="http://x/status")
    assert after.state is JobState.QUEUED and after.request_id == "req-1"
    assert store.get(rec.id).queue_position == 3
    assert store.get(rec.id).updated_at >= rec.updated_at
    with pytest.raises(TransitionError):
        store.update(rec.id, state=JobState.DONE, video_path="/x.mp4")
    # The refused change wrote nothing.
    assert store.get(rec.id).state is JobState.QUEUED and store.get(rec.id).video_path is None
    with pytest.raises(StoreError):
        store.update(rec.id, created_at="2000-01-01")
    with pytest.raises(StoreError):
        store.update(rec.id, no_such_field=1)
    with pytest.raises(JobNotFoundError):
        store.update("nope", logs="x")
    with pytest.raises(JobNotFoundError):
        store.get("nope")


def test_migrates_an_empty_file_from_v0(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    with JobStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        s.create(new_record())
        assert s.count() == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_migrates_an_older_schema_and_keeps_rows(tmp_path: Path) -> None:
    """A v1 database (jobs table, no indexes) made by hand opens, keeps its rows and gains the indexes."""
    from gamecraft_desktop.store.jobs_db import MIGRATIONS

    path = tmp_path / "v1.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO jobs (id, created_at, updated_at, state, mode, endpoint, input_json, request_id, prompt) "
        "VALUES ('old-1', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 'queued', 'fal', "
        "'anthonywu/gamecraft', '{}', 'req-old', 'an old lighthouse')")
    db.close()
    with JobStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        old = s.get("old-1")
        assert old.request_id == "req-old" and old.state is JobState.QUEUED
        assert old.cancel_requested == 0  # a column added later (schema 3) reads as its default
        s.update("old-1", cancel_requested=1)
        assert s.get("old-1").cancel_requested == 1
        assert [r.id for r in s.list("lighthouse")] == ["old-1"]
        assert [r.id for r in s.unfinished()] == ["old-1"]
    db = sqlite3.connect(path)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    db.close()
    assert {"jobs_created", "jobs_state", "jobs_request"} <= names


def _history_at_version(tmp_path: Path, version: int, job_id: str, state: str,
                        updated_at: str = "2025-01-01T00:00:00+00:00") -> Path:
    """A history file made by an older app (schema `version`) holding one fal job."""
    from gamecraft_desktop.store.jobs_db import MIGRATIONS

    path = tmp_path / f"v{version}.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for migrate in MIGRATIONS[:version]:
        migrate(db)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(
        "INSERT INTO jobs (id, created_at, updated_at, state, mode, endpoint, input_json) "
        "VALUES (?, '2025-01-01T00:00:00+00:00', ?, ?, 'fal', 'anthonywu/gamecraft', '{}')",
        (job_id, updated_at, state))
    db.close()
    return path


def test_schema_4_records_who_started_a_job_and_older_rows_have_no_owner(tmp_path: Path) -> None:
    """Rows written before owners were recorded read as "unknown" (so an unsent one is never sent on its
    own); new rows say "window" or "cli" and nothing else; a download's target and result are kept."""
    path = _history_at_version(tmp_path, 3, "old-up", "uploading")
    with JobStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 4
        old = s.get("old-up")
        assert (old.started_by, old.downloaded_at, old.output_json, old.download_to) == (None, None, None, None)
        s.update("old-up", download_to="/videos/clip.mp4", started_by="cli")
        assert s.get("old-up").started_by == "cli" and s.download_targets() == ["/videos/clip.mp4"]
        with pytest.raises(sqlite3.IntegrityError):
            s.update("old-up", started_by="someone else")


def test_schema_5_stars_survive_a_restart_and_older_rows_are_unstarred(tmp_path: Path) -> None:
    """A v4 history gains the star column (every old job unstarred); a star is on disk when set_starred
    returns, survives closing and reopening the file, and leaves the job's own times alone."""
    path = _history_at_version(tmp_path, 4, "old-done", "done", updated_at="2025-01-02T00:00:00+00:00")
    with JobStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 5
        assert s.get("old-done").starred == 0
        fresh = s.create(new_record("a lighthouse"))
        assert s.set_starred(["old-done", fresh.id, "no-such-job"], True) == 2
    with JobStore(path) as s:  # a restart: a new connection to the same file
        old = s.get("old-done")
        assert old.starred == 1 and old.updated_at == "2025-01-02T00:00:00+00:00"
        assert s.get(fresh.id).starred == 1
        assert s.set_starred([fresh.id], False) == 1
    with JobStore(path) as s:
        assert s.get(fresh.id).starred == 0 and s.get("old-done").starred == 1
        with pytest.raises(sqlite3.IntegrityError):
            s.update("old-done", starred=2)


def test_refuses_a_newer_schema_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE future_things (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer version of GameCraft Desktop") as err:
        JobStore(path)
    assert str(SCHEMA_VERSION + 5) in str(err.value)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 5
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'jobs'").fetchone() is None
    db.close()


def test_not_a_database_gives_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is a shopping list, not a database\n" * 200)
    with pytest.raises(StoreError) as err:
        JobStore(path)
    msg = str(err.value)
    assert str(path) in msg and "damaged" in msg and "Move the file aside" in msg
    assert "Traceback" not in msg


def test_damaged_pages_give_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with JobStore(path) as s:
        for i in range(300):
            s.create(new_record(f"prompt number {i} " + "x" * 200))
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[2 * page: 5 * page] = b"\xa5" * (3 * page)  # overwrite b-tree pages, keep the header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        s = JobStore(path)
        s.list()  # if opening did not notice, reading must


def test_concurrent_writers_from_threads(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    shared = JobStore(path)
    errors: list[BaseException] = []

    def writer(n: int, own: bool) -> None:
        s = JobStore(path) if own else shared
        try:
            for i in range(25):
                rec = s.create(new_record(f"thread {n} job {i}"))
                s.update(rec.id, state=JobState.SUBMITTING)
                s.update(rec.id, state=JobState.QUEUED, request_id=f"r-{n}-{i}", logs=f"log {i}\n")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            if own:
                s.close()

    threads = [threading.Thread(target=writer, args=(n, n % 2 == 0), name=f"writer-{n}") for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert shared.count() == 150
    assert {r.state for r in shared.list(limit=1000)} == {JobState.QUEUED}
    assert len({r.request_id for r in shared.list(limit=1000)}) == 150
    shared.close()


def test_unfinished_lists_only_non_terminal_jobs_oldest_first(store: JobStore) -> None:
    a = store.create(new_record("a"))
    b = store.create(new_record("b"))
    c = store.create(new_record("c"))
    store.update(b.id, state=JobState.FAILED, error_message="upload failed", error_kind="UploadError")
    store.update(c.id, state=JobState.SUBMITTING)
    store.update(c.id, state=JobState.SUBMIT_UNCERTAIN)
    d = store.create(new_record("d"))
    store.update(d.id, state=JobState.SUBMITTING)
    store.update(d.id, state=JobState.QUEUED, request_id="r-d")
    assert [r.id for r in store.unfinished()] == [a.id, d.id]


def test_list_newest_first_with_search_and_paging(store: JobStore) -> None:
    ids = []
    for i, prompt in enumerate(["Red barn in snow", "blue harbor", "a red car, 100% fast_car",
                                "ÉTÉ été plage"]):
        rec = new_record(prompt, created_at=f"2026-01-0{i + 1}T00:00:00+00:00")
        store.create(rec)
        ids.append(rec.id)
    assert [r.id for r in store.list()] == ids[::-1]
    assert [r.id for r in store.list(limit=2)] == [ids[3], ids[2]]
    assert [r.id for r in store.list(limit=2, offset=2)] == [ids[1], ids[0]]
    assert [r.id for r in store.list("red")] == [ids[2], ids[0]]
    assert [r.id for r in store.list("RED snow")] == [ids[0]]
    assert [r.id for r in store.list("100%")] == [ids[2]]
    assert store.list("1000%") == []
    assert [r.id for r in store.list("fast_car")] == [ids[2]]
    assert store.list("fastXcar") == []  # "_" is not a wildcard
    assert [r.id for r in store.list("été")] == [ids[3]]
    assert [r.id for r in store.list(ids[1])] == [ids[1]]
    assert store.list("   ") == store.list()


def test_delete_returns_app_files_and_detaches_children(store: JobStore, tmp_path: Path) -> None:
    parent = store.create(new_record("p", source_image_path="/user/photo.png",
                                     prepared_image_path=str(tmp_path / "prep.png")))
    store.update(parent.id, state=JobState.SUBMITTING)
    store.update(parent.id, state=JobState.QUEUED)
    store.update(parent.id, state=JobState.FETCHING)
    store.update(parent.id, state=JobState.DOWNLOADING)
    store.update(parent.id, state=JobState.DONE, video_path=str(tmp_path / "v.mp4"),
                 thumbnail_first=str(tmp_path / "f.png"), thumbnail_last=str(tmp_path / "l.png"))
    child = store.create(new_record("c", parent_job_id=parent.id))
    files = store.delete(parent.id)
    assert set(files) == {tmp_path / "prep.png", tmp_path / "v.mp4", tmp_path / "f.png", tmp_path / "l.png"}
    assert Path("/user/photo.png") not in files  # the user's own file is never ours to delete
    with pytest.raises(JobNotFoundError):
        store.get(parent.id)
    assert store.get(child.id).parent_job_id is None
    with pytest.raises(JobNotFoundError):
        store.delete(parent.id)


def test_foreign_keys_are_enforced(store: JobStore) -> None:
    with pytest.raises(StoreError):
        store.create(new_record("orphan", parent_job_id="does-not-exist"))


def test_find_by_request_id(store: JobStore) -> None:
    rec = store.create(new_record())
    store.update(rec.id, state=JobState.SUBMITTING)
    store.update(rec.id, state=JobState.QUEUED, request_id="abc")
    found = store.find_by_request_id("abc")
    assert found is not None and found.id == rec.id
    assert store.find_by_request_id("zzz") is None


CHILD = r"""
import os, signal, sys
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore
s = JobStore(sys.argv[1])
rec = s.create(JobRecord.new(parse_input({"image": "https://e.invalid/a.png", "prompt": "p"}),
                             mode="fal", endpoint="anthonywu/gamecraft"))
s.update(rec.id, state=JobState.SUBMITTING)
s.update(rec.id, state=JobState.QUEUED, request_id="paid-request-42", status_url="https://q/s")
print(rec.id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.subprocess
def test_request_id_survives_sigkill_right_after_update(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    job_id = proc.stdout.strip()
    with JobStore(path) as s:
        rec = s.get(job_id)
        assert rec.request_id == "paid-request-42"
        assert rec.state is JobState.QUEUED
        assert [r.id for r in s.unfinished()] == [job_id]


def test_a_joined_videos_sidecar_states_the_joined_files_length(tmp_path: Path) -> None:
    """Was: the joined video's sidecar said 132 frames and 5.5 s (the last job's own) for a file of 263
    frames and 10.96 s."""
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.core.schema import GameCraftInput
    from gamecraft_desktop.store.job_sidecar import (
        JOINED_NAME,
        JOINED_PARTS_NAME,
        joined_length,
        video_sidecar,
    )
    from gamecraft_desktop.store.jobs_db import JobRecord

    inp = GameCraftInput.from_path(image="https://cdn.example.invalid/a.png", prompt="p",
                                   path=CameraPath.of("wasd", 0.2))
    rec = JobRecord.new(inp, mode="sandbox", endpoint="anthonywu/gamecraft", request_id="second")
    joined = tmp_path / JOINED_NAME
    joined.write_bytes(b"\0" * 100)
    parts = [{"request_id": "first", "input": inp.to_wire()}, {"request_id": "second", "input": inp.to_wire()}]
    (tmp_path / JOINED_PARTS_NAME).write_text(json.dumps({"parts": parts}))
    assert joined_length(joined) == (263, 263 / 24)  # from the parts: 132 + 132, the shared frame once
    sidecar = video_sidecar(rec, joined, app_version="t")
    assert sidecar["expected_video"]["frame_count"] == 263 and sidecar["expected_video"]["duration_s"] == 10.958
    assert sidecar["joined_after"] == parts[:1] and sidecar["output"]["file_size"] == 100
    (tmp_path / JOINED_PARTS_NAME).write_text(json.dumps({"parts": parts, "frame_count": 262,
                                                          "duration_s": 10.917}))
    assert video_sidecar(rec, joined, app_version="t")["expected_video"]["frame_count"] == 262  # as measured

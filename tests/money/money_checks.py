"""The money rules as checks on the real artefacts: the history rows (read from the SQLite file), the sandbox's
own record of every job its queue created (the judge of submits), the files on disk and the drivers' schedules.

Each check raises `Violation` with a sentence naming the job, so a failing example shrinks to a readable story.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gamecraft_desktop.core.camera_path import FRAMES_PER_ACTION
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.rules import Offer, offer

if TYPE_CHECKING:
    from money_world import World

#: States in which a row without a request id may have sent its one submit (its answer never came back).
MAY_HAVE_SENT = (JobState.SUBMITTING, JobState.SUBMIT_UNCERTAIN)


class Violation(AssertionError):
    """A money rule broken (or a job left where nothing moves it)."""


def short(job_id: str | None) -> str:
    return (job_id or "?")[:8]


@dataclass
class Ledger:
    """What the checks remember from one look to the next."""

    request_ids: dict[str, str] = field(default_factory=dict)  # row -> the first request id seen on it
    last_rows: dict[str, Any] = field(default_factory=dict)  # row -> as last seen
    deleted: dict[str, Any] = field(default_factory=dict)  # rows the person deleted, as they were then
    videos_ok: set[tuple[str, int, int]] = field(default_factory=set)
    checks: int = 0

    def forget_on_delete(self, rec: Any) -> None:
        """The person deletes `rec`, as read just now: a request id it holds is seen here, for it may never be
        seen again (its answer can reach the row after the last check, and the row be gone by the next)."""
        self.deleted[rec.id] = rec
        if rec.request_id:
            self.request_ids.setdefault(rec.id, rec.request_id)


def check_request_ids(ledger: Ledger, rows: list[Any]) -> None:
    """A request id, once on a row, stays there (the same one); no row disappears unless deleted."""
    ledger.checks += 1
    present = {r.id for r in rows}
    for rec in rows:
        seen = ledger.request_ids.get(rec.id)
        if seen is not None and rec.request_id != seen:
            raise Violation(f"job {short(rec.id)} lost its request id {seen}: the row now says "
                            f"{rec.request_id!r} ({rec.state.value})")
        if seen is None and rec.request_id:
            ledger.request_ids[rec.id] = rec.request_id
    for job_id, last in ledger.last_rows.items():
        if job_id not in present and job_id not in ledger.deleted:
            raise Violation(f"job {short(job_id)} ({last.state.value}, request id {last.request_id}) vanished "
                            "from the history without being deleted")
    ledger.last_rows = {r.id: r for r in rows}


def created_jobs(world: World) -> list[str]:
    """The request ids of the jobs the sandbox's queue created, read BEFORE the history rows they are checked
    against (a row read earlier than the jobs could be older than a submit that has since been sent)."""
    counters = world.server.counters
    deadline = time.monotonic() + 5.0
    while True:  # a submit the queue is handling right now is counted before its job exists
        created = counters.created_request_ids()
        if counters.submits == len(created) or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    if counters.submits != len(created):
        raise Violation(f"{counters.submits} submits reached the sandbox's queue but it created {len(created)} jobs")
    return created


def check_submits(ledger: Ledger, world: World, created: list[str], rows: list[Any]) -> None:
    """At most one submit per job: every job the sandbox's queue created is either the one request id a row
    holds, or the lost answer of a row that says its submit may have gone (SUBMITTING / SUBMIT_UNCERTAIN
    without an id), one such job per such row. Jobs are told apart by their prompt (each started job has its
    own; a Re-run or Vary seed is a new row with the same prompt, and so one more allowed submit). `created`
    must have been read before `rows`."""
    ledger.checks += 1
    holders = Counter(ledger.request_ids.values())
    doubled = [rid for rid, n in holders.items() if n > 1]
    if doubled:
        raise Violation(f"two history rows hold the same request id {doubled[0]}")
    known = set(ledger.request_ids.values())
    orphans: Counter[str] = Counter()
    for rid in created:
        if rid in known:
            continue
        job = world.server.book.get(rid)
        body = job.body if job is not None else None
        orphans[str(body.get("prompt")) if isinstance(body, dict) else "?"] += 1
    if not orphans:
        return
    present = {r.id: r for r in rows}
    everyone = {**{k: v for k, v in ledger.deleted.items() if k not in present}, **present}
    explained: Counter[str] = Counter(str(r.prompt) for r in everyone.values()
                                      if not r.request_id and r.state in MAY_HAVE_SENT)
    for prompt, n in orphans.items():
        if n > explained[prompt]:
            states = sorted((r.state.value, bool(r.request_id)) for r in everyone.values() if r.prompt == prompt)
            raise Violation(f"{n} submit(s) of {prompt!r} reached the queue that no history row accounts for "
                            f"(rows of that prompt, state and whether they hold an id: {states}): a job was sent "
                            "twice, or a row forgot that its submit may have gone")


def check_no_key(world: World, paths: list[Path]) -> None:
    """The key is in none of these files (the secret half is searched: it is what must never leak)."""
    secret = world.key.split(":", 1)[1].encode()
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if secret in data:
            raise Violation(f"the fal key is written in {path}")


def history_files(world: World) -> list[Path]:
    db = world.paths.database
    logs = sorted(world.paths.log_file.parent.glob(world.paths.log_file.name + "*"))
    return [db, db.with_name(db.name + "-wal"), *logs]


def all_files(world: World) -> list[Path]:
    return [p for root in (world.home, world.out) for p in root.rglob("*") if p.is_file()]


def expected_frames(rec: Any) -> int:
    actions = json.loads(rec.input_json).get("action_list")
    n = len(json.loads(actions) if isinstance(actions, str) else actions)
    return FRAMES_PER_ACTION * n


def check_video(ledger: Ledger, rec: Any) -> None:
    """A DONE job's video is on disk, whole, with one frame per model frame."""
    from gamecraft_desktop.media.probe import probe_video

    path = Path(rec.video_path or "")
    if not rec.video_path or not path.is_file():
        raise Violation(f"job {short(rec.id)} is done but its video {rec.video_path} is not on disk")
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key in ledger.videos_ok:
        return
    frames = probe_video(path).frame_count
    if frames != expected_frames(rec):
        raise Violation(f"job {short(rec.id)}'s video has {frames} frames, not {expected_frames(rec)}")
    ledger.videos_ok.add(key)


def check_done_videos(ledger: Ledger, rows: list[Any]) -> None:
    ledger.checks += 1
    for rec in rows:
        if rec.state == JobState.DONE:
            check_video(ledger, rec)


def stranded(world: World, rows: list[Any]) -> list[Any]:
    """Unfinished rows of the window's jobs that nothing will move (a command working on a row, or a row the
    window has not loaded, is left to that command or to the next start of the window)."""
    busy = {run.row_id(rows) for run in world.live_runs()}
    out = []
    for rec in rows:
        if rec.state.is_terminal or rec.id in busy:
            continue
        job = world.window.manager.job(rec.id)
        if job is None or world.window.moving(rec.id):
            continue
        out.append(rec)
    return out


def check_nothing_stranded(ledger: Ledger, world: World, rows: list[Any]) -> list[Any]:
    """Returns the rows to look at again after the window's queued history writes have run (its view may be
    ahead of the file by a write not made yet)."""
    ledger.checks += 1
    return stranded(world, rows)


def describe_stranded(world: World, rec: Any) -> str:
    job = world.window.manager.job(rec.id)
    seen = job.record.state.value if job is not None else "not loaded"
    return (f"job {short(rec.id)} is {rec.state.value} in the history (request id {rec.request_id}, "
            f"started by {rec.started_by}) and nothing will move it; the window sees it as {seen}"
            + (f", note {job.note!r}" if job is not None and job.note else ""))


def check_completed_results_kept(ledger: Ledger, world: World, rows: list[Any]) -> list[Any]:
    """Every job the sandbox completed with a video, whose request id a (not deleted) row holds, has that
    video on disk with the right frame count, or offers a free refetch. Returns the rows offering a refetch."""
    ledger.checks += 1
    by_rid = {r.request_id: r for r in rows if r.request_id}
    refetch = []
    for rid in world.server.counters.created_request_ids():
        job = world.server.book.get(rid)
        rec = by_rid.get(rid)
        if job is None or rec is None or job.state != "COMPLETED" or job.result_status != 200:
            continue
        if rec.state == JobState.DONE:
            check_video(ledger, rec)
        elif offer(rec) is Offer.REFETCH:
            refetch.append(rec)
        else:
            raise Violation(f"job {short(rec.id)} was completed by the sandbox with a video, but its row is "
                            f"{rec.state.value} ({rec.error_kind}: {rec.error_message}) and offers "
                            f"{offer(rec).value}, not a free refetch")
    return refetch


def check_no_leftovers(world: World) -> None:
    """No partial download or temporary file anywhere once everything has settled."""
    for path in all_files(world):
        name = path.name
        if name.endswith((".part", ".tmp")) or ".render." in name:
            raise Violation(f"a leftover temporary file remains: {path}")

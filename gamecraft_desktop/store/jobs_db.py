"""The job history: one SQLite row per generation, written before the caller moves on.

Why SQLite with these settings: a job's request id is a paid result; it must be on disk before the submit
call returns (see docs/architecture.md, "State and persistence"). Every write below commits before returning,
with `synchronous=FULL` (each commit is fsynced) in WAL mode, so a process killed right after a write
loses nothing. One connection per store guarded by a lock keeps it thread-safe; other processes (the CLI
next to the GUI) wait on `busy_timeout`.

Schema changes are a list of migration functions indexed by `PRAGMA user_version`. A database written by a
newer app is refused with a sentence, never altered.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from gamecraft_desktop.core.job_state import TERMINAL_STATES, JobState, check_transition
from gamecraft_desktop.core.schema import GameCraftInput
from gamecraft_desktop.store.errors import HistoryFullError, JobNotFoundError, StoreError
from gamecraft_desktop.store.write_transaction import Writer

__all__ = ["HistoryFullError", "JobNotFoundError", "JobRecord", "JobStore", "StoreError", "utc_now"]

Mode = Literal["fal", "sandbox"]
T = TypeVar("T")
BUSY_TIMEOUT_MS = 10_000


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class JobRecord:
    """One job as stored. Times are ISO 8601 UTC strings; `input_json` is the wire form (never a key)."""

    id: str
    state: JobState
    mode: Mode
    endpoint: str
    input_json: str
    created_at: str = field(default_factory=utc_now)
    updated_at: str = field(default_factory=utc_now)
    source_image_path: str | None = None
    prepared_image_path: str | None = None
    image_url: str | None = None
    request_id: str | None = None
    response_url: str | None = None
    status_url: str | None = None
    cancel_url: str | None = None
    queue_position: int | None = None
    logs: str = ""
    segment_index: int | None = None
    segment_count: int | None = None
    error_message: str | None = None
    error_kind: str | None = None
    error_detail_json: str | None = None
    error_type: str | None = None
    submitted_at: str | None = None
    started_at: str | None = None
    completed_at: str | None = None
    video_path: str | None = None
    video_size: int | None = None
    thumbnail_first: str | None = None
    thumbnail_last: str | None = None
    bytes_up: int | None = None
    bytes_down: int | None = None
    inference_time: float | None = None
    seed: int | None = None
    prompt: str | None = None
    parent_job_id: str | None = None
    batch_id: str | None = None
    cancel_requested: int = 0  # 1: the person asked to cancel; kept across restarts until fal says how it ended
    started_by: str | None = None  # "window" or "cli": only its owner sends an unsent job on its own (None: unknown)
    downloaded_at: str | None = None
    output_json: str | None = None  # the result JSON (the video entry), for the sidecar
    download_to: str | None = None  # the video file being written (its folder holds the temp file meanwhile)
    starred: int = 0  # 1: the person keeps this one ("Delete unstarred" never removes it)

    @classmethod
    def new(cls, input: GameCraftInput, *, mode: Mode, endpoint: str,
            state: JobState = JobState.UPLOADING, **extra: Any) -> JobRecord:
        """A fresh record for `input` with a new local id; prompt and seed copied for search and display."""
        now = utc_now()
        values: dict[str, Any] = {
            "id": str(uuid.uuid4()), "created_at": now, "updated_at": now, "seed": input.seed,
            "prompt": input.prompt, "input_json": json.dumps(input.to_wire(), ensure_ascii=False),
        }
        values.update(extra)
        return cls(state=state, mode=mode, endpoint=endpoint, **values)

    def input(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.input_json)
        return value

    def file_paths(self) -> list[Path]:
        """The files this app made for the job (never the user's own source image)."""
        paths = [self.prepared_image_path, self.video_path, self.thumbnail_first, self.thumbnail_last]
        return [Path(p) for p in paths if p]


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(JobRecord))
_IMMUTABLE = frozenset({"id", "created_at"})
_UPDATABLE = frozenset(COLUMNS) - _IMMUTABLE


# --- migrations ----------------------------------------------------------------------------------
# Each function takes the schema from version i to i + 1 inside one transaction. Append, never edit.

def _m1_jobs_table(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            state TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('fal', 'sandbox')),
            endpoint TEXT NOT NULL,
            input_json TEXT NOT NULL,
            source_image_path TEXT,
            prepared_image_path TEXT,
            image_url TEXT,
            request_id TEXT,
            response_url TEXT,
            status_url TEXT,
            cancel_url TEXT,
            queue_position INTEGER,
            logs TEXT NOT NULL DEFAULT '',
            segment_index INTEGER,
            segment_count INTEGER,
            error_message TEXT,
            error_kind TEXT,
            error_detail_json TEXT,
            error_type TEXT,
            submitted_at TEXT,
            started_at TEXT,
            completed_at TEXT,
            video_path TEXT,
            video_size INTEGER,
            thumbnail_first TEXT,
            thumbnail_last TEXT,
            bytes_up INTEGER,
            bytes_down INTEGER,
            inference_time REAL,
            seed INTEGER,
            prompt TEXT,
            parent_job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL,
            batch_id TEXT
        )""")


def _m2_indexes(db: sqlite3.Connection) -> None:
    db.execute("CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_at)")
    db.execute("CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state)")
    db.execute("CREATE INDEX IF NOT EXISTS jobs_request ON jobs(request_id)")
    db.execute("CREATE INDEX IF NOT EXISTS jobs_batch ON jobs(batch_id)")


def _m3_cancel_requested(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0")


def _m4_owner_and_output(db: sqlite3.Connection) -> None:
    # Rows from before: owner unknown (NULL), so an unsent one is never sent without being asked.
    db.execute("ALTER TABLE jobs ADD COLUMN started_by TEXT CHECK (started_by IN ('window', 'cli'))")
    db.execute("ALTER TABLE jobs ADD COLUMN downloaded_at TEXT")
    db.execute("ALTER TABLE jobs ADD COLUMN output_json TEXT")
    db.execute("ALTER TABLE jobs ADD COLUMN download_to TEXT")


def _m5_starred(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE jobs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1))")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m1_jobs_table, _m2_indexes, _m3_cancel_requested,
                                                          _m4_owner_and_output, _m5_starred]
SCHEMA_VERSION = len(MIGRATIONS)


def _damaged(path: Path, exc: BaseException) -> StoreError:
    return StoreError(
        f"The job history at {path} is damaged or is not a GameCraft Desktop database ({exc}). "
        "Move the file aside to start a new history; your videos are not affected."
    )


class JobStore:
    """The job history database. Thread-safe; every write is durable when the method returns."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the folder for the job history {self.path.parent}: "
                             f"{exc.strerror or exc}.") from None
        try:
            self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                       check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot open the job history at {self.path}: {exc}.") from None
        try:
            self._setup()
        except StoreError:
            self._db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise _damaged(self.path, exc) from None
        self._writer = Writer(self._db, self._lock, self.path)

    # --- connection setup ------------------------------------------------------------------------

    def _setup(self) -> None:
        db = self._db
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The job history at {self.path} was written by a newer version of GameCraft Desktop "
                f"(schema {version}; this version knows up to {SCHEMA_VERSION}). Update the app, or move "
                "the file aside to start a new history."
            )
        mode = str(db.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        if mode != "wal":  # e.g. a network file system: still correct, just less concurrent
            db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = FULL")
        if version > 0:
            row = db.execute("PRAGMA quick_check").fetchone()
            if row is None or str(row[0]) != "ok":
                raise _damaged(self.path, sqlite3.DatabaseError(str(row[0]) if row else "no answer"))
        self._migrate(version)

    def _migrate(self, version: int) -> None:
        db = self._db
        while version < SCHEMA_VERSION:
            db.execute("BEGIN IMMEDIATE")
            try:
                # Re-read inside the write lock: another process may have migrated meanwhile.
                version = int(db.execute("PRAGMA user_version").fetchone()[0])
                if version < SCHEMA_VERSION:
                    MIGRATIONS[version](db)
                    version += 1
                    db.execute(f"PRAGMA user_version = {version}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _transact(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction, committed (durable) on return (store.write_transaction)."""
        return self._writer.run(work)

    def _query(self, sql: str, params: tuple[Any, ...] | builtins.list[Any] = ()) -> builtins.list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise _damaged(self.path, exc) from None

    # --- records ---------------------------------------------------------------------------------

    @staticmethod
    def _to_row(record: JobRecord) -> dict[str, Any]:
        row = asdict(record)
        row["state"] = JobState(record.state).value
        return row

    @staticmethod
    def _from_row(row: sqlite3.Row) -> JobRecord:
        data = {k: row[k] for k in row.keys() if k in COLUMNS}  # noqa: SIM118 (sqlite3.Row)
        data["state"] = JobState(data["state"])
        return JobRecord(**data)

    def create(self, record: JobRecord) -> JobRecord:
        """Insert a new job; durable on return."""
        row = self._to_row(record)
        cols = ", ".join(row)
        marks = ", ".join(f":{c}" for c in row)

        def insert(db: sqlite3.Connection) -> None:
            try:
                db.execute(f"INSERT INTO jobs ({cols}) VALUES ({marks})", row)
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"Cannot add job {record.id}: {exc}.") from None

        self._transact(insert)
        return record

    def update(self, job_id: str, **changes: Any) -> JobRecord:
        """Change fields of a job; a state change must be allowed by the job state machine.

        Raises `TransitionError` for a forbidden state change (nothing is written), `JobNotFoundError` for
        an unknown id, `StoreError` for an unknown field. Durable on return.
        """
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise StoreError(f"Unknown or read-only job fields: {', '.join(sorted(unknown))}.")
        changes.setdefault("updated_at", utc_now())
        if "state" in changes:
            changes["state"] = JobState(changes["state"])
        def change(db: sqlite3.Connection) -> JobRecord:
            found = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if found is None:
                raise JobNotFoundError(f"No job with id {job_id} in the history.")
            current = self._from_row(found)
            if "state" in changes:
                check_transition(current.state, changes["state"], has_request_id=bool(current.request_id))
            for key, value in changes.items():
                setattr(current, key, value)
            params = {k: (v.value if isinstance(v, JobState) else v) for k, v in changes.items()}
            sets = ", ".join(f"{k} = :{k}" for k in params)
            db.execute(f"UPDATE jobs SET {sets} WHERE id = :__id", {**params, "__id": job_id})
            return current

        return self._transact(change)

    def get(self, job_id: str) -> JobRecord:
        rows = self._query("SELECT * FROM jobs WHERE id = ?", (job_id,))
        if not rows:
            raise JobNotFoundError(f"No job with id {job_id} in the history.")
        return self._from_row(rows[0])

    def find_by_request_id(self, request_id: str) -> JobRecord | None:
        """The newest job with this fal request id, if any."""
        rows = self._query("SELECT * FROM jobs WHERE request_id = ? ORDER BY created_at DESC, rowid DESC "
                           "LIMIT 1", (request_id,))
        return self._from_row(rows[0]) if rows else None

    def find_by_video_path(self, video: Path | str) -> JobRecord | None:
        """The newest job whose downloaded video is this file (the CLI's export finds a video's inputs)."""
        rows = self._query("SELECT * FROM jobs WHERE video_path = ? ORDER BY created_at DESC, rowid DESC "
                           "LIMIT 1", (str(video),))
        return self._from_row(rows[0]) if rows else None

    def ran_on_gpu(self, *, mode: Mode = "fal", endpoint: str | None = None, since: str | None = None,
                   limit: int = 1000) -> builtins.list[JobRecord]:
        """Jobs of `mode` that ran on the server's GPUs and ended (a start or an inference time and an end
        recorded), newest end first; only those ending at or after `since` (ISO UTC) when given. What the
        spend estimate and the month's total are computed from."""
        where = ["mode = ?", "completed_at IS NOT NULL", "(started_at IS NOT NULL OR inference_time IS NOT NULL)"]
        params: builtins.list[Any] = [mode]
        if endpoint is not None:
            where.append("endpoint = ?")
            params.append(endpoint)
        if since is not None:
            where.append("completed_at >= ?")
            params.append(since)
        sql = f"SELECT * FROM jobs WHERE {' AND '.join(where)} ORDER BY completed_at DESC, rowid DESC LIMIT ?"
        return [self._from_row(r) for r in self._query(sql, [*params, int(limit)])]

    def list(self, search: str | None = None, limit: int = 100, offset: int = 0) -> builtins.list[JobRecord]:
        """Jobs newest first. `search`: every word must appear in the prompt (case-insensitive for
        ASCII letters), or the text equals a job id or request id."""
        where: builtins.list[str] = []
        params: builtins.list[Any] = []
        words = (search or "").split()
        if words:
            like = " AND ".join("prompt LIKE ? ESCAPE '\\'" for _ in words)
            where.append(f"(({like}) OR id = ? OR request_id = ?)")
            params += [f"%{_escape_like(w)}%" for w in words]
            exact = " ".join(words)
            params += [exact, exact]
        sql = "SELECT * FROM jobs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
        return [self._from_row(r) for r in self._query(sql, params)]

    def set_starred(self, job_ids: builtins.list[str], starred: bool) -> int:
        """Star or unstar jobs; returns how many rows exist to change. `updated_at` is left alone: it dates the
        job's own progress (a finished job's end), not what the person thinks of it."""
        if not job_ids:
            return 0
        marks = ", ".join("?" for _ in job_ids)

        def star(db: sqlite3.Connection) -> int:
            cur = db.execute(f"UPDATE jobs SET starred = ? WHERE id IN ({marks})", [int(starred), *job_ids])
            return int(cur.rowcount)

        return self._transact(star)

    def count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM jobs")[0][0])

    def unfinished(self) -> builtins.list[JobRecord]:
        """Jobs not in a terminal state, oldest first: the ones to re-attach to on start."""
        terminal = [s.value for s in TERMINAL_STATES]
        marks = ", ".join("?" for _ in terminal)
        rows = self._query(f"SELECT * FROM jobs WHERE state NOT IN ({marks}) ORDER BY created_at, rowid",
                           terminal)
        return [self._from_row(r) for r in rows]

    def download_targets(self) -> builtins.list[str]:
        """The files downloads were (or are being) written to, for cleaning up what killed ones left."""
        rows = self._query("SELECT DISTINCT download_to FROM jobs WHERE download_to IS NOT NULL")
        return [str(r[0]) for r in rows]

    def delete(self, job_id: str) -> builtins.list[Path]:
        """Remove a job's row; returns the app-made files to remove (the caller deletes them).

        Jobs continued from this one keep existing; their `parent_job_id` becomes null.
        """
        def remove(db: sqlite3.Connection) -> JobRecord:
            found = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if found is None:
                raise JobNotFoundError(f"No job with id {job_id} in the history.")
            db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
            return self._from_row(found)

        return self._transact(remove).file_paths()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> JobStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

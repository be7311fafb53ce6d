"""One write to the job history: a transaction committed (and so durable) before it returns. A full disk is
met once by giving up the history's space reserve (store.reserve) and writing again: the write that matters
most, a request id fal has just given, must land even then."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from gamecraft_desktop.store.errors import HistoryFullError, StoreError
from gamecraft_desktop.store.reserve import SpaceReserve

T = TypeVar("T")


class _DiskFull(Exception):
    pass


class Writer:
    """Runs write transactions on one connection (under its lock), with the reserve beside the database."""

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock, database: Path) -> None:
        self._db = db
        self._lock = lock
        self._folder = database.parent
        self.reserve = SpaceReserve(database.with_name(database.name + ".reserve"))
        self._reserve_used = False
        self.reserve.ensure()

    def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            try:
                result = self._once(work)
            except _DiskFull:
                if not self.reserve.release():
                    raise HistoryFullError(self._full()) from None
                self._reserve_used = True
                try:
                    result = self._once(work)
                except _DiskFull:
                    raise HistoryFullError(self._full()) from None
            if self._reserve_used:
                self.reserve.ensure()  # room again: the reserve comes back
                self._reserve_used = not self.reserve.path.exists()
            return result

    def _once(self, work: Callable[[sqlite3.Connection], T]) -> T:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_full(exc):
                raise _DiskFull() from None
            raise StoreError(f"The job history is busy or locked ({exc}).") from None
        try:
            result = work(db)
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and _is_full(exc):
                raise _DiskFull() from None
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:  # a COMMIT that failed for a full disk has rolled back already
                db.execute("ROLLBACK")
            if _is_full(exc):
                raise _DiskFull() from None
            raise StoreError(f"Could not save the job history: {exc}.") from None
        return result

    def _full(self) -> str:
        return (f"The disk holding the job history ({self._folder}) is full: the job's progress could not be "
                "saved. Free some space; nothing was sent again.")


def _is_full(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)

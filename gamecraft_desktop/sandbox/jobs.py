"""The sandbox queue's bookkeeping: jobs, their FIFO (with priorities), positions, cancellation, expiry."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from gamecraft_desktop.sandbox.faults import FaultRule

State = Literal["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Job:
    request_id: str
    endpoint: str  # the full id it was submitted to (owner/alias[/path])
    base: str  # owner/alias (namespace included): the part status/result/cancel URLs use
    body: Any  # the submitted JSON as fal's queue took it: the app validates it when the job runs
    fault: FaultRule | None = None
    priority: int = 0  # 0 normal, 1 low
    seq: int = 0
    submitted_at: float = field(default_factory=time.monotonic)
    start_deadline: float | None = None  # monotonic time by which it must start
    webhook_url: str | None = None
    state: State = "IN_QUEUE"
    logs: list[dict[str, Any]] = field(default_factory=list)
    started_at: float | None = None
    completed_at: float | None = None
    error: str | None = None
    error_type: str | None = None
    result_status: int = 0
    result_body: Any = None
    result_headers: dict[str, str] = field(default_factory=dict)
    cancel_requested: bool = False
    inference_time: float | None = None


class JobBook:
    """All jobs plus the waiting line; every change bumps `version` and wakes waiters."""

    def __init__(self, result_ttl_s: float):
        self.result_ttl_s = result_ttl_s
        self.cond = threading.Condition(threading.RLock())
        self.version = 0
        self.stopping = False
        self._jobs: dict[str, Job] = {}
        self._waiting: list[Job] = []
        self._seq = 0

    # --- all under self.cond -------------------------------------------------------------------

    def _changed(self) -> None:
        self.version += 1
        self.cond.notify_all()

    def add(self, job: Job) -> int:
        with self.cond:
            self._seq += 1
            job.seq = self._seq
            self._jobs[job.request_id] = job
            self._waiting.append(job)
            self._waiting.sort(key=lambda j: (j.priority, j.seq))
            self._changed()
            return self._waiting.index(job)

    def position(self, job: Job) -> int | None:
        with self.cond:
            try:
                return self._waiting.index(job)
            except ValueError:
                return None

    def get(self, request_id: str) -> Job | None:
        """The job, or None when unknown or past its retention after completion."""
        with self.cond:
            self._expire_deadlines()
            job = self._jobs.get(request_id)
            if job is None:
                return None
            if self._expired(job):
                del self._jobs[request_id]
                return None
            return job

    def _expired(self, job: Job) -> bool:
        return (job.state == "COMPLETED" and job.completed_at is not None
                and time.monotonic() - job.completed_at > self.result_ttl_s)

    def prune(self) -> None:
        with self.cond:
            for rid in [r for r, j in self._jobs.items() if self._expired(j)]:
                del self._jobs[rid]
            self._expire_deadlines()

    def _expire_deadlines(self) -> None:
        now = time.monotonic()
        late = [j for j in self._waiting if j.start_deadline is not None and now > j.start_deadline]
        for job in late:
            self._waiting.remove(job)
            self._complete_error(
                job, 504, "The request did not start before its X-Fal-Request-Timeout deadline.",
                "request_timeout", extra_headers={"X-Fal-Request-Timeout-Type": "user"})

    def take(self, stop: threading.Event, timeout: float) -> Job | None:
        """The next job to run (marked IN_PROGRESS), or None on timeout or stop."""
        with self.cond:
            self._expire_deadlines()
            if not self._waiting and not self.stopping:
                self.cond.wait(timeout)
                self._expire_deadlines()
            if self.stopping or stop.is_set() or not self._waiting:
                return None
            job = self._waiting.pop(0)
            job.state = "IN_PROGRESS"
            job.started_at = time.monotonic()
            self._changed()
            return job

    def log(self, job: Job, message: str, level: str = "INFO") -> None:
        with self.cond:
            job.logs.append({"message": message, "level": level, "source": "stdout", "timestamp": now_iso()})
            self._changed()

    def complete(self, job: Job, status: int, body: Any, headers: dict[str, str] | None = None, *,
                 error: str | None = None, error_type: str | None = None) -> None:
        with self.cond:
            if job.state == "COMPLETED":
                return
            job.state = "COMPLETED"
            job.completed_at = time.monotonic()
            if job.started_at is not None:
                job.inference_time = round(job.completed_at - job.started_at, 3)
            job.result_status = status
            job.result_body = body
            job.result_headers = dict(headers or {})
            job.error = error
            job.error_type = error_type
            self._changed()

    def _complete_error(self, job: Job, status: int, detail: str, error_type: str,
                        extra_headers: dict[str, str] | None = None) -> None:
        headers = {"X-Fal-Error-Type": error_type, **(extra_headers or {})}
        self.complete(job, status, {"detail": detail, "error_type": error_type}, headers,
                      error=detail, error_type=error_type)

    def complete_error(self, job: Job, status: int, detail: str, error_type: str) -> None:
        with self.cond:
            self._complete_error(job, status, detail, error_type)

    def cancel(self, request_id: str) -> Literal["accepted", "completed", "missing"]:
        with self.cond:
            job = self.get(request_id)
            if job is None:
                return "missing"
            if job.state == "COMPLETED":
                return "completed"
            job.cancel_requested = True
            if job.state == "IN_QUEUE":
                self._waiting.remove(job)
                self._complete_error(job, 499, "The request was cancelled by the client.", "client_cancelled")
            else:
                self._changed()
            return "accepted"

    def shutdown(self) -> None:
        with self.cond:
            self.stopping = True
            self._changed()

    def wait_change(self, version: int, timeout: float) -> None:
        with self.cond:
            if self.version == version and not self.stopping:
                self.cond.wait(timeout)

    def __len__(self) -> int:
        with self.cond:
            return len(self._jobs)

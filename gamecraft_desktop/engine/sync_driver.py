"""Drive one job from a given step to its end, synchronously, in the calling thread: the command line's way
(`generate`, `result`). The window drives the same steps from its thread pool (gamecraft_desktop.jobs).

Waits between steps are plain sleeps here; what to wait for, and whether to try again at all, comes from the
steps' reports (engine.run, engine.rules).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.context import (
    Advanced,
    Connection,
    Ended,
    FollowState,
    GaveUp,
    JobFlags,
    JobOptions,
    NeedsKey,
    NullObserver,
    Observer,
    Retrying,
    StepContext,
    Stopped,
    VideoRef,
)
from gamecraft_desktop.engine.rules import RetryBudget, Verdict, decide, exit_code, on_interrupt
from gamecraft_desktop.engine.run import run_step
from gamecraft_desktop.engine.steps import Step
from gamecraft_desktop.engine.timing import PollTiming
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore

T = TypeVar("T")


class Finish(StrEnum):
    DONE = "done"                # the job got where it was asked to go (done, or its result read)
    ENDED = "ended"              # it failed (or became "submit uncertain"): written, see `error`
    GAVE_UP = "gave_up"          # a passing failure did not pass; the job is where it was (fetch it later)
    NEEDS_KEY = "needs_key"      # the key was refused while following: the job is where it was
    INTERRUPTED = "interrupted"  # Ctrl+C; what the history says about it comes from rules.on_interrupt
    PROBLEM = "problem"          # done, but something after it failed (e.g. the sidecar could not be written)


@dataclass(frozen=True)
class RunResult:
    record: JobRecord
    finish: Finish
    error: BaseException | None = None
    field_issues: tuple[object, ...] = field(default=())

    @property
    def exit_code(self) -> int:
        if self.error is None:
            return 0
        return exit_code(self.error, self.record)


def call_with_retries(step: Step, fn: Callable[[], T], budget: RetryBudget,
                      sleep: Callable[[float], None] = time.sleep) -> T:
    """`fn()` (one call of `step`'s kind), tried again as the rules say: for a command's single request."""
    attempt = 1
    while True:
        try:
            return fn()
        except Exception as exc:
            decision = decide(step, exc, attempt=attempt, budget=budget)
            if decision.verdict is not Verdict.RETRY:
                raise
            sleep(decision.delay_s)
            attempt += 1


class SyncDriver:
    """Runs a job's steps one after another until it is done, ends, or cannot go on now."""

    def __init__(self, record: JobRecord, *, store: JobStore | None, conn: Connection, job_dir: Path,
                 options: JobOptions, budget: RetryBudget, timing: PollTiming, observer: Observer | None = None,
                 follow: FollowState | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.record = record
        self.store = store
        self.conn = conn
        self.job_dir = job_dir
        self.options = options
        self.budget = budget
        self.timing = timing
        self.observer: Observer = observer or NullObserver()
        self.follow = follow or FollowState()
        self.sleep = sleep
        self.video: VideoRef | None = None
        self.flags = JobFlags()  # one job's, across its steps (writes a full disk has held back)

    def run(self, first: Step, *, single: bool = False) -> RunResult:
        """Run from `first` on (`single`: that step alone, with its retries). Ctrl+C (KeyboardInterrupt) at any
        point ends the run with what the rules say about a job interrupted where it was."""
        self._single = single
        self._step: Step | None = first
        self._attempt = 1
        self._interval = self.timing.initial_s
        self._ctx: StepContext | None = None
        try:
            while self._step is not None:
                done = self._one()
                if done is not None:
                    return done
        except KeyboardInterrupt as exc:
            if self._ctx is not None:
                self.record = self._ctx.record
            return self._interrupted(exc)
        return RunResult(self.record, Finish.DONE)

    def _one(self) -> RunResult | None:
        step = self._step
        assert step is not None
        ctx = self._ctx = StepContext(record=self.record, store=self.store, job_dir=self.job_dir,
                                      conn=self.conn, options=self.options, follow=self.follow,
                                      observer=self.observer, video=self.video, attempt=self._attempt,
                                      flags=self.flags)
        report = run_step(step, ctx, self.budget)
        before, self.record = self.record, report.record
        result = report.result
        if isinstance(result, Retrying):
            self._attempt += 1
            self.sleep(result.delay_s)
            return None
        self._attempt = 1
        if isinstance(result, Ended):
            return RunResult(self.record, Finish.ENDED, result.error, result.field_issues)
        if isinstance(result, NeedsKey):
            return RunResult(self.record, Finish.NEEDS_KEY, result.error)
        if isinstance(result, GaveUp):
            return RunResult(self.record, Finish.GAVE_UP, result.error)
        if isinstance(result, Stopped):
            return RunResult(self.record, Finish.INTERRUPTED, KeyboardInterrupt())
        assert isinstance(result, Advanced)
        if result.video is not None:
            self.video = result.video
        if result.problem is not None:
            return RunResult(self.record, Finish.PROBLEM, result.problem)
        delay = result.delay_s
        if step is Step.FOLLOW and result.next is Step.FOLLOW and not self.follow.stream:
            changed = result.changed or before.state != self.record.state
            if changed:
                self._interval = self.timing.initial_s
            delay = max(delay, self._interval)
            self._interval = self.timing.next_interval(self._interval, changed=changed,
                                                       running=self.record.state == JobState.RUNNING)
        if self._single:
            return RunResult(self.record, Finish.DONE)
        if result.next is not None and delay > 0:
            self.sleep(delay)
        self._step = result.next
        return None

    def _interrupted(self, exc: KeyboardInterrupt) -> RunResult:
        fields = on_interrupt(self.record)
        if fields:
            if self.store is not None:
                self.record = self.store.update(self.record.id, **fields)
            else:
                from dataclasses import replace

                self.record = replace(self.record, **fields)
        return RunResult(self.record, Finish.INTERRUPTED, exc)

"""A model-based test of the job engine (hypothesis stateful testing) against the real sandbox over loopback.

The person (the rules below) starts jobs from the window or the command line, makes the next call of any route
fail in any way the sandbox knows, crashes or quits either program at a step boundary and starts it again on
the same history, cancels, retries, re-runs, varies the seed, deletes, sends or discards, fetches a result with
`result`, and lets time pass. After every step the money rules are checked on the real artefacts
(money_checks.py); at the end everything is left to settle (a fresh start of the window picks every job up)
and the final rules are checked: every result fal completed is on disk or offered for a free refetch (which is
then done), nothing is left behind, and the key is in no file.
"""

from __future__ import annotations

import functools
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule
from money_checks import (
    Ledger,
    Violation,
    all_files,
    check_completed_results_kept,
    check_done_videos,
    check_no_key,
    check_no_leftovers,
    check_request_ids,
    check_submits,
    created_jobs,
    describe_stranded,
    history_files,
    short,
    stranded,
)
from money_world import TIMEOUT_S, CliRun, World

from gamecraft_desktop.core.job_state import JobState

ROUTES = ("submit", "status", "stream", "result", "cancel", "initiate", "upload", "cdn")
#: Every fault kind the sandbox knows, with the arguments worth trying (a slow answer within and past the
#: clients' timeout; fal's error types that end a run).
FAULTS = (("edge502", None), ("edge503", None), ("edge504", None), ("429", "0"), ("slow", "0.3"),
          ("slow", "1.5"), ("hang", None), ("drop", None), ("truncate", None), ("badjson", None),
          ("ssedrop", "1"), ("500", None), ("app500", None), ("app422", None),
          ("apperror", "runner_disconnected"), ("apperror", "request_timeout"), ("expired", None),
          ("401", None), ("403", None), ("404", None))
SETTLE_S = 60.0

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Stats:
    examples: int = 0
    steps: int = 0
    checks: int = 0
    #: Each failure as it first happened: the steps that led to it and what broke. Kept apart from what
    #: hypothesis reports, because a schedule that depends on timing may not fail the same way when replayed.
    failures: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)  # steps run, by rule


STATS = Stats()


@dataclass(frozen=True)
class JobRef:
    """A job the person started: its prompt (unique per started job) and, for the window's, its row."""

    prompt: str
    row: str | None = None

    def __repr__(self) -> str:
        return f"JobRef({self.prompt!r})"


def step(fn: F) -> F:
    """Marks the machine broken when a step fails, so teardown does not pile a second failure on it."""
    @functools.wraps(fn)
    def run(self: MoneyMachine, *args: Any, **kwargs: Any) -> Any:
        shown = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        if fn.__name__ != "money_rules_hold":
            self.trace.append(f"{fn.__name__}({shown})")
        try:
            result = fn(self, *args, **kwargs)
        except BaseException as exc:
            if not self.broken:
                self.broken = True
                STATS.failures.append("\n".join([*self.trace, f"-> {type(exc).__name__}: {exc}",
                                                 *self.world.run_reports()]))
            raise
        STATS.steps += 1
        STATS.rules[fn.__name__] += 1
        return result

    return run  # type: ignore[return-value]


class MoneyMachine(RuleBasedStateMachine):
    jobs = Bundle("jobs")

    def __init__(self) -> None:
        super().__init__()
        self.broken = False
        self.trace: list[str] = []
        self.ledger = Ledger()
        self.world = World(Path(tempfile.mkdtemp(prefix="money-rules-")))
        STATS.examples += 1

    # --- helpers ----------------------------------------------------------------------------------

    @property
    def manager(self) -> Any:
        return self.world.window.manager

    def row_of(self, job: JobRef) -> Any | None:
        rows = self.world.rows()
        if job.row is not None:
            return next((r for r in rows if r.id == job.row), None)
        return next((r for r in rows if r.prompt == job.prompt and r.started_by == "cli"), None)

    def window_row(self, job: JobRef) -> str | None:
        rec = self.row_of(job)
        return rec.id if rec is not None and self.manager.job(rec.id) is not None else None

    def run_of(self, job: JobRef) -> CliRun | None:
        rec = self.row_of(job)
        rid = rec.request_id if rec is not None else None
        for run in reversed(self.world.runs):
            if run.alive and ((run.prompt == job.prompt and job.row is None)
                              or (rid is not None and run.request_id == rid)):
                return run
        return None

    # --- the first moments ---------------------------------------------------------------------------

    @initialize(faults=st.lists(st.tuples(st.sampled_from(ROUTES), st.sampled_from(FAULTS)), max_size=3))
    @step
    def faults_from_the_start(self, faults: list[tuple[str, tuple[str, str | None]]]) -> None:
        """Faults armed on the first calls of their routes, so they meet the first jobs."""
        for route, fault in faults:
            self.fault_on_next_call(route, fault)

    @initialize(target=jobs, window=st.sampled_from(["", "w", "wd", "w w"]), cli=st.sampled_from(["", "w"]))
    @step
    def first_jobs(self, window: str, cli: str) -> Any:
        jobs = [self.start_in_window(a) for a in window.split()]
        jobs += [self.start_in_cli(a, poll=False) for a in cli.split()]
        return multiple(*jobs)

    # --- starting jobs -------------------------------------------------------------------------------

    @rule(target=jobs, actions=st.sampled_from(["w", "wd"]))
    @step
    def start_in_window(self, actions: str) -> JobRef:
        from gamecraft_desktop.core.camera_path import CameraPath
        from gamecraft_desktop.jobs.job_manager import JobSpec

        n = self.world.next_number()
        prompt = f"job {n} from the window"
        (row,) = self.manager.submit(JobSpec(image_path=self.world.new_image(n), prompt=prompt,
                                             path=CameraPath.of(actions, 0.3)))
        self.world.spin(0.02)
        return JobRef(prompt, row)

    @rule(target=jobs, actions=st.sampled_from(["w", "wd"]), poll=st.booleans())
    @step
    def start_in_cli(self, actions: str, poll: bool) -> JobRef:
        n = self.world.next_number()
        prompt = f"job {n} from the command line"
        argv = ["generate", "--image", str(self.world.new_image(n)), "--prompt", prompt, "--actions", actions,
                "--speeds", "0.3", "--out", str(self.world.out / f"clip-{n}.mp4"), *self.world.connection_args(),
                *(["--poll"] if poll else [])]
        self.world.start_cli(argv, prompt=prompt)
        self.world.spin(0.02)
        return JobRef(prompt)

    # --- the world misbehaving ----------------------------------------------------------------------------

    @rule(route=st.sampled_from(ROUTES), fault=st.sampled_from(FAULTS))
    @step
    def fault_on_next_call(self, route: str, fault: tuple[str, str | None]) -> None:
        from gamecraft_desktop.sandbox import FaultRule

        kind, arg = fault
        nth = self.world.server.counters.requests(route) + 1
        self.world.server.faults.add(FaultRule(route, kind, nth=nth, times=1, arg=arg))

    @rule(seconds=st.sampled_from([0.1, 0.5, 1.5]))
    @step
    def time_passes(self, seconds: float) -> None:
        self.world.spin(seconds)

    @rule()
    @step
    def window_crashes_and_starts_again(self) -> None:
        self.world.restart_window(crash=True)

    @rule()
    @step
    def window_quits_and_starts_again(self) -> None:
        self.world.restart_window(crash=False)

    @rule(job=jobs)
    @step
    def command_is_killed(self, job: JobRef) -> None:
        run = self.run_of(job)
        if run is not None:
            run.stop(kill=True)

    @rule(job=jobs)
    @step
    def command_gets_ctrl_c(self, job: JobRef) -> None:
        run = self.run_of(job)
        if run is not None:
            run.interrupt.set()
            run.thread.join(30)

    # --- clicks ------------------------------------------------------------------------------------------

    @rule(job=jobs)
    @step
    def cancel_in_window(self, job: JobRef) -> None:
        row = self.window_row(job)
        if row is not None:
            self.manager.cancel(row)
        self.world.spin(0.02)

    @rule(job=jobs)
    @step
    def cancel_with_command(self, job: JobRef) -> None:
        rec = self.row_of(job)
        if rec is not None and rec.request_id:
            run = self.world.start_cli(["cancel", rec.request_id, *self.world.connection_args()],
                                       request_id=rec.request_id)
            run.thread.join(30)

    @rule(job=jobs)
    @step
    def retry_in_window(self, job: JobRef) -> None:
        row = self.window_row(job)
        if row is not None:
            self.manager.retry(row)
        self.world.spin(0.02)

    @rule(target=jobs, job=jobs, vary=st.booleans())
    @step
    def rerun_in_window(self, job: JobRef, vary: bool) -> Any:
        # Always one new reference (a job that was not made is a reference to no row): what the machine draws
        # next must not depend on timing, or a failing example cannot be replayed.
        row = self.window_row(job)
        new = None
        if row is not None:
            new = self.manager.vary_seed(row) if vary else self.manager.rerun(row)
        self.world.spin(0.02)
        return JobRef(job.prompt, new or "none")

    @rule(job=jobs)
    @step
    def delete_in_window(self, job: JobRef) -> None:
        rec = self.row_of(job)
        if rec is not None and self.manager.job(rec.id) is not None:
            self.ledger.forget_on_delete(rec)
            self.manager.delete(rec.id)
        self.world.spin(0.02)

    @rule(job=jobs, send=st.booleans())
    @step
    def send_or_discard_in_window(self, job: JobRef, send: bool) -> None:
        row = self.window_row(job)
        if row is not None and self.manager.job(row).held:
            if send:
                self.manager.send(row)
            else:
                self.manager.discard(row)
        self.world.spin(0.02)

    @rule(job=jobs)
    @step
    def fetch_with_command(self, job: JobRef) -> None:
        rec = self.row_of(job)
        if rec is not None and rec.request_id:
            out = self.world.out / f"fetched-{self.world.next_number()}.mp4"
            self.world.start_cli(["result", rec.request_id, "--out", str(out), *self.world.connection_args()],
                                 request_id=rec.request_id)
        self.world.spin(0.02)

    @rule()
    @step
    def key_entered_again(self) -> None:
        self.manager.set_backend(self.world.backend(), default=True)
        self.world.spin(0.02)

    # --- the rules, after every step ------------------------------------------------------------------

    @invariant()
    @step
    def money_rules_hold(self) -> None:
        created = created_jobs(self.world)
        rows = self.world.rows()
        check_request_ids(self.ledger, rows)
        self.ledger.deleted.update({r.id: r for r in rows if r.id in self.ledger.deleted})
        check_submits(self.ledger, self.world, created, rows)
        check_done_videos(self.ledger, rows)
        check_no_key(self.world, history_files(self.world))
        self.ledger.checks += 1
        if self.world.escaped:
            raise Violation(f"an exception escaped to the top of a thread:\n{self.world.escaped[0]}")
        for run in self.world.runs:
            if run.crash is not None:
                text = "".join(traceback.format_exception(run.crash))
                raise Violation(f"`{run.argv[0]}` ended with a traceback:\n{text}")
        self.check_nothing_stranded(rows)

    def check_nothing_stranded(self, rows: list[Any]) -> None:
        self.ledger.checks += 1
        if not stranded(self.world, rows):
            return
        # The window's view may be ahead of the file by a queued write: let its pool run, then look again.
        self.manager.thread_pool.waitForDone(int(TIMEOUT_S * 3000))
        self.world.spin(0.05)
        left = stranded(self.world, self.world.rows())
        if left:
            raise Violation(describe_stranded(self.world, left[0]))

    # --- the end ------------------------------------------------------------------------------------

    def teardown(self) -> None:
        try:
            if not self.broken:
                self.trace.append("settle()")
                try:
                    self.settle()
                except BaseException as exc:
                    STATS.failures.append("\n".join([*self.trace, f"-> {type(exc).__name__}: {exc}"]))
                    raise
        finally:
            STATS.checks += self.ledger.checks
            self.world.close()

    def settle(self) -> None:
        """No more faults; every command ends; the window starts afresh (re-attaching everything) and runs
        until every job has ended or waits for the person; results left for a refetch are refetched."""
        world = self.world
        world.server.faults.clear()
        for run in world.runs:
            run.thread.join(SETTLE_S)
            if run.alive:
                raise Violation(f"`{' '.join(run.argv[:2])}` did not end within {SETTLE_S:.0f} s")
        world.restart_window(crash=False)
        if not world.spin_until(self.settled, SETTLE_S):
            left = [r for r in world.rows() if not r.state.is_terminal and not self.held(r.id)]
            raise Violation("never settled: " + "; ".join(describe_stranded(world, r) for r in left))
        rows = world.rows()
        check_request_ids(self.ledger, rows)
        for rec in check_completed_results_kept(self.ledger, world, rows):
            if not self.manager.retry(rec.id):
                raise Violation(f"job {short(rec.id)} offers a refetch that the window refuses")
        if not world.spin_until(self.settled, SETTLE_S):
            raise Violation("a refetch never ended")
        created = created_jobs(world)
        rows = world.rows()
        check_request_ids(self.ledger, rows)
        if check_completed_results_kept(self.ledger, world, rows):
            raise Violation("a free refetch did not bring the video home")
        check_submits(self.ledger, world, created, rows)
        check_done_videos(self.ledger, rows)
        world.window.quit()
        check_no_leftovers(world)
        check_no_key(world, all_files(world))

    def held(self, job_id: str) -> bool:
        job = self.manager.job(job_id)
        return job is not None and job.held

    def settled(self) -> bool:
        return all(r.state.is_terminal or self.held(r.id) for r in self.world.rows()) and not any(
            j.busy or self.manager.scheduler.pending(i) for i, j in self.manager.jobs().items())


__all__ = ["FAULTS", "ROUTES", "STATS", "JobRef", "JobState", "MoneyMachine", "Violation"]

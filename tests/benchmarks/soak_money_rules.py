"""Soak: the money-rules machine (tests/money/money_machine.py) for thousands of examples or 30 minutes,
whichever comes first.

Each example is a fresh sandbox and history driven by a random schedule of jobs, faults, crashes and clicks,
with every money rule checked after every step. Prints the examples run, the invariant checks made and the
violations found (goal 0; each printed with the steps that led to it), and this process's resident memory
and thread count at the start (after a warm-up of a few batches: imports, the renderer's cache, hypothesis's
own caches) and at the end (goal: growth <= 50 MB, no thread leak). Memory is read after a garbage
collection and after glibc's malloc_trim has handed free heap pages back to the OS (the process shares two
C heaps between its threads, as the app does: core/native_heap.py). The raw figure, before the trim, is
printed beside it; it counts only what was freed since the previous reading's trim (about a minute), so it is
no before/after. Exit code 1 when a goal is missed.

Not part of the default test run (pytest ignores tests/benchmarks). Run it with:
    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/soak_money_rules.py [--minutes 30]
        [--examples 3000] [--seed N]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS / "money"), str(TESTS / "jobs")]

BATCH = 10  # examples per hypothesis run (each run its own seed)
WARM_UP_BATCHES = 3
RSS_GOAL_MB = 50.0


def status(field: str) -> int:
    """A number from /proc/self/status (VmRSS in kB, Threads: every OS thread, Qt's included)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def snapshot() -> tuple[float, int, int, float]:
    """(RSS in MB with free heap handed back, OS threads, Python threads, raw RSS in MB)."""
    import ctypes
    import gc

    gc.collect()
    raw = status("VmRSS") / 1024
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return status("VmRSS") / 1024, status("Threads"), threading.active_count(), raw


class _Machine:
    """One machine class for the whole soak: hypothesis keeps per-class caches (rules, strategies), so a new
    class per batch would grow them for as long as the soak runs."""

    cls: type | None = None


def run_batch(seed: int, steps: int) -> None:
    from hypothesis import HealthCheck, Phase, settings
    from hypothesis import seed as seeded
    from hypothesis.stateful import run_state_machine_as_test
    from money_machine import MoneyMachine

    if _Machine.cls is None:
        _Machine.cls = type("SoakMachine", (MoneyMachine,), {})
    machine = seeded(seed)(_Machine.cls)  # sets the class's seed for this run
    # A violation is recorded (with its steps) in STATS.failures as it happens; the soak goes on.
    with contextlib.suppress(Exception):
        run_state_machine_as_test(machine, settings=settings(
            max_examples=BATCH, stateful_step_count=steps, database=None, deadline=None,
            suppress_health_check=list(HealthCheck), phases=[Phase.generate], derandomize=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("--steps", type=int, default=24, help="steps per example")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QCoreApplication

    from gamecraft_desktop.core.native_heap import share_heaps_between_threads
    from gamecraft_desktop.qtsupport.pyside_workarounds import install

    install()
    share_heaps_between_threads()  # as the app does at start-up
    app = QCoreApplication([sys.argv[0]])  # the window's driver runs on this event loop
    from money_machine import STATS

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    print(f"soak_money_rules: seed {seed}, up to {args.examples} examples or {args.minutes:g} minutes, "
          f"{args.steps} steps each", flush=True)
    started = time.monotonic()
    deadline = started + args.minutes * 60
    raw_start = snapshot()
    for batch in range(WARM_UP_BATCHES):  # warm-up: imports, the renderer's cache, the first sandboxes
        run_batch(seed + batch, args.steps)
    start = snapshot()
    batch = WARM_UP_BATCHES
    reported = 0
    while STATS.examples < args.examples and time.monotonic() < deadline:
        run_batch(seed + batch, args.steps)
        batch += 1
        for failure in STATS.failures[reported:]:
            print(f"\nVIOLATION #{reported + 1}:\n{failure}\n", flush=True)
            reported += 1
        if batch % 3 == 0:
            rss, threads, _py, raw = snapshot()
            print(f"  {STATS.examples} examples, {STATS.checks} checks, {len(STATS.failures)} violations, "
                  f"{(time.monotonic() - started) / 60:.1f} min, RSS {rss:.0f} MB (raw {raw:.0f}), {threads} threads",
                  flush=True)
    end = snapshot()
    elapsed = time.monotonic() - started
    growth = end[0] - start[0]
    print(f"\nexamples run:      {STATS.examples} ({STATS.steps} steps) in {elapsed / 60:.1f} min")
    print(f"invariant checks:  {STATS.checks}")
    print(f"violations:        {len(STATS.failures)} (goal 0)")
    print(f"RSS:               {start[0]:.0f} MB after warm-up ({raw_start[0]:.0f} MB before) -> {end[0]:.0f} MB "
          f"at the end: growth {growth:+.0f} MB (goal <= {RSS_GOAL_MB:.0f} MB)")
    print(f"RSS, raw:          {start[3]:.0f} MB -> {end[3]:.0f} MB (free heap since the last reading's trim)")
    print(f"threads (OS):      {start[1]} after warm-up ({raw_start[1]} before) -> {end[1]} at the end "
          f"(Python threads {start[2]} -> {end[2]})")
    print("steps by rule:     " + ", ".join(f"{k} {v}" for k, v in Counter(STATS.rules).most_common()))
    del app
    ok = not STATS.failures and growth <= RSS_GOAL_MB and end[1] <= start[1]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

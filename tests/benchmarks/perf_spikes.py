"""Name each GUI stall spike from the kernel's view of the GUI thread: perf's context switches with native
stacks, lined up with the spikes `bench_jobs.py` prints. Complements gui_trace.py, which sees only Python:
this one sees where the GUI thread waited in C (the GIL, Qt's raster helper threads, the disk, a core).

Record (Linux, root or perf_event_paranoid <= 1), the bench's main thread is the GUI thread:
    BENCH_PRINT_SPIKES=1 QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_jobs.py \\
        --stall-only --repeat 3 > bench.log &
    perf record -k CLOCK_MONOTONIC -e sched:sched_switch --call-graph dwarf,16384 -t $! -o gui.data &
    perf record -k CLOCK_MONOTONIC -a -e sched:sched_switch -o all.data &
    (stop both perf records with SIGINT when the bench ends)
    perf script -i gui.data -F tid,time,event,trace,ip,sym,dso > gui.txt
    perf script -i all.data -F pid,tid,cpu,time,event,trace > all.txt
Then:
    python tests/benchmarks/perf_spikes.py gui.txt all.txt <bench pid> bench.log

For each spike it prints the GUI thread's time split into on a CPU, runnable (preempted), waiting for the
GIL, waiting for Qt's raster helpers (QLatch), the disk, other blocking and the idle event loop; the largest
share names the spike. Then who had the two cores meanwhile: the bench's own threads (marked *) and other
processes', and which of the bench's threads sat preempted. A GIL wait while one of our niced workers sits
preempted behind other niced threads is the priority inversion issue #16 found: the worker holds the GIL and
waits for a core, the window waits for the GIL. BENCH_SPIKE_S=0.022 makes the bench print near-misses too.
Not part of the test run.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

FULL = re.compile(r"\s*(\d+)/(\d+)\s+\[\d+\]\s+([\d.]+): sched:sched_switch: prev_comm=(.*?) prev_pid=(\d+) "
                  r"prev_prio=(\d+) prev_state=(\S+) ==> next_comm=(.*?) next_pid=(\d+) next_prio=(\d+)")
SWITCH = re.compile(r"\s*(\d+)\s+([\d.]+): sched:sched_switch: .*prev_state=(\S+) ==>")
TIME = re.compile(r"\s([\d.]+): sched:sched_switch")


@dataclass
class SwitchOut:
    """The GUI thread leaving its CPU: when, in which state, and its native stack (innermost first)."""

    t: float
    state: str
    frames: list[str] = field(default_factory=list)


def switch_ins(all_txt: str, tid: str) -> list[float]:
    """When the thread got a CPU back (system-wide switches whose next task is it)."""
    with open(all_txt) as lines:
        return [float(m.group(1)) for line in lines if f"next_pid={tid} " in line and (m := TIME.search(line))]


def switch_outs(gui_txt: str) -> list[SwitchOut]:
    events: list[SwitchOut] = []
    with open(gui_txt) as lines:
        for line in lines:
            if not line.startswith("\t") and (m := SWITCH.match(line)):
                events.append(SwitchOut(float(m.group(2)), m.group(3)))
            elif line.startswith("\t") and events and len(parts := line.strip().split(None, 1)) == 2:
                events[-1].frames.append(parts[1].split(" (")[0])
    return events


def spikes_of(bench_log: str) -> list[tuple[float, float]]:
    with open(bench_log) as lines:
        return [(float(p[1]), float(p[2])) for line in lines if line.startswith("[spike]") and (p := line.split())]


def kind(out: SwitchOut) -> str:
    if out.state.startswith("R"):
        return "runnable (preempted)"
    if any("take_gil" in f for f in out.frames):
        return "GIL wait"
    if any("QLatch" in f for f in out.frames):
        return "Qt raster helpers (QLatch)"
    if any("poll" in f for f in out.frames[:14]):
        return "idle (event loop poll)"
    if out.state.startswith("D"):
        return "disk wait"
    return "other blocking: " + next((f for f in out.frames if f.startswith("Q")), "?")


def split_spike(t0: float, t1: float, outs: list[SwitchOut], ins: list[float]) -> Counter[str]:
    """The spike's time by kind: each time off a CPU runs from a switch-out to the next switch-in."""
    split: Counter[str] = Counter()
    first = bisect.bisect_left(outs, t0, key=lambda o: o.t)
    for out in outs[max(0, first - 1):]:
        if out.t > t1:
            break
        back_at = bisect.bisect_right(ins, out.t)
        back = ins[back_at] if back_at < len(ins) else t1
        lo, hi = max(out.t, t0), min(back, t1)
        if hi > lo:
            split[kind(out)] += hi - lo
    split["GUI on a CPU"] += max(0.0, (t1 - t0) - sum(split.values()))
    return split


def system_switches(all_txt: str) -> tuple[list[tuple[float, int, str, int, str]], dict[int, int], dict[int, str]]:
    """(time, prev tid, prev state, next tid, cpu) for every switch; each tid's process; each tid's name."""
    switches = []
    process: dict[int, int] = {}
    names: dict[int, str] = {}
    with open(all_txt) as lines:
        for line in lines:
            if not (m := FULL.match(line)):
                continue
            pid, tid = int(m.group(1)), int(m.group(2))
            process[tid] = pid
            prev, nxt = int(m.group(5)), int(m.group(9))
            names[prev] = f"{m.group(4)}/nice {int(m.group(6)) - 120}"
            names[nxt] = f"{m.group(8)}/nice {int(m.group(10)) - 120}"
            cpu = int(line.split("[", 1)[1].split("]", 1)[0])
            switches.append((float(m.group(3)), prev, m.group(7), nxt, str(cpu)))
    switches.sort()
    return switches, process, names


def cores_during(t0: float, t1: float, switches: list[tuple[float, int, str, int, str]]
                 ) -> tuple[Counter[int], Counter[int]]:
    """Each task's time on a CPU, and time runnable but preempted, within [t0, t1]."""
    on: Counter[int] = Counter()
    waiting: Counter[int] = Counter()
    running: dict[str, tuple[int, float]] = {}
    preempted_at: dict[int, float] = {}
    start = bisect.bisect_left(switches, (t0 - 0.5,))
    for t, prev, state, nxt, cpu in switches[start:]:
        if t > t1:
            break
        if cpu in running:
            task, since = running[cpu]
            on[task] += max(0.0, t - max(since, t0))
        running[cpu] = (nxt, t)
        if state.startswith("R"):
            preempted_at[prev] = t
        else:
            preempted_at.pop(prev, None)
        if nxt in preempted_at:
            waiting[nxt] += max(0.0, t - max(preempted_at.pop(nxt), t0))
    for task, since in running.values():
        on[task] += max(0.0, t1 - max(since, t0))
    for task, since in preempted_at.items():
        waiting[task] += max(0.0, t1 - max(since, t0))
    on.pop(0, None)  # the idle task
    waiting.pop(0, None)
    return on, waiting


def who_had_the_cores(t0: float, t1: float, bench_pid: int, gui: int,
                      system: tuple[list[tuple[float, int, str, int, str]], dict[int, int], dict[int, str]]
                      ) -> str:
    switches, process, names = system
    on, waiting = cores_during(t0, t1, switches)
    ours = sum(v for k, v in on.items() if process.get(k) == bench_pid and k != gui)
    others = sum(v for k, v in on.items() if process.get(k) != bench_pid)
    def label(task: int) -> str:
        return ("*" if process.get(task) == bench_pid else "") + f"{names.get(task, '?')}[{task}]"
    top = ", ".join(f"{label(k)} {v * 1000:.1f}" for k, v in on.most_common(5) if k != gui)
    stuck = ", ".join(f"{label(k)} {v * 1000:.1f}" for k, v in waiting.most_common(4)
                      if process.get(k) == bench_pid and v >= 0.002)
    return (f"    cores: our other threads {ours * 1000:.1f} ms, other processes {others * 1000:.1f} ms "
            f"(top: {top}); ours preempted: {stuck or '-'}")


def main(argv: list[str]) -> int:
    gui_txt, all_txt, tid, bench_log = argv
    outs, ins, spikes = switch_outs(gui_txt), switch_ins(all_txt, tid), spikes_of(bench_log)
    system = system_switches(all_txt)
    named: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for t0, t1 in spikes:
        split = split_spike(t0, t1, outs, ins)
        named[max(split, key=lambda k: split[k])] += 1
        totals.update(split)
        print(f"spike {(t1 - t0) * 1000:5.1f} ms: " + ", ".join(f"{k} {v * 1000:.1f}" for k, v in split.most_common()))
        if system[0]:
            print(who_had_the_cores(t0, t1, int(tid), int(tid), system))
    print(f"\n{len(spikes)} spikes, named by their largest share:")
    for name, n in named.most_common():
        print(f"  {n:3d} {n / max(1, len(spikes)):5.0%}  {name}")
    print("time in spikes by kind:")
    for name, seconds in totals.most_common():
        print(f"  {seconds * 1000:7.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

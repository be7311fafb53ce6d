"""A GUI-thread tracer for the stall benchmarks: for every heartbeat gap over the goal, what the GUI thread was
doing and why. A benchmark tool (Linux only: it reads /proc), not part of the app or of the test run.

What it records while installed:
- every event the GUI thread delivers (an application event filter: time, type, receiver class) and the event
  dispatcher's idle spans (aboutToBlock -> awake): an event's span runs until the next event or idle starts;
- every garbage collection (gc.callbacks: thread, generation, duration);
- at each heartbeat tick, the GUI thread's /proc schedstat (time on a CPU, time waiting in the run queue) and
  the process's CPU time (getrusage), so each gap splits into own CPU work, waiting for a core, and blocked
  (waiting for the GIL, a lock or the disk);
- a watchdog thread waking every 2 ms: its own lateness beyond its run-queue wait is time the GIL was held by
  someone else; every 10 ms it reads each thread's CPU time; while the heartbeat is late it samples every
  thread's Python stack (sys._current_frames) and the GUI thread's /proc state and system call.

Each spike is then given one cause (`classify`), and `summary` prints a table cause -> count, share.
The tracer perturbs what it measures: the watchdog and the heartbeat's /proc reads take the GIL, and with
`events=True` every GUI event enters Python. Take the max gaps from runs without it, the causes from runs with it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

#: Linux x86-64 system call numbers worth naming when the GUI thread is blocked.
SYSCALLS = {0: "read", 1: "write", 2: "open", 3: "close", 4: "stat", 5: "fstat", 6: "lstat", 7: "poll",
            8: "lseek", 9: "mmap", 11: "munmap", 17: "pread64", 18: "pwrite64", 21: "access", 23: "select",
            74: "fsync", 75: "fdatasync", 76: "truncate", 77: "ftruncate", 82: "rename", 87: "unlink",
            202: "futex", 232: "epoll_wait", 257: "openat", 262: "newfstatat", 270: "pselect6", 271: "ppoll",
            281: "epoll_pwait", 285: "fallocate", 332: "statx", 435: "clone3", 56: "clone", 230: "clock_nanosleep",
            35: "nanosleep", 16: "ioctl", 20: "writev", 19: "readv", 44: "sendto", 45: "recvfrom", 46: "sendmsg",
            47: "recvmsg", 40: "sendfile"}
FILE_SYSCALLS = {"open", "openat", "stat", "fstat", "lstat", "newfstatat", "statx", "fsync", "fdatasync", "read",
                 "write", "pread64", "pwrite64", "access", "rename", "unlink", "ftruncate", "truncate",
                 "fallocate", "close"}
# Python frames where a thread waits with the GIL released: not a suspect for holding it.
IDLE_FRAMES = ("threading.py", "selectors.py", "socket.py", "queue.py", "ssl.py", "socketserver.py",
               "gui_trace.py", "bench_", "_backends/sync.py", "connection.py:wait")


def _python_runtime_range() -> tuple[int, int]:
    """Where CPython's `_PyRuntime` lies in memory: in 3.11 the GIL's mutex and condition variables are in it, so a
    futex on an address in this range is a wait for the GIL (its size in 3.11.7's ELF symbol table)."""
    import ctypes

    with contextlib.suppress(ValueError, AttributeError):
        start = ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, "_PyRuntime"))
        return start, start + 0x28B20
    return 0, 0


def _mapping_of(address: int) -> str:
    """The /proc/self/maps name of the mapping holding `address` ("[heap]", a library, or "anon")."""
    with contextlib.suppress(OSError), open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split()
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            if lo <= address < hi:
                return os.path.basename(parts[5]) if len(parts) > 5 else "anon"
    return "?"


def _pread(fd: int) -> str:
    try:
        return os.pread(fd, 512, 0).decode()
    except OSError:
        return ""


def _schedstat(fd: int) -> tuple[int, int]:
    parts = _pread(fd).split()
    return (int(parts[0]), int(parts[1])) if len(parts) >= 2 else (0, 0)


def _proc_cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _stack(frame: Any, depth: int = 14) -> list[str]:
    out = []
    while frame is not None and len(out) < depth:
        code = frame.f_code
        name = code.co_filename
        name = "gamecraft_desktop" + name.rsplit("gamecraft_desktop", 1)[1] if "gamecraft_desktop/" in name \
            else os.path.basename(name)
        out.append(f"{name}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return out


@dataclass
class Sample:
    """The watchdog's look at every thread while the heartbeat was late."""

    t: float
    stacks: dict[str, list[str]]  # thread name -> innermost frames first
    gui_state: str  # R running, S sleeping, D disk wait
    gui_syscall: str
    gui_wchan: str


@dataclass
class Spike:
    t0: float
    t1: float
    gui_cpu_s: float
    gui_runq_s: float
    proc_cpu_s: float
    load: str
    events: list[tuple[float, float, str]] = field(default_factory=list)  # start, span, what
    idle_s: float = 0.0
    gcs: list[tuple[float, float, int, str, float]] = field(default_factory=list)  # start, wall, gen, thread, CPU
    imports: list[tuple[float, float, float, str, str]] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    gil_wait_s: float = 0.0  # the watchdog's lateness not explained by its own run-queue wait
    thread_cpu: list[tuple[str, float]] = field(default_factory=list)  # busiest threads during the gap
    others_runq_s: float = 0.0  # our other threads' time waiting for a core during the gap
    psi_s: float = 0.0  # machine-wide: time some task waited for a CPU during the gap (/proc/pressure/cpu)
    cause: str = ""

    @property
    def gap_s(self) -> float:
        return self.t1 - self.t0

    @property
    def blocked_s(self) -> float:
        return max(0.0, self.gap_s - self.gui_cpu_s - self.gui_runq_s)


class GuiTracer:
    def __init__(self, threshold_s: float = 0.033, late_after_s: float = 0.015, events: bool = False) -> None:
        # Recording events makes the GUI thread enter Python (and wait for the GIL) for every event it
        # delivers, C++ paints included: it names the event a spike fell in but adds GIL waits of its own.
        self.record_events = events
        self.threshold_s = threshold_s
        self.late_after_s = late_after_s
        self.spikes: list[Spike] = []
        self._events: deque[tuple[float, Any, str]] = deque(maxlen=200_000)
        self._idle: deque[tuple[float, float]] = deque(maxlen=100_000)
        self._blocked_at: float | None = None
        self._gcs: deque[tuple[float, float, int, str, float]] = deque(maxlen=10_000)
        self._gc_start: dict[int, tuple[float, float, int]] = {}
        self.imports: list[tuple[float, float, float, str, str]] = []  # start, wall, thread CPU, thread, module
        self._samples: deque[Sample] = deque(maxlen=20_000)
        self._wd_late: deque[tuple[float, float, float]] = deque(maxlen=100_000)  # woke at, late by, its runq
        self._cpu_snaps: deque[tuple[float, dict[int, tuple[int, int]]]] = deque(maxlen=20_000)
        self._stop = threading.Event()
        self.last_tick = time.monotonic()
        self.ticks = 0

    # --- installing --------------------------------------------------------------------------------

    def install(self) -> None:
        """Call on the GUI thread once the QApplication exists."""
        from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QObject

        tracer = self

        class _Filter(QObject):
            def eventFilter(self, obj: QObject, event: Any) -> bool:
                tracer._events.append((time.monotonic(), event.type(), type(obj).__name__))
                return False

        self.gui_tid = threading.get_native_id()
        self._gui_ident = threading.get_ident()
        task = f"/proc/self/task/{self.gui_tid}"
        self._gui_sched = os.open(f"{task}/schedstat", os.O_RDONLY)
        self._gui_stat = os.open(f"{task}/stat", os.O_RDONLY)
        self._gui_syscall = os.open(f"{task}/syscall", os.O_RDONLY)
        self._runtime = _python_runtime_range()
        self._gui_wchan = os.open(f"{task}/wchan", os.O_RDONLY)
        if self.record_events:
            self._filter = _Filter()
            app = QCoreApplication.instance()
            assert app is not None
            app.installEventFilter(self._filter)
            dispatcher = QAbstractEventDispatcher.instance()
            assert dispatcher is not None
            dispatcher.aboutToBlock.connect(self._about_to_block)
            dispatcher.awake.connect(self._awake)
            self._dispatcher = dispatcher
        gc.callbacks.append(self._gc)
        import builtins

        self._import_watch = _ImportWatch(self)
        builtins.__import__ = self._import_watch
        self._psi = os.open("/proc/pressure/cpu", os.O_RDONLY) if os.path.exists("/proc/pressure/cpu") else -1
        self._last_sched = _schedstat(self._gui_sched)
        self._last_cpu = _proc_cpu_s()
        self._last_psi = self._psi_total()
        self._watchdog = threading.Thread(target=self._watch, name="gui-trace-watchdog", daemon=True)
        self._watchdog.start()

    def uninstall(self) -> None:
        from PySide6.QtCore import QCoreApplication

        self._stop.set()
        self._watchdog.join(2)
        app = QCoreApplication.instance()
        if self.record_events:
            if app is not None:
                app.removeEventFilter(self._filter)
            self._dispatcher.aboutToBlock.disconnect(self._about_to_block)
            self._dispatcher.awake.disconnect(self._awake)
        gc.callbacks.remove(self._gc)
        import builtins

        builtins.__import__ = self._import_watch.original
        for fd in (self._gui_sched, self._gui_stat, self._gui_syscall, self._gui_wchan, self._psi):
            if fd >= 0:
                os.close(fd)
        for spike in self.spikes:
            self._fill(spike)
            spike.cause = classify(spike)

    def _psi_total(self) -> float:
        if self._psi < 0:
            return 0.0
        first = _pread(self._psi).split("\n", 1)[0]
        return int(first.rsplit("total=", 1)[-1]) / 1e6 if "total=" in first else 0.0

    def _about_to_block(self) -> None:
        self._blocked_at = time.monotonic()

    def _awake(self) -> None:
        if self._blocked_at is not None:
            self._idle.append((self._blocked_at, time.monotonic()))
            self._blocked_at = None

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        ident = threading.get_ident()
        if phase == "start":
            self._gc_start[ident] = (time.monotonic(), time.thread_time(), info.get("generation", -1))
        elif ident in self._gc_start:
            start, cpu, gen = self._gc_start.pop(ident)
            where = "GUI" if ident == self._gui_ident else threading.current_thread().name
            self._gcs.append((start, time.monotonic() - start, gen, where, time.thread_time() - cpu))

    # --- the heartbeat's tick (GUI thread) -----------------------------------------------------------

    def tick(self, previous: float, now: float) -> None:
        sched = _schedstat(self._gui_sched)
        cpu = _proc_cpu_s()
        psi = self._psi_total()
        if now - previous > self.threshold_s:
            with open("/proc/loadavg") as fh:
                load = " ".join(fh.read().split()[:3])
            self.spikes.append(Spike(previous, now, (sched[0] - self._last_sched[0]) / 1e9,
                                     (sched[1] - self._last_sched[1]) / 1e9, cpu - self._last_cpu, load,
                                     psi_s=psi - self._last_psi))
        self._last_sched, self._last_cpu, self._last_psi = sched, cpu, psi
        self.last_tick = now
        self.ticks += 1

    # --- the watchdog thread ---------------------------------------------------------------------------

    def _watch(self) -> None:
        own = os.open(f"/proc/self/task/{threading.get_native_id()}/schedstat", os.O_RDONLY)
        fds: dict[int, int] = {}
        next_snap = 0.0
        next_tasks = 0.0
        try:
            while not self._stop.is_set():
                runq0 = _schedstat(own)[1]
                asleep = time.monotonic()
                time.sleep(0.002)
                now = time.monotonic()
                late = now - asleep - 0.002
                if late > 0.003:
                    runq = (_schedstat(own)[1] - runq0) / 1e9
                    self._wd_late.append((now, late, runq))
                if now >= next_tasks:
                    next_tasks = now + 0.2
                    fds = self._task_fds(fds)
                if now >= next_snap:
                    next_snap = now + 0.01
                    self._cpu_snaps.append((now, {tid: _schedstat(fd) for tid, fd in fds.items()}))
                if now - self.last_tick > self.late_after_s:
                    self._samples.append(self._sample(now))
        finally:
            os.close(own)
            for fd in fds.values():
                os.close(fd)

    def _task_fds(self, fds: dict[int, int]) -> dict[int, int]:
        alive = {int(t) for t in os.listdir("/proc/self/task")}
        for tid in list(fds):
            if tid not in alive:
                os.close(fds.pop(tid))
        for tid in alive - fds.keys():
            with contextlib.suppress(OSError):
                fds[tid] = os.open(f"/proc/self/task/{tid}/schedstat", os.O_RDONLY)
        return fds

    def _sample(self, now: float) -> Sample:
        names = {t.ident: t.name for t in threading.enumerate()}
        stacks = {}
        for ident, frame in sys._current_frames().items():
            if ident == threading.get_ident():
                continue
            name = "GUI" if ident == self._gui_ident else names.get(ident, str(ident))
            stacks[name] = _stack(frame)
        stat = _pread(self._gui_stat)
        state = stat.rsplit(")", 1)[-1].split()[0] if ")" in stat else "?"
        call = _pread(self._gui_syscall).split()
        syscall = SYSCALLS.get(int(call[0]), call[0]) if call and call[0].lstrip("-").isdigit() else (call or ["?"])[0]
        if syscall == "futex" and len(call) > 1:  # name the lock: the GIL, or where else the address lies
            address = int(call[1], 16)
            lo, hi = self._runtime
            syscall = "futex GIL" if lo <= address < hi else f"futex {address:#x} in {_mapping_of(address)}"
        return Sample(now, stacks, state, syscall, _pread(self._gui_wchan))

    # --- after the run -------------------------------------------------------------------------------

    def _fill(self, spike: Spike) -> None:
        t0, t1 = spike.t0, spike.t1
        events = [e for e in self._events if t0 - 0.5 <= e[0] <= t1]
        idle = [i for i in self._idle if i[1] >= t0 - 0.5 and i[0] <= t1]
        marks = sorted([e[0] for e in events] + [i[0] for i in idle])
        for when, kind, receiver in events:
            following = next((m for m in marks if m > when), t1)
            end = min(following, t1)
            if end > t0 and end - max(when, t0) > 0.002:
                name = getattr(kind, "name", str(kind))
                spike.events.append((when, end - max(when, t0), f"{name}->{receiver}"))
        spike.idle_s = sum(max(0.0, min(b, t1) - max(a, t0)) for a, b in idle) if self.record_events else -1.0
        spike.gcs = [g for g in self._gcs if g[0] < t1 and g[0] + g[1] > t0]
        spike.imports = [i for i in self.imports if i[0] < t1 and i[0] + i[1] > t0]
        spike.samples = [s for s in self._samples if t0 <= s.t <= t1 + 0.005]
        spike.gil_wait_s = sum(max(0.0, late - runq) for when, late, runq in self._wd_late
                               if t0 <= when - late and when <= t1 + 0.005)
        before = [s for s in self._cpu_snaps if s[0] <= t0]
        after = [s for s in self._cpu_snaps if s[0] >= t1]
        if before and after:
            a, b = before[-1][1], after[0][1]
            busy = sorted(((tid, (b[tid][0] - a.get(tid, (0, 0))[0]) / 1e9) for tid in b), key=lambda x: -x[1])
            spike.thread_cpu = [(self._task_name(tid), s) for tid, s in busy[:4] if s > 0.002]
            spike.others_runq_s = sum((b[tid][1] - a.get(tid, (0, 0))[1]) / 1e9 for tid in b if tid != self.gui_tid)

    def _task_name(self, tid: int) -> str:
        if tid == self.gui_tid:
            return "GUI"
        for t in threading.enumerate():
            if t.native_id == tid:
                return t.name
        try:
            with open(f"/proc/self/task/{tid}/comm") as fh:
                return f"{fh.read().strip()}#{tid}"
        except OSError:
            return f"#{tid}"


class _ImportWatch:
    """Wraps builtins.__import__: times each outermost import that loads a module not loaded yet (wall and
    thread CPU), and by which thread."""

    def __init__(self, tracer: GuiTracer) -> None:
        import builtins

        self.tracer = tracer
        self.original = builtins.__import__
        self._local = threading.local()

    def __call__(self, name: str, globals: Any = None, locals: Any = None, fromlist: Any = (),
                 level: int = 0) -> Any:
        if level or name in sys.modules or getattr(self._local, "busy", False):
            return self.original(name, globals, locals, fromlist, level)
        self._local.busy = True
        start, cpu = time.monotonic(), time.thread_time()
        try:
            return self.original(name, globals, locals, fromlist, level)
        finally:
            self._local.busy = False
            where = "GUI" if threading.get_ident() == self.tracer._gui_ident else threading.current_thread().name
            self.tracer.imports.append((start, time.monotonic() - start, time.thread_time() - cpu, where, name))


def _busy_stack(spike: Spike) -> str:
    """The innermost app frame of a non-GUI thread that is not waiting, most often seen in the samples."""
    seen: Counter[str] = Counter()
    for sample in spike.samples:
        for name, frames in sample.stacks.items():
            if name == "GUI" or not frames or any(idle in frames[0] for idle in IDLE_FRAMES):
                continue
            seen[f"{name}: {frames[0]}"] += 1
    return seen.most_common(1)[0][0] if seen else ""


def _gui_frame(spike: Spike) -> str:
    """The GUI thread's innermost frame and its innermost app frame, most often seen in the samples."""
    seen: Counter[str] = Counter()
    for sample in spike.samples:
        frames = [f for f in sample.stacks.get("GUI", []) if "bench_" not in f and "gui_trace" not in f]
        if frames:
            app = next((f for f in frames if f.startswith("gamecraft_desktop")), "")
            seen[frames[0] + (f" < ... < {app}" if app and app != frames[0] else "")] += 1
    return seen.most_common(1)[0][0] if seen else ""


def classify(spike: Spike) -> str:
    """One cause per spike, by what took most of the gap beyond the 5 ms tick."""
    excess = max(1e-6, spike.gap_s - 0.005)
    big_gc = [g for g in spike.gcs if g[1] >= 0.008]
    if big_gc:
        g = max(big_gc, key=lambda g: g[1])
        return f"gc generation {g[2]} on the {g[3]} thread"
    imports = [i for i in spike.imports if i[1] >= 0.008 and i[4].split(".")[0] != "gui_trace"]
    if imports:
        i = max(imports, key=lambda i: i[1])
        return f"import during the run on the {'GUI' if i[3] == 'GUI' else 'worker'} thread [{i[4]}]"
    syscalls = Counter(s.gui_syscall for s in spike.samples if s.gui_state != "R")
    states = Counter(s.gui_state for s in spike.samples)
    if spike.gui_runq_s >= 0.5 * excess:
        own = spike.proc_cpu_s - spike.gui_cpu_s
        who = "own threads busy" if own >= 1.5 * spike.gap_s else "other processes"
        return f"waiting for a CPU ({who})"
    if states.get("D") or any(s in FILE_SYSCALLS for s in syscalls):
        call = next((s for s in syscalls if s in FILE_SYSCALLS), "disk wait")
        return f"GUI thread blocked on the disk [{call}]"
    if spike.gui_cpu_s >= 0.5 * excess:
        longest = max(spike.events, key=lambda e: e[1])[2] if spike.events else "?"
        frame = _gui_frame(spike)
        return f"GUI thread's own work [{longest}" + (f"; {frame}]" if frame else "]")
    if spike.blocked_s >= 0.5 * excess:
        holder = _busy_stack(spike)
        if spike.others_runq_s >= 0.5 * spike.gap_s and spike.gil_wait_s >= 0.3 * excess:
            return "GIL held by a thread that waits for a CPU" + (f" [{holder}]" if holder else "")
        if spike.gil_wait_s >= 0.3 * excess:
            return "GIL held by another thread" + (f" [{holder}]" if holder else "")
        # The watchdog got the GIL in time, so no thread held it long: the GUI thread lost the hand-over
        # to other waiting threads, or waited on another lock. The busiest thread is named, not blamed.
        call = syscalls.most_common(1)[0][0] if syscalls else "?"
        return f"GUI thread blocked, no long GIL hold seen [{call}" + (f"; busy: {holder}]" if holder else "]")
    return "mixed (CPU wait + own work + blocked)"


def describe(spike: Spike) -> str:
    lines = [f"  gap {spike.gap_s * 1000:.1f} ms at load {spike.load}: GUI on CPU {spike.gui_cpu_s * 1000:.1f}, "
             f"run queue {spike.gui_runq_s * 1000:.1f}, blocked {spike.blocked_s * 1000:.1f}"
             + (f" (in the event dispatcher {spike.idle_s * 1000:.1f})" if spike.idle_s >= 0 else "")
             + f"; process CPU {spike.proc_cpu_s * 1000:.1f} ms; watchdog GIL wait "
             f"{spike.gil_wait_s * 1000:.1f} ms; other threads' run queue {spike.others_runq_s * 1000:.1f} ms; "
             f"machine CPU pressure {spike.psi_s * 1000:.1f} ms",
             f"    cause: {spike.cause}"]
    for _when, span, what in sorted(spike.events, key=lambda e: -e[1])[:3]:
        lines.append(f"    event {what}: {span * 1000:.1f} ms")
    for _start, dur, gen, where, cpu in spike.gcs:
        if dur >= 0.001:
            lines.append(f"    gc gen {gen} on {where}: {dur * 1000:.1f} ms ({cpu * 1000:.1f} ms CPU)")
    for _start, dur, cpu, where, name in spike.imports:
        lines.append(f"    import {name} on {where}: {dur * 1000:.1f} ms ({cpu * 1000:.1f} ms CPU)")
    if spike.thread_cpu:
        lines.append("    threads' CPU: " + ", ".join(f"{n} {s * 1000:.0f} ms" for n, s in spike.thread_cpu))
    for sample in spike.samples[:2]:
        gui = [f for f in sample.stacks.get("GUI", []) if "bench_" not in f]
        lines.append(f"    sample +{(sample.t - spike.t0) * 1000:.0f} ms: GUI {sample.gui_state} {sample.gui_syscall} "
                     f"{sample.gui_wchan}; GUI stack {' < '.join(gui[:8])}")
        for name, frames in sample.stacks.items():
            if name != "GUI" and frames and not any(idle in frames[0] for idle in IDLE_FRAMES):
                lines.append(f"      {name}: {' < '.join(frames[:3])}")
    return "\n".join(lines)


def summary(spikes: list[Spike], title: str = "spike causes") -> str:
    if not spikes:
        return f"[{title}] no spike over the goal"
    def family(cause: str) -> str:
        return cause.split(" [", 1)[0]
    counts = Counter(family(s.cause) for s in spikes)
    lines = [f"[{title}] {len(spikes)} spikes"]
    for cause, n in counts.most_common():
        worst = max(s.gap_s for s in spikes if family(s.cause) == cause)
        lines.append(f"  {n:4d}  {n / len(spikes):5.0%}  worst {worst * 1000:5.1f} ms  {cause}")
    return "\n".join(lines)


def imports_report(tracer: GuiTracer, at_least_s: float = 0.005) -> str:
    """Modules first imported while the tracer was installed (each one's objects are made after start-up)."""
    slow = [i for i in tracer.imports if i[1] >= at_least_s]
    if not tracer.imports:
        return "[imports] none during the run"
    lines = [f"[imports] {len(tracer.imports)} modules first imported during the run; over {at_least_s * 1000:.0f} ms:"]
    for _start, wall, cpu, where, name in sorted(slow, key=lambda i: -i[1]):
        lines.append(f"  {name} on {where}: {wall * 1000:.1f} ms ({cpu * 1000:.1f} ms CPU)")
    lines.append("  all: " + ", ".join(sorted({i[4] for i in tracer.imports})))
    return "\n".join(lines)

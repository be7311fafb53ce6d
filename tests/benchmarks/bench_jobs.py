"""Benchmarks for the jobs side (printed, not asserted). Not part of the default test run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_jobs.py [--jobs 20] [--video-mb 50]
        [--repeat 10] [--stall-only] [--placement both|in-process|child] [--trace [--trace-events]]

1. GUI stall: the longest gap of a 5 ms heartbeat QTimer on the GUI thread while N jobs run end to end in the
   real window against the in-process sandbox, with a ~25 MB input image and ~50 MB result videos
   (goal <= 33 ms). Every run starts as the first does, from an empty history (see `forget_results`).
2. Sandbox completion -> first frame on screen (sink) for a single job, with the app's default adaptive poll
   timing and with a 0.1 s poll (goal <= 300 ms).
3. Threads while 50 jobs are in flight (goal <= 8 worker threads).

With BENCH_PRINT_SPIKES=1 each heartbeat gap over the goal is printed as "[spike] <start> <end>" in
CLOCK_MONOTONIC seconds, to line up with `perf record -k CLOCK_MONOTONIC` (see perf_spikes.py);
BENCH_SPIKE_S=0.022 prints the gaps over 22 ms instead, to study the near-misses once no gap passes the goal.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["GAMECRAFT_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="gamecraft-bench-")
sys.path.insert(0, str(Path(__file__).parents[1] / "jobs"))

from jobs_helpers import cached_render, padded_render

# Everything this run writes (1-2 GB of videos and images) lives under the app home, removed at exit.
SCRATCH = Path(os.environ["GAMECRAFT_DESKTOP_HOME"])
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


def pump_until(pred: Any, timeout_s: float) -> bool:
    """Run the real event loop (as the app's exec() does: it sleeps in the dispatcher until something is due)
    until `pred()` holds, checked every 10 ms, or `timeout_s` passes."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.monotonic() + timeout_s
    loop = QEventLoop()
    result = [False]

    def check() -> None:
        if pred():
            result[0] = True
            loop.quit()
        elif time.monotonic() >= end:
            loop.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(check)
    timer.start()
    check()
    if not result[0] and time.monotonic() < end:
        loop.exec()
    timer.stop()
    return result[0]


def big_image(path: Path, mb: int) -> Path:
    import numpy as np
    from PIL import Image

    side = int((mb * 1024 * 1024 / 3) ** 0.5)
    noise = np.random.default_rng(1).integers(0, 255, (side, side, 3), dtype=np.uint8)
    Image.fromarray(noise).save(path, compress_level=1)
    return path


class Heartbeat:
    def __init__(self, tracer: Any = None) -> None:
        from PySide6.QtCore import QTimer

        self.tracer = tracer
        self.max_gap = 0.0
        self.gaps: list[float] = []
        self._last = time.monotonic()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.monotonic()
        gap = now - self._last
        self._last = now
        self.gaps.append(gap)
        self.max_gap = max(self.max_gap, gap)
        if PRINT_SPIKES_OVER_S is not None and gap > PRINT_SPIKES_OVER_S:  # for perf_spikes.py
            print(f"[spike] {now - gap:.6f} {now:.6f} {gap * 1000:.1f} ms", flush=True)
        if self.tracer is not None:
            self.tracer.tick(now - gap, now)

    def start(self) -> None:
        self._last = time.monotonic()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


SANDBOX_CHILD = """
import sys, time
sys.path.insert(0, {helpers!r})
from jobs_helpers import padded_render
from gamecraft_desktop.sandbox import SandboxServer
from gamecraft_desktop.sandbox.background import lower_own_process_priority
lower_own_process_priority()  # as `python -m gamecraft_desktop.sandbox` does
server = SandboxServer(seconds_per_action={spa}, render=padded_render({size}), runners=4,
                       require_key="sandbox:sandbox")
print(server.start(), flush=True)
sys.stdin.read()
server.stop()
"""


def external_sandbox(video_bytes: int, seconds_per_action: float) -> tuple[Any, str]:
    """The sandbox in a child process, as fal is in real use: its work does not compete for our GIL."""
    import subprocess

    code = SANDBOX_CHILD.format(helpers=str(Path(__file__).parents[1] / "jobs"), spa=seconds_per_action,
                                size=video_bytes)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def make_runtime(render: Any, poll: Any = None, seconds_per_action: float = 0.5, sandbox_url: str | None = None) -> Any:
    from gamecraft_desktop.app import build_application, create_main_window
    from gamecraft_desktop.app_jobs import JobsRuntime
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    build_application([])
    from gamecraft_desktop.core.native_heap import share_heaps_between_threads

    share_heaps_between_threads()  # as run_gui does after the first frame
    window = create_main_window()
    runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env={}, force_sandbox=True, poll=poll,
                          sandbox_options={"seconds_per_action": seconds_per_action, "render": render,
                                           "runners": 4, "max_upload_bytes": 512 * 1024 * 1024},
                          sandbox_url=sandbox_url)
    window.show()
    runtime.start()
    pump_until(lambda: runtime.sandbox is not None or sandbox_url is not None, 20)
    pump_until(lambda: runtime.step_modules_loaded, 20)
    pump_until(lambda: False, 0.5)
    from gamecraft_desktop.app import freeze_startup_objects

    freeze_startup_objects()  # as run_gui does once the job steps' modules are loaded
    return runtime


@dataclass
class StallRun:
    placement: str  # "in-process" | "child process"
    gaps: list[float]  # seconds, every heartbeat gap of the run
    load: float  # 1-minute load average at the end of the run
    spikes: list[Any] = field(default_factory=list)  # gui_trace.Spike, with --trace

    @property
    def max_gap(self) -> float:
        return max(self.gaps, default=0.0)

    @property
    def met(self) -> bool:
        return self.max_gap <= GOAL_S


GOAL_S = 0.033
# Read once: the heartbeat's own tick must not look up the environment every 5 ms.
PRINT_SPIKES_OVER_S = (float(os.environ.get("BENCH_SPIKE_S", GOAL_S)) if os.environ.get("BENCH_PRINT_SPIKES")
                       else None)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def bench_stall(n_jobs: int, video_mb: int, image_mb: int, external: bool, trace: bool = False,
                trace_events: bool = False) -> StallRun:
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.core.job_state import JobState
    from gamecraft_desktop.jobs.job_manager import JobSpec

    tmp = Path(tempfile.mkdtemp(dir=SCRATCH))
    image = big_image(tmp / "big.png", image_mb)
    child, url = external_sandbox(video_mb * 1024 * 1024, 0.5) if external else (None, None)
    runtime = make_runtime(padded_render(video_mb * 1024 * 1024), sandbox_url=url)
    # With the image's hash, as Generate hands it over (the composer hashed it when loading it, off the GUI
    # thread): each upload checks the file still matches it.
    from gamecraft_desktop.store.project_files import file_sha256

    spec = JobSpec(image_path=image, prompt="stall benchmark", path=CameraPath.of("w", 0.3),
                   image_sha256=file_sha256(image))
    tracer = None
    if trace:
        from gui_trace import GuiTracer

        tracer = GuiTracer(threshold_s=GOAL_S, events=trace_events)
        tracer.install()
    hb = Heartbeat(tracer)
    hb.start()
    t0 = time.monotonic()
    ids = runtime.manager.submit(spec, count=n_jobs)
    ok = pump_until(lambda: all(runtime.manager.job_event(j).is_terminal for j in ids), 600)
    hb.stop()
    if tracer is not None:
        tracer.uninstall()
    done = sum(1 for j in ids if runtime.manager.job_event(j).state == JobState.DONE)
    run = StallRun("child process" if external else "in-process", hb.gaps, os.getloadavg()[0],
                   tracer.spikes if tracer is not None else [])
    where = "sandbox in a child process" if external else "sandbox in this process"
    print(f"[stall] {where}: {n_jobs} jobs, input {image.stat().st_size / 1e6:.1f} MB, videos {video_mb} MB: "
          f"{done}/{n_jobs} done in {time.monotonic() - t0:.1f} s (finished={ok}); heartbeat max gap "
          f"{run.max_gap * 1000:.1f} ms, p99 {percentile(hb.gaps, 0.99) * 1000:.1f} ms (goal <= 33 ms); load "
          f"average {run.load:.2f}", flush=True)
    if tracer is not None:
        from gui_trace import describe, imports_report

        for spike in tracer.spikes:
            print(describe(spike), flush=True)
        print(imports_report(tracer), flush=True)
    runtime.shutdown()
    runtime.window.hide()
    if child is not None:
        child.communicate("", timeout=30)
    shutil.rmtree(tmp, ignore_errors=True)
    forget_results()
    return run


def forget_results() -> None:
    """Each stall run starts as the first did: no history, no videos, no upload cache. Kept, the runs' videos
    piled up 1 GB a run in the page cache; from about the tenth run on, the kernel's time in this process
    rose from 1.1 s to 7 s a run (reclaim on this VM) and those runs missed the goal: it measured the
    leftovers, not the 20 jobs. And each new window reopened the last run's video from history."""
    from gamecraft_desktop.store.paths import AppPaths

    paths = AppPaths.default()
    shutil.rmtree(paths.jobs_dir, ignore_errors=True)
    shutil.rmtree(paths.cache, ignore_errors=True)
    for db in paths.database.parent.glob(paths.database.name + "*"):  # with its -wal and -shm
        db.unlink(missing_ok=True)


def print_summary(runs: list[StallRun]) -> None:
    """Per placement: runs meeting the goal out of N, the worst run; then max, p99.9 and p99 over all runs."""
    print(f"[summary] goal: heartbeat max gap <= {GOAL_S * 1000:.0f} ms", flush=True)
    for placement in ("in-process", "child process"):
        mine = [r for r in runs if r.placement == placement]
        if not mine:
            continue
        worst = max(mine, key=lambda r: r.max_gap)
        every = [g for r in mine for g in r.gaps]
        print(f"[summary] sandbox {placement}: {sum(r.met for r in mine)}/{len(mine)} runs meet the goal; over "
              f"all runs max {max(every) * 1000:.1f} ms, p99.9 {percentile(every, 0.999) * 1000:.1f} ms, p99 "
              f"{percentile(every, 0.99) * 1000:.1f} ms; worst run #{mine.index(worst) + 1}: max "
              f"{worst.max_gap * 1000:.1f} ms, p99 {percentile(worst.gaps, 0.99) * 1000:.1f} ms, load "
              f"{worst.load:.2f}; runs' max gaps: {', '.join(f'{r.max_gap * 1000:.0f}' for r in mine)} ms",
              flush=True)
    every = [g for r in runs for g in r.gaps]
    print(f"[summary] all {len(runs)} runs: {sum(r.met for r in runs)}/{len(runs)} meet the goal; max "
          f"{max(every) * 1000:.1f} ms, p99.9 {percentile(every, 0.999) * 1000:.1f} ms, p99 "
          f"{percentile(every, 0.99) * 1000:.1f} ms", flush=True)
    spikes = [s for r in runs for s in r.spikes]
    if spikes:
        from gui_trace import summary

        print(summary(spikes), flush=True)


def bench_idle(seconds: float = 8.0) -> None:
    """The same heartbeat with the window up and no job: what the machine's own load costs (baseline)."""
    runtime = make_runtime(padded_render(1 << 20))
    hb = Heartbeat()
    hb.start()
    pump_until(lambda: False, seconds)
    hb.stop()
    gaps = sorted(hb.gaps)
    p99 = gaps[int(len(gaps) * 0.99)] if gaps else 0.0
    print(f"[idle] no jobs (baseline): heartbeat max gap {hb.max_gap * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
    runtime.shutdown()
    runtime.window.hide()


def bench_first_frame(poll: Any, label: str) -> None:
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.jobs.job_manager import JobSpec

    def render(image: bytes, path: Any, out: Path) -> Path:
        return cached_render(image, path, out)

    tmp = Path(tempfile.mkdtemp(dir=SCRATCH))
    image = big_image(tmp / "small.png", 1)
    samples: list[float] = []
    runtime = make_runtime(render, poll=poll, seconds_per_action=1.7)  # not a multiple of the poll interval
    for _ in range(5):
        first: list[float] = []
        seen_before = runtime.player.frames_seen

        (job,) = runtime.manager.submit(JobSpec(image_path=image, prompt="latency", path=CameraPath.of("w", 0.3)))
        runtime.presenter.generated([job])  # as Generate does: the finished job plays at once

        def shown(job_id: str = job, first: list[float] = first) -> bool:
            if runtime.player.job_id == job_id and runtime.player.frames_seen > 0 and not first:
                first.append(time.monotonic())
            return bool(first)

        del seen_before
        if pump_until(shown, 60):
            rid = runtime.manager.job_event(job).request_id
            sjob = runtime.sandbox.book.get(rid) if rid else None
            if sjob is not None and sjob.completed_at is not None:  # the sandbox's own completion time
                samples.append(first[0] - sjob.completed_at)
    runtime.shutdown()
    runtime.window.hide()
    text = ", ".join(f"{s * 1000:.0f}" for s in samples)
    print(f"[first-frame] {label}: sandbox completion -> first frame on screen: {text} ms (goal <= 300 ms)",
          flush=True)


def bench_threads(n: int) -> None:
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.jobs.job_manager import JobSpec, PollTiming
    from gamecraft_desktop.sandbox import fake_render

    tmp = Path(tempfile.mkdtemp(dir=SCRATCH))
    image = big_image(tmp / "small.png", 1)
    runtime = make_runtime(fake_render, poll=PollTiming(0.1, 0.5), seconds_per_action=2.0)
    base = {t.ident for t in threading.enumerate()}
    ids = runtime.manager.submit(JobSpec(image_path=image, prompt="threads", path=CameraPath.of("w", 0.3)),
                                 count=n)
    peak_pool = 0
    peak_threads = 0

    def sample() -> bool:
        nonlocal peak_pool, peak_threads
        peak_pool = max(peak_pool, runtime.manager.thread_pool.activeThreadCount())
        ours = [t for t in threading.enumerate() if t.ident not in base and not t.name.startswith("gamecraft-sandbox")]
        peak_threads = max(peak_threads, len(ours))
        return all(runtime.manager.job_event(j).is_terminal for j in ids)

    pump_until(sample, 300)
    print(f"[threads] {n} jobs in flight: peak busy pool threads {peak_pool}, distinct worker threads used "
          f"{len(runtime.manager.worker_thread_ids)}, peak new non-sandbox Python threads {peak_threads} "
          "(goal <= 8)", flush=True)
    runtime.shutdown()
    runtime.window.hide()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--video-mb", type=int, default=50)
    parser.add_argument("--image-mb", type=int, default=25)
    parser.add_argument("--skip-stall", action="store_true")
    parser.add_argument("--switch-interval-ms", type=float, default=0)
    parser.add_argument("--repeat", type=int, default=1, help="stall runs per sandbox placement (each printed)")
    parser.add_argument("--stall-only", action="store_true", help="only the stall runs (and their summary)")
    parser.add_argument("--placement", choices=("both", "in-process", "child"), default="both")
    parser.add_argument("--trace", action="store_true",
                        help="trace the GUI thread (gui_trace.py): name each spike's cause")
    parser.add_argument("--trace-events", action="store_true",
                        help="with --trace, also time every GUI event (adds a GIL entry per event)")
    args = parser.parse_args()
    if args.switch_interval_ms:
        sys.setswitchinterval(args.switch_interval_ms / 1000)
    from gamecraft_desktop.jobs.job_manager import PollTiming

    if not args.skip_stall:
        bench_idle()
        runs = []
        for _ in range(max(1, args.repeat)):  # the max gap varies run to run on a small machine: look at several
            for external in (False, True):
                if args.placement != ("in-process" if external else "child"):
                    runs.append(bench_stall(args.jobs, args.video_mb, args.image_mb, external,
                                            args.trace or args.trace_events, args.trace_events))
        print_summary(runs)
    if args.stall_only:
        return
    bench_first_frame(None, "the app's sandbox polling (0.1 s, at most 0.2 s while running)")
    bench_first_frame(PollTiming(0.1, 0.1), "0.1 s polling")
    bench_threads(50)


if __name__ == "__main__":
    main()

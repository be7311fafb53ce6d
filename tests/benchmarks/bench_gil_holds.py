"""How long each worker operation the jobs run holds the GIL (printed, not asserted). Linux only.

    .venv/bin/python tests/benchmarks/bench_gil_holds.py [--reps 4]

The main thread stands in for the GUI thread: it wakes every millisecond while one worker runs the operation,
and each wake-up's lateness, minus the main thread's own run-queue wait (/proc schedstat), is time it waited
for the GIL. A long C call that keeps the GIL shows as a long wait; work that releases it shows ~1-2 ms (the
0.5 ms switch interval, a few times). Large outliers on a busy machine are a holder that lost its CPU. The
first run of a case includes the imports it triggers (httpcore at the first request: ~20 ms), which the app
does right after start-up instead (engine/preload.py).
Issue #16 named these operations as suspects for the GUI stall spikes.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "jobs"))


def gil_waits(fn: Callable[[], object], reps: int) -> list[float]:
    """The main thread's longest GIL wait (s) while `fn` runs on a worker, once per repetition."""
    out = []
    fd = os.open(f"/proc/self/task/{threading.get_native_id()}/schedstat", os.O_RDONLY)
    try:
        for _ in range(reps):
            done = threading.Event()
            worker = threading.Thread(target=lambda done=done: (fn(), done.set()))

            def runq() -> float:
                return int(os.pread(fd, 100, 0).split()[1]) / 1e9

            last, last_q, worst = time.perf_counter(), runq(), 0.0
            worker.start()
            while not done.is_set():
                time.sleep(0.001)
                now, q = time.perf_counter(), runq()
                worst = max(worst, (now - last) - (q - last_q) - 0.001)
                last, last_q = now, q
            worker.join()
            out.append(worst)
    finally:
        os.close(fd)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=4)
    args = parser.parse_args()
    sys.setswitchinterval(0.0005)  # as the app sets it (app.GUI_SWITCH_INTERVAL_S)
    import numpy as np
    from jobs_helpers import padded_render
    from PIL import Image

    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.fal.downloads import download, new_client
    from gamecraft_desktop.media.frames import LAST, extract_frame
    from gamecraft_desktop.media.image_prep import prepare_image
    from gamecraft_desktop.store.project_files import file_sha256

    tmp = Path(tempfile.mkdtemp(prefix="gamecraft-gil-"))
    side = int((25 * 1024 * 1024 / 3) ** 0.5)  # the stall benchmark's ~25 MB input
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (side, side, 3), dtype=np.uint8)).save(
        tmp / "big.png", compress_level=1)
    frame = io.BytesIO()
    Image.fromarray(np.random.default_rng(2).integers(0, 255, (704, 1216, 3), dtype=np.uint8)).save(frame, "PNG")
    video = padded_render(50 << 20)(frame.getvalue(), CameraPath.of("w", 0.3), tmp / "video.mp4")
    server = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(tmp)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split("port ")[1].split()[0])
        url = f"http://127.0.0.1:{port}/video.mp4"
        client = new_client(url)
        cases: list[tuple[str, Callable[[], object]]] = [
            ("SHA-256 of the 26 MB input (upload check)", lambda: file_sha256(tmp / "big.png")),
            ("prepare the 26 MB PNG (decode, crop, resize, encode)", lambda: prepare_image(tmp / "big.png")),
            ("download a 50 MB video over loopback", lambda: download(url, tmp / "out.mp4", client=client,
                                                                       allow_loopback_http=True)),
            ("last frame of the 50 MB video (thumbnail)", lambda: extract_frame(video, LAST)),
            ("first frame of the 50 MB video (thumbnail)", lambda: extract_frame(video, 0)),
        ]
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
        for name, fn in cases:
            waits = gil_waits(fn, args.reps)
            print(f"[gil] {name}: longest GIL wait of the main thread {max(waits) * 1000:.1f} ms "
                  f"(each run: {', '.join(f'{w * 1000:.1f}' for w in waits)})", flush=True)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()

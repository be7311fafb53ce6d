"""Benchmark: downloading a large video must take constant memory.

Serves a generated 300 MB MP4-looking body from a loopback http server in a *child process* (so the
server's memory is not counted), downloads it with `gamecraft_desktop.fal.downloads.download`, and
prints the growth of this process's peak RSS over a baseline taken after a warm-up (imports, one
small download: the cost of "reading nothing" big). Goal: growth <= 64 MB. Exit code 1 if missed.

Not part of the default test run (pytest ignores tests/benchmarks). Run it with:
    /work/.venv/bin/python tests/benchmarks/bench_download_memory.py [--mb 300] [--drop-at-mb 100]
`--drop-at-mb` makes the server cut the first connection there, so the resume path is measured too.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

SERVER = textwrap.dedent(r"""
    import http.server, sys
    SIZE = int(sys.argv[1]); DROP = int(sys.argv[2])
    HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
    BLOCK = bytes(range(256)) * 4096  # 1 MiB, generated once

    class H(http.server.BaseHTTPRequestHandler):
        dropped = False
        def do_GET(self):
            rng = self.headers.get("Range")
            start = int(rng.split("=")[1].rstrip("-")) if rng else 0
            self.send_response(206 if start else 200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(SIZE - start))
            if start:
                self.send_header("Content-Range", f"bytes {start}-{SIZE - 1}/{SIZE}")
            self.end_headers()
            pos = start
            stop = SIZE
            if DROP and not H.dropped:
                H.dropped = True
                stop = DROP
            while pos < stop:
                if pos < len(HEAD):
                    chunk = HEAD[pos:]
                else:
                    off = (pos - len(HEAD)) % len(BLOCK)
                    chunk = BLOCK[off:]
                chunk = chunk[: stop - pos]
                self.wfile.write(chunk)
                pos += len(chunk)
            if stop < SIZE:
                self.close_connection = True
        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()
""")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=300)
    parser.add_argument("--drop-at-mb", type=int, default=0)
    parser.add_argument("--goal-mb", type=float, default=64.0)
    args = parser.parse_args()
    size = args.mb * 1_000_000

    from gamecraft_desktop.fal.downloads import download  # imported before the baseline

    server = subprocess.Popen([sys.executable, "-c", SERVER, str(size), str(args.drop_at_mb * 1_000_000)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        url = f"http://127.0.0.1:{port}/out.mp4"
        with tempfile.TemporaryDirectory(prefix="bench-dl-") as tmp:
            # Warm-up: one tiny download through the same code (imports, TLS-less client, buffers).
            small = subprocess.Popen([sys.executable, "-c", SERVER, "1000000", "0"], stdout=subprocess.PIPE,
                                     text=True)
            try:
                assert small.stdout is not None
                small_port = int(small.stdout.readline())
                download(f"http://127.0.0.1:{small_port}/w.mp4", Path(tmp) / "warm.mp4",
                         allow_loopback_http=True)
            finally:
                small.terminate()
                small.wait(10)
            baseline_peak = peak_rss_mb()
            baseline_now = current_rss_mb()

            updates = 0

            def progress(done: int, total: int | None) -> None:
                nonlocal updates
                updates += 1

            started = time.perf_counter()
            out = download(url, Path(tmp) / "big.mp4", expected_size=size, allow_loopback_http=True,
                           on_progress=progress)
            elapsed = time.perf_counter() - started
            got = out.stat().st_size
            growth = peak_rss_mb() - baseline_peak
    finally:
        server.terminate()
        server.wait(10)

    print(f"downloaded {got / 1e6:.0f} MB in {elapsed:.1f} s ({got / 1e6 / elapsed:.0f} MB/s), "
          f"{updates} progress updates" + (f", resumed after a drop at {args.drop_at_mb} MB"
                                           if args.drop_at_mb else ""))
    print(f"baseline: peak RSS {baseline_peak:.1f} MB (current {baseline_now:.1f} MB) after warm-up")
    print(f"peak RSS growth during the download: {growth:.1f} MB (goal <= {args.goal_mb:.0f} MB)")
    ok = got == size and growth <= args.goal_mb
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

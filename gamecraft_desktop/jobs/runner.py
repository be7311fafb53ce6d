"""A headless job runner: the job manager without a window, for crash-safety tests and scripting.

    python -m gamecraft_desktop.jobs.runner --queue-url http://127.0.0.1:PORT --key ID:SECRET \
        [--submit IMAGE --prompt TEXT --actions wd --speed 0.3] [--poll 0.05]

Uses the app's history (GAMECRAFT_DESKTOP_HOME), re-attaches to every unfinished job, optionally starts a
new one, prints one JSON line per job change on stdout, and exits 0 when no job is left in flight
(1 if any of this session's jobs failed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gamecraft-job-runner")
    parser.add_argument("--queue-url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mode", choices=("fal", "sandbox"), default="sandbox")
    parser.add_argument("--submit", metavar="IMAGE")
    parser.add_argument("--prompt", default="a test scene")
    parser.add_argument("--actions", default="w")
    parser.add_argument("--speed", type=float, default=0.3)
    parser.add_argument("--poll", type=float, default=0.05)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QCoreApplication, QTimer

    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.engine.connection import Backend, ClientPool
    from gamecraft_desktop.fal.config import FalConfig
    from gamecraft_desktop.fal.credentials import Credentials
    from gamecraft_desktop.fal.retry import RetryPolicy
    from gamecraft_desktop.jobs.job_events import JobEvent
    from gamecraft_desktop.jobs.job_manager import JobManager, JobSpec, PollTiming
    from gamecraft_desktop.qtsupport.pyside_workarounds import install as guard_pyside_refcounts
    from gamecraft_desktop.store.jobs_db import JobStore
    from gamecraft_desktop.store.paths import AppPaths

    guard_pyside_refcounts()
    app = QCoreApplication([sys.argv[0]])
    paths = AppPaths.default().ensure()
    store = JobStore(paths.database)
    config = FalConfig(queue_url=args.queue_url, rest_url=args.queue_url)
    backend = Backend(args.mode, config, Credentials(key=args.key, source="runner"))
    manager = JobManager(store, paths, backend=backend,
                         poll=PollTiming(args.poll, args.poll * 4, 1.5, args.poll, args.poll * 10),
                         clients=ClientPool(paths.upload_cache_file,
                                            download_retry=RetryPolicy(base_s=0.05, cap_s=0.5, max_attempts=4)))
    failed: list[str] = []
    loaded = [False]

    def on_change(ev: JobEvent) -> None:
        print(json.dumps({"job": ev.job_id, "state": ev.state.value, "request_id": ev.request_id,
                          "error": ev.error}), flush=True)

    def on_finished(ev: JobEvent) -> None:
        if ev.state.value != "done":
            failed.append(ev.job_id)
        check_done()

    def check_done() -> None:
        if loaded[0] and manager.active_count() == 0:
            QTimer.singleShot(0, app.quit)

    def on_loaded(_n: int) -> None:
        if args.submit:
            manager.submit(JobSpec(image_path=Path(args.submit), prompt=args.prompt,
                                   path=CameraPath.of(args.actions, args.speed)))
        loaded[0] = True
        check_done()

    manager.jobChanged.connect(on_change)
    manager.jobFinished.connect(on_finished)
    manager.historyLoaded.connect(on_loaded)
    manager.load_history()
    app.exec()
    manager.shutdown()
    store.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

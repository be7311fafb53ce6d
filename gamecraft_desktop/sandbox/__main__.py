"""`python -m gamecraft_desktop.sandbox`: serve the sandbox until Ctrl+C; prints its base URL first."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from gamecraft_desktop.sandbox.background import lower_own_process_priority
from gamecraft_desktop.sandbox.faults import FaultSpecError, parse_fault_spec
from gamecraft_desktop.sandbox.server import DEFAULT_ENDPOINT, SandboxServer


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m gamecraft_desktop.sandbox",
        description="A local imitation of fal's queue, storage and CDN on 127.0.0.1 (no key, no internet). "
                    "Use the printed URL as both the queue URL and the REST URL.",
    )
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    p.add_argument("--time-scale", type=float, default=1.0,
                   help="multiplies the simulated generation time (about 2 s per action at 1.0)")
    p.add_argument("--runners", type=int, default=2, help="jobs that run at the same time (default 2)")
    p.add_argument("--require-key", metavar="ID:SECRET", default=None,
                   help="accept only this key (default: any well-formed id:secret)")
    p.add_argument("--endpoint", action="append", metavar="ID", default=None,
                   help=f"endpoint id to serve (repeatable; default {DEFAULT_ENDPOINT})")
    p.add_argument("--faults", metavar="SPEC", default=None,
                   help="fault rules, e.g. 'status:2:edge502,cdn:1:drop' (ROUTE:WHEN:KIND[=ARG], WHEN = N, N+, NxK or *)")
    p.add_argument("--result-ttl", type=float, default=3600.0, help="seconds a result is kept (default 3600)")
    p.add_argument("--validate-at-submit", action="store_true",
                   help="refuse invalid input at submit with a 422 from this app's own, stricter schema. NOT how "
                        "fal behaves: by default, as on fal, any JSON body is queued and the app's verdict (422, "
                        "or 500 for bad action/speed lists and unfetchable images) arrives at result time")
    p.add_argument("--fake-render", action="store_true", help="write a placeholder instead of rendering a video")
    p.add_argument("--quiet", action="store_true", help="no per-request log lines")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    try:
        faults = parse_fault_spec(args.faults) if args.faults else None
        lower_own_process_priority()
        server = SandboxServer(
            port=args.port, time_scale=args.time_scale, runners=args.runners, require_key=args.require_key,
            endpoints=tuple(args.endpoint or (DEFAULT_ENDPOINT,)), result_ttl_s=args.result_ttl,
            render=not args.fake_render, validation="submit" if args.validate_at_submit else "real", faults=faults,
        )
        base_url = server.start()
    except (FaultSpecError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(base_url, flush=True)
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    # Installed explicitly: a shell starting us in the background would otherwise leave SIGINT ignored.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not done.wait(0.5):
            pass  # wake twice a second so Ctrl+C is seen promptly
    except KeyboardInterrupt:
        pass  # Ctrl+C is the normal way to stop it: fall through to the clean shutdown
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`status ID`, `result ID [--out FILE]` and `cancel ID`: work on a job by its fal request id.

The job history is consulted first: a job this machine submitted has its stored URLs (used as they are,
when they are on the configured queue host) and its inputs (written into the sidecar).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gamecraft_desktop.cli.common import (
    Interrupted,
    add_connection_options,
    build_config,
    download_retry,
    folder_writable,
    get_credentials,
    handle_errors,
    make_client,
    open_history,
)
from gamecraft_desktop.cli.follow import JobFollower, download_and_sidecar, dump_json, resume_hint, update_job
from gamecraft_desktop.cli.output import Reporter, exit_codes_epilog
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import GameCraftInput, InputError, parse_input
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.errors import EXIT_INTERRUPTED, InvalidInputError, JobCancelledError, ServerError
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("request_id", metavar="ID", help="the fal request id (printed by generate)")
    add_connection_options(p)


def add_parsers(sub: Any) -> None:
    epilog = exit_codes_epilog()
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("status", help="show a job's queue status", formatter_class=fmt,
                       description="Show a job's status: queue position, running (with progress), or completed. "
                                   "Exits 8 when the job completed with an error, 12 when it was cancelled.", epilog=epilog)
    _common(p)
    p.set_defaults(run=run_status)

    p = sub.add_parser("result", help="wait for a job and fetch its result", formatter_class=fmt,
                       description="Wait for a job to complete, then print its result JSON, or with --out "
                                   "download the video and write <out>.json beside it.", epilog=epilog)
    _common(p)
    p.add_argument("--out", type=Path, default=None, metavar="FILE.mp4", help="download the video here")
    p.add_argument("--force", action="store_true", help="overwrite --out and its sidecar")
    p.add_argument("--poll", action="store_true", help="poll the status instead of using the stream")
    p.set_defaults(run=run_result)

    p = sub.add_parser("cancel", help="cancel a queued job", formatter_class=fmt,
                       description="Ask fal to cancel a job. A queued job is removed; a running job only gets "
                                   "a signal (the gamecraft app ignores it: it runs to the end and is billed).",
                       epilog=epilog)
    _common(p)
    p.set_defaults(run=run_cancel)


def _lookup(store: JobStore | None, request_id: str) -> JobRecord | None:
    if store is None:
        return None
    try:
        return store.find_by_request_id(request_id.strip())
    except Exception:  # a damaged history must not block fetching a paid result
        return None


def _handle(client: Any, config: FalConfig, args: argparse.Namespace, record: JobRecord | None) -> Any:
    from gamecraft_desktop.fal.queue_client import QueueHandle

    rebuilt = client.handle_for(args.request_id, config.endpoint)
    if record is not None and record.status_url and record.response_url and record.cancel_url \
            and config.is_fal_origin(record.status_url) and config.is_fal_origin(record.response_url) \
            and config.is_fal_origin(record.cancel_url):
        return QueueHandle(rebuilt.request_id, record.endpoint or rebuilt.endpoint, record.response_url,
                           record.status_url, record.cancel_url)
    return rebuilt


def _record_input(record: JobRecord | None) -> GameCraftInput | None:
    if record is None:
        return None
    try:
        return parse_input(record.input())
    except (InputError, ValueError):
        return None


# --- status --------------------------------------------------------------------------------------


def run_status(args: argparse.Namespace, reporter: Reporter) -> int:

    with handle_errors(reporter, {"request_id": args.request_id}) as code:
        config = build_config(args)
        credentials = get_credentials(args)
        store = open_history(reporter)
        try:
            record = _lookup(store, args.request_id)
            with make_client(config, credentials, args) as client:
                handle = _handle(client, config, args, record)
                update = client.status(handle)
            if record is not None and update.failed:
                # The history (and so the window) must not keep showing a finished job as queued.
                cancelled = update.error_type == "client_cancelled"
                update_job(store, record.id, reporter,
                           state=JobState.CANCELLED if cancelled else JobState.FAILED,
                           error_message=update.error or ("cancelled" if cancelled else "failed on fal"),
                           error_kind="JobCancelledError" if cancelled else "ServerError",
                           error_type=update.error_type)
        finally:
            if store is not None:
                store.close()
        segment = update.segment
        reporter.event("status", request_id=handle.request_id, status=update.status,
                       queue_position=update.queue_position, logs=[line.message for line in update.logs],
                       metrics=update.metrics, error=update.error, error_type=update.error_type,
                       segment=list(segment) if segment else None)
        for line in update.logs[-10:]:
            reporter.say(f"  log: {line.message}")
        if update.status == "IN_QUEUE":
            pos = f" (position {update.queue_position})" if update.queue_position is not None else ""
            reporter.result(f"IN_QUEUE{pos}")
        elif update.status == "IN_PROGRESS":
            seg = f" (segment {segment[0]}/{segment[1]})" if segment else ""
            reporter.result(f"IN_PROGRESS{seg}")
        elif update.failed and update.error_type == "client_cancelled":
            reporter.result("COMPLETED (cancelled)")
            raise JobCancelledError("The job was cancelled before it ran.", error_type=update.error_type,
                                    request_id=handle.request_id)
        elif update.failed:
            reporter.result("COMPLETED with an error")
            raise ServerError(f"The job failed on fal: {update.error or 'no detail'}",
                              error_type=update.error_type, request_id=handle.request_id)
        else:
            reporter.result("COMPLETED")
    return code[0]


# --- result --------------------------------------------------------------------------------------


def run_result(args: argparse.Namespace, reporter: Reporter) -> int:
    from gamecraft_desktop.core.sidecar import sidecar_path_for

    with handle_errors(reporter, {"request_id": args.request_id}) as code:
        out: Path | None = args.out.expanduser() if args.out is not None else None
        if out is not None:
            sidecar = sidecar_path_for(out)
            if out.is_dir():
                raise InvalidInputError(f"--out: {out} is a folder; give a file name such as {out / 'clip.mp4'}")
            if not out.parent.is_dir():
                raise InvalidInputError(f"--out: the folder {out.parent} does not exist")
            if not folder_writable(out.parent):
                raise InvalidInputError(f"--out: the folder {out.parent} is not writable (read-only or no "
                                        "permission)")
            if not args.force and (out.exists() or sidecar.exists()):
                raise InvalidInputError(f"--out: {out} or its sidecar already exists (use --force to overwrite)")
        config = build_config(args)
        credentials = get_credentials(args)
        store = open_history(reporter)
        try:
            record = _lookup(store, args.request_id)
            job_id = record.id if record is not None else None
            with make_client(config, credentials, args) as client:
                handle = _handle(client, config, args, record)
                follower = JobFollower(reporter, store, job_id,
                                       submitted_at=record.submitted_at if record else None, resumed=True)
                try:
                    follower.follow(client, handle, use_stream=not args.poll)
                    output = follower.fetch_result(client, handle)
                    if out is None:
                        data = output.model_dump(mode="json", exclude_none=True)
                        reporter.event("result", request_id=handle.request_id, output=data)
                        reporter.result(dump_json(data))
                        return 0
                    download_and_sidecar(
                        reporter, store, job_id, handle=handle, output=output, model=_record_input(record),
                        out=out, sidecar=sidecar_path_for(out), timings=follower.timings,
                        mode=record.mode if record is not None else "fal",
                        allow_loopback_http=config.is_loopback,
                        source_image={"path": record.source_image_path}
                        if record is not None and record.source_image_path else None,
                        timeout_s=config.timeout_s, retry=download_retry(args))
                except KeyboardInterrupt:
                    command = resume_hint(handle.request_id, args, out=out)
                    reporter.notice(f"Interrupted. The job keeps running on fal.\n"
                                    f"Request id: {handle.request_id}\nFetch it later with:\n  {command}")
                    reporter.event("interrupted", request_id=handle.request_id, resume_command=command,
                                   exit_code=EXIT_INTERRUPTED)
                    raise Interrupted() from None
                except JobCancelledError as exc:
                    update_job(store, job_id, reporter, state=JobState.CANCELLED, error_message=str(exc),
                               error_kind=type(exc).__name__, error_type=exc.error_type)
                    raise
                except ServerError as exc:
                    update_job(store, job_id, reporter, state=JobState.FAILED, error_message=str(exc),
                               error_kind=type(exc).__name__, error_type=exc.error_type)
                    raise
        finally:
            if store is not None:
                store.close()
    return code[0]


# --- cancel --------------------------------------------------------------------------------------


def run_cancel(args: argparse.Namespace, reporter: Reporter) -> int:

    with handle_errors(reporter, {"request_id": args.request_id}) as code:
        config = build_config(args)
        credentials = get_credentials(args)
        store = open_history(reporter)
        try:
            record = _lookup(store, args.request_id)
            with make_client(config, credentials, args) as client:
                handle = _handle(client, config, args, record)
                accepted = client.cancel(handle)
        finally:
            if store is not None:
                store.close()
        reporter.event("cancel", request_id=handle.request_id, accepted=accepted)
        if accepted:
            reporter.say("Cancellation requested. A queued job is removed; a job that already started keeps "
                         "running to the end and is billed.")
            reporter.result("CANCELLATION_REQUESTED")
        else:
            reporter.say("Nothing to cancel: the job has already completed, or fal does not know this id.")
            reporter.result("NOTHING_TO_CANCEL")
    return code[0]

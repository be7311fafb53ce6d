"""`status ID`, `result ID [--out FILE]` and `cancel ID`: work on a job by its fal request id.

The job history is consulted first: a job this machine submitted has its stored URLs (used as they are,
when they are on the configured queue host) and its inputs (written into the sidecar).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from gamecraft_desktop.cli.common import (
    add_connection_options,
    build_config,
    folder_writable,
    get_credentials,
    handle_errors,
    open_history,
)
from gamecraft_desktop.cli.jobs import (
    budget_for,
    conclude,
    connection,
    record_context,
    sidecar_of,
    timing_for,
)
from gamecraft_desktop.cli.output import Reporter, exit_codes_epilog
from gamecraft_desktop.cli.progress import CliProgress, dump_json, resume_hint
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import InvalidInputError, JobCancelledError, ServerError
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


def _job(config: FalConfig, args: argparse.Namespace, store: JobStore | None,
         found: JobRecord | None) -> tuple[JobRecord, JobStore | None]:
    """The job to work on, and the history to write to: its own row when this machine sent it (its stored
    URLs are used when they are on the configured queue host), else a record of this run only."""
    from gamecraft_desktop.engine.connection import Backend, make_queue_client

    client = make_queue_client(Backend("fal", config, Credentials(key=None, source="none")))
    try:
        rebuilt = client.handle_for(args.request_id, config.endpoint)
    finally:
        client.close()
    if found is not None:
        stored = (found.response_url, found.status_url, found.cancel_url)
        stored_ok = all(url and config.is_fal_origin(url) for url in stored)
        rec = found if stored_ok else replace(found, response_url=rebuilt.response_url,
                                              status_url=rebuilt.status_url, cancel_url=rebuilt.cancel_url)
        if rec.state == JobState.DONE:  # fetched again (free): the history keeps the job as it is
            return replace(rec, state=JobState.QUEUED), None
        return rec, store
    # A job this machine never saw: its inputs are unknown; nothing is written to the history.
    rec = JobRecord(id=str(uuid.uuid4()), state=JobState.QUEUED, mode="fal", endpoint=rebuilt.endpoint,
                    input_json="null", request_id=rebuilt.request_id, response_url=rebuilt.response_url,
                    status_url=rebuilt.status_url, cancel_url=rebuilt.cancel_url)
    return rec, None


def _driver(rec: JobRecord, store: JobStore | None, conn: Any, config: FalConfig, args: argparse.Namespace,
            observer: Any = None, *, out: Path | None = None, stream: bool = False) -> Any:
    from gamecraft_desktop.engine.context import FollowState, JobOptions
    from gamecraft_desktop.engine.sync_driver import SyncDriver
    from gamecraft_desktop.store.paths import AppPaths

    options = JobOptions(video_dest=out, thumbnails=False, sidecar=out is not None, download=out is not None)
    return SyncDriver(rec, store=store, conn=conn, job_dir=AppPaths.default().jobs_dir / rec.id, options=options,
                      budget=budget_for(args), timing=timing_for(config), observer=observer,
                      follow=FollowState(stream=stream))


# --- status --------------------------------------------------------------------------------------


def run_status(args: argparse.Namespace, reporter: Reporter) -> int:
    from gamecraft_desktop.engine.context import StepContext
    from gamecraft_desktop.engine.following import record_look
    from gamecraft_desktop.engine.sending import handle_of
    from gamecraft_desktop.engine.steps import Step
    from gamecraft_desktop.engine.sync_driver import call_with_retries

    with handle_errors(reporter, {"request_id": args.request_id}) as code:
        config = build_config(args)
        credentials = get_credentials(args)
        store = open_history(reporter)
        try:
            rec, history = _job(config, args, store, _lookup(store, args.request_id))
            with connection(config, credentials, args) as conn:
                ctx = StepContext(record=rec, store=history, job_dir=Path(), conn=conn)
                handle = handle_of(ctx)
                queue = conn.queue
                assert queue is not None
                update = call_with_retries(Step.FOLLOW, lambda: queue.status(handle), budget_for(args))
                # The history (and so the window) must not keep showing a finished job as queued.
                record_look(ctx, update)
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
    from gamecraft_desktop.engine.steps import Step

    context: dict[str, Any] = {"request_id": args.request_id}
    with handle_errors(reporter, context) as code:
        out: Path | None = Path(os.path.abspath(args.out.expanduser())) if args.out is not None else None
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
        store = open_history(reporter, *([out.parent] if out is not None else []))
        try:
            rec, history = _job(config, args, store, _lookup(store, args.request_id))
            progress = CliProgress(reporter, context=context, args=args, resume_out=out)
            context["resume_command"] = resume_hint(args.request_id, args, out=out)
            first = Step.to_resume(rec.state) or Step.FOLLOW
            if rec.state == JobState.FAILED:
                first = Step.FOLLOW  # see how fal ended it (a failed download is then fetched again, free)
            from gamecraft_desktop.engine.lease import take as take_lease
            from gamecraft_desktop.store.paths import AppPaths

            # While it writes to the job's row, the window watches the job instead of driving it too.
            lease = take_lease(AppPaths.default().jobs_dir, rec.id) if history is not None else contextlib.nullcontext()
            with connection(config, credentials, args) as conn, lease:
                result = _driver(rec, history, conn, config, args, progress, out=out,
                                 stream=not args.poll).run(first)
            record_context(context, result.record if result.record.request_id else None)
            done = conclude(result, progress, reporter, out=out, args=args)
            if out is None:
                data = json.loads(done.output_json or "null")
                reporter.event("result", request_id=done.request_id, output=data)
                reporter.result(dump_json(data))
            else:
                progress.saved(done, out, sidecar_of(out))
        finally:
            if store is not None:
                store.close()
    return code[0]


# --- cancel --------------------------------------------------------------------------------------


def run_cancel(args: argparse.Namespace, reporter: Reporter) -> int:
    from gamecraft_desktop.engine.context import StepContext
    from gamecraft_desktop.engine.sending import handle_of
    from gamecraft_desktop.engine.steps import Step
    from gamecraft_desktop.engine.sync_driver import call_with_retries

    with handle_errors(reporter, {"request_id": args.request_id}) as code:
        config = build_config(args)
        credentials = get_credentials(args)
        store = open_history(reporter)
        try:
            rec, _history = _job(config, args, store, _lookup(store, args.request_id))
            with connection(config, credentials, args) as conn:
                handle = handle_of(StepContext(record=rec, store=None, job_dir=Path(), conn=conn))
                queue = conn.queue
                assert queue is not None
                accepted = call_with_retries(Step.CANCEL, lambda: queue.cancel(handle), budget_for(args))
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

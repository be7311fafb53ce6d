"""The headless commands' side of the job engine: the clients, retry budget and poll timing a command runs a
job with, and how a run's end is told (message, resume command, exit code). The rules themselves are the
engine's (gamecraft_desktop.engine.rules)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gamecraft_desktop.cli.common import Interrupted, JobFailed, download_retry
from gamecraft_desktop.cli.output import Reporter
from gamecraft_desktop.cli.progress import CliProgress, resume_hint
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.context import Connection
from gamecraft_desktop.engine.rules import RetryBudget
from gamecraft_desktop.engine.sync_driver import Finish, RunResult
from gamecraft_desktop.engine.timing import PollTiming
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import EXIT_INTERRUPTED
from gamecraft_desktop.store.jobs_db import JobRecord

#: fal: about a second at first, backing off to a few (the protocol page); the loopback sandbox: briskly.
FAL_TIMING = PollTiming(initial_s=1.0, max_s=5.0, factor=1.5)
LOOPBACK_TIMING = PollTiming(initial_s=0.1, max_s=0.6, factor=1.5)


def budget_for(args: argparse.Namespace) -> RetryBudget:
    """`--retries` attempts per step for passing failures (a submit only when it provably never reached fal)."""
    attempts = max(1, int(getattr(args, "retries", 5)))
    wait = float(getattr(args, "retry_wait", None) or 1.0)
    return RetryBudget(attempts=attempts, base_s=wait, cap_s=30.0 * wait, send_attempts=attempts,
                       download_attempts=attempts)


def timing_for(config: FalConfig) -> PollTiming:
    return LOOPBACK_TIMING if config.is_loopback else FAL_TIMING


@contextmanager
def connection(config: FalConfig, credentials: Credentials, args: argparse.Namespace, *,
               mode: str = "fal") -> Iterator[Connection]:
    """The clients for one command, closed when it ends."""
    from gamecraft_desktop.engine.connection import Backend, downloader, make_queue_client, make_uploader
    from gamecraft_desktop.fal.uploads import UploadCache
    from gamecraft_desktop.store.paths import AppPaths

    backend = Backend(mode, config, credentials)  # type: ignore[arg-type]
    try:
        cache: UploadCache | None = UploadCache(AppPaths.default().ensure().upload_cache_file)
    except OSError:
        cache = None
    queue = make_queue_client(backend)
    uploader = make_uploader(backend, cache)
    try:
        yield Connection(queue=queue, uploader=uploader,
                         download=downloader(allow_loopback_http=config.is_loopback, retry=download_retry(args),
                                             timeout_s=config.timeout_s),
                         allow_loopback_http=config.is_loopback)
    finally:
        queue.close()
        uploader.close()


def conclude(result: RunResult, progress: CliProgress, reporter: Reporter, *, out: Path | None,
             args: argparse.Namespace) -> JobRecord:
    """Tell how the run ended. Returns the record when the job got where it was asked to; raises Interrupted
    (already told) or JobFailed otherwise."""
    rec = result.record
    if result.finish is Finish.DONE:
        return rec
    if result.finish is Finish.INTERRUPTED:
        _tell_interrupted(rec, reporter, args, out)
        raise Interrupted()
    error = result.error
    assert error is not None
    message = str(error)
    if result.finish is Finish.ENDED and rec.error_message and rec.state in (
            JobState.FAILED, JobState.SUBMIT_UNCERTAIN, JobState.CANCELLED):
        message = rec.error_message
        issues = result.field_issues
        if issues:
            listed = [f"{i.field}: {i.message}" for i in issues  # type: ignore[attr-defined]
                      if f"{i.field}: {i.message}" not in message]  # type: ignore[attr-defined]
            if listed:
                message += ": " + "; ".join(listed)
    raise JobFailed(error, rec, message)


def _tell_interrupted(rec: JobRecord, reporter: Reporter, args: argparse.Namespace, out: Path | None) -> None:
    rid = rec.request_id
    if rid is None and rec.state == JobState.SUBMIT_UNCERTAIN:
        reporter.notice("Interrupted while submitting: fal may have received the job (and may bill it). "
                        "Check your fal dashboard before submitting again.")
        reporter.event("interrupted", submitted=None)
        return
    if rid is None:
        reporter.notice("Interrupted before anything was submitted: nothing was paid.")
        reporter.event("interrupted", submitted=False)
        return
    if rec.mode == "sandbox":
        reporter.notice(f"Interrupted. Request id: {rid}\n"
                        "The sandbox stops with this command, so this job is gone (nothing was paid).")
        reporter.event("interrupted", request_id=rid, submitted=True, resume_command=None)
        return
    command = resume_hint(rid, args, out=out)
    where = ("The job has finished on fal; its result is kept there for about an hour."
             if rec.completed_at else "The job keeps running on fal (and is billed).")
    reporter.notice(f"Interrupted. {where}\nRequest id: {rid}\nFetch it later with:\n  {command}")
    reporter.event("interrupted", request_id=rid, submitted=True, resume_command=command,
                   exit_code=EXIT_INTERRUPTED)


def sidecar_of(path: Path) -> Path:
    from gamecraft_desktop.core.sidecar import sidecar_path_for

    return sidecar_path_for(path)


def record_context(context: dict[str, Any], rec: JobRecord | None) -> None:
    """What an error line says about the job: always the request id fal gave it (never another answer's)."""
    if rec is not None:
        context["record"] = rec
        if rec.request_id:
            context["request_id"] = rec.request_id

"""What every headless command shares: connection options, credentials, the history and error handling."""

from __future__ import annotations

import argparse
import math
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gamecraft_desktop.cli.output import Reporter
from gamecraft_desktop.core.connection import (
    DEFAULT_QUEUE_URL,
    DEFAULT_REST_URL,
    ENV_VARS,
    PROXY_URL_ENV,
    QUEUE_URL_ENV,
    REST_URL_ENV,
    Connection,
    ConnectionSettings,
    Resolved,
    resolve_connection,
    url_problem,
)
from gamecraft_desktop.fal.config import DEFAULT_ENDPOINT, FalConfig
from gamecraft_desktop.fal.credentials import Credentials, resolve_credentials, validate_key_format
from gamecraft_desktop.fal.endpoint import EndpointIdError, parse_endpoint_id
from gamecraft_desktop.fal.errors import (
    EXIT_INTERRUPTED,
    FalError,
    InvalidInputError,
    MissingKeyError,
)
from gamecraft_desktop.fal.secret_store import SecretStore
from gamecraft_desktop.media.errors import MediaError
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore, StoreError
from gamecraft_desktop.store.paths import AppPaths
from gamecraft_desktop.store.settings import SettingsFile

NO_KEY_MESSAGE = (
    "No fal key found. Set one with `export FAL_KEY=<key_id>:<key_secret>` (or FAL_KEY_ID and "
    "FAL_KEY_SECRET), or save it in the app's Settings (kept in the OS keyring). "
    "Use --sandbox to try everything locally without a key."
)


def _default_secret_store() -> SecretStore | None:
    """The OS keyring store; None when keyring cannot even be imported."""
    try:
        from gamecraft_desktop.fal.secret_store import KeyringSecretStore

        return KeyringSecretStore()
    except Exception:  # a broken keyring install must not stop the CLI: env keys still work
        return None


#: Replaced by tests (in-process) to keep the real keyring out of them.
secret_store_factory: Callable[[], SecretStore | None] = _default_secret_store


def add_connection_options(parser: argparse.ArgumentParser, *, sandbox: bool = False) -> None:
    group = parser.add_argument_group("connection")
    group.add_argument("--endpoint", default=DEFAULT_ENDPOINT,
                       help=f"fal endpoint id (default: {DEFAULT_ENDPOINT})")
    group.add_argument("--queue-url", default=None,
                       help=f"queue base URL (default: ${QUEUE_URL_ENV}, else the app's Preferences ▸ "
                            f"Connection, else {DEFAULT_QUEUE_URL})")
    group.add_argument("--rest-url", default=None,
                       help=f"REST/storage base URL (default: ${REST_URL_ENV}, else Preferences, else "
                            f"{DEFAULT_REST_URL}; a loopback queue URL is its own REST host, as the sandbox "
                            "serves both)")
    group.add_argument("--proxy-url", default=None,
                       help=f"send requests through this proxy (x-fal-target-url); no key is needed locally "
                            f"(default: ${PROXY_URL_ENV}, else Preferences)")
    group.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                       help="network timeout per request (default: 30)")
    group.add_argument("--retries", type=int, default=5, metavar="N",
                       help="attempts per request on network errors, 429 and fal edge errors (default: 5; "
                            "a submit is only repeated when it provably never reached fal)")
    # Tests shorten the waits between retries (the first wait, doubling; 1 s by default).
    group.add_argument("--retry-wait", type=float, default=None, help=argparse.SUPPRESS)
    if sandbox:
        group.add_argument("--sandbox", action="store_true",
                           help="run against a local sandbox started for this command (free, no key; "
                                "renders a simulated camera move, not the real model)")
    out = parser.add_argument_group("output")
    out.add_argument("--json", action="store_true",
                     help="print one JSON event per line on stdout instead of human progress on stderr")


def check_endpoint(text: str) -> str:
    try:
        return parse_endpoint_id(text).submit_path
    except EndpointIdError as exc:
        raise InvalidInputError(f"endpoint: {exc}") from None


def folder_writable(folder: Path) -> bool:
    """Whether files can be created in `folder` (a read-only mount says no even to root)."""
    return os.access(folder, os.W_OK | os.X_OK)


def network_option_problems(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(flag, message) for a bad --timeout or --retries."""
    problems: list[tuple[str, str]] = []
    timeout = getattr(args, "timeout", 30.0)
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
        problems.append(("--timeout", f"{timeout!r} is not a number of seconds greater than 0"))
    retries = getattr(args, "retries", 1)
    if retries < 1:
        problems.append(("--retries", "must be at least 1"))
    return problems


def check_network_options(args: argparse.Namespace) -> None:
    """--timeout and --retries, checked before anything is uploaded or sent (exit 2)."""
    problems = network_option_problems(args)
    if problems:
        flag, message = problems[0]
        raise InvalidInputError(f"{flag}: {message}")


def connection_for(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> Connection:
    """The connection the window would use, with this command's flags first (core.connection's one rule):
    flags, then GAMECRAFT_DESKTOP_*_URL, then the app's Preferences, then fal. A bad URL from any of them is
    refused here (exit 2), naming where it came from."""
    overrides = ConnectionSettings(**{name: getattr(args, name, None) or "" for name in ENV_VARS})
    try:
        saved = SettingsFile(AppPaths.default().settings_file).connection()
    except OSError:
        saved = ConnectionSettings()
    connection = resolve_connection(saved, os.environ if env is None else env, overrides)
    for name in ENV_VARS:
        resolved: Resolved = getattr(connection, name)
        problem = url_problem(resolved.value) if resolved.source != "default" else None
        if problem:
            where = {"command line": "--" + name.replace("_", "-"), "environment": resolved.env_var,
                     "settings": f"Preferences ▸ Connection ({name.replace('_', ' ')})"}[resolved.source]
            raise InvalidInputError(f"{where}: {resolved.value!r} {problem}")
    return connection


def build_config(args: argparse.Namespace, *, base_url: str | None = None) -> FalConfig:
    """FalConfig from the options; `base_url` (the sandbox) overrides queue and REST URLs."""
    endpoint = check_endpoint(args.endpoint)
    check_network_options(args)
    if base_url is not None:
        return FalConfig(queue_url=base_url, rest_url=base_url, endpoint=endpoint, timeout_s=args.timeout)
    return FalConfig.from_connection(connection_for(args), endpoint=endpoint, timeout_s=args.timeout)


def get_credentials(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> Credentials:
    """The key to use; raises MissingKeyError / MalformedKeyError (exit 3) before anything is sent."""
    if connection_for(args, env).uses_proxy:
        return Credentials.proxy()
    creds = resolve_credentials(secret_store_factory(), env)
    if not creds.key:
        environ = os.environ if env is None else env
        has_id = bool((environ.get("FAL_KEY_ID") or "").strip())
        has_secret = bool((environ.get("FAL_KEY_SECRET") or "").strip())
        if has_id != has_secret:  # half a key: name the missing half
            present, missing = ("FAL_KEY_ID", "FAL_KEY_SECRET")[:: 1 if has_id else -1]
            raise MissingKeyError(f"{present} is set but {missing} is not: set both, or "
                                  "FAL_KEY=<key_id>:<key_secret>.")
        raise MissingKeyError(NO_KEY_MESSAGE)
    validate_key_format(creds.key)
    return creds


def download_retry(args: argparse.Namespace) -> Any:
    """The video download's retry budget: `--retries` attempts, short waits (0.5 s doubling to 8 s)."""
    from gamecraft_desktop.fal.retry import RetryPolicy

    attempts = max(1, int(getattr(args, "retries", 5)))
    wait = float(getattr(args, "retry_wait", None) or 1.0)
    return RetryPolicy(base_s=0.5 * wait, cap_s=8.0 * wait, max_attempts=attempts, jitter=0.0)


def throwaway_key() -> str:
    """A key for the in-process sandbox: random, valid in form, useless anywhere else."""
    return f"sandbox-{secrets.token_hex(4)}:{secrets.token_hex(16)}"


def open_history(reporter: Reporter, *folders: Path) -> JobStore | None:
    """The shared job history, or None (with a warning) when it cannot be used: the command still works.
    Every command first removes what killed runs left behind: partial downloads in the job folders, in the
    folders the history says downloads were going to, and in `folders` (the command's --out folder)."""
    from gamecraft_desktop.engine.partials import sweep_history

    paths = AppPaths.default()
    store: JobStore | None = None
    try:
        paths.ensure()
        store = JobStore(paths.database)
    except (StoreError, OSError) as exc:
        reporter.warn(f"the job history cannot be used, this job will not appear in the app: {exc}")
    sweep_history(store, paths.jobs_dir, folders)
    return store


@dataclass
class Interrupted(Exception):
    """Raised by commands that handled Ctrl+C themselves and already told the user what to do."""

    message: str = ""


@dataclass
class JobFailed(Exception):
    """A job the engine could not take where it was asked to; `message` says why, `record` where it is."""

    error: BaseException
    record: JobRecord | None
    message: str


def _resume_notice(reporter: Reporter, extra: dict[str, Any]) -> None:
    """After a failure that did not end the job on fal, say how to fetch the (paid) result later."""
    command = extra.get("resume_command")
    if command:
        rid = extra.get("request_id", "")
        reporter.notice(f"The job itself is not lost: request id {rid}. Fetch it with:\n  {command}")


def _with_type(message: str, error: BaseException) -> str:
    error_type = getattr(error, "error_type", None)
    if error_type and error_type not in message:
        return f"{message} ({error_type})"
    return message


def _job_failed(reporter: Reporter, failed: JobFailed, context: Mapping[str, Any] | None) -> int:
    from gamecraft_desktop.engine.rules import exit_code, fetchable_later

    error, rec = failed.error, failed.record
    extra = {k: v for k, v in (context or {}).items() if k in ("request_id", "resume_command")}
    if rec is not None and rec.request_id:
        extra["request_id"] = rec.request_id  # the submitted id, never another answer's
    elif isinstance(error, FalError) and error.request_id:
        extra.setdefault("request_id", error.request_id)
    fetchable = rec is not None and fetchable_later(rec)
    if not fetchable:
        extra.pop("resume_command", None)
    code = exit_code(error, rec)
    reporter.error(_with_type(failed.message, error), exit_code=code, kind=type(error).__name__,
                   error_type=getattr(error, "error_type", None), status=getattr(error, "status", None), **extra)
    if fetchable:
        _resume_notice(reporter, extra)
    return code


@contextmanager
def handle_errors(reporter: Reporter, context: Mapping[str, Any] | None = None) -> Iterator[list[int]]:
    """Turn expected failures into a one-line message and an exit code (yielded list's only item).

    A job the engine ran ends as JobFailed: its exit code and whether its result can still be fetched
    (then the `result` command is printed) come from the engine's rules.
    """
    code = [0]
    try:
        yield code
    except Interrupted:
        code[0] = EXIT_INTERRUPTED
    except KeyboardInterrupt:
        reporter.error("interrupted", exit_code=EXIT_INTERRUPTED)
        code[0] = EXIT_INTERRUPTED
    except JobFailed as failed:
        code[0] = _job_failed(reporter, failed, context)
    except InvalidInputError as exc:
        for issue in exc.issues:
            reporter.error(f"{issue.field}: {issue.message}", exit_code=exc.exit_code, field=issue.field)
        if not exc.issues:
            reporter.error(exc.message, exit_code=exc.exit_code)
        code[0] = exc.exit_code
    except FalError as exc:
        extra = {k: v for k, v in (context or {}).items() if k == "request_id"}
        if exc.request_id:
            extra.setdefault("request_id", exc.request_id)
        message = _with_type(exc.message, exc)
        issues = getattr(exc, "issues", None)
        if issues:
            missing = [f"{i.field}: {i.message}" for i in issues if f"{i.field}: {i.message}" not in message]
            if missing:
                message += ": " + "; ".join(missing)
        reporter.error(message, exit_code=exc.exit_code, kind=type(exc).__name__, error_type=exc.error_type,
                       status=exc.status, **extra)
        code[0] = exc.exit_code
    except StoreError as exc:
        reporter.error(str(exc), exit_code=1, kind="StoreError")
        code[0] = 1
    except MediaError as exc:  # e.g. an unusable input image (ImageError, exit 16): nothing was sent
        from gamecraft_desktop.engine.rules import exit_code

        code[0] = exit_code(exc, None)
        reporter.error(str(exc), exit_code=code[0], kind=type(exc).__name__)
    except OSError as exc:
        # Disk problems writing the output: no traceback, just what and where.
        import errno

        extra = {k: v for k, v in (context or {}).items() if k == "request_id"}
        if exc.errno == errno.ENOSPC:
            reporter.error(f"Disk full: {exc.filename or ''}".rstrip(": "), exit_code=15, **extra)
            code[0] = 15
        else:
            reporter.error(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), exit_code=1, **extra)
            code[0] = 1

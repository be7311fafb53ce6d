"""`gamecraft-desktop generate`: one image + prompt + camera path -> an MP4 and its JSON sidecar, headless.

Order of work, chosen so that nothing is paid for that cannot be saved:
validate every field and the output location locally (exit 2, nothing sent) -> key (exit 3) -> prepare and
upload the image (a URL is passed through) -> submit (the request id goes to the job history before the
submit call returns) -> follow -> result -> download to --out -> sidecar at `<out>.json`.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import time
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
    network_option_problems,
    open_history,
    throwaway_key,
)
from gamecraft_desktop.cli.follow import JobFollower, download_and_sidecar, resume_hint, update_job
from gamecraft_desktop.cli.output import Reporter, exit_codes_epilog, format_bytes, iso_now
from gamecraft_desktop.core.defaults import cost_warnings
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import (
    DEFAULT_CFG_SCALE,
    DEFAULT_INFER_STEPS,
    DEFAULT_NEG_PROMPT,
    DEFAULT_SEED,
    FieldIssue,
    GameCraftInput,
    ImageRef,
    InputError,
    parse_input,
    prompt_warnings,
)
from gamecraft_desktop.core.sidecar import sidecar_path_for
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import (
    EXIT_INTERRUPTED,
    EdgeError,
    FalError,
    InvalidInputError,
    NetworkError,
)
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore, StoreError

HELP = "generate one video from an image, a prompt and a camera path (headless)"

# Schema field -> the option that sets it, so messages name what the user typed.
_FLAG = {
    "image": "--image", "prompt": "--prompt", "neg_prompt": "--neg-prompt", "action_list": "--actions",
    "action_speed_list": "--speeds", "cfg_scale": "--cfg", "infer_steps": "--steps", "seed": "--seed",
    "body": "input",
}
_PLACEHOLDER_URL = "https://local-file.invalid/image"


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "generate", help=HELP, description=HELP.capitalize() + ".",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "The video is written to --out and a JSON sidecar (all inputs, seed, request id, endpoint, "
            "timings; never the key) to <out>.json, e.g. clip.mp4.json.\n"
            "Ctrl+C while waiting leaves the job running on fal and prints the command that fetches it "
            "later.\n\n" + exit_codes_epilog()),
    )
    req = p.add_argument_group("request")
    req.add_argument("--image", required=True, metavar="PATH_OR_URL",
                     help="input image: a local file (cropped to 1216x704 and uploaded) or an https/data: URL "
                          "(sent as is)")
    req.add_argument("--prompt", required=True, help="what the scene shows")
    req.add_argument("--neg-prompt", default=DEFAULT_NEG_PROMPT, metavar="TEXT",
                     help="negative prompt (only used when --cfg > 1)")
    req.add_argument("--actions", default="w,s,d,a", metavar="LIST",
                     help="camera moves, comma-separated from w (forward), s (back), a (left), d (right); "
                          "default w,s,d,a")
    req.add_argument("--speeds", default=None, metavar="LIST",
                     help="one speed per action in (0, 3], comma-separated, or one number for all "
                          "(default 0.2 each)")
    req.add_argument("--cfg", type=float, default=DEFAULT_CFG_SCALE, metavar="SCALE",
                     help=f"guidance scale, >= 1 (default {DEFAULT_CFG_SCALE:g})")
    req.add_argument("--steps", type=int, default=DEFAULT_INFER_STEPS, metavar="N",
                     help=f"inference steps, >= 1 (default {DEFAULT_INFER_STEPS})")
    req.add_argument("--seed", type=int, default=DEFAULT_SEED,
                     help=f"seed (default {DEFAULT_SEED}; 0 means random on the server)")
    req.add_argument("--no-crop", action="store_true",
                     help="upload the local image uncropped (the model still center-crops it)")
    queue = p.add_argument_group("queue")
    queue.add_argument("--priority", choices=("normal", "low"), default=None, help="fal queue priority")
    queue.add_argument("--start-timeout", type=float, default=None, metavar="SECONDS",
                       help="give up if the job has not started after this many seconds (> 1)")
    queue.add_argument("--webhook", default=None, metavar="URL", help="fal calls this URL when the job ends")
    queue.add_argument("--poll", action="store_true", help="poll the status instead of using the stream")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.mp4", help="where to save the video")
    p.add_argument("--force", action="store_true", help="overwrite --out (and its sidecar) if they exist")
    add_connection_options(p, sandbox=True)
    p.add_argument("--sandbox-time-scale", type=float, default=None, help=argparse.SUPPRESS)
    p.set_defaults(run=run)
    return p


# --- local validation ----------------------------------------------------------------------------


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").replace(" ", ",").split(",") if part.strip()]


def _is_url(text: str) -> bool:
    return text.lower().startswith(("https://", "http://", "data:"))


def validate_args(args: argparse.Namespace) -> tuple[GameCraftInput, Path | None]:
    """Build the input with every check that needs no network; raise InvalidInputError listing all issues.

    Returns the input (with a placeholder image URL for a local file) and the local image path, if any.
    """
    issues: list[FieldIssue] = []
    actions_text = args.actions.strip()
    actions: list[Any] = _split_list(actions_text)
    if len(actions) == 1 and len(actions[0]) > 1 and set(actions[0]) <= set("wasd"):
        actions = list(actions[0])  # "wsda" is accepted as shorthand for w,s,d,a
    speeds: list[Any]
    if args.speeds is None:
        speeds = [0.2] * len(actions)
    else:
        speeds = []
        for part in _split_list(args.speeds):
            try:
                value = float(part)
            except ValueError:
                issues.append(FieldIssue("action_speed_list", f"{part!r} is not a number"))
                continue
            speeds.append(value if math.isfinite(value) else part)
        if len(speeds) == 1 and len(actions) > 1 and not issues:
            speeds = speeds * len(actions)
        if not issues and actions and len(speeds) != len(actions):
            issues.append(FieldIssue("action_speed_list", f"{len(speeds)} speeds for {len(actions)} actions; "
                                     "they must be the same length (or give one speed for all)"))

    local: Path | None = None
    image_url = args.image.strip()
    if not image_url:
        issues.append(FieldIssue("image", "the image is required"))
        image_url = _PLACEHOLDER_URL
    elif image_url.lower().startswith("data:"):
        from gamecraft_desktop.fal.errors import ImageError
        from gamecraft_desktop.fal.image_prep import check_data_uri

        try:  # the image rule files get, before fal accepts, bills and then fails a data: link
            check_data_uri(image_url)
        except ImageError as exc:
            issues.append(FieldIssue("image", str(exc)))
    elif not _is_url(image_url):
        local = Path(image_url).expanduser()
        if not local.exists():
            issues.append(FieldIssue("image", f"no such file: {local}"))
        elif not local.is_file():
            issues.append(FieldIssue("image", f"not a file: {local}"))
        image_url = _PLACEHOLDER_URL

    data = {"image": image_url, "prompt": args.prompt, "neg_prompt": args.neg_prompt, "action_list": actions,
            "action_speed_list": speeds, "cfg_scale": args.cfg, "infer_steps": args.steps, "seed": args.seed}
    model: GameCraftInput | None = None
    if not issues:
        try:
            model = parse_input(data)
        except InputError as exc:
            issues.extend(exc.issues)
    else:
        # Still report the other fields' problems in the same run.
        try:
            parse_input({**data, "action_speed_list": [0.2] * len(actions), "image": _PLACEHOLDER_URL})
        except InputError as exc:
            issues.extend(i for i in exc.issues if i.field != "action_speed_list")

    out: Path = args.out.expanduser()
    if out.exists() and out.is_dir():
        issues.append(FieldIssue("out", f"{out} is a folder; give a file name such as {out / 'clip.mp4'}"))
    elif not out.parent.is_dir():
        issues.append(FieldIssue("out", f"the folder {out.parent} does not exist"))
    elif not folder_writable(out.parent):
        issues.append(FieldIssue("out", f"the folder {out.parent} is not writable (read-only or no permission)"))
    elif not args.force and (out.exists() or sidecar_path_for(out).exists()):
        issues.append(FieldIssue("out", f"{out} or its sidecar already exists (use --force to overwrite)"))
    issues.extend(FieldIssue(flag, message) for flag, message in network_option_problems(args))
    if args.start_timeout is not None and not args.start_timeout > 1:
        issues.append(FieldIssue("start-timeout", "the start deadline must be more than 1 second"))
    if args.webhook and not args.webhook.lower().startswith(("https://", "http://")):
        issues.append(FieldIssue("webhook", "the webhook must be an http(s) URL"))
    if issues or model is None:
        named = [FieldIssue(_FLAG.get(i.field, i.field if i.field.startswith("--") else "--" + i.field),
                            i.message, i.kind) for i in issues]
        raise InvalidInputError("invalid input: nothing was sent", named)
    return model, local


# --- the command ---------------------------------------------------------------------------------


def run(args: argparse.Namespace, reporter: Reporter) -> int:
    context: dict[str, Any] = {}
    with handle_errors(reporter, context) as code:
        _generate(args, reporter, context)
    return code[0]


def _generate(args: argparse.Namespace, reporter: Reporter, context: dict[str, Any]) -> None:
    model, local = validate_args(args)
    for warning in [*prompt_warnings(model.prompt, model.seed),
                    *cost_warnings(len(model.action_list), model.infer_steps)]:
        if model.seed == 0 and "Seed 0" in warning:
            # Offer a reproducible alternative (the design asks for one), e.g. for a script to reuse.
            suggestion = secrets.randbelow(2**31 - 1) + 1
            warning += f" For a result you can reproduce, run again with a fixed seed, e.g. --seed {suggestion}."
        reporter.warn(warning)

    server = None
    if args.sandbox:
        from gamecraft_desktop.sandbox import SandboxServer

        key = throwaway_key()
        kwargs: dict[str, Any] = {"require_key": key}
        if args.sandbox_time_scale is not None:
            kwargs["time_scale"] = args.sandbox_time_scale
        server = SandboxServer(**kwargs)
        base_url = server.start()
        config = build_config(args, base_url=base_url)
        credentials = Credentials(key=key, source="sandbox")
        reporter.say(f"Sandbox running at {base_url} (simulated camera move, not the real model)")
    else:
        config = build_config(args)
        credentials = get_credentials(args)
    try:
        store = open_history(reporter)
        try:
            _run_job(args, reporter, context, model, local, config, credentials, store,
                     mode="sandbox" if server is not None else "fal")
        finally:
            if store is not None:
                store.close()
    finally:
        if server is not None:
            server.stop()


def _safe_update(store: JobStore | None, job_id: str, reporter: Reporter, **fields: Any) -> None:
    update_job(store, job_id, reporter, **fields)


def _run_job(args: argparse.Namespace, reporter: Reporter, context: dict[str, Any], model: GameCraftInput,
             local: Path | None, config: Any, credentials: Credentials, store: JobStore | None,
             mode: str) -> None:
    from gamecraft_desktop.fal.queue_client import QueueHandle, SubmitOptions

    record = JobRecord.new(model, mode=mode, endpoint=config.endpoint,  # type: ignore[arg-type]
                           source_image_path=str(local.resolve()) if local else None,
                           image_url=None if local else model.image.url)
    if store is not None:
        try:
            store.create(record)
        except StoreError as exc:
            reporter.warn(f"could not record the job in the history: {exc}")
            store = None
    job_id = record.id
    context["job_id"] = job_id
    handle_box: list[QueueHandle] = []

    def fail(exc: BaseException) -> None:
        fields: dict[str, Any] = {"state": JobState.FAILED, "error_message": str(exc),
                                  "error_kind": type(exc).__name__}
        if isinstance(exc, FalError):
            fields["error_type"] = exc.error_type
        _safe_update(store, job_id, reporter, **fields)

    # 1. the image
    try:
        if local is not None:
            model = _upload(local, model, args, reporter, config, credentials)
            _safe_update(store, job_id, reporter, image_url=model.image.url,
                         input_json=_wire_json(model), bytes_up=model.image.file_size)
    except KeyboardInterrupt:
        _safe_update(store, job_id, reporter, state=JobState.CANCELLED)
        reporter.notice("Interrupted before anything was submitted: nothing was paid.")
        reporter.event("interrupted", submitted=False)
        raise Interrupted() from None
    except BaseException as exc:
        fail(exc)
        raise

    options = SubmitOptions(webhook_url=args.webhook, priority=args.priority,
                            start_timeout_s=args.start_timeout)
    submitted_at = iso_now()
    with make_client(config, credentials, args) as client:
        # 2. submit: the handle is persisted inside on_accepted, before submit returns.
        def on_accepted(handle: QueueHandle) -> None:
            handle_box.append(handle)
            context["request_id"] = handle.request_id
            if mode != "sandbox":  # the sandbox stops with this command: nothing to fetch later
                context["resume_command"] = resume_hint(handle.request_id, args, out=_absolute(args.out))
            _safe_update(store, job_id, reporter, state=JobState.QUEUED, request_id=handle.request_id,
                         response_url=handle.response_url, status_url=handle.status_url,
                         cancel_url=handle.cancel_url, queue_position=handle.queue_position,
                         submitted_at=submitted_at)
            reporter.say(f"Submitted: request id {handle.request_id}")
            reporter.event("submitted", job_id=job_id, request_id=handle.request_id,
                           endpoint=handle.endpoint, status_url=handle.status_url,
                           response_url=handle.response_url, cancel_url=handle.cancel_url,
                           queue_position=handle.queue_position)

        _safe_update(store, job_id, reporter, state=JobState.SUBMITTING)
        try:
            handle = client.submit(model, options, on_accepted=on_accepted)
        except KeyboardInterrupt:
            if handle_box:  # accepted: the id is stored, the job is safe to fetch later
                _interrupted(reporter, handle_box[0], args, mode)
                raise Interrupted() from None
            _safe_update(store, job_id, reporter, state=JobState.SUBMIT_UNCERTAIN)
            reporter.notice("Interrupted while submitting: fal may have received the job (and may bill it). "
                            "Check your fal dashboard before submitting again.")
            reporter.event("interrupted", submitted=None)
            raise Interrupted() from None
        except NetworkError as exc:
            if exc.maybe_sent and not handle_box:
                _safe_update(store, job_id, reporter, state=JobState.SUBMIT_UNCERTAIN,
                             error_message=str(exc), error_kind=type(exc).__name__)
                if "may exist" not in exc.message and "may have received" not in exc.message:
                    where = "the sandbox" if mode == "sandbox" else "fal"
                    exc.message = (f"{exc.message.rstrip('.')}. The submit may have reached {where}: the job "
                                   f"may exist and be billed. Check your fal dashboard before submitting again.")
                    exc.args = (exc.message,)
            elif not handle_box:
                fail(exc)
            raise
        except EdgeError as exc:
            # fal's edge answered instead of the queue: say whether trying again is safe.
            exc.message = exc.message.rstrip(".")
            if exc.status == 504:
                exc.message += (". fal's queue may still have accepted the job: check your fal dashboard "
                                "before submitting again.")
            else:
                exc.message += ". The job did not reach fal's queue (nothing was billed): try again in a minute."
            exc.args = (exc.message,)
            fail(exc)
            raise
        except BaseException as exc:
            fail(exc)
            raise

        # 3. follow, 4. result, 5. download
        follower = JobFollower(reporter, store, job_id, submitted_at=submitted_at)
        try:
            follower.follow(client, handle, use_stream=not args.poll)
            output = follower.fetch_result(client, handle)
            download_and_sidecar(
                reporter, store, job_id, handle=handle, output=output, model=model, out=args.out.expanduser(),
                sidecar=sidecar_path_for(args.out.expanduser()), timings=follower.timings, mode=mode,
                allow_loopback_http=config.is_loopback,
                source_image=_source_info(local), timeout_s=config.timeout_s, retry=download_retry(args),
            )
        except KeyboardInterrupt:
            _interrupted(reporter, handle, args, mode, finished="completed_at" in follower.timings)
            if mode == "sandbox":
                _safe_update(store, job_id, reporter, state=JobState.CANCELLED)
            raise Interrupted() from None
        except BaseException as exc:
            fail(exc)
            raise


def _absolute(out: Path) -> Path:
    """--out as an absolute path, so a printed `result ... --out` command works from any folder."""
    return Path(os.path.abspath(out.expanduser()))


def _wire_json(model: GameCraftInput) -> str:
    import json

    return json.dumps(model.to_wire(), ensure_ascii=False)


def _source_info(local: Path | None) -> dict[str, Any] | None:
    if local is None:
        return None
    try:
        return {"path": str(local.resolve()), "size": local.stat().st_size}
    except OSError:
        return {"path": str(local)}


def _upload(local: Path, model: GameCraftInput, args: argparse.Namespace, reporter: Reporter, config: Any,
            credentials: Credentials) -> GameCraftInput:
    from gamecraft_desktop.fal.uploads import UploadCache, Uploader, prepare_image
    from gamecraft_desktop.store.paths import AppPaths

    prepared = prepare_image(local, crop_to_model=not args.no_crop)
    for warning in prepared.warnings:
        reporter.warn(warning)
    note = " (cropped to 1216x704)" if prepared.cropped else ""
    reporter.say(f"Uploading {local.name}: {prepared.width}x{prepared.height}, "
                 f"{format_bytes(prepared.size)}{note}")
    started = time.monotonic()
    cache = None
    try:
        cache = UploadCache(AppPaths.default().ensure().upload_cache_file)
    except OSError:
        cache = None
    with Uploader(config, credentials, cache=cache, retry=download_retry(args)) as uploader:
        ref: ImageRef = uploader.image_ref(prepared)
    reporter.say(f"Uploaded in {time.monotonic() - started:.1f} s")
    reporter.event("uploaded", url=ref.url, bytes=prepared.size, width=prepared.width, height=prepared.height)
    data = {**model.model_dump(exclude={"image"}), "image": ref.model_dump(exclude_none=True)}
    try:
        return parse_input(data)
    except InputError as exc:  # e.g. a storage URL the schema refuses
        raise InvalidInputError("invalid input after upload", exc.issues) from None


def _interrupted(reporter: Reporter, handle: Any, args: argparse.Namespace, mode: str, *,
                 finished: bool = False) -> None:
    if mode == "sandbox":
        reporter.notice(f"Interrupted. Request id: {handle.request_id}\n"
                        "The sandbox stops with this command, so this job is gone (nothing was paid).")
        reporter.event("interrupted", request_id=handle.request_id, submitted=True, resume_command=None)
        return
    command = resume_hint(handle.request_id, args, out=_absolute(args.out))
    state = ("The job has finished on fal; its result is kept there for about an hour." if finished
             else "The job keeps running on fal (and is billed).")
    reporter.notice(
        f"Interrupted. {state}\n"
        f"Request id: {handle.request_id}\n"
        f"Fetch it later with:\n  {command}")
    reporter.event("interrupted", request_id=handle.request_id, submitted=True, resume_command=command,
                   exit_code=EXIT_INTERRUPTED)

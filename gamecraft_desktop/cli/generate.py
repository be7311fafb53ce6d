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
from pathlib import Path
from typing import Any

from gamecraft_desktop.cli.common import (
    add_connection_options,
    build_config,
    folder_writable,
    get_credentials,
    handle_errors,
    network_option_problems,
    open_history,
    throwaway_key,
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
from gamecraft_desktop.cli.progress import CliProgress
from gamecraft_desktop.core.defaults import cost_warnings
from gamecraft_desktop.core.schema import (
    DEFAULT_CFG_SCALE,
    DEFAULT_INFER_STEPS,
    DEFAULT_NEG_PROMPT,
    DEFAULT_SEED,
    FieldIssue,
    GameCraftInput,
    InputError,
    parse_input,
    prompt_warnings,
)
from gamecraft_desktop.core.sidecar import sidecar_path_for
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.errors import (
    InvalidInputError,
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
        from gamecraft_desktop.media.errors import ImageError
        from gamecraft_desktop.media.image_prep import check_data_uri

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
        store = open_history(reporter, _absolute(args.out).parent)
        try:
            _run_job(args, reporter, context, model, local, config, credentials, store,
                     mode="sandbox" if server is not None else "fal")
        finally:
            if store is not None:
                store.close()
    finally:
        if server is not None:
            server.stop()


def _run_job(args: argparse.Namespace, reporter: Reporter, context: dict[str, Any], model: GameCraftInput,
             local: Path | None, config: Any, credentials: Credentials, store: JobStore | None,
             mode: str) -> None:
    from gamecraft_desktop.engine.lease import take as take_lease
    from gamecraft_desktop.engine.rules import Owner
    from gamecraft_desktop.store.paths import AppPaths

    out = _absolute(args.out)
    paths = AppPaths.default()
    record = JobRecord.new(model, mode=mode, endpoint=config.endpoint,  # type: ignore[arg-type]
                           source_image_path=str(local.resolve()) if local else None,
                           image_url=None if local else model.image.url, started_by=Owner.CLI.value)
    # Held before the row exists: the window never takes a job this command is still running for an
    # interrupted one (engine.lease).
    with take_lease(paths.jobs_dir, record.id):
        _drive(args, reporter, context, record, local, config, credentials, store, mode, out, paths)


def _drive(args: argparse.Namespace, reporter: Reporter, context: dict[str, Any], record: JobRecord,
           local: Path | None, config: Any, credentials: Credentials, store: JobStore | None, mode: str,
           out: Path, paths: Any) -> None:
    from gamecraft_desktop.engine.context import FollowState, JobOptions
    from gamecraft_desktop.engine.steps import Step
    from gamecraft_desktop.engine.sync_driver import SyncDriver
    from gamecraft_desktop.fal.queue_client import SubmitOptions

    if store is not None:
        try:
            store.create(record)
        except StoreError as exc:
            reporter.warn(f"could not record the job in the history: {exc}")
            store = None
    context["job_id"] = record.id
    options = JobOptions(source_image=local, crop=not args.no_crop, video_dest=out, thumbnails=False,
                         sidecar=True, submit=SubmitOptions(webhook_url=args.webhook, priority=args.priority,
                                                            start_timeout_s=args.start_timeout))
    progress = CliProgress(reporter, context=context, args=args, local_name=local.name if local else None,
                           resume_out=out, sandbox=mode == "sandbox")
    with connection(config, credentials, args, mode=mode) as conn:
        driver = SyncDriver(record, store=store, conn=conn, job_dir=paths.jobs_dir / record.id, options=options,
                            budget=budget_for(args), timing=timing_for(config), observer=progress,
                            follow=FollowState(stream=not args.poll))
        result = driver.run(Step.UPLOAD)
    record_context(context, result.record)
    done = conclude(result, progress, reporter, out=out, args=args)
    progress.saved(done, out, sidecar_of(out))


def _absolute(out: Path) -> Path:
    """--out as an absolute path, so a printed `result ... --out` command works from any folder."""
    return Path(os.path.abspath(out.expanduser()))


def _wire_json(model: GameCraftInput) -> str:
    import json

    return json.dumps(model.to_wire(), ensure_ascii=False)

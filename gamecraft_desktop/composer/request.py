"""The checks that decide whether Generate is allowed ("before paying"), and the composer's request as code.
What Generate hands over when they pass is a JobSpec (composer/job_spec.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from gamecraft_desktop.core.camera_path import FPS, OUTPUT_HEIGHT, OUTPUT_WIDTH, CameraPath
from gamecraft_desktop.core.crop import small_image_warning
from gamecraft_desktop.core.defaults import (
    SEED_MAX,
    Priority,
    batch_seeds,
    cost_warnings,
    prompt_warnings,
)
from gamecraft_desktop.core.texts import Texts, number

if TYPE_CHECKING:  # the schema pulls in pydantic: imported when a request is complete, not at start-up
    from gamecraft_desktop.composer.job_spec import JobSpec
    from gamecraft_desktop.core.schema import GameCraftInput


#: "Before paying" in words (core/texts.py: the name is the translation context).
BeforePaying = Texts("BeforePaying")

#: Shown in copied code until the image has been uploaded.
IMAGE_URL_PLACEHOLDER = "<uploaded image URL>"


class Composition(NamedTuple):
    """The composer's current state, valid or not."""

    image_path: Path | None
    image_sha256: str | None
    prompt: str
    neg_prompt: str
    path: CameraPath
    cfg_scale: float
    infer_steps: int
    seed: int | None  # None: the seed field does not hold a whole number (seed_error says why)
    endpoint: str
    priority: Priority = "normal"
    start_timeout_s: float | None = None
    endpoint_error: str | None = None
    image_busy: bool = False
    seed_error: str | None = None
    runs: int = 1  # jobs one Generate starts, with consecutive seeds
    image_size: tuple[int, int] | None = None  # of the loaded image, as the person sees it


class CompositionCheck(NamedTuple):
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    summary: str = ""
    request: JobSpec | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def seeds_text(seed: int | None, runs: int = 1) -> str:
    """'seed 42', 'seed random (0)', or for a batch '3 runs · seeds 42–44'."""
    if runs <= 1:
        if seed is None:
            return BeforePaying.tr("seed —")
        return BeforePaying.tr("seed random (0)") if seed == 0 else BeforePaying.tr("seed {seed}").format(seed=seed)
    if seed is None:
        return BeforePaying.tr("%n run(s) · seeds —", "", runs)
    first, last = batch_seeds(seed, runs)
    return BeforePaying.tr("%n run(s) · seeds {first}–{last}", "", runs).format(first=first, last=last)


def path_summary(path: CameraPath) -> str:
    """'4 moves · 132 frames · 5.5 s': the timeline's header and the start of the summary line."""
    return BeforePaying.tr("%n move(s) · {frames} frames · {seconds} s", "", len(path)).format(
        frames=path.frame_count, seconds=number(path.duration_seconds))


def summary_line(path: CameraPath, seed: int | None, runs: int = 1) -> str:
    # "moves", like every other place in the window (timeline header, speed editor, undo texts, errors).
    return BeforePaying.tr("{path} · output {width}×{height} @ {fps} fps · {seeds}").format(
        path=path_summary(path), width=OUTPUT_WIDTH, height=OUTPUT_HEIGHT, fps=FPS, seeds=seeds_text(seed, runs))


def check_composition(c: Composition) -> CompositionCheck:
    """Every reason not to pay yet (errors) and every reason to look twice (warnings)."""
    errors: list[str] = []
    if c.image_busy:
        errors.append(BeforePaying.tr("The image is still loading."))
    elif c.image_path is None or not c.image_sha256:
        errors.append(BeforePaying.tr("An image is required: drop, paste or open one."))
    errors.extend(code_problems(c))
    if c.seed is not None and c.runs > 1 and batch_seeds(c.seed, c.runs)[1] > SEED_MAX:
        errors.append(BeforePaying.tr("Runs ×{runs} from seed {seed} would go past the largest seed ({max}): "
                                      "choose a smaller seed or fewer runs.").format(runs=c.runs, seed=c.seed,
                                                                                     max=SEED_MAX))
    warnings = prompt_warnings(c.prompt, c.seed if c.seed is not None else 1)
    warnings += cost_warnings(len(c.path), c.infer_steps, c.runs)
    small = small_image_warning(*c.image_size) if c.image_size is not None else None
    if small:
        warnings.append(small)
    request: JobSpec | None = None
    if not errors:
        from gamecraft_desktop.composer.job_spec import JobSpec  # once a request is complete: not at start-up

        assert c.image_path is not None and c.image_sha256 is not None and c.seed is not None
        request = JobSpec(image_path=c.image_path, prompt=c.prompt, path=c.path, neg_prompt=c.neg_prompt,
                          cfg_scale=c.cfg_scale, infer_steps=c.infer_steps, seed=c.seed,
                          image_sha256=c.image_sha256, endpoint=c.endpoint, priority=c.priority,
                          start_timeout_s=c.start_timeout_s)
        from gamecraft_desktop.core.schema import InputError

        try:  # the schema has the last word on every field
            request.to_input("https://example.invalid/x.png")
        except InputError as exc:
            errors.extend(f"{i.field}: {i.message}" for i in exc.issues)
            request = None
    return CompositionCheck(tuple(errors), tuple(warnings), summary_line(c.path, c.seed, c.runs), request)


def code_problems(c: Composition) -> list[str]:
    """Why "Copy request as" cannot make code yet ([] when it can): every input the copied request carries
    must be valid, but no image is needed (the code shows a placeholder URL). Generate checks these too,
    after the image."""
    problems: list[str] = []
    if not c.prompt.strip():
        problems.append(BeforePaying.tr("A prompt is required: describe the scene."))
    problems.extend(c.path.problems())
    if c.seed is None:
        problems.append(c.seed_error or BeforePaying.tr("The seed must be a whole number."))
    if c.endpoint_error:  # the code would post to it
        problems.append(BeforePaying.tr("Endpoint: {problem}").format(problem=c.endpoint_error))
    if c.start_timeout_s is not None and c.start_timeout_s <= 1:  # it becomes a header the copy carries
        problems.append(BeforePaying.tr("The start timeout must be more than 1 second (or off)."))
    return problems


def could_be_code(c: Composition) -> bool:
    """Cheap pre-check for enabling "Copy request as" (the full check runs when it is used)."""
    return not code_problems(c)


#: "Copy request as" format -> function in core/request_code.py
CODE_RENDERERS = {
    "python_httpx": "request_as_python_httpx",
    "python_fal_client": "request_as_python_fal_client",
    "javascript": "request_as_javascript",
    "curl": "request_as_curl",
}


#: The formats whose code can send to another queue than fal's (fal-client and @fal-ai/client have no setting).
QUEUE_TARGETABLE = frozenset({"python_httpx", "curl"})


def request_as_code(c: Composition, kind: str, queue_url: str | None = None) -> str | None:
    """The request as runnable code (key read from $FAL_KEY) for the queue at `queue_url` (fal's when None);
    None while the inputs are invalid."""
    inp = input_for_code(c)
    if inp is None:
        return None
    from gamecraft_desktop.core import request_code  # pulls in pydantic: only when asked
    from gamecraft_desktop.core.connection import DEFAULT_QUEUE_URL
    from gamecraft_desktop.fal.errors import InvalidInputError

    try:
        headers = submit_headers_for_code(c)
    except InvalidInputError:  # a value Generate would refuse too
        return None
    render = getattr(request_code, CODE_RENDERERS[kind])
    if kind in QUEUE_TARGETABLE:
        text: str = render(inp, c.endpoint, headers=headers, **({"queue_url": queue_url} if queue_url else {}))
        return text
    text = render(inp, c.endpoint, headers=headers)
    if queue_url and queue_url.rstrip("/") != DEFAULT_QUEUE_URL.rstrip("/"):
        note = "#" if kind == "python_fal_client" else "//"
        text = (f"{note} This client always sends to fal's own queue, not to {queue_url} (Preferences ▸ "
                f"Connection).\n{note} Copy the request as httpx or curl to use that server.\n") + text
    return text


def submit_headers_for_code(c: Composition) -> dict[str, str]:
    """The optional submit headers Generate sends for these settings, built by the same code that sends them
    (fal's SubmitOptions), so the copy cannot drift from the real request. Priority "normal" is fal's
    default: Generate states it, the copy leaves it out (it changes nothing and would only be noise)."""
    from gamecraft_desktop.fal.queue_types import SubmitOptions

    priority = None if c.priority == "normal" else c.priority
    return SubmitOptions(priority=priority, start_timeout_s=c.start_timeout_s).headers()


def input_for_code(c: Composition) -> GameCraftInput | None:
    """The request as copied code shows it (image URL placeholder); None while the inputs are invalid."""
    if not could_be_code(c):
        return None
    from gamecraft_desktop.core.schema import ImageRef, InputError, parse_input

    try:
        inp = parse_input({"image": "https://example.invalid/x.png", "prompt": c.prompt,
                           "neg_prompt": c.neg_prompt, "action_list": [a.value for a in c.path.actions],
                           "action_speed_list": c.path.speeds, "cfg_scale": c.cfg_scale,
                           "infer_steps": c.infer_steps, "seed": c.seed})
    except InputError:
        return None
    return inp.model_copy(update={"image": ImageRef.model_construct(url=IMAGE_URL_PLACEHOLDER)})

"""The gamecraft endpoint's input and output, exactly as on the wire.

Writing is strict (what we send is always valid); reading is lenient (a list or a JSON string for the
two list fields, a bare URL or an object for the image).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gamecraft_desktop.core import defaults as _defaults
from gamecraft_desktop.core.camera_path import ENDPOINT_ACTIONS, GUARD, MAX_SPEED, Action, CameraPath, Step

# The defaults live in core/defaults.py (no pydantic) so the window can start without importing pydantic.
ENDPOINT_ID = _defaults.ENDPOINT_ID
DEFAULT_PROMPT = _defaults.DEFAULT_PROMPT
DEFAULT_NEG_PROMPT = _defaults.DEFAULT_NEG_PROMPT
DEFAULT_ACTIONS = _defaults.DEFAULT_ACTIONS
DEFAULT_SPEEDS = _defaults.DEFAULT_SPEEDS
DEFAULT_CFG_SCALE = _defaults.DEFAULT_CFG_SCALE
DEFAULT_INFER_STEPS = _defaults.DEFAULT_INFER_STEPS
DEFAULT_SEED = _defaults.DEFAULT_SEED
PROMPT_WORD_WARNING = _defaults.PROMPT_WORD_WARNING
prompt_warnings = _defaults.prompt_warnings


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """One problem with one input field, in fal's 422 shape terms."""

    field: str
    message: str
    kind: str = "value_error"

    def to_fal(self) -> dict[str, Any]:
        return {"loc": ["body", self.field], "msg": self.message, "type": self.kind}


class InputError(ValueError):
    """The request input is invalid; `issues` names each field and what is wrong."""

    def __init__(self, issues: list[FieldIssue]):
        self.issues = issues
        super().__init__("; ".join(f"{i.field}: {i.message}" for i in issues) or "invalid input")


class ImageRef(BaseModel):
    """The `image` field: a URL (https or data:) plus optional metadata."""

    model_config = ConfigDict(extra="ignore")
    url: str
    content_type: str | None = None
    file_name: str | None = None
    file_size: int | None = None
    width: int | None = None
    height: int | None = None

    @field_validator("url")
    @classmethod
    def _url_scheme(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the image URL is empty")
        lower = v.lower()
        if not (lower.startswith("https://") or lower.startswith("http://") or lower.startswith("data:")):
            raise ValueError("the image must be an https URL or a data: URI")
        return v


def _number_from_text(value: Any) -> Any:
    """A number written as text ("2", " 7.5 "), as the real app's lax parsing takes it; anything else as is."""
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return value
        return number if math.isfinite(number) else value
    return value


def _whole_number(value: Any) -> Any:
    """7, 7.0 and "7" alike (the real app takes all three for its int fields); 7.5 and "7.5" stay as they are
    and are refused."""
    value = _number_from_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _parse_json_list(value: Any, what: str) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{what} must be a JSON array, e.g. [\"w\", \"s\"]") from exc
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a JSON array")
    return value


class GameCraftInput(BaseModel):
    """The model input. Python-side lists; `to_wire()` encodes them as JSON strings."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    image: ImageRef
    prompt: str
    neg_prompt: str = DEFAULT_NEG_PROMPT
    action_list: list[str] = Field(default_factory=lambda: list(DEFAULT_ACTIONS))
    action_speed_list: list[float] = Field(default_factory=lambda: list(DEFAULT_SPEEDS))
    cfg_scale: float = DEFAULT_CFG_SCALE
    infer_steps: int = DEFAULT_INFER_STEPS
    seed: int = DEFAULT_SEED

    @field_validator("image", mode="before")
    @classmethod
    def _image(cls, v: Any) -> Any:
        return {"url": v} if isinstance(v, str) else v

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the prompt is required")
        return v

    @field_validator("action_list", mode="before")
    @classmethod
    def _actions(cls, v: Any) -> list[str]:
        items = _parse_json_list(v, "action_list")
        if not items:
            raise ValueError("at least one action is required")
        allowed = sorted(a.value for a in ENDPOINT_ACTIONS)
        for i, item in enumerate(items):
            if not isinstance(item, str) or item not in allowed:
                raise ValueError(f"action {i + 1} is {item!r}; each action must be one of w, a, s, d")
        return items

    @field_validator("action_speed_list", mode="before")
    @classmethod
    def _speeds(cls, v: Any) -> list[float]:
        items = _parse_json_list(v, "action_speed_list")
        out: list[float] = []
        for i, item in enumerate(items):
            if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item):
                raise ValueError(f"speed {i + 1} is {item!r}; speeds must be finite numbers")
            if not 0 < item <= MAX_SPEED:
                raise ValueError(f"speed {i + 1} is {item}; speeds must be greater than 0 and at most 3 "
                                 f"({GUARD})")
            out.append(float(item))
        return out

    @field_validator("cfg_scale", mode="before")
    @classmethod
    def _cfg(cls, v: Any) -> Any:
        v = _number_from_text(v)
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise ValueError("cfg_scale must be a finite number")
        if v < 1:
            raise ValueError(f"cfg_scale must be at least 1 (1 turns the negative prompt off; {GUARD})")
        return v

    @field_validator("infer_steps", mode="before")
    @classmethod
    def _steps(cls, v: Any) -> Any:
        v = _whole_number(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError("infer_steps must be a whole number")
        if v < 1:
            raise ValueError(f"infer_steps must be at least 1 ({GUARD})")
        return v

    @field_validator("seed", mode="before")
    @classmethod
    def _seed(cls, v: Any) -> Any:
        v = _whole_number(v)
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError("seed must be a whole number")
        if not _defaults.SEED_MIN <= v <= _defaults.SEED_MAX:
            raise ValueError(f"seed {v} is out of range: seeds go from {_defaults.SEED_MIN} to {_defaults.SEED_MAX}")
        return v

    @model_validator(mode="after")
    def _lengths(self) -> GameCraftInput:
        if len(self.action_list) != len(self.action_speed_list):
            raise ValueError(
                f"action_speed_list has {len(self.action_speed_list)} speeds for {len(self.action_list)} actions; "
                "they must be the same length"
            )
        return self

    @property
    def path(self) -> CameraPath:
        return CameraPath(tuple(Step(Action(a), s) for a, s in zip(self.action_list, self.action_speed_list,
                                                                   strict=True)))

    @classmethod
    def from_path(cls, *, image: ImageRef | str, prompt: str, path: CameraPath, **params: Any) -> GameCraftInput:
        path.validate()
        return parse_input({
            "image": image.model_dump(exclude_none=True) if isinstance(image, ImageRef) else image,
            "prompt": prompt,
            "action_list": [a.value for a in path.actions],
            "action_speed_list": path.speeds,
            **params,
        })

    def to_wire(self) -> dict[str, Any]:
        """The JSON body for submit: list fields as JSON strings, as the endpoint demands."""
        return {
            "image": self.image.model_dump(exclude_none=True),
            "prompt": self.prompt,
            "neg_prompt": self.neg_prompt,
            "action_list": json.dumps(self.action_list),
            "action_speed_list": json.dumps(self.action_speed_list),
            "cfg_scale": self.cfg_scale,
            "infer_steps": self.infer_steps,
            "seed": self.seed,
        }


def parse_input(data: Any) -> GameCraftInput:
    """Parse any JSON value as the model input; raises only InputError."""
    if not isinstance(data, dict):
        raise InputError([FieldIssue("body", "the request body must be a JSON object", "dict_type")])
    try:
        return GameCraftInput.model_validate(data)
    except ValidationError as exc:
        raise InputError(_issues_from(exc)) from None
    except (TypeError, ValueError, RecursionError, OverflowError) as exc:
        raise InputError([FieldIssue("body", f"invalid input: {exc}")]) from None


def _issues_from(exc: ValidationError) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err.get("loc", ())]
        field = loc[0] if loc else "body"
        msg = str(err.get("msg", "invalid value"))
        msg = msg.removeprefix("Value error, ")
        if err.get("type") == "missing":
            msg = "this field is required"
        issues.append(FieldIssue(field, msg, str(err.get("type", "value_error"))))
    return issues


class VideoFile(BaseModel):
    """A file in the model output. `content_type` may be wrong: sniff the bytes."""

    model_config = ConfigDict(extra="ignore")
    url: str
    content_type: str | None = None
    file_name: str | None = None
    file_size: int | None = None


class GameCraftOutput(BaseModel):
    model_config = ConfigDict(extra="ignore")
    video: VideoFile

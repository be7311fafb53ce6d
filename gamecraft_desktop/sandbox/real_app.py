"""The gamecraft app as fal runs it, for the sandbox to answer the same way (real-app-behaviour.md).

Three layers decide a request's fate, in this order, all after fal's queue accepted the body:
1. fal's app builder validates the body against the app's `Input` model (FastAPI + pydantic, lax mode):
   a failure is a 422 whose `detail` lists pydantic's errors with `loc` starting at "body".
2. the endpoint downloads the image, then parses the two list fields with the app's own code: anything it
   dislikes is an exception, which fal turns into 500 `{"detail": "Internal Server Error"}`.
3. the model runs; the output names a file without a content type (`application/octet-stream`) and with a
   timestamp for a name.

The models below mirror the app's declarations field for field (names included: pydantic's messages
quote the class name), so pydantic itself produces the real app's error types, messages and locations.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ValidationError, model_validator

from gamecraft_desktop.core.defaults import DEFAULT_NEG_PROMPT

#: The app's defaults for the two list fields: JSON text, not arrays.
DEFAULT_ACTION_LIST = json.dumps(["w", "s", "d", "a"])
DEFAULT_SPEED_LIST = json.dumps([0.2, 0.2, 0.2, 0.2])
APP_ACTIONS = ("w", "s", "d", "a")
#: fal's answer to any exception inside the endpoint.
INTERNAL_ERROR = {"detail": "Internal Server Error"}
#: fal's validation handler bills nothing for a 422.
BILLABLE_UNITS_HEADER = "x-fal-billable-units"
#: torch.manual_seed accepts this range; the app hands it the seed as is.
_SEED_RANGE = (-(2**63), 2**64 - 1)


class Image(BaseModel):
    """fal.toolkit's `Image` (a `File` with a size): a URL object, or a bare http/https/data URL string."""

    url: str
    content_type: str | None = None
    file_name: str | None = None
    file_size: int | None = None
    file_data: bytes | None = None
    width: int | None = None
    height: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_url_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https", "data"):
                raise ValueError("value must be a valid URL")
            return {"url": parsed.geturl()}
        return value


class Input(BaseModel):
    """The app's input model. The list fields are `str` (JSON text): an actual array is a 422."""

    image: Image
    prompt: str
    neg_prompt: str = DEFAULT_NEG_PROMPT
    action_list: str = DEFAULT_ACTION_LIST
    action_speed_list: str = DEFAULT_SPEED_LIST
    cfg_scale: float = 2.0
    infer_steps: int = 5
    seed: int = 42


class AppCrash(Exception):
    """The endpoint raised: fal answers 500 `{"detail": "Internal Server Error"}` (the traceback goes to
    the request's logs)."""


def validate_body(body: Any) -> Input | list[dict[str, Any]]:
    """The validated input, or the 422 `detail` list fal's app builder answers (FastAPI validates the
    parsed JSON with `from_attributes`, hence `model_attributes_type` for a body that is not an object)."""
    try:
        return Input.model_validate(body, from_attributes=True)
    except ValidationError as exc:
        return [_fastapi_error(e) for e in exc.errors(include_url=False)]


def _fastapi_error(error: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": error["type"], "loc": ["body", *error["loc"]], "msg": error["msg"],
                           "input": _jsonable(error.get("input"))}
    if error.get("ctx"):
        out["ctx"] = {k: _jsonable(v) for k, v in error["ctx"].items()}
    return out


def _jsonable(value: Any) -> Any:
    """What fal's validation handler makes of an echoed value (its jsonable_encoder settings)."""
    if isinstance(value, BaseException):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, bytes | bytearray):
        return f"<binary {len(value)} bytes>"
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def parse_action_fields(inp: Input) -> tuple[list[str], list[float]]:
    """The app's own parsing of the two list fields, with its quirks: JSON text that is a string or an
    object passes when its characters or keys are all w/s/d/a, booleans and NaN pass as speeds, and an
    empty pair passes (and fails later, when no video gets written). Raises AppCrash like the app raises."""
    try:
        actions = json.loads(inp.action_list)
        speeds = json.loads(inp.action_speed_list)
        if len(actions) != len(speeds):
            raise AppCrash("ValidationError: action list and action speed list must be the same length")
        if not all(a in APP_ACTIONS for a in actions):
            raise AppCrash("ValidationError: action list values must be be one of w s d a")
        if not all(isinstance(s, int | float) for s in speeds):
            raise AppCrash("ValidationError: action list values must be be one of int or float")
    except AppCrash:
        raise
    except Exception as exc:  # json.loads, len() of a number: whatever the app's code trips on
        raise AppCrash(f"{type(exc).__name__}: {exc}") from None
    # The app's loop iterates the actions and indexes the speeds; a string or an object iterates as
    # characters or keys, and a passing speed list is a list.
    return [str(a) for a in actions], [float(s) for s in speeds]


def check_seed(seed: int) -> None:
    """The model seeds torch with the app's seed as given: outside torch's range that raises."""
    if not _SEED_RANGE[0] <= seed <= _SEED_RANGE[1]:
        raise AppCrash("RuntimeError: Overflow when unpacking long")


def traceback_line(crash: BaseException) -> str:
    """The log line fal's exception handler prints for a crashed request (shortened)."""
    return json.dumps({"traceback": f"Traceback (most recent call last): ...\n{crash}"})


def output_file_name() -> str:
    """The app names its video after the microsecond timestamp of the run: digits, then `.mp4`."""
    return f"{time.time_ns() // 1000}.mp4"

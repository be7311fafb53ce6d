"""The `*.gamecraft.json` project file: everything the composer holds, as text (no I/O here)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gamecraft_desktop.core import defaults as _defaults
from gamecraft_desktop.core.camera_path import DEFAULT_SPEED, CameraPath, PathError
from gamecraft_desktop.core.schema import (
    DEFAULT_CFG_SCALE,
    DEFAULT_INFER_STEPS,
    DEFAULT_NEG_PROMPT,
    DEFAULT_SEED,
    ENDPOINT_ID,
)
from gamecraft_desktop.core.texts import Texts

#: A project file's problems in words (core/texts.py: the name is the translation context).
ProjectText = Texts("ProjectText")

PROJECT_SUFFIX = _defaults.PROJECT_SUFFIX
PROJECT_FORMAT = "gamecraft-desktop/project"
PROJECT_SCHEMA_VERSION = 1


class ProjectError(ValueError):
    """A project file that cannot be opened; the message says why in plain words."""


def _not_a_bool(value: Any) -> Any:
    # JSON true/false would pass as 1/0; the model's numbers are never booleans (gamecraft-model.md).
    if isinstance(value, bool):
        raise ValueError(ProjectText.tr("must be a number, not true or false"))
    return value


class ProjectStep(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    action: str
    speed: float = DEFAULT_SPEED

    _speed_is_a_number = field_validator("speed", mode="before")(_not_a_bool)


class ProjectImage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    path: str
    sha256: str
    width: int | None = None
    height: int | None = None


class Project(BaseModel):
    """What a project file holds. Unknown keys are ignored so older apps read newer minor additions."""

    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)  # NaN/Infinity: JSON that Python writes

    format: str = PROJECT_FORMAT
    schema_version: int = PROJECT_SCHEMA_VERSION
    image: ProjectImage | None = None
    prompt: str = ""
    neg_prompt: str = DEFAULT_NEG_PROMPT
    path: list[ProjectStep] = Field(default_factory=list)
    cfg_scale: float = DEFAULT_CFG_SCALE
    infer_steps: int = DEFAULT_INFER_STEPS
    seed: int = DEFAULT_SEED
    endpoint: str = ENDPOINT_ID
    priority: str = "normal"
    start_timeout_s: float | None = None

    _numbers_are_numbers = field_validator("cfg_scale", "infer_steps", "seed", "start_timeout_s",
                                           mode="before")(_not_a_bool)

    def camera_path(self) -> CameraPath:
        return CameraPath.of([s.action for s in self.path], [s.speed for s in self.path])

    @classmethod
    def with_camera_path(cls, path: CameraPath, **fields: Any) -> Project:
        steps = [ProjectStep(action=s.action.value, speed=s.speed) for s in path.steps]
        return cls(path=steps, **fields)


def dumps_project(project: Project) -> str:
    return json.dumps(project.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _where(loc: tuple[Any, ...]) -> str:
    """('path', 0, 'speed') → "speed of move 1 (path.0.speed)": the words first, the exact key for editors."""
    key = ".".join(str(p) for p in loc)
    if len(loc) >= 3 and loc[0] == "path" and isinstance(loc[1], int):
        return ProjectText.tr("{field} of move {move} ({key})").format(
                   field=loc[2], move=loc[1] + 1, key=key)
    return ProjectText.tr("value at '{key}'").format(key=key) if key else "value"


def loads_project(text: str | bytes) -> Project:
    """Parse a project file; raises only ProjectError, with a message a person understands."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")  # Windows editors (Notepad) start UTF-8 files with a BOM
        except UnicodeDecodeError:
            raise ProjectError(ProjectText.tr("This is not a GameCraft project: the file is not UTF-8 text.")) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ProjectError(ProjectText.tr("The project file is empty."))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProjectError(
            ProjectText.tr("The project file is damaged or truncated (JSON error at line {lineno}, column "
                           "{colno}).").format(lineno=exc.lineno, colno=exc.colno)
        ) from None
    except RecursionError:
        raise ProjectError(ProjectText.tr("The project file is damaged: it is nested too deeply.")) from None
    if not isinstance(data, dict) or data.get("format") != PROJECT_FORMAT:
        raise ProjectError(ProjectText.tr("This JSON file is not a GameCraft project."))
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectError(ProjectText.tr("The project file has no valid schema version."))
    if version > PROJECT_SCHEMA_VERSION:
        raise ProjectError(
            ProjectText.tr("This project was saved by a newer version of the app (project format "
                           "{version}; this app reads up to {newest}). Update the app to "
                           "open it.").format(version=version, newest=PROJECT_SCHEMA_VERSION)
        )
    try:
        project = Project.model_validate(data)
        project.camera_path()
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        raise ProjectError(ProjectText.tr("The project file has an invalid {where}: {message}.").format(
                               where=_where(first.get('loc', ())), message=message)) from None
    except (PathError, ValueError) as exc:
        raise ProjectError(ProjectText.tr("The project's camera path is invalid: {exc}").format(exc=exc)) from None
    return project

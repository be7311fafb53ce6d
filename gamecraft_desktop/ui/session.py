"""The last session's composer comes back at start: image, prompt, path and parameters.

Kept apart from projects: it is not an unsaved project file, so it never makes the window "modified" nor asks
to be saved. What is kept on quit:
- a project file that was open (saved, or its changes discarded at the question): that file, reopened;
- an untitled composer: its contents (in the project format), restored as Untitled.
File ▸ New empties the composer, so the next start is empty too.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from gamecraft_desktop.store.paths import AppPaths

if TYPE_CHECKING:
    from gamecraft_desktop.ui.project_controller import ProjectController

log = logging.getLogger(__name__)
SESSION_FILE = "last-session.json"


def session_path() -> Path:
    return AppPaths.default().config / SESSION_FILE


def save_session(projects: ProjectController, path: Path | None = None) -> None:
    """Remember the composer for the next start (never raises: quitting must not fail on it)."""
    from gamecraft_desktop.atomic_files import atomic_write_bytes
    from gamecraft_desktop.core.project import dumps_project

    target = path or session_path()
    if projects.file is not None:
        data: dict[str, object] = {"project_file": str(projects.file)}
    else:
        try:
            data = {"project": json.loads(dumps_project(projects.current_project()))}
        except ValueError as exc:  # e.g. a NaN speed from a file: not a project; the last good session stays
            log.warning("the composer cannot be kept for the next start: %s", exc)
            return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        log.warning("could not keep the session for the next start: %s", exc)


def restore_session(projects: ProjectController, path: Path | None = None) -> bool:
    """Bring the last session's composer back; False when there is none (or it cannot be read)."""
    from gamecraft_desktop.core.project import ProjectError, loads_project

    source = path or session_path()
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        log.warning("the last session could not be read: %s", exc)
        return False
    if not isinstance(data, dict):
        return False
    project_file = data.get("project_file")
    if isinstance(project_file, str) and Path(project_file).is_file():
        return projects.open_path(Path(project_file), ask=False)
    content = data.get("project")
    if not isinstance(content, dict):
        return False
    try:
        project = loads_project(json.dumps(content))
    except ProjectError as exc:
        log.warning("the last session's composer is not usable: %s", exc)
        return False
    projects.restore_untitled(project)
    return True

"""New / Open / Save / Save As for the composer, recent projects, the unsaved-changes question, and the
report of a project image that moved or changed (never silently replaced)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.core.camera_path import DEFAULT_PATH
from gamecraft_desktop.core.defaults import PROJECT_SUFFIX
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP
from gamecraft_desktop.ui.app_settings import KEY_RECENT_PROJECTS, LastFolder, RecentList
from gamecraft_desktop.ui.composer_panel import ComposerPanel

# The project model and file helpers pull in pydantic: they are imported on first use (open/save), so the
# window can appear first.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from gamecraft_desktop.composer.image_loader import LoadedImage
    from gamecraft_desktop.core.project import Project, ProjectImage
    from gamecraft_desktop.store.project_files import ImageCheck

PROJECT_FILTER = QT_TRANSLATE_NOOP("ProjectController", "GameCraft projects (*.gamecraft.json);;All files (*)")
assert PROJECT_SUFFIX in PROJECT_FILTER


def _headless() -> bool:
    """No one can see or answer a modal dialog on these platforms (tests, --screenshot): never block on one."""
    return QGuiApplication.platformName() in ("offscreen", "minimal")


def _image_state(path: str, sha256: str, width: int | None, height: int | None) -> dict[str, Any]:
    return {"path": path, "sha256": sha256, "width": width, "height": height}


class _CheckSignals(QObject):
    done = Signal(object, int)


class _ImageCheckTask(QRunnable):
    """Hashing a large image takes longer than the GUI thread may wait."""

    def __init__(self, signals: _CheckSignals, ticket: int, project_file: Path | None, image: ProjectImage):
        super().__init__()
        self._signals, self._ticket, self._file, self._image = signals, ticket, project_file, image

    def run(self) -> None:
        from gamecraft_desktop.store.project_files import check_image

        self._signals.done.emit(check_image(self._file, self._image), self._ticket)


class ProjectController(QObject):
    file_changed = Signal(object)  # Path | None
    modified_changed = Signal(bool)
    status_message = Signal(str)

    def __init__(self, window: QWidget, composer: ComposerPanel, doc: PathDocument):
        super().__init__(window)
        self._window, self._composer, self._doc = window, composer, doc
        self.recent = RecentList(KEY_RECENT_PROJECTS)
        self.folder = LastFolder("project")
        self.file: Path | None = None
        self._saved: dict[str, Any] = {}
        self._pending_image: ProjectImage | None = None  # the project's image while unresolved
        self._modified = False
        self._ticket = 0
        self._signals = _CheckSignals(self)
        self._signals.done.connect(self._on_image_checked)
        composer.changed.connect(self.refresh_modified)
        composer.drop_zone.image_changed.connect(self._on_image_changed)
        doc.pathChanged.connect(self.refresh_modified)
        self._reset_fields()
        self._mark_saved()

    # --- the project as data -------------------------------------------------------------------

    def current_project(self) -> Project:
        from gamecraft_desktop.core.project import Project, ProjectImage

        image = self._composer.drop_zone.current()
        pimage: ProjectImage | None
        if image is not None:
            pimage = ProjectImage(path=str(image.path), sha256=image.sha256, width=image.width, height=image.height)
        else:
            pimage = self._pending_image
        p = self._composer.parameters
        seed = p.seed_value()
        return Project.with_camera_path(
            self._doc.path(), image=pimage, prompt=self._composer.prompt_editor.text(),
            neg_prompt=self._composer.prompt_editor.negative(), cfg_scale=p.cfg.value(),
            infer_steps=p.steps.value(), seed=seed if seed is not None else 0, endpoint=p.endpoint_text(),
            priority=p.priority_value(), start_timeout_s=p.start_timeout_s())

    def is_modified(self) -> bool:
        return self._modified

    def display_name(self) -> str:
        if self.file is None:
            return self.tr("Untitled")
        return self.file.name.removesuffix(PROJECT_SUFFIX)

    def _state(self) -> dict[str, Any]:
        """Everything a project file holds, as plain values (cheap: no pydantic), to detect changes."""
        image = self._composer.drop_zone.current()
        img: dict[str, Any] | None = None
        if image is not None:
            img = _image_state(str(image.path), image.sha256, image.width, image.height)
        elif self._pending_image is not None:
            p = self._pending_image
            img = _image_state(p.path, p.sha256, p.width, p.height)
        params, prompt = self._composer.parameters, self._composer.prompt_editor
        return {"image": img, "prompt": prompt.text(), "neg_prompt": prompt.negative(),
                "path": [(s.action.value, s.speed) for s in self._doc.path().steps],
                "cfg_scale": params.cfg.value(), "infer_steps": params.steps.value(),
                "seed": params.seed.text().strip(), "endpoint": params.endpoint_text(),
                "priority": params.priority_value(), "start_timeout_s": params.start_timeout_s()}

    def refresh_modified(self, *_: object) -> None:
        modified = self._state() != self._saved
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)

    def _mark_saved(self) -> None:
        self._saved = self._state()
        self.refresh_modified()

    # --- actions ------------------------------------------------------------------------------

    def new_project(self) -> bool:
        if not self.maybe_save():
            return False
        self._reset_fields()
        self._set_file(None)
        self._mark_saved()
        return True

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        from PySide6.QtWidgets import QFileDialog  # dialogs' types and enums: not before the first frame

        start = str(self.folder.get())
        name, _ = QFileDialog.getOpenFileName(self._window, self.tr("Open Project"), start, self.tr(PROJECT_FILTER))
        if name:
            self.open_path(Path(name), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a project; on any problem the message is shown and the current project stays."""
        if ask and not self.maybe_save():
            return False
        from gamecraft_desktop.core.project import ProjectError
        from gamecraft_desktop.store.project_files import read_project

        try:
            project = read_project(path)
        except ProjectError as exc:
            self.show_error(self.tr("Cannot open project"), str(exc))
            return False
        adjusted = self._apply(project, path)
        self.recent.add(str(path))
        self.folder.remember(path)
        self.status_message.emit(self.tr("Opened {name}").format(name=path.name))
        if adjusted:
            changes = "\n".join(f"• {label}: {old} → {new}" for old, new, label in adjusted.values())
            self.show_error(self.tr("Some values were changed"), self.tr(
                "{name} has values outside what the app accepts; they were changed to the nearest accepted "
                "value. The file stays as it is until you save.\n{changes}").format(name=path.name,
                                                                                   changes=changes))
        return True

    def restore_untitled(self, project: Project) -> None:
        """Show `project` as an untitled composer that is not modified (the last session, ui/session.py)."""
        self._apply(project, None)

    def save(self) -> bool:
        if self.file is None:
            return self.save_as()
        return self._write(self.file)

    def save_as(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.file or self.folder.get() / (self.display_name() + PROJECT_SUFFIX))
        name, _ = QFileDialog.getSaveFileName(self._window, self.tr("Save Project As"), start,
                                              self.tr(PROJECT_FILTER))
        if not name:
            return False
        from gamecraft_desktop.store.project_files import with_project_suffix

        return self._write(with_project_suffix(Path(name)))

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current project (saved, discarded, or unchanged)."""
        if not self._modified:
            return True
        from PySide6.QtWidgets import QMessageBox

        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # --- dialogs (tests replace these) ----------------------------------------------------------

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        from PySide6.QtWidgets import QMessageBox

        if _headless():
            return QMessageBox.StandardButton.Discard
        return QMessageBox.question(
            self._window, self.tr("Unsaved changes"),
            self.tr("{name} has unsaved changes. Save them first?").format(name=self.display_name()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)

    def show_error(self, title: str, text: str) -> None:
        if _headless():
            self.status_message.emit(f"{title}: {text}")
            return
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self._window, title, text)

    # --- internals ----------------------------------------------------------------------------

    def _write(self, path: Path) -> bool:
        from gamecraft_desktop.core.project import ProjectError
        from gamecraft_desktop.store.project_files import write_project

        try:
            write_project(path, self.current_project())
        except ProjectError as exc:
            self.show_error(self.tr("Cannot save project"), str(exc))
            return False
        self._set_file(path)
        self._mark_saved()
        self.recent.add(str(path))
        self.folder.remember(path)
        self.status_message.emit(self.tr("Saved {name}").format(name=path.name))
        return True

    def _reset_fields(self) -> None:
        self._pending_image = None
        self._ticket += 1
        self._composer.drop_zone.clear()
        self._composer.reset_fields()
        self._doc.set_path(DEFAULT_PATH, undoable=False)
        self._doc.undo_stack().clear()

    def _apply(self, project: Project, path: Path | None) -> dict[str, tuple[Any, Any, str]]:
        """Show the project; returns the values the controls had to change (see _adjusted_values)."""
        self._ticket += 1
        self._pending_image = project.image
        self._composer.drop_zone.clear()
        self._pending_image = project.image  # clear() emitted image_changed(None); keep the project's image
        self._composer.apply_project(project)
        self._doc.set_path(project.camera_path(), undoable=False)
        self._doc.undo_stack().clear()
        self._set_file(path)
        self._mark_saved()
        adjusted = self._adjusted_values(project)
        for key, (old, _new, _label) in adjusted.items():
            # The file's value stays the saved state: the window shows the project as modified.
            self._saved[key] = old
        self.refresh_modified()
        if project.image is not None:
            QThreadPool.globalInstance().start(
                _ImageCheckTask(self._signals, self._ticket, path, project.image))
        return adjusted

    def _adjusted_values(self, project: Project) -> dict[str, tuple[Any, Any, str]]:
        """{state key: (value in the file, value now shown, label)} for the fields the controls changed
        (clamped to their range, or an unknown priority). Speeds are never changed: the timeline flags them."""
        params = self._composer.parameters
        shown = {"cfg_scale": params.cfg.value(), "infer_steps": params.steps.value(),
                 "priority": params.priority_value(), "start_timeout_s": params.start_timeout_s()}
        labels = {"cfg_scale": self.tr("CFG scale"), "infer_steps": self.tr("Steps"),
                  "priority": self.tr("Priority"), "start_timeout_s": self.tr("Start timeout (s)")}
        # Rounding to what the control shows is not a change: CFG has 2 decimals, the timeout whole seconds.
        rounding = {"cfg_scale": 0.0051, "start_timeout_s": 0.5}
        out: dict[str, tuple[Any, Any, str]] = {}
        for key, now in shown.items():
            old = getattr(project, key)
            if old is None or now is None or key not in rounding:
                same = old == now
            else:
                same = abs(old - now) <= rounding[key]
            if not same:
                out[key] = (old, now, labels[key])
        return out

    def _on_image_checked(self, check: ImageCheck, ticket: int) -> None:
        from gamecraft_desktop.store.project_files import ImageState

        if ticket != self._ticket:
            return
        zone = self._composer.drop_zone
        if check.state is ImageState.OK:
            zone.load_path(check.path)
        elif check.state is ImageState.CHANGED:
            zone.show_image_problem(check.message, changed_path=check.path)
        else:
            zone.show_image_problem(check.message)
        if check.state is not ImageState.OK:
            self.status_message.emit(check.message)

    def _on_image_changed(self, image: LoadedImage | None) -> None:
        if image is not None:
            pending, self._pending_image = self._pending_image, None
            if pending is not None and pending.sha256 == image.sha256:
                # The project's own image, found where it was saved: opening it is not an edit.
                self._saved["image"] = _image_state(str(image.path), image.sha256, image.width, image.height)
        self.refresh_modified()

    def _set_file(self, path: Path | None) -> None:
        self.file = path
        self.file_changed.emit(path)

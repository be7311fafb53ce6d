"""Composition root, jobs half: builds the job history, the in-process sandbox, the key controller, the job
manager, the player (and its presenter), the jobs panel and the path preview, and plugs them into the window
through a typed seam (app_host.JobsHost): never into the window's widgets.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from gamecraft_desktop import __version__
from gamecraft_desktop.app_compare import CompareController
from gamecraft_desktop.app_connection import WindowConnection
from gamecraft_desktop.app_export import ExportController
from gamecraft_desktop.app_host import JobsHost
from gamecraft_desktop.app_notify import FinishedNotifications
from gamecraft_desktop.app_player import PlayerPresenter
from gamecraft_desktop.app_spend import SpendGuard
from gamecraft_desktop.composer.job_spec import JobSpec
from gamecraft_desktop.composer.path_preview import PathPreviewer
from gamecraft_desktop.core.connection import ConnectionSettings
from gamecraft_desktop.engine.connection import Backend
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.jobs.job_manager import JobInputs, JobManager, PollTiming
from gamecraft_desktop.qtsupport.key_controller import KeyController, KeyInfo
from gamecraft_desktop.store.jobs_db import JobStore
from gamecraft_desktop.store.paths import AppPaths
from gamecraft_desktop.store.settings import SettingsFile
from gamecraft_desktop.ui.jobs_panel import JobsPanel
from gamecraft_desktop.ui.key_dialog import KeyDialog
from gamecraft_desktop.ui.player_area import PlayerArea
from gamecraft_desktop.ui.player_view import PlayerView

log = logging.getLogger(__name__)


class JobsRuntime(QObject):
    """Everything that makes Generate real. `shutdown()` before the app exits (aboutToQuit does it)."""

    sandboxReady = Signal(str)  # base URL
    stepModulesLoaded = Signal()  # the job steps' modules are imported (whether or not one failed)

    def __init__(self, window: JobsHost, *, paths: AppPaths | None = None,
                 secret_store_factory: Callable[[], Any] | None = None, env: Mapping[str, str] | None = None,
                 force_sandbox: bool = False, sandbox_options: dict[str, Any] | None = None,
                 poll: PollTiming | None = None, fal_config: FalConfig | None = None,
                 sandbox_url: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent or window.widget())
        self.window = window
        self.paths = (paths or AppPaths.default()).ensure()
        self.store = JobStore(self.paths.database)
        self.force_sandbox = force_sandbox
        # Where "fal" jobs go: Preferences ▸ Connection under the environment (the CLI's rule too).
        self.env = dict(os.environ if env is None else env)
        self.conn = WindowConnection(SettingsFile(self.paths.settings_file), self.env, fal_config)
        self._credentials = Credentials.none()
        self._sandbox_options = {"require_key": "sandbox:sandbox", **(sandbox_options or {})}
        self.sandbox: Any = None
        self.sandbox_url = sandbox_url  # an external sandbox (another process) instead of the in-process one
        self._shut = False
        self.step_modules_loaded = False
        self.manager = JobManager(self.store, self.paths, poll=poll, parent=self)
        if secret_store_factory is None:
            from gamecraft_desktop.fal.secret_store import KeyringSecretStore

            secret_store_factory = KeyringSecretStore
        self.key = KeyController(secret_store_factory, env=env, pool=self.manager.thread_pool,
                                 fal_config=self.fal_config, parent=self)
        self.player = PlayerView()
        self.panel = JobsPanel(self.manager)
        self.exports = ExportController(self, app_version=__version__)
        self.previewer = PathPreviewer(self.paths.cache / "previews", parent=self)
        self.notifications = FinishedNotifications(window, parent=self)
        self._key_dialog: KeyDialog | None = None
        self._history_requested = False
        self._continues: tuple[str, Path] | None = None  # (job id, its last frame) while that is the image

        self.area = PlayerArea(self.player)  # the single player, or the compare view: the presenter decides
        window.set_player_widget(self.area)
        window.set_jobs_widget(self.panel)
        self.presenter = PlayerPresenter(window, self.player, self.manager, self.panel, self.previewer, self,
                                         area=self.area)
        self.compare = CompareController(self)
        window.set_generate_available(True)
        window.set_mode_badge("…", self.tr("Looking for a fal key"))
        window.set_key_state(self.tr("Set fal key"))
        window.generate_requested.connect(self.generate)
        self.panel.runs_spin.valueChanged.connect(window.set_run_count)
        window.key_clicked.connect(lambda: self.open_key_dialog(""))
        window.add_preferences_section(self.tr("Connection"), self._connection_section)
        self.spend = SpendGuard(self)  # the estimate beside Generate, the questions before paying, the month
        window.add_close_guard(self.confirm_quit)
        self.key.changed.connect(self._on_key_info)
        self.key.credentialsChanged.connect(self._on_credentials)
        self.manager.jobFinished.connect(self.notifications.finished)
        self.manager.authRequired.connect(self._on_auth_required)
        self.manager.inputRejected.connect(self._on_input_rejected)
        self.manager.inputsReady.connect(self.load_inputs)
        self.manager.continueFailed.connect(
            lambda _job, why: window.show_status(self.tr("Could not take the last frame: {why}").format(why=why),
                                                 15000))
        self.manager.videoSaved.connect(self._on_saved)
        self.player.saveRequested.connect(self.panel.save_video)
        window.image_changed.connect(self._on_image_changed)
        self.manager.jobRemoved.connect(self._on_job_removed)

    @property
    def notifier(self) -> Any:
        return self.notifications.notifier

    # --- start / stop -----------------------------------------------------------------------------

    def start(self) -> None:
        """Find the key and start the sandbox (both off the GUI thread), then load and resume history."""
        # History is resumed once the key is known: a fal job resumed before that would ask for a key
        # that is merely still loading.
        def key_known(info: KeyInfo) -> None:
            if not info.loading and not self._history_requested:
                self._history_requested = True
                self.manager.load_history()

        self._history_requested = False
        self.key.changed.connect(key_known)
        if self.conn.connection.uses_proxy:  # keyless: usable before any key is looked up
            self._refresh_fal_backend()
        self._start_sandbox()
        self.key.load()
        self._load_step_modules()

    def _load_step_modules(self) -> None:
        """Import what the job steps use on a worker now, not in the middle of the first batch (where the
        imports held the GIL for ~90 ms: a visible stall)."""
        from gamecraft_desktop.engine.preload import load_step_modules

        def done(_result: Any, error: BaseException | None) -> None:
            if error is not None:  # a broken install: the first job says what is missing
                log.warning("loading the job steps' modules failed: %s", error)
            self.step_modules_loaded = True
            self.stepModulesLoaded.emit()

        self.manager.run_task("load step modules", load_step_modules, done)

    def _start_sandbox(self) -> None:
        if self.sandbox_url:
            self.manager.set_backend(Backend.sandbox(self.sandbox_url),
                                     default=self.force_sandbox or self.manager.default_mode == "sandbox")
            self.sandboxReady.emit(self.sandbox_url)
            return
        options = dict(self._sandbox_options)

        def work() -> Any:
            from gamecraft_desktop.sandbox import SandboxServer

            server = SandboxServer(**options)
            server.start()
            return server

        def done(server: Any, error: BaseException | None) -> None:
            if error is not None:
                log.error("the local sandbox could not start: %s", error)
                self.window.show_status(self.tr("The local sandbox could not start: {error}").format(error=error),
                                        15000)
                return
            if self._shut:
                server.stop()
                return
            self.sandbox = server
            self.manager.set_backend(Backend.sandbox(server.base_url),
                                     default=self.force_sandbox or self.manager.default_mode == "sandbox")
            self.sandboxReady.emit(server.base_url)

        self.manager.run_task("sandbox", work, done)

    def shutdown(self) -> None:
        if self._shut:
            return
        self._shut = True
        self.notifications.stop()
        self.presenter.leave_compare()  # stops its decoders
        self.previewer.shutdown()
        self.exports.shutdown()
        self.player.shutdown()
        self.manager.shutdown()
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None
        self.store.close()

    # --- key and mode -----------------------------------------------------------------------------

    def _on_key_info(self, info: KeyInfo) -> None:
        if info.loading:
            return
        if info.has_key:
            self.window.set_key_state(self.tr("key: set ✓ (environment)") if info.from_environment
                                      else self.tr("key: set ✓ (keyring)") if info.persistent
                                      else self.tr("key: set ✓ (this session)"))
        else:
            self.window.set_key_state(self.tr("key: added by the proxy") if self.conn.connection.uses_proxy
                                      else self.tr("Set fal key"))
        if info.warning and info.has_key:
            self.window.show_status(info.warning, 15000)
        self._update_mode()

    def _on_credentials(self, creds: Credentials) -> None:
        self._credentials = creds
        self._refresh_fal_backend()

    def _refresh_fal_backend(self) -> None:
        backend = self.conn.backend(self._credentials)
        if backend is not None:
            self.manager.set_backend(backend, default=not self.force_sandbox)
        else:
            self.manager.remove_backend("fal")
            self.manager.set_default_mode("sandbox")
        self._update_mode()

    @property
    def fal_config(self) -> FalConfig:
        return self.conn.fal_config

    def _connection_section(self) -> QWidget:
        from gamecraft_desktop.ui.connection_section import ConnectionSection

        return ConnectionSection(self.conn.saved, self.apply_connection, self.env)

    def apply_connection(self, settings: ConnectionSettings) -> str | None:
        """Preferences ▸ Connection's Apply: a message for people when nothing could change."""
        busy = self.manager.active_count("fal") if self.conn.moves_server(settings) else 0
        if busy:  # their status and result URLs are on the current server: the key must keep going there
            return self.tr("%n job(s) still running on {server}. Change the server once they have finished (or "
                           "cancel them).", "", busy).format(server=self.conn.connection.server_label)
        try:
            new = self.conn.apply(settings)
        except OSError as exc:
            return self.tr("The settings could not be saved ({error}); nothing changed.").format(error=exc)
        self.key.fal_config = self.fal_config
        self._refresh_fal_backend()
        self._on_key_info(self.key.info)
        self.window.show_status(self.tr("Connection: {where}.").format(where=new.describe()), 10000)
        return None

    def _update_mode(self) -> None:
        self.window.set_request_queue_url(self.conn.fal_config.queue_url)  # Copy request as goes where fal jobs go
        if self.manager.default_mode == "fal":
            self.window.set_mode_badge(*self.conn.badge())
        else:
            self.window.set_mode_badge(self.tr("Sandbox"), self.tr(
                "Sandbox mode: free, local, simulated camera motion (not the real model). Set a fal key to run the "
                "real model."), "sandbox")
        self.spend.update()  # free in the sandbox, estimated on fal

    def open_key_dialog(self, reason: str = "") -> KeyDialog:
        if self._key_dialog is None:
            self._key_dialog = KeyDialog(self.key, self.window.widget(), reason)
            self._key_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._key_dialog.set_reason(reason)
        self._key_dialog.show()
        self._key_dialog.raise_()
        return self._key_dialog

    @property
    def key_dialog(self) -> KeyDialog | None:
        return self._key_dialog

    def _on_auth_required(self, message: str) -> None:
        self.open_key_dialog(message)

    # --- generate ---------------------------------------------------------------------------------

    def generate(self, request: JobSpec) -> list[str]:
        """Generate from the window: start `panel.runs` jobs with consecutive seeds."""
        image = Path(request.image_path)
        if self._image_changed_since_loaded(image):
            return []
        # "Continue from the last frame" holds while that frame is still the image.
        continues = self._continues[0] if self._continues and self._continues[1] == image else None
        spec = replace(request, image_path=image, continues=continues)
        runs = self.panel.runs()
        if not self.spend.may_generate(runs, request.seed):  # over a spending limit, or a paid batch: asked
            return []
        ids = self.manager.submit(spec, count=runs)
        if continues is not None:
            self._set_continues(None)  # one Generate continues the job; "Continue" again for another
        self.presenter.generated(ids)
        if ids:
            self.panel.select(ids[0])
        n = len(ids)
        if self.manager.default_mode == "sandbox":
            text = self.tr("Started %n job(s) on the local sandbox (free, simulated).", "", n)
        else:
            text = self.tr("Started %n job(s) on fal.", "", n)
        self.window.show_status(text, 8000)
        return ids

    def _image_changed_since_loaded(self, image: Path) -> bool:
        """Never pay for a picture the person did not see: a file changed after it was shown is not sent."""
        loaded = self.window.current_image()
        problem = loaded.changed_on_disk() if loaded is not None and loaded.path == image else None
        if problem is None:
            return False
        self.window.refuse_changed_image(
            self.tr("{problem} Nothing was sent: the panel showed the earlier version. Use the file as it is "
                    "now, or locate the image you meant.").format(problem=problem),
            image if image.is_file() else None)
        self.window.show_status(self.tr("Not generated: the image file changed on disk."), 15000)
        return True

    # --- other job actions ----------------------------------------------------------------------

    def load_inputs(self, inputs: JobInputs) -> None:
        inp = inputs.input
        self.window.load_composer(inp, inputs.image_path)
        if inputs.continues is not None and inputs.image_path is not None:
            self._set_continues((inputs.continues, inputs.image_path), inp.prompt)
            self.window.show_status(self.tr(
                "The last frame is the new image: Generate continues the video (it is also joined after this "
                "one: Save joined video… in the job's menu)."), 15000)
        else:
            self._set_continues(None)
            self.window.show_status(self.tr("Loaded the job's inputs into the composer."), 8000)

    def _set_continues(self, link: tuple[str, Path] | None, prompt: str = "") -> None:
        self._continues = link
        short = prompt if len(prompt) <= 48 else prompt[:47] + "…"
        self.window.set_continue_note(self.tr(
            "Continues “{prompt}” from its last frame: the new video is also joined after it.").format(prompt=short)
            if link else "")

    def _on_image_changed(self, *_: object) -> None:
        image = self.window.current_image()
        if self._continues is not None and (image is None or image.path != self._continues[1]):
            self._set_continues(None)  # another image, or none: no longer a continuation

    def _on_job_removed(self, job_id: str) -> None:
        if self._continues is not None and self._continues[0] == job_id:
            self._set_continues(None)  # nothing left to continue (the image itself stays)
            self.window.show_status(self.tr(
                "The job being continued was deleted: the next Generate is a new video, not a continuation."),
                10000)

    def _on_input_rejected(self, job_id: str, issues: Any) -> None:
        text = "; ".join(f"{i.field}: {i.message}" for i in issues)
        self.window.show_status(self.tr("fal rejected the input — {issues}").format(issues=text), 20000)
        self.window.mark_field_issues(issues)

    def _on_saved(self, job_id: str, path: str, error: str) -> None:
        if not error:
            from gamecraft_desktop.core.sidecar import sidecar_path_for

            self.window.show_status(self.tr("Saved {path} and its sidecar {sidecar}").format(
                path=path, sidecar=sidecar_path_for(Path(path)).name), 10000)

    # --- quitting ---------------------------------------------------------------------------------

    #: Replaceable in tests: the question asked once when jobs are in flight.
    ask_quit: Callable[[QWidget, int], bool] | None = None
    #: (window, runs, seeds, summary) -> start? Replaceable in tests; the default asks (ui/batch_confirm).
    ask_paid_batch: Callable[[QWidget, int, str, str], bool] | None = None

    def confirm_quit(self) -> bool:
        n = self.manager.active_count()
        if n == 0:
            return True
        if self.ask_quit is not None:
            return self.ask_quit(self.window.widget(), n)
        text = self.tr("%n job(s) still in progress. fal keeps working on them and they resume the next time you "
                       "start the app (sandbox jobs start again from the beginning). Quit now?", "", n)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Jobs still running"), text,
                          QMessageBox.StandardButton.NoButton, self.window.widget())
        quit_button = box.addButton(self.tr("Quit, resume later"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep open"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is quit_button


def attach_jobs(window: JobsHost, **kwargs: Any) -> JobsRuntime:
    """Build the jobs runtime for `window`, start it, and stop it when the application quits."""
    from PySide6.QtCore import QCoreApplication

    runtime = JobsRuntime(window, **kwargs)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(runtime.shutdown)
    QTimer.singleShot(0, runtime.start)
    return runtime

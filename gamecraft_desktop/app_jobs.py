"""Composition root, jobs half: builds the job history, the in-process sandbox, the key controller, the job
manager, the player, the jobs panel and the path preview, and plugs them into the composer's window through
its public API (`generate_requested`, `set_player_widget`, `set_jobs_widget`, `set_mode_badge`, …).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from gamecraft_desktop import __version__
from gamecraft_desktop.app_connection import WindowConnection
from gamecraft_desktop.app_export import ExportController
from gamecraft_desktop.app_spend import SpendGuard
from gamecraft_desktop.composer.path_preview import PathPreviewer, preview_hint
from gamecraft_desktop.core.connection import ConnectionSettings
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.engine.connection import Backend
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_manager import JobInputs, JobManager, JobSpec, PollTiming
from gamecraft_desktop.jobs.key_controller import KeyController, KeyInfo
from gamecraft_desktop.store.jobs_db import JobStore
from gamecraft_desktop.store.paths import AppPaths
from gamecraft_desktop.store.settings import SettingsFile
from gamecraft_desktop.ui.jobs_panel import JobsPanel
from gamecraft_desktop.ui.key_dialog import KeyDialog
from gamecraft_desktop.ui.notifications import Notifier
from gamecraft_desktop.ui.player_view import PlayerView

log = logging.getLogger(__name__)


#: Jobs finishing less than this apart are announced in one notification (at most NOTIFY_GATHER_MAX_S late).
NOTIFY_GATHER_MS = 1500
NOTIFY_GATHER_MAX_S = 10.0


class JobsRuntime(QObject):
    """Everything that makes Generate real. `shutdown()` before the app exits (aboutToQuit does it)."""

    sandboxReady = Signal(str)  # base URL

    def __init__(self, window: Any, *, paths: AppPaths | None = None,
                 secret_store_factory: Callable[[], Any] | None = None, env: Mapping[str, str] | None = None,
                 force_sandbox: bool = False, sandbox_options: dict[str, Any] | None = None,
                 poll: PollTiming | None = None, fal_config: FalConfig | None = None,
                 sandbox_url: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
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
        self.notifier = Notifier(window)
        self._to_notify: list[JobEvent] = []
        self._notify_since = 0.0
        self._notify_timer = QTimer(window)
        self._notify_timer.setObjectName("finishedNotification")
        self._notify_timer.setSingleShot(True)
        self._notify_timer.setInterval(NOTIFY_GATHER_MS)
        self._notify_timer.timeout.connect(self._notify_finished)
        self._key_dialog: KeyDialog | None = None
        self._showing_job: str | None = None
        self._latest_submitted: set[str] = set()
        self._continues: tuple[str, Path] | None = None  # (job id, its last frame) while that is the image

        window.set_player_widget(self.player)
        window.set_jobs_widget(self.panel)
        window.set_generate_available(True)
        window.set_mode_badge("…", "Looking for a fal key")
        window.set_key_state("Set fal key")
        window.generate_requested.connect(self.generate)
        self.panel.runs_spin.valueChanged.connect(window.set_run_count)
        window.key_clicked.connect(lambda: self.open_key_dialog(""))
        window.preferences.add_section("Connection", self._connection_section)
        self.spend = SpendGuard(self)  # the estimate beside Generate, the questions before paying, the month
        window.add_close_guard(self.confirm_quit)
        self.key.changed.connect(self._on_key_info)
        self.key.credentialsChanged.connect(self._on_credentials)
        self.manager.jobFinished.connect(self._on_finished)
        self.manager.authRequired.connect(self._on_auth_required)
        self.manager.inputRejected.connect(self._on_input_rejected)
        self.manager.inputsReady.connect(self.load_inputs)
        self.manager.continueFailed.connect(
            lambda _job, why: self.window.statusBar().showMessage(f"Could not take the last frame: {why}", 15000))
        self.manager.videoSaved.connect(self._on_saved)
        self.panel.jobActivated.connect(self.show_job)
        self.panel.view.clicked.connect(lambda idx: self._activate_index(idx))
        self.player.saveRequested.connect(self.panel.save_video)
        self.player.frameChanged.connect(self._on_frame)
        self.previewer.ready.connect(self._on_preview)
        self.previewer.failed.connect(self._on_preview_failed)
        self.previewer.started.connect(self._on_preview_started)
        window.doc.pathChanged.connect(self._request_preview)
        window.drop_zone.image_changed.connect(self._request_preview)
        window.drop_zone.image_changed.connect(self._on_image_changed)
        self.manager.jobRemoved.connect(self._on_job_removed)
        window.drop_zone.busy_changed.connect(self._request_preview)
        self._request_preview()  # the first-start hint names what is missing

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
                self.window.statusBar().showMessage(f"The local sandbox could not start: {error}", 15000)
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
        self._notify_timer.stop()
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
            source = "environment" if info.from_environment else "keyring" if info.persistent else "this session"
            self.window.set_key_state(f"key: set ✓ ({source})")
        else:
            self.window.set_key_state("key: added by the proxy" if self.conn.connection.uses_proxy else "Set fal key")
        if info.warning and info.has_key:
            self.window.statusBar().showMessage(info.warning, 15000)
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
            text = (self.tr("{n} job is still running on {server}. Change the server once it has finished (or "
                            "cancel it).") if busy == 1 else self.tr(
                "{n} jobs are still running on {server}. Change the server once they have finished (or cancel "
                "them)."))
            return text.format(n=busy, server=self.conn.connection.server_label)
        try:
            new = self.conn.apply(settings)
        except OSError as exc:
            return self.tr("The settings could not be saved ({error}); nothing changed.").format(error=exc)
        self.key.fal_config = self.fal_config
        self._refresh_fal_backend()
        self._on_key_info(self.key.info)
        self.window.statusBar().showMessage(self.tr("Connection: {where}.").format(where=new.describe()), 10000)
        return None

    def _update_mode(self) -> None:
        if self.manager.default_mode == "fal":
            self.window.set_mode_badge(*self.conn.badge())
        else:
            self.window.set_mode_badge("Sandbox", "Sandbox mode: free, local, simulated camera motion (not the real "
                                                  "model). Set a fal key to run the real model.")
        self.spend.update()  # free in the sandbox, estimated on fal

    def open_key_dialog(self, reason: str = "") -> KeyDialog:
        if self._key_dialog is None:
            self._key_dialog = KeyDialog(self.key, self.window, reason)
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

    def generate(self, request: Any) -> list[str]:
        """A ComposerRequest from the window: start `panel.runs` jobs with consecutive seeds."""
        image = Path(request.image_path)
        if self._image_changed_since_loaded(image):
            return []
        # "Continue from the last frame" holds while that frame is still the image.
        continues = self._continues[0] if self._continues and self._continues[1] == image else None
        spec = JobSpec(image_path=image, prompt=request.prompt, path=request.path,
                       neg_prompt=request.neg_prompt, cfg_scale=request.cfg_scale, infer_steps=request.infer_steps,
                       seed=request.seed, priority=getattr(request, "priority", None),
                       start_timeout_s=getattr(request, "start_timeout_s", None), continues=continues,
                       image_sha256=getattr(request, "image_sha256", None))
        runs = self.panel.runs()
        if not self.spend.may_generate(runs, request.seed):  # over a spending limit, or a paid batch: asked
            return []
        ids = self.manager.submit(spec, count=runs)
        if continues is not None:
            self._set_continues(None)  # one Generate continues the job; "Continue" again for another
        self._latest_submitted = set(ids)
        if ids:
            self.panel.select(ids[0])
        n = len(ids)
        if self.manager.default_mode == "sandbox":
            text = (self.tr("Started %n job on the local sandbox (free, simulated).", "", n) if n == 1 else
                    self.tr("Started %n jobs on the local sandbox (free, simulated).", "", n))
        else:
            text = self.tr("Started %n job on fal.", "", n) if n == 1 else self.tr("Started %n jobs on fal.", "", n)
        self.window.statusBar().showMessage(text, 8000)
        return ids

    def _image_changed_since_loaded(self, image: Path) -> bool:
        """Never pay for a picture the person did not see: a file changed after it was shown is not sent."""
        zone = self.window.drop_zone
        loaded = zone.current()
        problem = loaded.changed_on_disk() if loaded is not None and loaded.path == image else None
        if problem is None:
            return False
        zone.clear()
        zone.show_image_problem(
            self.tr("{problem} Nothing was sent: the panel showed the earlier version. Use the file as it is "
                    "now, or locate the image you meant.").format(problem=problem),
            changed_path=image if image.is_file() else None)
        self.window.statusBar().showMessage(self.tr("Not generated: the image file changed on disk."), 15000)
        return True

    # --- player -------------------------------------------------------------------------------------

    def _activate_index(self, idx: Any) -> None:
        ev = self.panel.current_event()
        if ev is not None:
            self.show_job(ev, force=True)

    def show_job(self, ev: JobEvent, force: bool = False) -> None:
        """Show the selected job: its video when done, else what it is doing."""
        if ev.state == JobState.DONE and ev.video_path is not None:
            if force or self._showing_job != ev.job_id or self.player.video_path != ev.video_path:
                self._showing_job = ev.job_id
                self.player.set_video(ev.video_path, sandbox=ev.is_sandbox, job_id=ev.job_id,
                                      frame_count=ev.frame_count)
            return
        if self._showing_job == ev.job_id or force or self.player.job_id is None:
            self._showing_job = ev.job_id
            self.player.set_video(None)
            self.player.show_message(_waiting_text(ev))

    def _on_finished(self, ev: JobEvent) -> None:
        # The first finished job of the latest Generate plays at once (one player reload per Generate, not
        # one per job of a ×N batch); the selected job plays when it finishes.
        if ev.state == JobState.DONE and (ev.job_id in self._latest_submitted or
                                          self.panel.current_job_id() == ev.job_id):
            self._latest_submitted = set()
            self.panel.select(ev.job_id)  # a new selection shows the job itself (jobActivated)
            if self.player.job_id != ev.job_id or self.player.video_path != ev.video_path:
                self.show_job(ev, force=True)  # it was selected already: load the video now, once
        if not self.window.isActiveWindow():
            if not self._to_notify:
                self._notify_since = time.monotonic()
            self._to_notify.append(ev)
            # Wait for the rest of a batch (each finish restarts the wait), but not forever.
            if time.monotonic() - self._notify_since < NOTIFY_GATHER_MAX_S or not self._notify_timer.isActive():
                self._notify_timer.start()

    def _notify_finished(self) -> None:
        """One notification for the jobs that finished within a moment of each other (a ×N batch is one
        message, not N)."""
        events, self._to_notify = self._to_notify, []
        if self.window.isActiveWindow() or not events:
            return
        if len(events) == 1:
            ev = events[0]
            title = "Video ready" if ev.state == JobState.DONE else f"Job {ev.state.label.lower()}"
            self.notifier.notify(title, ev.prompt[:80] + (f"\n{ev.error}" if ev.error else ""))
            return
        done = sum(1 for ev in events if ev.state == JobState.DONE)
        title = f"{done} videos ready" if done == len(events) else f"{len(events)} jobs finished"
        body = events[-1].prompt[:80]
        if done != len(events):
            body = f"{done} done, {len(events) - done} failed or cancelled · {body}"
        self.notifier.notify(title, body)

    def _on_frame(self, frame: int) -> None:
        self.window.doc.set_playhead(frame)

    def _request_preview(self, *_: object) -> None:
        image = self.window.drop_zone.current()
        path = self.window.doc.path()
        self.previewer.request(image.path if image is not None else None, path)
        hint = preview_hint(image is not None, path, image_loading=self.window.drop_zone.busy)
        if hint is not None and self.player.job_id is None:  # never over a job's video: say what is missing
            if self.player.video_path is not None:
                self.player.set_video(None)  # a preview of inputs that are gone
            self.player.show_message(hint)
        elif hint is None and self.player.job_id is None and self.player.video_path is not None:
            self.player.set_stale("Out of date: rendering a preview of the new path…")

    def _on_preview_started(self) -> None:
        if self.player.job_id is None and self.player.video_path is not None:
            self.player.set_stale("Out of date: rendering a preview of the new path…")
        elif self.player.video_path is None:
            self.player.show_message("Rendering a free preview of the camera path…")

    def _on_preview_failed(self, message: str) -> None:
        if self.player.job_id is None:  # a job's video stays; an old preview would show the wrong path
            self.player.set_video(None)
            self.player.show_message(f"The free preview failed: {message}")

    def _on_preview(self, video: Path, frames: int) -> None:
        self._showing_job = None
        self.player.set_video(video, preview=True, frame_count=frames)

    # --- other job actions ----------------------------------------------------------------------

    def load_inputs(self, inputs: JobInputs) -> None:
        from gamecraft_desktop.core.project import Project

        inp = inputs.input
        project = Project.with_camera_path(inp.path, prompt=inp.prompt, neg_prompt=inp.neg_prompt,
                                           cfg_scale=inp.cfg_scale, infer_steps=inp.infer_steps, seed=inp.seed)
        self.window.composer.apply_project(project)
        self.window.doc.set_path(inp.path)
        if inputs.image_path is not None:
            self.window.drop_zone.load_path(inputs.image_path)
        if inputs.continues is not None and inputs.image_path is not None:
            self._set_continues((inputs.continues, inputs.image_path), inp.prompt)
            self.window.statusBar().showMessage(
                "The last frame is the new image: Generate continues the video (it is also joined after this "
                "one: Save joined video… in the job's menu).", 15000)
        else:
            self._set_continues(None)
            self.window.statusBar().showMessage("Loaded the job's inputs into the composer.", 8000)

    def _set_continues(self, link: tuple[str, Path] | None, prompt: str = "") -> None:
        self._continues = link
        short = prompt if len(prompt) <= 48 else prompt[:47] + "…"
        self.window.generate_bar.set_continue_note(
            f"Continues “{short}” from its last frame: the new video is also joined after it." if link else "")

    def _on_image_changed(self, *_: object) -> None:
        image = self.window.drop_zone.current()
        if self._continues is not None and (image is None or image.path != self._continues[1]):
            self._set_continues(None)  # another image, or none: no longer a continuation

    def _on_job_removed(self, job_id: str) -> None:
        if self._continues is not None and self._continues[0] == job_id:
            self._set_continues(None)  # nothing left to continue (the image itself stays)
            self.window.statusBar().showMessage(
                "The job being continued was deleted: the next Generate is a new video, not a continuation.",
                10000)

    def _on_input_rejected(self, job_id: str, issues: Any) -> None:
        text = "; ".join(f"{i.field}: {i.message}" for i in issues)
        self.window.statusBar().showMessage(f"fal rejected the input — {text}", 20000)
        mark = getattr(self.window, "mark_field_issues", None)
        if callable(mark):
            mark(issues)

    def _on_saved(self, job_id: str, path: str, error: str) -> None:
        if not error:
            from gamecraft_desktop.core.sidecar import sidecar_path_for

            self.window.statusBar().showMessage(f"Saved {path} and its sidecar {sidecar_path_for(Path(path)).name}",
                                                10000)

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
            return self.ask_quit(self.window, n)
        text = (self.tr("%n job is still in progress. fal keeps working on it and it resumes the next time you "
                        "start the app (a sandbox job starts again from the beginning). Quit now?", "", n) if n == 1
                else self.tr("%n jobs are still in progress. fal keeps working on them and they resume the next "
                             "time you start the app (sandbox jobs start again from the beginning). Quit now?", "", n))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Jobs still running"), text,
                          QMessageBox.StandardButton.NoButton, self.window)
        quit_button = box.addButton("Quit, resume later", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep open", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is quit_button


def _waiting_text(ev: JobEvent) -> str:
    from gamecraft_desktop.jobs.job_list_model import status_line

    line = status_line(ev)
    if ev.state in (JobState.FAILED, JobState.SUBMIT_UNCERTAIN, JobState.CANCELLED):
        return line + (f"\n\n{ev.note}" if ev.note and ev.note not in line else "")
    return line + "\nThe video plays here as soon as it is ready."


def attach_jobs(window: Any, **kwargs: Any) -> JobsRuntime:
    """Build the jobs runtime for `window`, start it, and stop it when the application quits."""
    from PySide6.QtCore import QCoreApplication

    runtime = JobsRuntime(window, **kwargs)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(runtime.shutdown)
    QTimer.singleShot(0, runtime.start)
    return runtime

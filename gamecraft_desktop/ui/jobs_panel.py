"""The JOBS panel: one row per job (thumbnail, prompt, state, queue position, elapsed, segment i/N, bytes,
logs on expand), a search box, and the actions for the selected job.

The panel only shows `JobEvent`s (through `JobListModel`) and calls the job manager's public methods; it
never touches the network, the database or the keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QSpinBox,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.export_service import name_stem
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_list_model import JobFilterModel, JobListModel, JobRole
from gamecraft_desktop.jobs.job_manager import JobManager
from gamecraft_desktop.ui.accessibility import describe_label
from gamecraft_desktop.ui.app_settings import LastFolder
from gamecraft_desktop.ui.job_row_delegate import JobRowDelegate
from gamecraft_desktop.ui.jobs_choosing import CHOOSING_KEYS, JobChoosing
from gamecraft_desktop.ui.style import style_menu_button


class JobsPanel(QWidget):
    """Lists jobs and acts on the selected one. Emits `jobActivated(JobEvent)` when a job is selected and
    `exportRequested(job id)` for Export…."""

    jobActivated = Signal(object)
    exportRequested = Signal(str)

    def __init__(self, manager: JobManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        self.setAccessibleName(self.tr("Jobs"))
        self.manager = manager
        self.model = JobListModel(self)
        self.proxy = JobFilterModel(self)
        self.proxy.setSourceModel(self.model)
        #: Replaceable in tests: (title, text) -> yes?
        self.confirm: Callable[[str, str], bool] = self._ask
        #: Replaceable in tests: suggested path -> chosen path or None.
        self.choose_save_path: Callable[[Path], Path | None] = self._choose_save_path

        # This month's real runs on fal (time, and cost when priced): fed by the jobs side, sandbox never counted.
        self.month_total = QLabel(self)
        self.month_total.setObjectName("monthTotal")
        describe_label(self.month_total, self.tr("This month's fal runs"))
        self.month_total.setWordWrap(True)
        self.month_total.hide()
        self.search = QLineEdit(self)
        self.search.setObjectName("jobSearch")
        self.search.setPlaceholderText(self.tr("Search prompts or paste a request id"))
        self.search.setAccessibleName(self.tr("Search jobs"))
        self.search.setToolTip(self.tr("Show only jobs whose prompt contains every word"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):  # Qt's clear button: unnamed otherwise
            clear.setAccessibleName(self.tr("Clear the search"))
        self.search.textChanged.connect(self.proxy.set_search)
        self.runs_spin = QSpinBox(self)
        self.runs_spin.setObjectName("runsPerGenerate")
        self.runs_spin.setRange(1, 16)
        self.runs_spin.setPrefix("×")
        self.runs_spin.setAccessibleName(self.tr("Runs per Generate"))
        self.runs_spin.setToolTip(self.tr("Generate N jobs with consecutive seeds (seed, seed+1, …); on fal "
                                          "each one is billed"))
        self.runs_label = QLabel(self.tr("&Runs"), self)
        self.runs_label.setObjectName("runsLabel")
        self.runs_label.setBuddy(self.runs_spin)
        self.runs_label.setToolTip(self.runs_spin.toolTip())

        self.view = QListView(self)
        self.view.setObjectName("jobList")
        self.view.setAccessibleName(self.tr("Job list"))
        self.view.setToolTip(self.tr("Your jobs, newest first: select one to play its video · double-click shows "
                                     "its logs · drag a finished one out to copy its video file"))
        self.view.setModel(self.proxy)
        delegate = JobRowDelegate(self.view)
        delegate.read_rows_from(self.model, self.proxy)
        self.view.setItemDelegate(delegate)
        # Ctrl/Shift-click selects several jobs: Compare, Star and Delete unstarred act on them.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Rows share one height until one shows its logs: the view then measures one row, not every row
        # on every layout (which made it call the delegate's sizeHint thousands of times per batch).
        self.view.setUniformItemSizes(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda _i: self.toggle_logs())
        self.empty = QLabel(self.tr("No jobs yet. Press Generate to start one; it will appear here."), self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("jobsEmpty")

        self.actions: dict[str, QAction] = {}
        # A tool bar, not a row of buttons: when the dock is narrow (150 %/200 % scale) the buttons that do
        # not fit go into its » menu instead of widening the window past the screen.
        bar = QToolBar(self)
        bar.setObjectName("jobButtons")
        bar.setIconSize(QSize(1, 1))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")  # the » of buttons that do not fit
        if extension is not None:
            extension.setAccessibleName(self.tr("More job actions"))
        specs = [
            ("cancel", self.tr("Cancel"), self.tr("Cancel the job (one fal already runs may still finish and be "
                                                  "billed: its video is then kept)"),
             "Del"),
            ("retry", self.tr("Retry"), self.tr("Retry: a failed download of a finished job is fetched again "
                                                "for free; a job never sent is sent again"), ""),
            ("discard", self.tr("Discard"), self.tr("Drop this job without sending it (nothing was sent)"), ""),
            ("rerun", self.tr("Re-run"), self.tr("Run again with the same inputs (a new paid job on fal)"), ""),
            ("vary", self.tr("Vary seed"), self.tr("Run again with a new random seed"), ""),
            ("load", self.tr("Load inputs"), self.tr("Load this job's image, prompt, path and parameters into "
                                                     "the composer"), ""),
            ("continue", self.tr("Continue from last frame"),
             self.tr("Use this video's last frame as the next image (prompt, path and parameters too); the "
                     "next video is then also joined after this one"), ""),
            ("save_joined", self.tr("Save joined video…"),
             self.tr("Save the video this job continued followed by this one, as one MP4 with its sidecar"), ""),
            ("folder", self.tr("Open folder"), self.tr("Open the job's folder in the file manager"), ""),
            ("copy_id", self.tr("Copy id"), self.tr("Copy the fal request id"), "Ctrl+Shift+C"),
            # Ctrl+E ("export"): Ctrl+S is File ▸ Save (the project), window-wide.
            ("save", self.tr("Save video…"), self.tr("Save the MP4 and its JSON sidecar (Ctrl+E)"), "Ctrl+E"),
            ("export", self.tr("Export…"), self.tr("Export as GIF, WebP, MP4, PNG frames, one frame or a contact "
                                                   "sheet"), ""),
            ("logs", self.tr("Logs"), self.tr("Show or hide the job's logs (Enter)"), "Return"),
            ("delete", self.tr("Delete"), self.tr("Delete the job and its files"), "Shift+Del"),
        ]
        for key, text, tip, shortcut in specs:
            act = QAction(text, self)
            act.setObjectName(f"jobAction_{key}")
            act.setToolTip(tip)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, k=key: self.trigger(k))
            self.addAction(act)
            self.actions[key] = act
        # "Actions" comes first and lists every action, so nothing hides in the bar's overflow (») when the
        # dock is narrow; the common ones follow as buttons.
        more = QToolButton(self)
        more.setText(self.tr("Actions"))
        more.setObjectName("jobActionsMenu")
        more.setAccessibleName(self.tr("Job actions"))
        more.setToolTip(self.tr("Every action for the selected job"))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        style_menu_button(more)
        menu = QMenu(more)
        for key in ("cancel", "retry", "discard", "rerun", "save", "logs", None, "vary", "load", "continue", "export",
                    "save_joined", "folder", "copy_id", None, "delete"):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        self.choosing = JobChoosing(self)
        self.actions.update(self.choosing.actions)
        menu.addSeparator()
        for key in CHOOSING_KEYS:
            menu.addAction(self.actions[key])
        menu.addAction(self.choosing.starred_filter)
        more.setMenu(menu)
        bar.addWidget(more)
        for key in ("cancel", "retry", "discard", "rerun", "save", "logs", "compare"):
            bar.addAction(self.actions[key])
            btn = bar.widgetForAction(self.actions[key])
            btn.setAccessibleName(self.actions[key].text().rstrip("…"))
            btn.setObjectName(f"jobButton_{key}")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.search, 1)
        top.addSpacing(4)
        top.addWidget(self.runs_label)
        top.addWidget(self.runs_spin)
        layout.addWidget(self.month_total)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(bar)

        self._tick = QTimer(self)
        self._tick.setObjectName("jobsElapsedTick")
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)

        manager.jobChanged.connect(self.apply)
        manager.jobRemoved.connect(self.model.remove)
        manager.jobRemoved.connect(lambda _id: self._update())
        manager.jobRemoved.connect(lambda _id: self.view.setUniformItemSizes(not self.model.has_expanded()))
        manager.videoSaved.connect(self._on_saved)
        self._update()

    def set_month_total(self, text: str, tooltip: str = "") -> None:
        self.month_total.setText(text)
        self.month_total.setToolTip(tooltip)
        self.month_total.setVisible(bool(text))

    def runs(self) -> int:
        """How many jobs one Generate starts."""
        return int(self.runs_spin.value())

    # --- model updates ---------------------------------------------------------------------------

    def apply(self, ev: JobEvent) -> None:
        new = self.model.row_of(ev.job_id) is None
        self.model.apply(ev)
        if new and not self.view.currentIndex().isValid():
            self.select(ev.job_id)
        if ev.job_id == self.current_job_id():
            self._update_actions()
            self.jobActivated.emit(ev)
        self._update()

    def _update(self) -> None:
        has = self.model.rowCount() > 0
        self.view.setVisible(has)
        self.empty.setVisible(not has)
        if self.model.has_active() and self.isVisible():
            if not self._tick.isActive():
                self._tick.start()
        else:
            self._tick.stop()
        self._update_actions()

    def _on_tick(self) -> None:
        if not self.model.has_active() or not self.isVisible():
            self._tick.stop()
        self.model.refresh_active()

    def hideEvent(self, event: object) -> None:  # type: ignore[override]
        self._tick.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        self._update()

    # --- selection ----------------------------------------------------------------------------------

    def current_job_id(self) -> str | None:
        idx = self.view.currentIndex()
        value = idx.data(JobRole.JOB_ID) if idx.isValid() else None
        return value if isinstance(value, str) else None

    def current_event(self) -> JobEvent | None:
        job_id = self.current_job_id()
        return self.model.event_for(job_id) if job_id else None

    def select(self, job_id: str) -> None:
        row = self.model.row_of(job_id)
        if row is None:
            return
        idx = self.proxy.mapFromSource(self.model.index(row))
        if idx.isValid():  # this job alone, whatever modifier keys are down (the list selects several)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.view.selectionModel().setCurrentIndex(idx, flags)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        ev = current.data(JobRole.EVENT) if current.isValid() else None
        if isinstance(ev, JobEvent):
            self.jobActivated.emit(ev)

    def _update_actions(self) -> None:
        ev = self.current_event()
        has = ev is not None
        self.actions["cancel"].setEnabled(has and ev.can_cancel)  # type: ignore[union-attr]
        self.actions["retry"].setEnabled(has and ev.can_retry)  # type: ignore[union-attr]
        for key in ("rerun", "vary", "load", "folder", "logs", "delete"):
            self.actions[key].setEnabled(has)
        self.actions["copy_id"].setEnabled(has and bool(ev.request_id))  # type: ignore[union-attr]
        done = has and ev.state == JobState.DONE and ev.video_path is not None  # type: ignore[union-attr]
        self.actions["save"].setEnabled(done)
        self.actions["export"].setEnabled(done)
        self.actions["continue"].setEnabled(done)
        self.actions["save_joined"].setEnabled(done and ev.joined_video_path is not None)  # type: ignore[union-attr]
        if hasattr(self, "choosing"):
            self.choosing.update()
        held = has and ev.held  # type: ignore[union-attr]
        self.actions["discard"].setEnabled(held)
        self.actions["discard"].setVisible(held)
        retry = self.actions["retry"]
        if held:
            retry.setText(self.tr("Send"))
            retry.setToolTip(self.tr("Send this job now: the command line that started it stopped before "
                                     "sending it (a paid job on fal)"))
        elif has and ev.retry_is_free:  # type: ignore[union-attr]
            retry.setText(self.tr("Retry"))
            retry.setToolTip(self.tr("Fetch the finished video again (free: no new job)"))
        else:
            retry.setText(self.tr("Retry"))
            retry.setToolTip(self.tr("Retry: a failed download of a finished job is fetched again for free; a job "
                                     "never sent is sent again"))

    # --- actions ------------------------------------------------------------------------------------

    def trigger(self, key: str, job_id: str | None = None) -> None:
        """Run a job action on `job_id` (by default the current job): the job list's buttons and menus, and
        a compare tile's menu, share this one path."""
        if key in CHOOSING_KEYS:
            self.choosing.trigger(key)
            return
        ev = self.model.event_for(job_id) if job_id is not None else self.current_event()
        if ev is None:
            return
        job_id = ev.job_id
        if key == "cancel" and ev.can_cancel:
            warning = ev.cancel_warning  # the engine's words: true for fal and for the sandbox
            if warning and not self.confirm(self.tr("Cancel a running job?"), warning):
                return
            self.manager.cancel(job_id)
        elif key == "discard" and ev.held:
            self.manager.discard(job_id)
        elif key == "retry":
            self.manager.retry(job_id)
        elif key == "rerun":
            new = self.manager.rerun(job_id)
            if new:
                self.select(new)
        elif key == "vary":
            new = self.manager.vary_seed(job_id)
            if new:
                self.select(new)
        elif key == "load":
            self.manager.load_inputs(job_id)
        elif key == "folder":
            folder = self.manager.job_dir(job_id)
            folder.mkdir(parents=True, exist_ok=True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        elif key == "copy_id" and ev.request_id:
            QGuiApplication.clipboard().setText(ev.request_id)
        elif key == "save":
            self.save_video(job_id)
        elif key == "export":
            self.exportRequested.emit(job_id)
        elif key == "continue":
            self.manager.continue_from(job_id)
        elif key == "save_joined":
            self.save_video(job_id, joined=True)
        elif key == "logs":
            self.toggle_logs()
        elif key == "delete" and self.confirm(self.tr("Delete this job?"),
                        self.tr("The job, its video and thumbnails are deleted from this computer. "
                                "Videos you saved elsewhere are kept.")):
            self.manager.delete(job_id)

    def toggle_logs(self) -> None:
        job_id = self.current_job_id()
        if job_id:
            self.model.toggle_expanded(job_id)
            self.view.setUniformItemSizes(not self.model.has_expanded())

    def save_video(self, job_id: str, *, joined: bool = False) -> None:
        ev = self.model.event_for(job_id)
        if ev is None or (ev.joined_video_path if joined else ev.video_path) is None:
            return
        folder = LastFolder("video")  # Save video and Save joined video: where videos were saved last
        dest = self.choose_save_path(folder.get() / f"{name_stem(ev.prompt, ev.seed)}{'-joined' if joined else ''}.mp4")
        if dest is not None:
            folder.remember(dest)
            self.manager.save_video(job_id, dest, joined=joined)

    def _choose_save_path(self, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save video"), str(suggested),
                                              self.tr("MP4 video (*.mp4)"))
        return Path(path) if path else None

    def _on_saved(self, _job_id: str, path: str, error: str) -> None:
        if error:
            QMessageBox.warning(self, self.tr("Video not saved"),
                                self.tr("The video could not be saved to {path}: {error}").format(
                                    path=path, error=error))

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _context_menu(self, pos: object) -> None:
        idx = self.view.indexAt(pos)  # type: ignore[arg-type]
        if not idx.isValid():
            return
        if not self.view.selectionModel().isSelected(idx):  # a click inside a selection keeps it
            self.view.setCurrentIndex(idx)
        menu = QMenu(self)
        for key in ("cancel", "retry", "discard", "rerun", "vary", "load", "continue", "save", "export",
                    "save_joined", "folder", "copy_id", "logs", "delete", None, *CHOOSING_KEYS):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        menu.exec(self.view.viewport().mapToGlobal(pos))  # type: ignore[arg-type]

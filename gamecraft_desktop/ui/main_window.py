"""The main window: assembles the panels, menus, docks and the generate bar; holds no business logic."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop import APP_NAME, __version__
from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.composer.request import (
    Composition,
    CompositionCheck,
    check_composition,
    code_problems,
    request_as_code,
)
from gamecraft_desktop.core.defaults import is_project_file_name
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP
from gamecraft_desktop.qtsupport.first_frame import after_first_expose
from gamecraft_desktop.ui.composer_panel import ComposerPanel
from gamecraft_desktop.ui.generate_bar import CODE_FORMATS, GenerateBar, code_format_title
from gamecraft_desktop.ui.icons import icon
from gamecraft_desktop.ui.main_actions import build_actions
from gamecraft_desktop.ui.main_menus import build_menus
from gamecraft_desktop.ui.panel_focus import Panel, PanelCycle, apply_tab_order
from gamecraft_desktop.ui.path_map_view import PathMapView
from gamecraft_desktop.ui.preferences import Preferences
from gamecraft_desktop.ui.project_controller import ProjectController
from gamecraft_desktop.ui.status_corner import StatusCorner
from gamecraft_desktop.ui.timeline.panel import TimelinePanel
from gamecraft_desktop.ui.window_layout import STATE_VERSION, WindowLayout

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from gamecraft_desktop.composer.image_loader import ImageLoader, LoadedImage
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.core.schema import FieldIssue, GameCraftInput
    from gamecraft_desktop.ui.recent_menu import RecentMenu

NOT_AVAILABLE = QT_TRANSLATE_NOOP("MainWindow", "Generating is not available yet")


def _placeholder(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)  # drawn in the palette's disabled (muted) colour
    label.setAccessibleName(text)
    label.setMinimumSize(160, 80)
    return label


class MainWindow(WindowLayout):
    """Signals: `generate_requested(JobSpec)`, `key_clicked()`.
    Setters for the jobs side: set_player_widget, set_jobs_widget, set_generate_available, set_mode_badge,
    set_key_state, add_close_guard."""

    # Built by ui/main_actions.py and ui/main_menus.py.
    new_action: QAction
    open_action: QAction
    save_action: QAction
    save_as_action: QAction
    open_image_action: QAction
    paste_image_action: QAction
    export_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    generate_action: QAction
    copy_menu: QMenu
    copy_actions: dict[str, QAction]
    reset_layout_action: QAction
    about_action: QAction
    open_log_folder_action: QAction
    recent_projects_menu: RecentMenu
    recent_images_menu: RecentMenu

    generate_requested = Signal(object)  # JobSpec
    key_clicked = Signal()
    image_changed = Signal()  # the composer's image changed
    image_loading_changed = Signal()  # the composer started or stopped loading an image
    composer_path_changed = Signal()
    composer_changed = Signal()  # the prompt, parameters or image changed

    def __init__(self, doc: PathDocument | None = None, loader: ImageLoader | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.doc = doc or PathDocument(parent=self)
        self._available, self._unavailable_reason = False, self.tr(NOT_AVAILABLE)
        self._close_guards: list[Callable[[], bool]] = []
        self._about_handler: Callable[[], None] | None = None
        self._check = CompositionCheck()
        self._runs = 1

        self.composer = ComposerPanel(loader, self)
        self.drop_zone = self.composer.drop_zone
        self.projects = ProjectController(self, self.composer, self.doc)
        self.preferences = Preferences(self)  # sections come from the layers that own the settings
        self._log_folder: Path | None = None
        build_actions(self)
        self._build_centre()
        self._build_docks()
        build_menus(self)
        self._build_corner()
        self.statusBar().setObjectName("statusBar")
        self.panel_cycle = PanelCycle(self, self.panels)  # F6 / Shift+F6
        self._shown_once = False  # the Tab order is set right after the first frame (showEvent)
        self.fit_to_screen()
        self._default_state = self.saveState(STATE_VERSION)

        self.composer.changed.connect(self.refresh_check)
        self.doc.pathChanged.connect(self.refresh_check)
        self.projects.modified_changed.connect(self.setWindowModified)
        self.projects.file_changed.connect(self._update_title)
        self.projects.status_message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.drop_zone.project_dropped.connect(self.projects.open_path)
        self.drop_zone.image_changed.connect(lambda *_: self.image_changed.emit())
        self.drop_zone.busy_changed.connect(lambda *_: self.image_loading_changed.emit())
        self.doc.pathChanged.connect(lambda *_: self.composer_path_changed.emit())
        self.composer.changed.connect(lambda *_: self.composer_changed.emit())
        self.doc.pathChanged.connect(self._follow_playing)
        self._request_queue_url: str | None = None  # Copy request as: the connection's queue (None: fal's)
        self._playing_path: CameraPath | None = None  # the playing video's own path (None: the composer's)
        self._playing_frame = -1
        self._update_title()
        self.refresh_check()

    # --- building ------------------------------------------------------------------------------

    def _build_centre(self) -> None:
        self.player_slot = QWidget(self)
        self.player_slot.setObjectName("playerSlot")
        QVBoxLayout(self.player_slot).setContentsMargins(0, 0, 0, 0)
        self.set_player_widget(_placeholder(self.tr("The player shows the selected job's video here."),
                                            "playerPlaceholder"))
        self.path_map = self._make_path_map()
        self.centre = QSplitter(Qt.Orientation.Vertical, self)
        self.centre.setObjectName("centreSplitter")
        self.centre.setChildrenCollapsible(False)
        self.centre.addWidget(self.player_slot)
        self.centre.addWidget(self.path_map)
        self.centre.setStretchFactor(0, 3)
        self.centre.setStretchFactor(1, 2)
        self.centre.setSizes([420, 280])  # the player gets the larger share, whatever the map asks for
        self._default_centre = self.centre.saveState()
        self.setCentralWidget(self.centre)

    def _make_path_map(self) -> PathMapView:
        return PathMapView(self.doc)

    def _make_timeline(self) -> TimelinePanel:
        return TimelinePanel(self.doc)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        dock.toggleViewAction().setObjectName(f"toggle:{name}")
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.composer_dock = self._dock(self.tr("Image, Prompt, Parameters"), "composerDock", self.composer,
                                        Qt.DockWidgetArea.LeftDockWidgetArea)
        self.jobs_dock = self._dock(self.tr("Jobs"), "jobsDock",
                                    _placeholder(self.tr("Jobs appear here once you generate."), "jobsPlaceholder"),
                                    Qt.DockWidgetArea.RightDockWidgetArea)
        self.timeline = self._make_timeline()
        self.generate_bar = GenerateBar(self.generate_action, self.copy_menu, self)
        bottom = QWidget(self)
        bottom.setObjectName("timelineArea")
        row = QHBoxLayout(bottom)
        row.setContentsMargins(6, 2, 6, 6)
        row.addWidget(self.timeline, 1)
        row.addWidget(self.generate_bar, 0)
        self.generate_bar.setFixedWidth(max(300, self.generate_bar.sizeHint().width()))
        self.timeline_dock = self._dock(self.tr("Timeline"), "timelineDock", bottom,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)

    def _build_corner(self) -> None:
        self.corner = StatusCorner(self)  # over the menu bar, yet in the accessibility tree
        self.key_button, self.mode_badge = self.corner.key_button, self.corner.mode_badge
        self.key_button.clicked.connect(self.key_clicked)

    # --- API for the jobs side ---------------------------------------------------------------------

    def set_player_widget(self, widget: QWidget) -> None:
        lay = self.player_slot.layout()
        assert lay is not None
        while lay.count():
            item = lay.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.setParent(None)
                old.deleteLater()
        lay.addWidget(widget)
        if hasattr(self, "panel_cycle"):  # not while the window is being built
            self.apply_tab_order()

    def set_jobs_widget(self, widget: QWidget) -> None:
        old = self.jobs_dock.widget()
        self.jobs_dock.setWidget(widget)
        if old is not None and old is not widget:
            old.deleteLater()
        self.apply_tab_order()

    def panels(self) -> list[Panel]:
        """The window's regions in reading order (Tab and F6 follow it)."""
        return [Panel(self.tr("Image, prompt and parameters"), self.composer),
                Panel(self.tr("Timeline"), self.timeline_dock.widget() or self.timeline,
                      last=(self.timeline.view, self.generate_bar)),
                Panel(self.tr("Player"), self.player_slot),
                Panel(self.tr("Jobs"), self.jobs_dock.widget() or self.jobs_dock),
                Panel(self.tr("fal key"), self.corner)]

    def apply_tab_order(self) -> list[QWidget]:
        """One Tab order for the whole window (ui/panel_focus.py); again whenever a panel's content changes."""
        return apply_tab_order(self, self.panels())

    def set_generate_available(self, available: bool, reason: str = "") -> None:
        """Whether a consumer of `generate_requested` exists (and can take work), and if not, why not."""
        self._available = available
        self._unavailable_reason = reason or self.tr(NOT_AVAILABLE)
        self.refresh_check()

    def set_mode_badge(self, text: str, tooltip: str = "", kind: str | None = None) -> None:
        """`kind` picks the colour ("fal", "sandbox", "server"); by default the text does. Generate's
        accessible description repeats what the mode means: whether pressing it costs money."""
        self.corner.set_mode(text, tooltip, kind or text.lower())
        self.generate_bar.generate_button.setAccessibleDescription(tooltip)

    def set_key_state(self, text: str) -> None:
        self.corner.set_key_state(text)

    def add_close_guard(self, guard: Callable[[], bool]) -> None:
        """`guard()` runs when the window is asked to close; False keeps it open (e.g. jobs in flight)."""
        self._close_guards.append(guard)

    def set_about_handler(self, handler: Callable[[], None]) -> None:
        self._about_handler = handler

    def add_preferences_section(self, title: str, factory: Callable[[], QWidget]) -> None:
        self.preferences.add_section(title, factory)

    def show_status(self, text: str, ms: int = 8000) -> None:
        self.statusBar().showMessage(text, ms)

    def is_active(self) -> bool:
        return self.isActiveWindow()

    def widget(self) -> QWidget:
        return self

    def current_image(self) -> LoadedImage | None:
        return self.drop_zone.current()

    def image_loading(self) -> bool:
        return self.drop_zone.busy

    def refuse_changed_image(self, message: str, changed: Path | None) -> None:
        """The image changed on disk since it was shown: drop it and say so (offering the file as it is now)."""
        self.drop_zone.clear()
        self.drop_zone.show_image_problem(message, changed_path=changed)

    def composer_path(self) -> CameraPath:
        return self.doc.path()

    def load_composer(self, inp: GameCraftInput, image: Path | None) -> None:
        """A job's inputs into the composer (Load inputs, Continue from the last frame)."""
        from gamecraft_desktop.core.project import Project

        project = Project.with_camera_path(inp.path, prompt=inp.prompt, neg_prompt=inp.neg_prompt,
                                           cfg_scale=inp.cfg_scale, infer_steps=inp.infer_steps, seed=inp.seed)
        self.composer.apply_project(project)
        self.doc.set_path(inp.path)
        if image is not None:
            self.drop_zone.load_path(image)

    def set_continue_note(self, text: str) -> None:
        self.generate_bar.set_continue_note(text)

    def set_estimate(self, lines: list[str], note: str = "", tooltip: str = "", warning: str = "") -> None:
        self.generate_bar.set_estimate(lines, note, tooltip, warning)

    def composition(self) -> Composition:
        """The composer's state now, valid or not."""
        return self.composer.composition(self.doc.path())

    def show_playing(self, path: CameraPath | None) -> None:
        """The player now shows a video of `path` (a job's own inputs); None: of the composer's path (the
        preview) or nothing. The path map and the timeline's playhead follow what plays, never another path."""
        self._playing_path = path
        self._follow_playing()

    def set_playing_frame(self, frame: int) -> None:
        self._playing_frame = frame
        if self.path_map.document is self.doc:
            self.doc.set_playhead(frame)
        else:
            self.path_map.set_frame(frame)

    def _follow_playing(self, *_: object) -> None:
        if self._playing_path is None or self._playing_path == self.doc.path():
            if self.path_map.document is not self.doc:
                self.path_map.set_document(self.doc)
            return
        # Another path plays (an older job's): the map shows that one; the composer's timeline, whose moves
        # are not the video's, shows no playhead.
        self.path_map.detach()
        self.path_map.set_path(self._playing_path)
        self.path_map.set_frame(self._playing_frame)
        self.doc.set_playhead(-1)

    def set_log_folder(self, folder: Path) -> None:
        """Enables Help ▸ Open Log Folder."""
        self._log_folder = folder
        self.open_log_folder_action.setEnabled(True)

    # --- checks and generate ----------------------------------------------------------------------

    def current_check(self) -> CompositionCheck:
        return self._check

    def set_run_count(self, runs: int) -> None:
        """How many jobs one Generate starts (the Runs box): the summary and Generate's text say so."""
        self._runs = max(1, runs)
        self.generate_action.setText(self.tr("&Generate") + (f" ×{self._runs}" if self._runs > 1 else ""))
        self.refresh_check()

    def refresh_check(self, *_: object) -> None:
        comp = self.composer.composition(self.doc.path())._replace(runs=self._runs)
        self._check = check_composition(comp)
        self.generate_bar.show_check(self._check)
        enabled = self._available and self._check.ok
        self.generate_action.setEnabled(enabled)
        if not self._available:
            tip = self._unavailable_reason
        elif not self._check.ok:
            tip = self.tr("Not ready:") + "\n" + "\n".join(f"• {why}" for why in self._check.errors)
        else:
            tip = self.tr("Generate {summary} (Ctrl+Enter)").format(summary=self._check.summary)
        self.generate_action.setToolTip(tip)
        self.generate_bar.generate_button.setToolTip(tip)
        problems = code_problems(comp)
        code_ok = not problems
        copy_tip = (self.tr("Copy the exact request as Python, JavaScript or cURL ($FAL_KEY, never your key)")
                    if code_ok else
                    self.tr("Cannot copy the request yet:") + "\n" + "\n".join(f"• {why}" for why in problems))
        for act in self.copy_actions.values():
            act.setEnabled(code_ok)
            act.setToolTip(copy_tip)
        self.generate_bar.copy_button.setEnabled(code_ok)
        self.generate_bar.copy_button.setToolTip(copy_tip)

    def _on_generate(self) -> None:
        self.refresh_check()
        if self._available and self._check.request is not None:
            self.generate_requested.emit(self._check.request)
        else:
            self.composer.prompt_editor.show_problems()  # Generate was asked for: a blank prompt is an error now

    def request_code(self, kind: str) -> str | None:
        """The request as code ("python_httpx", "python_fal_client", "javascript", "curl"), or None."""
        return request_as_code(self.composer.composition(self.doc.path()), kind, self._request_queue_url)

    def set_request_queue_url(self, url: str | None) -> None:
        """The queue "Copy request as" sends to: the one Preferences ▸ Connection chose (None: fal's)."""
        self._request_queue_url = url

    def copy_request_as(self, kind: str) -> bool:
        text = self.request_code(kind)
        if text is None:
            self.composer.prompt_editor.show_problems()
            problems = code_problems(self.composer.composition(self.doc.path()))
            self.statusBar().showMessage(self.tr("Cannot copy the request yet: {why}").format(
                why=" ".join(problems) or self.tr("it is not valid.")), 8000)
            return False
        QGuiApplication.clipboard().setText(text)
        title = code_format_title(dict(CODE_FORMATS)[kind])
        self.statusBar().showMessage(self.tr("Copied the request as {title} (the key is read from $FAL_KEY).")
                                     .format(title=title), 8000)
        return True

    # --- window state -----------------------------------------------------------------------------

    def _update_title(self, *_: object) -> None:
        self.setWindowTitle(self.tr("{project}[*] — {app}").format(project=self.projects.display_name(),
                                                                     app=APP_NAME))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # Walking the focus chain wraps every internal widget (~6 ms): not before the first frame.
            after_first_expose(self.windowHandle(), self.apply_tab_order)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only a window on screen asks questions: closing a hidden one is the program's decision (tests,
        # shutdown), and a modal dialog nobody can see would block forever.
        if self.isVisible() and (not all(guard() for guard in self._close_guards)
                                 or not self.projects.maybe_save()):
            event.ignore()
            return
        self.save_window_state()
        from gamecraft_desktop.ui.session import save_session  # json and the project model: not at start-up

        save_session(self.projects)  # the composer comes back at the next start (ui/session.py)
        self.drop_zone.wait_for_loads(3000)
        event.accept()

    # --- drops anywhere on the window ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        m = event.mimeData()
        if m.hasUrls() or m.hasImage() or m.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        m = event.mimeData()
        local = [u.toLocalFile() for u in m.urls() if u.isLocalFile()] if m.hasUrls() else []
        if local and is_project_file_name(local[0]):
            event.acceptProposedAction()
            self.projects.open_path(Path(local[0]))
        elif self.drop_zone.load_mime(m):
            event.acceptProposedAction()

    # --- help -------------------------------------------------------------------------------------

    def _open_log_folder(self) -> None:
        if self._log_folder is not None:
            from PySide6.QtCore import QUrl  # its enums cost start-up time; used on a click

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_folder)))

    def _show_about(self) -> None:
        if self._about_handler is not None:
            self._about_handler()
            return
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, self.tr("About {app}").format(app=APP_NAME),
                          self.tr("{app} {version}\nCompose camera paths and turn one image into a video with "
                                  "Hunyuan-GameCraft.").format(app=APP_NAME, version=__version__))

    # --- fal's 422 ------------------------------------------------------------------------------------

    def mark_field_issues(self, issues: Iterable[FieldIssue]) -> list[QLabel]:
        """fal refused the input (422): its message for each field (wire names: prompt, neg_prompt, image,
        action_list, action_speed_list, cfg_scale, infer_steps, seed) shown under that control until it is edited."""
        from gamecraft_desktop.ui.field_issues import mark_field_issues

        return list(mark_field_issues(self, issues))

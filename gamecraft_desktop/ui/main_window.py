"""The main window: assembles the panels, menus, docks and the generate bar; holds no business logic."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop import APP_NAME, __version__
from gamecraft_desktop.composer.image_loader import ImageLoader
from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.composer.request import (
    CompositionCheck,
    check_composition,
    code_problems,
    request_as_code,
)
from gamecraft_desktop.core.defaults import is_project_file_name
from gamecraft_desktop.ui.app_settings import KEY_CENTRE, KEY_GEOMETRY, KEY_STATE, open_settings
from gamecraft_desktop.ui.composer_panel import ComposerPanel
from gamecraft_desktop.ui.generate_bar import CODE_FORMATS, GenerateBar
from gamecraft_desktop.ui.icons import icon
from gamecraft_desktop.ui.path_map_view import PathMapView
from gamecraft_desktop.ui.path_menus import build_presets_menu
from gamecraft_desktop.ui.preferences_dialog import Preferences
from gamecraft_desktop.ui.project_controller import ProjectController
from gamecraft_desktop.ui.recent_menu import RecentMenu
from gamecraft_desktop.ui.session import save_session
from gamecraft_desktop.ui.shortcuts import shortcuts_with
from gamecraft_desktop.ui.style import style_badge
from gamecraft_desktop.ui.theme import ThemeMenu
from gamecraft_desktop.ui.timeline.panel import TimelinePanel

if TYPE_CHECKING:
    from gamecraft_desktop.core.schema import FieldIssue

STATE_VERSION = 1
DEFAULT_SIZE = QSize(1440, 900)
FRAME_ALLOWANCE = QSize(8, 36)  # a typical title bar and borders, before the window manager says
NOT_AVAILABLE = "Generating is not available yet"


def _placeholder(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)  # drawn in the palette's disabled (muted) colour
    label.setAccessibleName(text)
    label.setMinimumSize(160, 80)
    return label


class MainWindow(QMainWindow):
    """Signals: `generate_requested(ComposerRequest)`, `key_clicked()`.
    Setters for the jobs side: set_player_widget, set_jobs_widget, set_generate_available, set_mode_badge,
    set_key_state, add_close_guard."""

    generate_requested = Signal(object)  # ComposerRequest
    key_clicked = Signal()

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
        self._clamp_pending = False

        self.composer = ComposerPanel(loader, self)
        self.drop_zone = self.composer.drop_zone
        self.projects = ProjectController(self, self.composer, self.doc)
        self.preferences = Preferences(self)  # sections come from the layers that own the settings
        self._build_actions()
        self._build_centre()
        self._build_docks()
        self._build_menus()
        self._build_corner()
        self.statusBar().setObjectName("statusBar")
        self.fit_to_screen()
        self._default_state = self.saveState(STATE_VERSION)

        self.composer.changed.connect(self.refresh_check)
        self.doc.pathChanged.connect(self.refresh_check)
        self.projects.modified_changed.connect(self.setWindowModified)
        self.projects.file_changed.connect(self._update_title)
        self.projects.status_message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.drop_zone.project_dropped.connect(self.projects.open_path)
        self._update_title()
        self.refresh_check()

    # --- building ------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object] | None = None,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "", name: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        if name:
            act.setObjectName(name)
        if slot is not None:
            act.triggered.connect(lambda _=False: slot())
        return act

    def _build_actions(self) -> None:
        p, z = self.projects, self.drop_zone
        self.new_action = self._action(self.tr("&New Project"), p.new_project, QKeySequence.StandardKey.New,
                                       self.tr("Start a new project"), "newProject")
        self.open_action = self._action(self.tr("&Open Project…"), p.open_dialog, QKeySequence.StandardKey.Open,
                                        self.tr("Open a .gamecraft.json project"), "openProject")
        self.save_action = self._action(self.tr("&Save"), p.save, QKeySequence.StandardKey.Save,
                                        self.tr("Save the project"), "saveProject")
        self.save_as_action = self._action(self.tr("Save &As…"), p.save_as, QKeySequence.StandardKey.SaveAs,
                                           self.tr("Save the project under a new name"), "saveProjectAs")
        self.open_image_action = self._action(self.tr("Open &Image…"), z.open_image_dialog, "Ctrl+Shift+O",
                                              self.tr("Choose the input image"), "openImage")
        self.open_image_action.setIcon(icon("open-image"))
        self.paste_image_action = self._action(self.tr("&Paste Image"), z.paste_from_clipboard,
                                               QKeySequence.StandardKey.Paste,
                                               self.tr("Paste an image, path or image link"), "pasteImage")
        self.paste_image_action.setIcon(icon("paste"))
        # Enabled by the jobs side while a finished job's video is selected (app_export).
        self.export_action = self._action(self.tr("&Export…"), None, "Ctrl+Shift+E",
                                          self.tr("Export the selected video as GIF, WebP, MP4, PNG frames, one "
                                                  "frame or a contact sheet"), "export")
        self.export_action.setEnabled(False)
        self.quit_action = self._action(self.tr("&Quit"), self.close, tip=self.tr("Close the window"), name="quit")
        # StandardKey.Quit is empty in the Windows key scheme (Windows, offscreen): Ctrl+Q everywhere.
        self.quit_action.setShortcuts(shortcuts_with("Ctrl+Q", QKeySequence.StandardKey.Quit))
        stack = self.doc.undo_stack()
        self.undo_action = stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setObjectName("undo")
        self.redo_action = stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts(shortcuts_with(["Ctrl+Shift+Z", "Ctrl+Y"], QKeySequence.StandardKey.Redo))
        self.redo_action.setObjectName("redo")
        self.generate_action = self._action(self.tr("&Generate"), self._on_generate, "Ctrl+Return",
                                            name="generate")
        self.generate_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.generate_action.setIcon(icon("generate"))
        self.copy_menu = QMenu(self.tr("&Copy Request As"), self)
        self.copy_menu.setObjectName("copyRequestMenu")
        self.copy_menu.setIcon(icon("copy"))
        self.copy_actions: dict[str, QAction] = {}
        for key, title in CODE_FORMATS:
            act = self._action(self.tr(title), partial(self.copy_request_as, key),
                               tip=self.tr("Copy the request as {title}").format(title=title), name=f"copy:{key}")
            self.copy_menu.addAction(act)
            self.copy_actions[key] = act
        self.reset_layout_action = self._action(self.tr("&Reset Layout"), self.reset_layout,
                                                tip=self.tr("Put every panel back where it started"),
                                                name="resetLayout")
        self.about_action = self._action(self.tr("&About {app}").format(app=APP_NAME), self._show_about,
                                         name="about")
        self.open_log_folder_action = self._action(
            self.tr("Open &Log Folder"), self._open_log_folder,
            tip=self.tr("Show the folder with the app's log files (attach them to a bug report)"),
            name="openLogFolder")
        self.open_log_folder_action.setEnabled(False)
        self._log_folder: Path | None = None

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

    def _make_path_map(self) -> QWidget:
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
        # Reading order: the timeline (its tool row, then the blocks), then Copy request as, then Generate.
        tl = self.timeline
        QWidget.setTabOrder(tl.speed_editor, tl.view)
        QWidget.setTabOrder(tl.view, self.generate_bar.copy_button)
        QWidget.setTabOrder(self.generate_bar.copy_button, self.generate_bar.generate_button)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_projects_menu = RecentMenu(self.tr("Recent &Projects"), self.projects.recent,
                                               self.projects.open_path, self.tr("No recent projects"), self)
        file_menu.addMenu(self.recent_projects_menu)
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addAction(self.open_image_action)
        self.recent_images_menu = RecentMenu(self.tr("Recent I&mages"), self.drop_zone.recent,
                                             self.drop_zone.load_path, self.tr("No recent images"), self)
        file_menu.addMenu(self.recent_images_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.paste_image_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences.action)

        path_menu = bar.addMenu(self.tr("&Path"))
        path_menu.addMenu(build_presets_menu(self.doc, self))
        path_menu.addAction(self.timeline.view.record_action)

        gen_menu = bar.addMenu(self.tr("&Generate"))
        gen_menu.addAction(self.generate_action)
        gen_menu.addMenu(self.copy_menu)

        view_menu = bar.addMenu(self.tr("&View"))
        for dock in (self.composer_dock, self.timeline_dock, self.jobs_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addMenu(ThemeMenu(self))
        view_menu.addAction(self.reset_layout_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.open_log_folder_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_corner(self) -> None:
        corner = QWidget(self)
        corner.setObjectName("statusCorner")
        row = QHBoxLayout(corner)
        row.setContentsMargins(4, 2, 8, 2)
        self.key_button = QToolButton(corner)
        self.key_button.setObjectName("keyButton")
        self.key_button.setAutoRaise(True)
        self.key_button.setAccessibleName(self.tr("fal key"))
        self.key_button.setToolTip(self.tr("Set, test or remove your fal key"))
        self.key_button.clicked.connect(self.key_clicked)
        self.key_button.hide()
        self.mode_badge = QLabel(corner)
        self.mode_badge.setObjectName("modeBadge")
        self.mode_badge.setAccessibleName(self.tr("Mode"))
        self.mode_badge.hide()
        row.addWidget(self.key_button)
        row.addWidget(self.mode_badge)
        self._corner = corner
        self.menuBar().setCornerWidget(corner, Qt.Corner.TopRightCorner)

    def _relayout_corner(self) -> None:
        # QMenuBar sizes its corner widget only when it is set: set it again after its contents change.
        self._corner.adjustSize()
        self.menuBar().setCornerWidget(self._corner, Qt.Corner.TopRightCorner)
        self._corner.show()

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

    def set_jobs_widget(self, widget: QWidget) -> None:
        old = self.jobs_dock.widget()
        self.jobs_dock.setWidget(widget)
        if old is not None and old is not widget:
            old.deleteLater()

    def set_generate_available(self, available: bool, reason: str = "") -> None:
        """Whether a consumer of `generate_requested` exists (and can take work), and if not, why not."""
        self._available = available
        self._unavailable_reason = reason or self.tr(NOT_AVAILABLE)
        self.refresh_check()

    def set_mode_badge(self, text: str, tooltip: str = "", kind: str | None = None) -> None:
        """`kind` picks the colour ("fal", "sandbox", "server"); by default the text does."""
        self.mode_badge.setText(text)
        self.mode_badge.setToolTip(tooltip)
        style_badge(self.mode_badge, kind or text.lower())
        self.mode_badge.setVisible(bool(text))
        self._relayout_corner()

    def set_key_state(self, text: str) -> None:
        self.key_button.setText(text)
        self.key_button.setVisible(bool(text))
        self._relayout_corner()

    def add_close_guard(self, guard: Callable[[], bool]) -> None:
        """`guard()` runs when the window is asked to close; False keeps it open (e.g. jobs in flight)."""
        self._close_guards.append(guard)

    def set_about_handler(self, handler: Callable[[], None]) -> None:
        self._about_handler = handler

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
        comp = replace(self.composer.composition(self.doc.path()), runs=self._runs)
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
        return request_as_code(self.composer.composition(self.doc.path()), kind)

    def copy_request_as(self, kind: str) -> bool:
        text = self.request_code(kind)
        if text is None:
            self.composer.prompt_editor.show_problems()
            problems = code_problems(self.composer.composition(self.doc.path()))
            self.statusBar().showMessage(self.tr("Cannot copy the request yet: {why}").format(
                why=" ".join(problems) or self.tr("it is not valid.")), 8000)
            return False
        QGuiApplication.clipboard().setText(text)
        title = dict(CODE_FORMATS)[kind]
        self.statusBar().showMessage(self.tr("Copied the request as {title} (the key is read from $FAL_KEY).")
                                     .format(title=title), 8000)
        return True

    # --- window state -----------------------------------------------------------------------------

    def _update_title(self, *_: object) -> None:
        self.setWindowTitle(f"{self.projects.display_name()}[*] — {APP_NAME}")

    def fit_to_screen(self) -> None:
        """First-start size: the design size (1440×900) or 90 % of the screen's available area if that is
        smaller (150 %/200 % scaling, small laptops), centred on that screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.start_at_size(DEFAULT_SIZE)
            return
        avail = screen.availableGeometry()
        size = DEFAULT_SIZE.boundedTo(QSize(int(avail.width() * 0.9), int(avail.height() * 0.9)))
        self.start_at_size(size)
        frame = self.frameGeometry().size() if self.isVisible() else size
        self.move(avail.center().x() - frame.width() // 2, avail.center().y() - frame.height() // 2)

    def start_at_size(self, size: QSize) -> None:
        """Resize to `size` with the docks a first start at that size gives them, and make that the layout
        View ▸ Reset Layout returns to. For a window not yet shown: `--screenshot` shoots at the design size
        on a virtual screen smaller than it, and must not show docks sized for that screen."""
        self.resize(size)
        self._size_docks(size)
        self._default_state = self.saveState(STATE_VERSION)

    def _size_docks(self, size: QSize) -> None:
        """Dock sizes for a window of `size`: the design's 380/320/180 px at 1440×900, shrunk in proportion
        (with floors) on a smaller window so the player in the middle keeps a fair share."""
        fw, fh = min(1.0, size.width() / DEFAULT_SIZE.width()), min(1.0, size.height() / DEFAULT_SIZE.height())
        self.resizeDocks([self.composer_dock, self.jobs_dock], [max(250, round(380 * fw)), max(220, round(320 * fw))],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.timeline_dock], [max(150, round(180 * fh))], Qt.Orientation.Vertical)

    def clamp_to_screen(self) -> None:
        """Bring a restored window back onto the screen it mostly sits on (or the primary one, when its
        screen is gone) and no larger than that screen's available area."""
        if self.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            return
        frame = self.frameGeometry()  # move() places the frame; resize() sizes the inside
        screen = QGuiApplication.screenAt(frame.center()) or QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        if not self.isVisible() and extra_h == 0:  # not framed yet: leave room for a title bar and borders
            extra_w, extra_h = FRAME_ALLOWANCE.width(), FRAME_ALLOWANCE.height()
            frame.setSize(frame.size() + FRAME_ALLOWANCE)
        w, h = min(frame.width(), avail.width()), min(frame.height(), avail.height())
        x = min(max(frame.x(), avail.left()), avail.left() + avail.width() - w)
        y = min(max(frame.y(), avail.top()), avail.top() + avail.height() - h)
        if (w, h) != (frame.width(), frame.height()):
            self.resize(w - extra_w, h - extra_h)
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def restore_window_state(self) -> None:
        s = open_settings()
        geometry, state = s.value(KEY_GEOMETRY), s.value(KEY_STATE)
        if isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(QByteArray(geometry)):
            self.clamp_to_screen()
            # Once the window manager has framed it, clamp again with the real frame (a scale factor or a
            # screen that changed since the last run can leave a title bar or Generate off-screen).
            QTimer.singleShot(300, self.clamp_to_screen)
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state), STATE_VERSION)
        centre = s.value(KEY_CENTRE)
        if isinstance(centre, QByteArray | bytes):
            self.centre.restoreState(QByteArray(centre))

    def save_window_state(self) -> None:
        s = open_settings()
        s.setValue(KEY_GEOMETRY, self.saveGeometry())
        s.setValue(KEY_STATE, self.saveState(STATE_VERSION))
        s.setValue(KEY_CENTRE, self.centre.saveState())
        s.sync()

    def reset_layout(self) -> None:
        for dock in (self.composer_dock, self.timeline_dock, self.jobs_dock):
            dock.setFloating(False)
            dock.show()
        self.restoreState(self._default_state, STATE_VERSION)
        self.centre.restoreState(self._default_centre)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Content that arrives later (the jobs half, a video's time label) can raise the minimum size and so
        # grow the window past the screen's edge: move it back once the resize is done.
        super().resizeEvent(event)
        if self.isVisible() and not self._clamp_pending:
            self._clamp_pending = True
            QTimer.singleShot(0, self._clamp_later)

    def _clamp_later(self) -> None:
        self._clamp_pending = False
        self.clamp_to_screen()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only a window on screen asks questions: closing a hidden one is the program's decision (tests,
        # shutdown), and a modal dialog nobody can see would block forever.
        if self.isVisible() and (not all(guard() for guard in self._close_guards)
                                 or not self.projects.maybe_save()):
            event.ignore()
            return
        self.save_window_state()
        save_session(self.projects)  # the composer comes back at the next start (ui/session.py)
        self.drop_zone.loader.wait_for_done(3000)
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
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_folder)))

    def _show_about(self) -> None:
        if self._about_handler is not None:
            self._about_handler()
            return
        QMessageBox.about(self, self.tr("About {app}").format(app=APP_NAME),
                          self.tr("{app} {version}\nCompose camera paths and turn one image into a video with "
                                  "Hunyuan-GameCraft.").format(app=APP_NAME, version=__version__))

    # --- fal's 422 ------------------------------------------------------------------------------------

    def mark_field_issues(self, issues: Iterable[FieldIssue]) -> list[QLabel]:
        """fal refused the input (422): its message for each field (wire names: prompt, neg_prompt, image,
        action_list, action_speed_list, cfg_scale, infer_steps, seed) shown under that control until it is edited."""
        from gamecraft_desktop.ui.field_issues import mark_field_issues

        return list(mark_field_issues(self, issues))

"""The main window's actions (File, Edit, Generate, View and Help commands), built once for its menus and
toolbars."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from gamecraft_desktop import APP_NAME
from gamecraft_desktop.core.texts import Texts
from gamecraft_desktop.ui.generate_bar import CODE_FORMATS, code_format_title
from gamecraft_desktop.ui.icons import icon
from gamecraft_desktop.ui.shortcuts import shortcuts_with

if TYPE_CHECKING:
    from gamecraft_desktop.ui.main_window import MainWindow

#: The actions' words (core/texts.py: the name is the translation context).
MainActions = Texts("MainActions")


def make_action(w: QMainWindow, text: str, slot: Callable[[], object] | None = None,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "", name: str = "") -> QAction:
    act = QAction(text, w)
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


def build_actions(w: MainWindow) -> None:
    p, z = w.projects, w.drop_zone
    w.new_action = make_action(w, MainActions.tr("&New Project"), p.new_project, QKeySequence.StandardKey.New,
                                   MainActions.tr("Start a new project"), "newProject")
    w.open_action = make_action(w, MainActions.tr("&Open Project…"), p.open_dialog, QKeySequence.StandardKey.Open,
                                    MainActions.tr("Open a .gamecraft.json project"), "openProject")
    w.save_action = make_action(w, MainActions.tr("&Save"), p.save, QKeySequence.StandardKey.Save,
                                    MainActions.tr("Save the project"), "saveProject")
    w.save_as_action = make_action(w, MainActions.tr("Save &As…"), p.save_as, QKeySequence.StandardKey.SaveAs,
                                       MainActions.tr("Save the project under a new name"), "saveProjectAs")
    w.open_image_action = make_action(w, MainActions.tr("Open &Image…"), z.open_image_dialog, "Ctrl+Shift+O",
                                          MainActions.tr("Choose the input image"), "openImage")
    w.open_image_action.setIcon(icon("open-image"))
    w.paste_image_action = make_action(w, MainActions.tr("&Paste Image"), z.paste_from_clipboard,
                                           QKeySequence.StandardKey.Paste,
                                           MainActions.tr("Paste an image, path or image link"), "pasteImage")
    w.paste_image_action.setIcon(icon("paste"))
    # Enabled by the jobs side while a finished job's video is selected (app_export).
    w.export_action = make_action(w, MainActions.tr("&Export…"), None, "Ctrl+Shift+E",
                                      MainActions.tr("Export the selected video as GIF, WebP, MP4, PNG frames, one "
                                              "frame or a contact sheet"), "export")
    w.export_action.setEnabled(False)
    w.quit_action = make_action(w, MainActions.tr("&Quit"), w.close, tip=MainActions.tr("Close the window"), name="quit")
    # StandardKey.Quit is empty in the Windows key scheme (Windows, offscreen): Ctrl+Q everywhere.
    w.quit_action.setShortcuts(shortcuts_with("Ctrl+Q", QKeySequence.StandardKey.Quit))
    stack = w.doc.undo_stack()
    w.undo_action = stack.createUndoAction(w, MainActions.tr("&Undo"))
    w.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    w.undo_action.setObjectName("undo")
    w.redo_action = stack.createRedoAction(w, MainActions.tr("&Redo"))
    w.redo_action.setShortcuts(shortcuts_with(["Ctrl+Shift+Z", "Ctrl+Y"], QKeySequence.StandardKey.Redo))
    w.redo_action.setObjectName("redo")
    w.generate_action = make_action(w, MainActions.tr("&Generate"), w._on_generate, "Ctrl+Return",
                                        name="generate")
    w.generate_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
    w.generate_action.setIcon(icon("generate"))
    w.copy_menu = QMenu(MainActions.tr("&Copy Request As"), w)
    w.copy_menu.setObjectName("copyRequestMenu")
    w.copy_menu.setIcon(icon("copy"))
    w.copy_actions = {}
    for key, title in CODE_FORMATS:
        act = make_action(w, code_format_title(title), partial(w.copy_request_as, key),
                          tip=MainActions.tr("Copy the request as {title}").format(title=code_format_title(title)),
                          name=f"copy:{key}")
        w.copy_menu.addAction(act)
        w.copy_actions[key] = act
    w.reset_layout_action = make_action(w, MainActions.tr("&Reset Layout"), w.reset_layout,
                                            tip=MainActions.tr("Put every panel back where it started"),
                                            name="resetLayout")
    w.about_action = make_action(w, MainActions.tr("&About {app}").format(app=APP_NAME), w._show_about,
                                     name="about")
    w.open_log_folder_action = make_action(w,
        MainActions.tr("Open &Log Folder"), w._open_log_folder,
        tip=MainActions.tr("Show the folder with the app's log files (attach them to a bug report)"),
        name="openLogFolder")
    w.open_log_folder_action.setEnabled(False)

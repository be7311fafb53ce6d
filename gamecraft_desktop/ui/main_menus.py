"""The main window's menu bar: File, Edit, Path, Generate, View, Help, built from the window's actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gamecraft_desktop.core.texts import Texts
from gamecraft_desktop.ui.language_menu import LanguageMenu
from gamecraft_desktop.ui.path_menus import build_presets_menu
from gamecraft_desktop.ui.recent_menu import RecentMenu
from gamecraft_desktop.ui.theme import ThemeMenu

if TYPE_CHECKING:
    from gamecraft_desktop.ui.main_window import MainWindow

#: The menu bar's words (core/texts.py: the name is the translation context).
MainMenus = Texts("MainMenus")


def build_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu(MainMenus.tr("&File"))
    file_menu.addActions([w.new_action, w.open_action])
    w.recent_projects_menu = RecentMenu(MainMenus.tr("Recent &Projects"), w.projects.recent,
                                           w.projects.open_path, MainMenus.tr("No recent projects"), w)
    file_menu.addMenu(w.recent_projects_menu)
    file_menu.addActions([w.save_action, w.save_as_action])
    file_menu.addSeparator()
    file_menu.addAction(w.open_image_action)
    w.recent_images_menu = RecentMenu(MainMenus.tr("Recent I&mages"), w.drop_zone.recent,
                                         w.drop_zone.load_path, MainMenus.tr("No recent images"), w)
    file_menu.addMenu(w.recent_images_menu)
    file_menu.addSeparator()
    file_menu.addAction(w.export_action)
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)

    edit_menu = bar.addMenu(MainMenus.tr("&Edit"))
    edit_menu.addActions([w.undo_action, w.redo_action])
    edit_menu.addSeparator()
    edit_menu.addAction(w.paste_image_action)
    edit_menu.addSeparator()
    edit_menu.addAction(w.preferences.action)

    path_menu = bar.addMenu(MainMenus.tr("&Path"))
    path_menu.addMenu(build_presets_menu(w.doc, w))
    path_menu.addAction(w.timeline.view.record_action)

    gen_menu = bar.addMenu(MainMenus.tr("&Generate"))
    gen_menu.addAction(w.generate_action)
    gen_menu.addMenu(w.copy_menu)

    view_menu = bar.addMenu(MainMenus.tr("&View"))
    for dock in (w.composer_dock, w.timeline_dock, w.jobs_dock):
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addSeparator()
    view_menu.addMenu(ThemeMenu(w))
    view_menu.addMenu(LanguageMenu(w))
    view_menu.addAction(w.reset_layout_action)

    help_menu = bar.addMenu(MainMenus.tr("&Help"))
    help_menu.addAction(w.open_log_folder_action)
    help_menu.addSeparator()
    help_menu.addAction(w.about_action)

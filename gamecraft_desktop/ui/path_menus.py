"""Menus over a PathDocument: presets (replace / append) and the timeline's context menu. The main
window can reuse `build_presets_menu` for its Path menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.core.camera_path import TRANSLATIONS, Action
from gamecraft_desktop.core.texts import Texts

#: Order of the keys in menus and tool buttons.
KEY_ORDER: tuple[Action, ...] = (Action.FORWARD, Action.LEFT, Action.BACKWARD, Action.RIGHT)
assert set(KEY_ORDER) == TRANSLATIONS

PathMenus = Texts("PathMenus")



def action_label(action: Action) -> str:
    """'W — dolly forward' for people."""
    return PathMenus.tr("{key} — {move}").format(key=action.key, move=action.label)


def build_presets_menu(doc: PathDocument, parent: QWidget | None = None) -> QMenu:
    """'Presets' with two sections: replace the path, or append a preset's moves. Filled when first opened:
    its ~16 actions and the presets module are not needed for the first frame (start-up time)."""
    menu = QMenu(PathMenus.tr("Presets"), parent)
    menu.setObjectName("presetsMenu")
    menu.setToolTipsVisible(True)
    menu.setAccessibleName(PathMenus.tr("Path presets"))
    menu.aboutToShow.connect(lambda: fill_presets_menu(menu, doc))
    return menu


def fill_presets_menu(menu: QMenu, doc: PathDocument) -> None:
    """Add the presets to a menu made by `build_presets_menu` (once)."""
    if menu.actions():
        return
    from gamecraft_desktop.core.presets import PRESETS

    for append in (False, True):
        menu.addSection(PathMenus.tr("Append to the path") if append else PathMenus.tr("Replace the path with"))
        for preset in PRESETS:
            act = menu.addAction(preset.name)
            act.setObjectName(f"preset:{'append' if append else 'replace'}:{preset.key}")
            act.setToolTip(preset.explanation)
            act.setStatusTip(preset.explanation)
            act.triggered.connect(lambda _=False, p=preset, a=append: doc.apply_preset(p, append=a))


def build_context_menu(
    doc: PathDocument,
    parent: QWidget,
    edit_speed: Callable[[], object],
    record_action: QAction | None = None,
) -> QMenu:
    """The timeline's right-click menu, acting on the selection."""
    menu = QMenu(PathMenus.tr("Timeline"), parent)
    menu.setObjectName("timelineContextMenu")
    menu.setAccessibleName(PathMenus.tr("Timeline actions"))
    has_sel = bool(doc.selection())
    change = menu.addMenu(PathMenus.tr("Change to"))
    change.setObjectName("changeToMenu")
    change.setEnabled(has_sel)
    for action in KEY_ORDER:
        act = change.addAction(action_label(action))
        act.setObjectName(f"changeTo:{action.value}")
        act.triggered.connect(lambda _=False, a=action: doc.set_action(None, a))
    speed = menu.addAction(PathMenus.tr("Set speed…"))
    speed.setObjectName("setSpeed")
    speed.setShortcut(QKeySequence("F2"))
    speed.setEnabled(has_sel)
    speed.triggered.connect(edit_speed)
    dup = menu.addAction(PathMenus.tr("Duplicate"))
    dup.setObjectName("duplicate")
    dup.setShortcut(QKeySequence("Ctrl+D"))
    dup.setEnabled(has_sel)
    dup.triggered.connect(lambda: doc.duplicate())
    delete = menu.addAction(PathMenus.tr("Delete"))
    delete.setObjectName("delete")
    delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    delete.setEnabled(has_sel)
    delete.triggered.connect(lambda: doc.remove())
    menu.addSeparator()
    sel_all = menu.addAction(PathMenus.tr("Select all"))
    sel_all.setObjectName("selectAll")
    sel_all.setShortcut(QKeySequence(QKeySequence.StandardKey.SelectAll))
    sel_all.setEnabled(len(doc.path()) > 0)
    sel_all.triggered.connect(doc.select_all)
    if record_action is not None:
        menu.addAction(record_action)
    menu.addSeparator()
    menu.addMenu(build_presets_menu(doc, menu))
    clear = menu.addAction(PathMenus.tr("Clear path"))
    clear.setObjectName("clearPath")
    clear.setEnabled(len(doc.path()) > 0)
    clear.triggered.connect(lambda: doc.clear())
    return menu

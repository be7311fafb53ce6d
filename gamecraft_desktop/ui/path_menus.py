"""Menus over a PathDocument: presets (replace / append) and the timeline's context menu. The main
window can reuse `build_presets_menu` for its Path menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.core.camera_path import TRANSLATIONS, Action
from gamecraft_desktop.core.presets import PRESETS

#: Order of the keys in menus and tool buttons.
KEY_ORDER: tuple[Action, ...] = (Action.FORWARD, Action.LEFT, Action.BACKWARD, Action.RIGHT)
assert set(KEY_ORDER) == TRANSLATIONS


def _tr(text: str) -> str:
    return QCoreApplication.translate("PathMenus", text)


def action_label(action: Action) -> str:
    """'W — dolly forward' for people."""
    return _tr("%1 — %2").replace("%1", action.key).replace("%2", _tr(action.label))


def build_presets_menu(doc: PathDocument, parent: QWidget | None = None) -> QMenu:
    """'Presets' with two sections: replace the path, or append a preset's moves."""
    menu = QMenu(_tr("Presets"), parent)
    menu.setObjectName("presetsMenu")
    menu.setToolTipsVisible(True)
    menu.setAccessibleName(_tr("Path presets"))
    for append in (False, True):
        menu.addSection(_tr("Append to the path") if append else _tr("Replace the path with"))
        for preset in PRESETS:
            act = menu.addAction(_tr(preset.title))
            act.setObjectName(f"preset:{'append' if append else 'replace'}:{preset.key}")
            act.setToolTip(_tr(preset.description))
            act.setStatusTip(_tr(preset.description))
            act.triggered.connect(lambda _=False, p=preset, a=append: doc.apply_preset(p, append=a))
    return menu


def build_context_menu(
    doc: PathDocument,
    parent: QWidget,
    edit_speed: Callable[[], object],
    record_action: QAction | None = None,
) -> QMenu:
    """The timeline's right-click menu, acting on the selection."""
    menu = QMenu(_tr("Timeline"), parent)
    menu.setObjectName("timelineContextMenu")
    menu.setAccessibleName(_tr("Timeline actions"))
    has_sel = bool(doc.selection())
    change = menu.addMenu(_tr("Change to"))
    change.setObjectName("changeToMenu")
    change.setEnabled(has_sel)
    for action in KEY_ORDER:
        act = change.addAction(action_label(action))
        act.setObjectName(f"changeTo:{action.value}")
        act.triggered.connect(lambda _=False, a=action: doc.set_action(None, a))
    speed = menu.addAction(_tr("Set speed…"))
    speed.setObjectName("setSpeed")
    speed.setShortcut(QKeySequence(_tr("F2")))
    speed.setEnabled(has_sel)
    speed.triggered.connect(edit_speed)
    dup = menu.addAction(_tr("Duplicate"))
    dup.setObjectName("duplicate")
    dup.setShortcut(QKeySequence(_tr("Ctrl+D")))
    dup.setEnabled(has_sel)
    dup.triggered.connect(lambda: doc.duplicate())
    delete = menu.addAction(_tr("Delete"))
    delete.setObjectName("delete")
    delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    delete.setEnabled(has_sel)
    delete.triggered.connect(lambda: doc.remove())
    menu.addSeparator()
    sel_all = menu.addAction(_tr("Select all"))
    sel_all.setObjectName("selectAll")
    sel_all.setShortcut(QKeySequence(QKeySequence.StandardKey.SelectAll))
    sel_all.setEnabled(len(doc.path()) > 0)
    sel_all.triggered.connect(doc.select_all)
    if record_action is not None:
        menu.addAction(record_action)
    menu.addSeparator()
    menu.addMenu(build_presets_menu(doc, menu))
    clear = menu.addAction(_tr("Clear path"))
    clear.setObjectName("clearPath")
    clear.setEnabled(len(doc.path()) > 0)
    clear.triggered.connect(lambda: doc.clear())
    return menu

"""The player's commands besides playing: in and out points (I, O, Alt+X), export, save or copy the frame
shown (Ctrl+Shift+S, Ctrl+C), as keys and as the picture's right-click menu.

Ctrl+Shift+S is also the window's Save As on most desktops: while the player has the focus (and shows a
video) it takes the key for itself through ShortcutOverride, so the two never clash."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from gamecraft_desktop.core.texts import Texts

#: The player's menu words (core/texts.py: the name is the translation context).
PlayerKeys = Texts("PlayerKeys")


class PlayerKey(Enum):
    SET_IN = "set_in"
    SET_OUT = "set_out"
    CLEAR_TRIM = "clear_trim"
    SAVE_FRAME = "save_frame"
    COPY_FRAME = "copy_frame"
    EXPORT = "export"


_MODS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
         | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier)
_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
#: (key, modifiers) -> command; the keys shown in the menu come from here too.
KEYS: dict[PlayerKey, tuple[Qt.Key, Qt.KeyboardModifier]] = {
    PlayerKey.SET_IN: (Qt.Key.Key_I, Qt.KeyboardModifier.NoModifier),
    PlayerKey.SET_OUT: (Qt.Key.Key_O, Qt.KeyboardModifier.NoModifier),
    PlayerKey.CLEAR_TRIM: (Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier),
    PlayerKey.SAVE_FRAME: (Qt.Key.Key_S, _CTRL_SHIFT),
    PlayerKey.COPY_FRAME: (Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier),
}


def player_key(event: QKeyEvent) -> PlayerKey | None:
    """The command a key press asks for, if any (modifiers must match exactly: Shift+I is not I)."""
    mods = event.modifiers() & _MODS
    for command, (key, want) in KEYS.items():
        if event.key() == key and mods == want:
            return command
    return None


def key_text(command: PlayerKey) -> str:
    key, mods = KEYS[command]
    return QKeySequence(mods.value | key.value).toString(QKeySequence.SequenceFormat.NativeText)


def trim_after(trim: tuple[int, int] | None, count: int, *, set_in: int | None = None,
               set_out: int | None = None) -> tuple[int, int] | None:
    """The in and out points after setting one of them. An in point after the out point (or an out point
    before the in point) drops the other end back to the video's end (or start); the whole video is no trim."""
    if count <= 0:
        return None
    first, last = trim or (0, count - 1)
    if set_in is not None:
        first = max(0, min(set_in, count - 1))
        if last < first:
            last = count - 1
    if set_out is not None:
        last = max(0, min(set_out, count - 1))
        if first > last:
            first = 0
    return None if (first, last) == (0, count - 1) else (first, last)


def build_menu(parent: QWidget, run: Callable[[PlayerKey], None], *, has_trim: bool,
               into: QMenu | None = None) -> QMenu:
    """The player's menu (keys shown beside each entry): the picture's right-click menu, or `into` the Save
    video button's arrow."""
    menu = into if into is not None else QMenu(parent)
    if into is None:
        menu.setObjectName("playerMenu")
    entries = [
        (PlayerKey.EXPORT, PlayerKeys.tr("Export…")),
        (PlayerKey.SAVE_FRAME, PlayerKeys.tr("Save Frame as PNG…")),
        (PlayerKey.COPY_FRAME, PlayerKeys.tr("Copy Frame")),
        None,
        (PlayerKey.SET_IN, PlayerKeys.tr("Set In Point Here")),
        (PlayerKey.SET_OUT, PlayerKeys.tr("Set Out Point Here")),
        (PlayerKey.CLEAR_TRIM, PlayerKeys.tr("Clear In and Out")),
    ]
    for entry in entries:
        if entry is None:
            menu.addSeparator()
            continue
        command, text = entry
        shortcut = f"\t{key_text(command)}" if command in KEYS else ""
        action = menu.addAction(text + shortcut)
        action.setObjectName(f"player:{command.value}")
        action.setEnabled(command is not PlayerKey.CLEAR_TRIM or has_trim)
        action.triggered.connect(lambda _checked=False, c=command: run(c))
    return menu


def save_button(parent: QWidget, save: Callable[[], None],
                fill: Callable[[QMenu], object]) -> tuple[QToolButton, QMenu]:
    """Save video… with the player's menu on its arrow (Export…, the frame, in and out points): one button
    wide, so the controls fit a small window. `fill(menu)` fills the menu each time it opens."""
    button = QToolButton(parent)
    button.setText(PlayerKeys.tr("Save video…"))
    button.setObjectName("saveVideo")
    button.setAccessibleName(PlayerKeys.tr("Save video"))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    button.clicked.connect(save)
    menu = QMenu(button)
    menu.setObjectName("playerSaveMenu")

    def refill() -> None:
        menu.clear()
        fill(menu)

    menu.aboutToShow.connect(refill)
    button.setMenu(menu)
    return button, menu

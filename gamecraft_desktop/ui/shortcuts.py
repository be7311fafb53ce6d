"""Keyboard shortcuts that work on every platform: each key once, and a check that no key is claimed twice.

Why: on X11 `QKeySequence.StandardKey.Redo` already holds Ctrl+Shift+Z, so "Ctrl+Shift+Z plus Redo" gave one
action the same key twice; Qt then reports "Ambiguous shortcut overload" and does nothing. Offscreen tests
(Windows key scheme) cannot see it.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def shortcuts_with(first: str | list[str], standard: QKeySequence.StandardKey) -> list[QKeySequence]:
    """`first` (one key or several) on every platform, then the platform's own keys for `standard`, each
    key once."""
    keys: list[QKeySequence] = []
    for key in [*([first] if isinstance(first, str) else first),
                *QKeySequence.keyBindings(standard)]:
        seq = QKeySequence(key)
        if not seq.isEmpty() and seq not in keys:
            keys.append(seq)
    return keys


def ambiguous_shortcuts(window: QWidget) -> dict[str, list[str]]:
    """Keys that more than one window-wide shortcut claims (an action listing a key twice counts twice):
    {key: [action names]}. Empty when every key does exactly one thing."""
    claims: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        if action.shortcutContext() not in (Qt.ShortcutContext.WindowShortcut,
                                            Qt.ShortcutContext.ApplicationShortcut):
            continue
        for key in action.shortcuts():
            if not key.isEmpty():
                claims[key.toString(QKeySequence.SequenceFormat.PortableText)].append(
                    action.objectName() or action.text().replace("&", ""))
    return {key: names for key, names in claims.items() if len(names) > 1}

"""The keys every player in the window shares: one place says which key plays, steps or jumps."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt


class TransportKey(StrEnum):
    TOGGLE = "toggle"  # play / pause
    BACK = "back"  # one frame back
    FORWARD = "forward"  # one frame on
    FIRST = "first"
    LAST = "last"


_KEYS = {
    Qt.Key.Key_Space: TransportKey.TOGGLE,
    Qt.Key.Key_Comma: TransportKey.BACK,
    Qt.Key.Key_Left: TransportKey.BACK,
    Qt.Key.Key_Period: TransportKey.FORWARD,
    Qt.Key.Key_Right: TransportKey.FORWARD,
    Qt.Key.Key_Home: TransportKey.FIRST,
    Qt.Key.Key_End: TransportKey.LAST,
}


def transport_key(key: int) -> TransportKey | None:
    """What a key does to a player (Space, , . ← → Home End), or None."""
    try:
        return _KEYS.get(Qt.Key(key))
    except ValueError:
        return None

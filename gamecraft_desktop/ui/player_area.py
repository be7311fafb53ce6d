"""The window's player area: the single player, or the compare view while comparing 2–4 jobs (the player
presenter decides which)."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from gamecraft_desktop.ui.compare.compare_view import CompareView


class PlayerArea(QStackedWidget):
    """Holds the single player; `show_compare(view)` and `leave_compare()` switch to and from comparing."""

    def __init__(self, player: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playerArea")
        self.player = player
        self.addWidget(player)
        self._compare: CompareView | None = None

    @property
    def compare_view(self) -> CompareView | None:
        return self._compare

    @property
    def comparing(self) -> bool:
        return self._compare is not None

    def show_compare(self, view: CompareView) -> None:
        """Show `view` instead of the single player (which pauses); a compare already open closes."""
        self.leave_compare()
        pause = getattr(self.player, "pause", None)
        if callable(pause):
            pause()
        self._compare = view
        self.addWidget(view)
        self.setCurrentWidget(view)
        view.setFocus()

    def leave_compare(self) -> None:
        """Back to the single player; the compare view's decoders stop."""
        view, self._compare = self._compare, None
        if view is None:
            return
        view.shutdown()
        self.setCurrentWidget(self.player)
        self.removeWidget(view)
        view.deleteLater()

"""Where the main window is and how big its panels are: the first-start size for the screen, keeping it on
screen, and saving, restoring and resetting the layout."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QDockWidget, QMainWindow, QSplitter, QWidget

from gamecraft_desktop.ui.app_settings import KEY_CENTRE, KEY_GEOMETRY, KEY_STATE, open_settings

STATE_VERSION = 1
#: The player area's share of the centre splitter while comparing (several pictures and their table).
COMPARE_SHARE = 0.7
DEFAULT_SIZE = QSize(1440, 900)
FRAME_ALLOWANCE = QSize(8, 36)  # a typical title bar and borders, before the window manager says


class WindowLayout(QMainWindow):
    """The layout half of the main window (a base class: the window itself assembles the panels)."""

    composer_dock: QDockWidget
    jobs_dock: QDockWidget
    timeline_dock: QDockWidget
    centre: QSplitter
    _default_state: QByteArray
    _default_centre: QByteArray
    _clamp_pending = False
    path_map: QWidget
    timeline: QWidget
    player_slot: QWidget
    _comparing: tuple[list[tuple[QWidget, QWidget]], list[int]] | None = None

    def show_comparing(self, path_map: QWidget | None, moves: QWidget | None) -> None:
        """While comparing, `path_map` and `moves` stand in for the window's path map and timeline, and the
        player area gets more of the centre; (None, None) puts everything back as it was."""
        if self._comparing is not None:
            swapped, sizes = self._comparing
            self._comparing = None
            for original, stand_in in reversed(swapped):
                _replace(stand_in, original)
                stand_in.deleteLater()
            self.centre.setSizes(sizes)
        if path_map is None or moves is None:
            return
        sizes = self.centre.sizes()
        swapped = [(o, n) for o, n in ((self.path_map, path_map), (self.timeline, moves)) if _replace(o, n)]
        self._comparing = (swapped, sizes)
        mine = self.centre.indexOf(self.player_slot)
        total = sum(sizes)
        self.centre.setSizes([round(total * (COMPARE_SHARE if i == mine else (1 - COMPARE_SHARE)))
                              for i in range(len(sizes))])

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


def _replace(old: QWidget, new: QWidget) -> bool:
    """Put `new` where `old` is (a splitter's slot or a layout's) and hide `old`, kept for coming back."""
    parent = old.parentWidget()
    if isinstance(parent, QSplitter):
        sizes = parent.sizes()
        parent.insertWidget(parent.indexOf(old), new)
        old.hide()
        old.setParent(None)  # type: ignore[call-overload]
        new.show()
        parent.setSizes(sizes)
        return True
    layout = parent.layout() if parent is not None else None
    index = layout.indexOf(old) if isinstance(layout, QBoxLayout) else -1
    if layout is None or index < 0:
        return False
    assert isinstance(layout, QBoxLayout)
    layout.insertWidget(index, new, layout.stretch(index))
    layout.removeWidget(old)
    old.hide()
    new.show()
    return True

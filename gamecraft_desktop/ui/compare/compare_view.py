"""The compare view in the player area: 2–4 finished jobs side by side (grid), as an A/B wipe, or one alone,
driven by one transport, with what differs between them underneath.

Keys (while it has focus): G grid · W wipe · 1–4 one video alone · Esc back (from one video to the layout
before, then out of comparing) · Space play/pause · , . or ← → frame step · Home/End · L loop · [ ] move the
wipe's divider · Ctrl+D star the video under the pointer (or the one shown alone).

The view acts on jobs only through signals (`actionRequested(key, job_id)`, `starToggled(job_id, starred)`,
`closeRequested()`): the jobs runtime runs the same actions as the job list's (Use these inputs, Vary seed,
Continue from last frame, Save video…).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.run_inputs import RunInputs
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.ui.compare.canvas import CompareCanvas
from gamecraft_desktop.ui.compare.compare_map import ComparePathMap
from gamecraft_desktop.ui.compare.differences import DifferencesTable
from gamecraft_desktop.ui.compare.session import CompareSession
from gamecraft_desktop.ui.compare.stacked_moves import StackedMoves
from gamecraft_desktop.ui.compare.tile_layout import LETTERS, Layout
from gamecraft_desktop.ui.compare.transport_bar import TransportBar
from gamecraft_desktop.ui.transport_keys import TransportKey, transport_key

#: The layout buttons: the checked one must stand out in every style (Fusion's checked tool button is faint).
LAYOUT_BUTTON_SHEET = ("QToolButton { padding: 1px 6px; border: 1px solid palette(mid); border-radius: 3px; }"
                       "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
                       " border-color: palette(highlight); }"
                       "QToolButton:hover, QToolButton:focus { border-color: palette(highlight); }")
#: (key, text) of a tile's menu, in order; the keys are the job list's action keys.
TILE_ACTIONS = ("load", "vary", "continue", "save")
WIPE_STEP = 0.05


class ElidingLabel(QLabel):
    """A one-line label that asks for its whole text's width, takes less when there is no room, and then
    shows its text cut with "…" (or nothing), never clipped in the middle of a letter."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._full = text
        self.setMinimumWidth(1)

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 2, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.contentsRect().width())
        super().setText("" if shown == "…" else shown)


class CompareView(QWidget):
    """Compare 2–4 finished jobs. `shutdown()` stops its decoders (leaving compare does it)."""

    closeRequested = Signal()
    actionRequested = Signal(str, str)  # job-list action key, job id
    starToggled = Signal(str, bool)  # job id, starred
    frameShown = Signal(int)  # the master frame on screen (path map and timeline follow it)
    message = Signal(str)  # a line for the status bar

    def __init__(self, jobs: Sequence[JobEvent], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setAccessibleName(self.tr("Compare videos"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(self.tr("G grid · W wipe · 1–4 one video alone (or double-click it) · Esc back · Space or a "
                                "click play/pause · , . or ← → step a frame · L loop · [ ] move the wipe divider · "
                                "Ctrl+D star the video under the pointer"))
        self.session = CompareSession(jobs, self)
        self.canvas = CompareCanvas(self.session, self)
        self.transport = TransportBar(self.session, self)
        self.differences = DifferencesTable(self)
        self._previous_layout = Layout.GRID
        self._build_header()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.transport)
        layout.addWidget(self.differences)
        self.canvas.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.canvas.setFocusProxy(self)  # a click on the pictures gives the view its keys
        self.canvas.starClicked.connect(self._star_tile)
        self.canvas.pictureClicked.connect(self.session.clock.toggle)
        self.canvas.tileDoubleClicked.connect(self._toggle_solo)
        self.canvas.menuRequested.connect(self.open_tile_menu)
        self.session.shownChanged.connect(self._on_shown)
        # The path map and timeline of the window show these while comparing (the host places them).
        paths = [ev.inputs.path() if ev.inputs is not None else CameraPath() for ev in jobs]
        self.path_map = ComparePathMap(paths)
        self.moves = StackedMoves(paths)
        self._refresh_runs()
        self.set_layout_mode(Layout.GRID)

    # --- header ------------------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.header = QWidget(self)
        self.header.setObjectName("compareHeader")
        row = QHBoxLayout(self.header)
        row.setContentsMargins(6, 4, 6, 2)
        row.setSpacing(4)
        # The header never widens the window: the title gives way first (the status bar says it too).
        self.title = ElidingLabel(self.tr("Comparing {n} videos").format(n=self.session.count), self.header)
        self.title.setObjectName("compareTitle")
        row.addWidget(self.title)
        row.addSpacing(8)
        self.layout_group = QButtonGroup(self)
        self.layout_buttons: dict[str, QToolButton] = {}
        specs = [("grid", self.tr("Grid"), self.tr("All videos side by side (G)")),
                 ("wipe", self.tr("Wipe"), self.tr("Two videos on one picture with a divider to drag (W)"))]
        specs += [(f"solo{i}", LETTERS[i], self.tr("Video {letter} alone ({key})").format(letter=LETTERS[i], key=i + 1))
                  for i in range(self.session.count)]
        for key, text, tip in specs:
            b = QToolButton(self.header)
            b.setText(text)
            b.setCheckable(True)
            b.setStyleSheet(LAYOUT_BUTTON_SHEET)
            b.setObjectName(f"compareLayout_{key}")
            b.setAccessibleName(tip.split(" (")[0])
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False, k=key: self._layout_clicked(k))
            self.layout_group.addButton(b)
            self.layout_buttons[key] = b
            row.addWidget(b)
            if key == "wipe":
                row.addSpacing(8)
        self.layout_buttons["wipe"].setEnabled(self.session.count >= 2)
        # With 3 or 4 videos the wipe shows two of them: which ones.
        self.wipe_left, self.wipe_right = QComboBox(self.header), QComboBox(self.header)
        for combo, side, default in ((self.wipe_left, self.tr("left"), 0), (self.wipe_right, self.tr("right"), 1)):
            combo.setObjectName(f"compareWipe_{'left' if default == 0 else 'right'}")
            combo.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves Space and the arrows to the view
            for i in range(self.session.count):
                combo.addItem(LETTERS[i], i)
            combo.setCurrentIndex(default)
            combo.setAccessibleName(self.tr("Video on the {side} of the wipe").format(side=side))
            combo.setToolTip(self.tr("The video shown {side} of the wipe's divider").format(side=side))
            combo.currentIndexChanged.connect(self._wipe_pair_changed)
            row.addWidget(combo)
        self.wipe_vs = QLabel("|", self.header)
        row.insertWidget(row.indexOf(self.wipe_right), self.wipe_vs)
        row.addStretch(1)
        self.sandbox_note = QLabel(self.tr("SANDBOX"), self.header)
        self.sandbox_note.setObjectName("compareSandboxBadge")
        self.sandbox_note.setToolTip(self.tr("Made by the local sandbox: simulated camera moves, not the model"))
        self.sandbox_note.setStyleSheet("QLabel { color: #1b1300; background: #ffc53d; border-radius: 4px;"
                                        " padding: 1px 6px; font-weight: 600; }")
        self.sandbox_note.setVisible(any(ev.is_sandbox for ev in self.session.jobs))
        row.addWidget(self.sandbox_note)
        self.close_button = QToolButton(self.header)
        self.close_button.setText(self.tr("Done"))
        self.close_button.setObjectName("compareClose")
        self.close_button.setAccessibleName(self.tr("Leave compare"))
        self.close_button.setToolTip(self.tr("Back to the single player (Esc)"))
        self.close_button.clicked.connect(self.closeRequested)
        row.addWidget(self.close_button)

    def _wipe_pair_changed(self, _index: int) -> None:
        left, right = int(self.wipe_left.currentData()), int(self.wipe_right.currentData())
        if left == right:  # two different videos: the other side takes the one just left
            other = self.wipe_right if self.sender() is self.wipe_left else self.wipe_left
            previous = self.canvas.wipe_pair[1] if other is self.wipe_right else self.canvas.wipe_pair[0]
            swap = previous if previous != left else next(i for i in range(self.session.count) if i != left)
            other.blockSignals(True)
            other.setCurrentIndex(other.findData(swap))
            other.blockSignals(False)
            left, right = int(self.wipe_left.currentData()), int(self.wipe_right.currentData())
        self.canvas.set_wipe_pair(left, right)

    def _toggle_solo(self, tile: int) -> None:
        if self.canvas.layout_mode is Layout.SOLO:
            self.set_layout_mode(self._previous_layout)
        else:
            self.set_layout_mode(Layout.SOLO, tile)

    def _layout_clicked(self, key: str) -> None:
        if key == "grid":
            self.set_layout_mode(Layout.GRID)
        elif key == "wipe":
            self.set_layout_mode(Layout.WIPE)
        else:
            self.set_layout_mode(Layout.SOLO, int(key[4:]))

    # --- public ------------------------------------------------------------------------------------

    @property
    def jobs(self) -> list[JobEvent]:
        return self.session.jobs

    def job_ids(self) -> list[str]:
        return [ev.job_id for ev in self.session.jobs]

    def set_layout_mode(self, mode: Layout, solo: int | None = None) -> None:
        if mode is not Layout.SOLO:
            self._previous_layout = mode
        self.canvas.set_layout_mode(mode, solo)
        key = {Layout.GRID: "grid", Layout.WIPE: "wipe"}.get(mode, f"solo{self.canvas.solo}")
        self.layout_buttons[key].setChecked(True)
        choose = mode is Layout.WIPE and self.session.count > 2
        for w in (self.wipe_left, self.wipe_vs, self.wipe_right):
            w.setVisible(choose)
        # The pair choosers take the solo buttons' place (1–4 and a double-click still show one video): the
        # header must not widen the window at 200 %.
        for i in range(self.session.count):
            self.layout_buttons[f"solo{i}"].setVisible(not choose)

    def update_job(self, ev: JobEvent) -> None:
        """A compared job changed (starred, or its files): keep the tiles' stars and captions current."""
        for i, old in enumerate(self.session.jobs):
            if old.job_id == ev.job_id:
                self.session.jobs[i] = ev
        self.canvas.update_stars()
        self.canvas.update()

    def shutdown(self) -> None:
        self.session.close()

    def _on_shown(self, master: int) -> None:
        frames = [self.session.tile_frame(i, master) for i in range(self.session.count)]
        self.path_map.set_frames(frames)
        self.moves.set_frames(frames)
        self.frameShown.emit(master)

    # --- tiles -------------------------------------------------------------------------------------

    def _star_tile(self, tile: int) -> None:
        ev = self.session.jobs[tile]
        self.starToggled.emit(ev.job_id, not ev.starred)

    def tile_menu(self, tile: int) -> QMenu:
        ev = self.session.jobs[tile]
        letter = LETTERS[tile]
        menu = QMenu(self)
        menu.setObjectName(f"compareTileMenu_{letter}")
        texts = {"load": self.tr("Use these inputs"), "vary": self.tr("Vary seed"),
                 "continue": self.tr("Continue from last frame"), "save": self.tr("Save video…")}
        tips = {"load": self.tr("Load this run's image, prompt, path and parameters into the composer"),
                "vary": self.tr("Run these inputs again with a new random seed"),
                "continue": self.tr("Use this video's last frame as the next image"),
                "save": self.tr("Save the MP4 and its JSON sidecar")}
        for key in TILE_ACTIONS:
            act = menu.addAction(f"{letter}: {texts[key]}")
            act.setObjectName(f"compareTileAction_{key}")
            act.setToolTip(tips[key])
            act.triggered.connect(lambda _c=False, k=key, j=ev.job_id: self.actionRequested.emit(k, j))
        menu.addSeparator()
        star = menu.addAction(self.tr("Unstar") if ev.starred else self.tr("Star"))
        star.setObjectName("compareTileAction_star")
        star.setShortcut(QKeySequence("Ctrl+D"))
        star.triggered.connect(lambda _c=False, t=tile: self._star_tile(t))
        return menu

    def open_tile_menu(self, tile: int, at: QPoint) -> None:
        self.tile_menu(tile).exec(at)

    def _refresh_runs(self) -> None:
        runs = [ev.inputs for ev in self.session.jobs]
        self.differences.setVisible(all(isinstance(r, RunInputs) for r in runs))
        if all(isinstance(r, RunInputs) for r in runs):
            self.differences.set_runs([r for r in runs if r is not None])

    # --- keys --------------------------------------------------------------------------------------

    def _transport(self, command: TransportKey) -> None:
        clock = self.session.clock
        if command is TransportKey.TOGGLE:
            clock.toggle()
        elif command in (TransportKey.BACK, TransportKey.FORWARD):
            clock.step(-1 if command is TransportKey.BACK else 1)
        else:
            clock.pause()
            clock.seek(0 if command is TransportKey.FIRST else clock.total - 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_D:
            tile = self.canvas.solo if self.canvas.layout_mode is Layout.SOLO else self.canvas.hovered
            if tile is None:  # which one is meant is unknown: say how to choose rather than do nothing
                self.message.emit(self.tr("Ctrl+D stars the video under the pointer, or the one shown alone "
                                          "(1–4). Point at a video first."))
            else:
                self._star_tile(tile)
        elif mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        elif (command := transport_key(key)) is not None:
            self._transport(command)
        elif key == Qt.Key.Key_L:
            self.transport.loop_button.toggle()
        elif key == Qt.Key.Key_G:
            self.set_layout_mode(Layout.GRID)
        elif key == Qt.Key.Key_W:
            self.set_layout_mode(Layout.WIPE)
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_4 and key - Qt.Key.Key_1 < self.session.count:
            self.set_layout_mode(Layout.SOLO, key - Qt.Key.Key_1)
        elif key in (Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight) and self.canvas.layout_mode is Layout.WIPE:
            sign = -1 if key == Qt.Key.Key_BracketLeft else 1
            self.canvas.set_wipe_position(self.canvas.wipe_position + sign * WIPE_STEP)
        elif key == Qt.Key.Key_Escape:
            if self.canvas.layout_mode is Layout.SOLO:
                self.set_layout_mode(self._previous_layout)
            else:
                self.closeRequested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

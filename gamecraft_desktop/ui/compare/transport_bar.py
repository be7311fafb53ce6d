"""One transport for every compared video: frame steps, play/pause, scrub, loop, and what short videos do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from gamecraft_desktop.core.lockstep import Ends
from gamecraft_desktop.ui.compare.session import CompareSession
from gamecraft_desktop.ui.player_view import FRAME_MS, format_time


class TransportBar(QWidget):
    """Drives the session's clock; every control has a key in the compare view (see its tooltip)."""

    def __init__(self, session: CompareSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareTransport")
        self.session = session
        clock = session.clock
        self.prev_button = self._button("◀|", self.tr("Previous frame"),
                                        self.tr("Step every video back one frame (, or Left)"), "comparePrev")
        self.prev_button.clicked.connect(lambda: clock.step(-1))
        self.play_button = self._button("▶", self.tr("Play or pause"),
                                        self.tr("Play / pause every video together (Space)"), "comparePlay")
        self.play_button.clicked.connect(clock.toggle)
        self.next_button = self._button("|▶", self.tr("Next frame"),
                                        self.tr("Step every video forward one frame (. or Right)"), "compareNext")
        self.next_button.clicked.connect(lambda: clock.step(1))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("compareScrub")
        self.slider.setAccessibleName(self.tr("Scrub"))
        self.slider.setToolTip(self.tr("Drag to scrub every video together (Home / End: first / last frame)"))
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the view's arrow keys step frames instead
        self.slider.valueChanged.connect(self._scrub)
        self.slider.sliderPressed.connect(self._scrub_start)
        self.slider.sliderReleased.connect(self._scrub_end)
        self.time_label = QLabel(self)
        self.time_label.setObjectName("compareTime")
        self.time_label.setAccessibleName(self.tr("Time and frame"))
        self.loop_button = self._button("⟳", self.tr("Loop"), self.tr("Start again together when the longest "
                                                                     "video ends (L)"), "compareLoop")
        self.loop_button.setCheckable(True)
        self.loop_button.setChecked(True)
        self.loop_button.toggled.connect(session.set_loop)
        # The choice is stated in the items themselves (no separate label): the bar must fit the player's
        # width at 200 % (800 logical pixels for the whole window).
        self.ends = QComboBox(self)
        self.ends.setObjectName("compareEnds")
        self.ends.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves Space and the arrows to the view
        self.ends.setAccessibleName(self.tr("What shorter videos do"))
        self.ends.addItem(self.tr("Shorter: stop at end"), Ends.HOLD)
        self.ends.addItem(self.tr("Shorter: loop to longest"), Ends.REPEAT)
        self.ends.currentIndexChanged.connect(lambda _i: session.set_ends(Ends(self.ends.currentData())))

        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.setSpacing(6)
        for w in (self.prev_button, self.play_button, self.next_button):
            row.addWidget(w)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)
        row.addWidget(self.loop_button)
        row.addWidget(self.ends)

        self._was_playing = False
        self._scrubbing = False
        clock.frameChanged.connect(self._on_frame)
        clock.playingChanged.connect(self._on_playing)
        session.lengthsChanged.connect(self.update_lengths)
        self.update_lengths()
        self._on_playing(clock.is_playing())

    def _button(self, text: str, name: str, tip: str, object_name: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setObjectName(object_name)
        b.setAccessibleName(name)
        b.setToolTip(tip)
        return b

    def update_lengths(self) -> None:
        lengths = [n for n in self.session.lengths() if n > 0]
        total = self.session.clock.total
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, total - 1))
        self.slider.blockSignals(False)
        differ = len(set(lengths)) > 1
        self.ends.setEnabled(differ)
        tip = (self.tr("The videos have different lengths. The clock runs to the end of the longest: a shorter "
                       "one either stops on its last frame or starts again until the longest ends.") if differ
               else self.tr("Every compared video has the same length."))
        self.ends.setToolTip(tip)
        self._on_frame(self.session.clock.frame)

    def _on_frame(self, frame: int) -> None:
        if not self._scrubbing:
            self.slider.blockSignals(True)
            self.slider.setValue(frame)
            self.slider.blockSignals(False)
        total = self.session.clock.total
        # Frames first (comparing is frame by frame); the time is in the tooltip. As wide as its widest text,
        # so the controls beside it never shift while playing.
        text = self.tr("frame {f} / {n}")
        end = format_time(total * FRAME_MS, round_up=True)
        self.time_label.setText(text.format(f=frame + 1, n=total))
        self.time_label.setToolTip(self.tr("{time} / {total}").format(time=format_time(frame * FRAME_MS), total=end))
        widest = text.format(f=max(total, 1), n=max(total, 1))
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance(widest) + 2)

    def _on_playing(self, playing: bool) -> None:
        self.play_button.setText("❚❚" if playing else "▶")

    def _scrub_start(self) -> None:
        self._scrubbing = True
        self._was_playing = self.session.clock.is_playing()
        self.session.clock.pause()

    def _scrub(self, value: int) -> None:
        self.session.clock.seek(value)

    def _scrub_end(self) -> None:
        self._scrubbing = False
        if self._was_playing:
            self.session.clock.play()

"""The inline video player: loop, play/pause, exact frame steps, scrub, drag-out, Save video….

It draws with a `QGraphicsVideoItem` in a `QGraphicsView` (a `QVideoWidget` is blank offscreen and invisible
to `grab()`). Every shown frame is reported as `frameChanged(index)` so the timeline playhead and the path map
follow playback. When QtMultimedia cannot be loaded, the panel says so in words and everything else keeps
working (Save video…, drag-out).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import QAccessible, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsScene,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.camera_path import FPS
from gamecraft_desktop.ui.accessibility import announce, describe_label, notify
from gamecraft_desktop.ui.media_logs import route_ffmpeg_logs_to_log
from gamecraft_desktop.ui.player_keys import PlayerKey, build_menu, player_key, save_button, trim_after
from gamecraft_desktop.ui.scrub_bar import ScrubBar
from gamecraft_desktop.ui.stale_overlay import StaleOverlay
from gamecraft_desktop.ui.video_view import FRAME_MS, VideoView, format_time, frame_for_ms, ms_for_frame

__all__ = ["MULTIMEDIA_ERROR", "PlayerView", "format_time", "frame_for_ms", "ms_for_frame"]

log = logging.getLogger(__name__)

try:  # QtMultimedia lives in PySide6-Addons and needs libpulse on Linux: it may be missing.
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame
    from PySide6.QtMultimediaWidgets import QGraphicsVideoItem

    MULTIMEDIA_ERROR: str | None = None
except Exception as exc:  # ImportError, or an OSError from a missing system library
    QMediaPlayer = None  # type: ignore[assignment,misc]
    QVideoFrame = None  # type: ignore[assignment,misc]
    QGraphicsVideoItem = None  # type: ignore[assignment,misc]
    MULTIMEDIA_ERROR = f"{type(exc).__name__}: {exc}"

class PlayerView(QWidget):
    """Plays one video (a finished job's, or the free path preview) in a loop.

    Signals: `frameChanged(int)` for every shown frame (0-based), `saveRequested(str)` with the job id when
    Save video… is pressed (the owner writes the MP4 and its sidecar); `exportRequested(str)`,
    `saveFrameRequested(str, int)` (Ctrl+Shift+S) and `copyFrameRequested(str, int)` (Ctrl+C) with the job id
    and the frame shown; `trimChanged(object)` with the in and out points, (first, last), or None.
    The trim range is set with I and O at the playhead (Alt+X clears it) and drawn on the scrub bar.
    """

    frameChanged = Signal(int)
    saveRequested = Signal(str)
    exportRequested = Signal(str)
    saveFrameRequested = Signal(str, int)
    copyFrameRequested = Signal(str, int)
    trimChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playerView")
        self.setAccessibleName(self.tr("Video player"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(self.tr("Space: play or pause · comma / full stop (or ← / →): step one frame · "
                                "Home / End: first / last frame · I / O: in and out points for export · "
                                "Ctrl+Shift+S: save this frame · drag the picture out to copy the video file"))
        self._path: Path | None = None
        self._job_id: str | None = None
        self._frame_count = 0
        self._frame = -1
        self._scrubbing = False
        self._trim: tuple[int, int] | None = None
        self._duration_ms = 0
        self.frames_seen = 0  # frames delivered by the video sink since the last load (tests, self-test)

        self._scene = QGraphicsScene(self)
        self._view = VideoView(self)
        self._view.setScene(self._scene)
        self._message, self._badge = self._view.message, self._view.badge
        self._badge.setText(self.tr("SANDBOX — simulated"))
        self._badge.setToolTip(self.tr("Made by the local sandbox: a simulated camera move, not the GameCraft model."))
        describe_label(self._badge, self._badge.toolTip())
        self.stale = StaleOverlay(self._view.viewport())

        self._player: QMediaPlayer | None = None
        self._item: QGraphicsVideoItem | None = None
        if MULTIMEDIA_ERROR is None:
            self._init_multimedia()
        else:
            log.warning("QtMultimedia unavailable: %s", MULTIMEDIA_ERROR)

        self._play_button = QToolButton(self)
        self._play_button.setObjectName("playPause")
        self._play_button.setAccessibleName(self.tr("Play"))
        self._play_button.setToolTip(self.tr("Play / pause (Space)"))
        self._play_button.clicked.connect(self.toggle_play)
        self._prev_button = QToolButton(self)
        self._prev_button.setText("◀|")
        self._prev_button.setAccessibleName(self.tr("Previous frame"))
        self._prev_button.setToolTip(self.tr("Step back one frame (, or Left)"))
        self._prev_button.clicked.connect(lambda: self.step(-1))
        self._next_button = QToolButton(self)
        self._next_button.setText("|▶")
        self._next_button.setAccessibleName(self.tr("Next frame"))
        self._next_button.setToolTip(self.tr("Step forward one frame (. or Right)"))
        self._next_button.clicked.connect(lambda: self.step(1))
        self._slider = ScrubBar(self)
        self._slider.setObjectName("scrub")
        self._slider.setAccessibleName(self.tr("Scrub"))
        self._slider.setRange(0, 0)
        self._slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._slider.sliderPressed.connect(self._scrub_start)
        self._slider.sliderReleased.connect(self._scrub_end)
        self._slider.valueChanged.connect(self._scrub_to)
        self._time_label = QLabel(self)
        self._time_label.setObjectName("timeLabel")
        describe_label(self._time_label, self.tr("Time and frame"))
        self._time_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._save_button, self._save_menu = save_button(
            self, self._save_clicked, lambda menu: build_menu(self, self.run_command, has_trim=self._trim is not None,
                                                              into=menu))

        controls = QHBoxLayout()
        controls.setContentsMargins(6, 4, 6, 4)
        controls.setSpacing(6)
        for w in (self._prev_button, self._play_button, self._next_button):
            controls.addWidget(w)
        controls.addWidget(self._slider, 1)
        controls.addWidget(self._time_label)
        controls.addWidget(self._save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        stack = QStackedLayout()
        stack.addWidget(self._view)
        layout.addLayout(stack, 1)
        layout.addLayout(controls)
        self._menu: QMenu | None = None
        self._update_controls()
        self.show_message(self.tr("Add an image and a camera path to see a free preview here."))

    # --- setup -------------------------------------------------------------------------------

    def _init_multimedia(self) -> None:
        assert QMediaPlayer is not None and QGraphicsVideoItem is not None
        self._item = QGraphicsVideoItem()
        self._item.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self._item.setSize(QSizeF(1216, 704))
        self._scene.addItem(self._item)
        self._player = QMediaPlayer(self)
        route_ffmpeg_logs_to_log()  # the FFmpeg backend is loaded now: its dumps go to the log file
        self._player.setVideoOutput(self._item)
        self._player.setLoops(QMediaPlayer.Loops.Infinite)
        self._player.positionChanged.connect(self._on_position)
        self._player.durationChanged.connect(self._on_duration)
        self._player.playbackStateChanged.connect(lambda _s: self._update_controls())
        self._player.errorOccurred.connect(self._on_error)
        self._player.mediaStatusChanged.connect(self._on_media_status)
        self._item.nativeSizeChanged.connect(self._on_native_size)
        sink = self._item.videoSink()
        if sink is not None:
            sink.videoFrameChanged.connect(self._on_video_frame)

    @property
    def multimedia_available(self) -> bool:
        return self._player is not None

    # --- public API --------------------------------------------------------------------------

    def set_video(self, path: Path | str | None, *, sandbox: bool = False, job_id: str | None = None,
                  frame_count: int | None = None, autoplay: bool = True, preview: bool = False) -> None:
        """Show a video (None clears). `frame_count` (33 × actions) wins over the duration-derived count."""
        new_path = Path(path) if path is not None else None
        if new_path != self._path or job_id != self._job_id:
            self._set_trim(None)  # in and out points belong to the video they were set on
        self._path = new_path
        self._job_id = job_id
        self._frame = -1
        self.frames_seen = 0
        self._frame_count = int(frame_count or 0)
        self._badge.setText(self.tr("PREVIEW — simulated, free") if preview else self.tr("SANDBOX — simulated"))
        self._badge.setVisible(self._path is not None and (sandbox or preview))
        self._badge.adjustSize()
        self._is_preview = preview
        self.stale.hide()
        if self._path is None:
            if self._player is not None:
                self._player.stop()
                self._player.setSource(QUrl())
            self.show_message(self.tr("No video selected."))
        elif self._player is None:
            self.show_message(self.tr(
                "Video playback is unavailable: QtMultimedia could not be loaded ({error}). "
                "On Debian/Ubuntu install the libpulse0 package. The video is at {path}; "
                "Save video… and dragging it out still work.").format(error=MULTIMEDIA_ERROR, path=self._path))
        else:
            self.show_message("")
            self._player.setSource(QUrl.fromLocalFile(str(self._path)))
            if autoplay:
                self._player.play()
        self._slider.setRange(0, max(0, self._frame_count - 1))
        self._update_controls()
        self._update_time()

    def show_message(self, text: str, *, problem: bool = False) -> None:
        """Text over the picture (empty hides it): waiting, errors, or why playback is unavailable. A
        `problem` is also announced to screen readers."""
        self._message.setText(text)
        self._message.setVisible(bool(text))
        self._place_overlays()
        if problem:
            announce(self._message, text, assertive=True)

    def set_stale(self, text: str | None) -> None:
        """Pause and dim a picture that no longer matches the path, with `text` and a busy bar (None, or a
        new video, lifts it)."""
        if text:
            self.pause()
        self.stale.show_stale(text) if text else self.stale.hide()

    @property
    def video_path(self) -> Path | None:
        return self._path

    @property
    def job_id(self) -> str | None:
        return self._job_id

    @property
    def frame_count(self) -> int:
        return self._frame_count

    @property
    def current_frame(self) -> int:
        return self._frame

    def is_playing(self) -> bool:
        return self._player is not None and \
            self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def play(self) -> None:
        if self._player is not None and self._path is not None:
            self._player.play()

    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()

    def toggle_play(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def step(self, delta: int) -> None:
        """Pause and move exactly `delta` frames (wrapping, like the loop)."""
        if self._player is None or self._path is None:
            return
        self.pause()
        n = self._frame_count or max(1, frame_for_ms(self._duration_ms))
        target = (max(self._frame, 0) + delta) % n
        self.seek_frame(target)

    def seek_frame(self, frame: int) -> None:
        if self._player is None:
            return
        n = self._frame_count or max(1, frame_for_ms(self._duration_ms))
        frame = max(0, min(frame, n - 1))
        self._player.setPosition(ms_for_frame(frame))
        self._set_frame(frame)

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    # --- in and out points, export, the frame shown ------------------------------------------------

    def trim(self) -> tuple[int, int] | None:
        """The in and out points (0-based, both kept), or None for the whole video."""
        return self._trim

    def export_range(self) -> tuple[int, int]:
        """What an export takes by default: the in–out range, else the whole video."""
        return self._trim or (0, max(0, self._frame_count - 1))

    def set_in_point(self, frame: int | None = None) -> None:
        """The range starts at `frame` (the playhead by default)."""
        self._set_trim(trim_after(self._trim, self._frame_count, set_in=max(self._frame, 0) if frame is None else frame))

    def set_out_point(self, frame: int | None = None) -> None:
        """The range ends at `frame`, included (the playhead by default)."""
        self._set_trim(trim_after(self._trim, self._frame_count, set_out=max(self._frame, 0) if frame is None else frame))

    def run_command(self, command: PlayerKey) -> None:
        """A key or menu command for the job's video on show (nothing without one)."""
        job = self._job_id
        if job is None or self._path is None:
            return
        if command is PlayerKey.SET_IN:
            self.set_in_point()
        elif command is PlayerKey.SET_OUT:
            self.set_out_point()
        elif command is PlayerKey.CLEAR_TRIM:
            self._set_trim(None)
        elif command is PlayerKey.EXPORT:
            self.exportRequested.emit(job)
        else:
            self.pause()  # the frame saved or copied is the one on screen, and stays there
            signal = self.saveFrameRequested if command is PlayerKey.SAVE_FRAME else self.copyFrameRequested
            signal.emit(job, max(self._frame, 0))

    def show_menu(self, global_pos: QPoint) -> None:
        if self._job_id is None or self._path is None:
            return
        self._menu = build_menu(self, self.run_command, has_trim=self._trim is not None)
        self._menu.popup(global_pos)


    def _set_trim(self, trim: tuple[int, int] | None) -> None:
        if trim != self._trim:
            self._trim = trim
            self._slider.set_trim(trim)
            self.trimChanged.emit(trim)

    def event(self, event: QEvent) -> bool:
        # The player's own keys win over window shortcuts (Ctrl+Shift+S is Save As elsewhere) while it has
        # the focus and shows a job's video.
        if event.type() == QEvent.Type.ShortcutOverride and self._job_id is not None and self._path is not None \
                and isinstance(event, QKeyEvent) and player_key(event) is not None:
            event.accept()
            return True
        return super().event(event)

    # --- internals ----------------------------------------------------------------------------

    def _set_frame(self, frame: int) -> None:
        if self._frame_count:
            frame = min(frame, self._frame_count - 1)
        if frame == self._frame:
            return
        self._frame = frame
        if not self._scrubbing:
            self._slider.blockSignals(True)
            self._slider.setValue(frame)
            self._slider.blockSignals(False)
        self._update_time()
        self.frameChanged.emit(frame)

    def _on_video_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        self.frames_seen += 1
        start_us = frame.startTime()
        if start_us >= 0:
            self._set_frame(frame_for_ms(start_us / 1000.0))

    def _on_position(self, ms: int) -> None:
        # The sink is the precise source; the position covers backends that give frames no time stamps.
        if self.frames_seen == 0:
            self._set_frame(frame_for_ms(ms))

    def _on_duration(self, ms: int) -> None:
        self._duration_ms = ms
        if not self._frame_count and ms > 0:
            self._frame_count = max(1, round(ms * FPS / 1000.0))
            self._slider.setRange(0, self._frame_count - 1)
        self._update_time()

    def _on_native_size(self, size: QSizeF) -> None:
        if self._item is not None and size.isValid() and not size.isEmpty():
            self._item.setSize(size)
            self._fit()

    def _on_error(self, _error: object, text: str) -> None:
        self.show_message(self.tr("This video cannot be played: {error}").format(
            error=text or self.tr("unknown error")), problem=True)

    def _on_media_status(self, status: object) -> None:
        if QMediaPlayer is not None and status == QMediaPlayer.MediaStatus.InvalidMedia:
            self.show_message(self.tr("This file is not a playable video."), problem=True)

    def _fit(self) -> None:
        if self._item is not None:
            rect = self._item.boundingRect()
            self._scene.setSceneRect(rect)
            self._view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._place_overlays()

    def _place_overlays(self) -> None:
        r = self._view.rect()
        self._message.setGeometry(r.adjusted(8, 8, -8, -8))
        self.stale.fit()
        self._badge.adjustSize()
        self._badge.move(10, 10)
        self._badge.raise_()

    def _scrub_start(self) -> None:
        self._scrubbing = True
        self._was_playing = self.is_playing()
        self.pause()

    def _scrub_to(self, value: int) -> None:
        self.seek_frame(value)

    def _scrub_end(self) -> None:
        self._scrubbing = False
        if getattr(self, "_was_playing", False):
            self.play()

    def _update_controls(self) -> None:
        has = self._path is not None
        playable = has and self._player is not None
        playing = self.is_playing()
        self._play_button.setText("❚❚" if playing else "▶")
        # The symbol says it to the eye; the name says it to the ear (and changes with it).
        name = self.tr("Pause") if playing else self.tr("Play")
        if self._play_button.accessibleName() != name:
            self._play_button.setAccessibleName(name)
            notify(self._play_button, QAccessible.Event.NameChanged)
        self._play_button.setEnabled(playable)
        self._prev_button.setEnabled(playable)
        self._next_button.setEnabled(playable)
        self._slider.setEnabled(playable)
        can_save = has and self._job_id is not None
        self._save_button.setEnabled(can_save)
        if has and self._job_id is None:
            self._save_button.setToolTip(self.tr("This is the free preview; generate to get a video to save"))
        else:
            self._save_button.setToolTip(self.tr("Save the MP4 and a JSON sidecar with every input · the arrow: "
                                                 "Export… (GIF, WebP, MP4, PNG frames, a frame, a contact sheet), "
                                                 "the frame shown, in and out points"))

    def _update_time(self) -> None:
        n = self._frame_count
        f = max(self._frame, 0)
        total_ms = n * FRAME_MS if n else self._duration_ms
        if self._path is None:
            self._time_label.setText(self.tr("frame – / –"))
            return
        text = self.tr("{time} / {total} · frame {f} / {n}")
        total = format_time(total_ms, round_up=True)
        self._time_label.setText(text.format(time=format_time(f * FRAME_MS), total=total, f=f + 1 if n else 0, n=n))
        # As wide as its widest text for this video: the controls beside it never shift while playing.
        widest = text.format(time=total, total=total, f=max(n, 1), n=max(n, 1))
        self._time_label.setMinimumWidth(self._time_label.fontMetrics().horizontalAdvance(widest) + 2)

    def _save_clicked(self) -> None:
        if self._job_id is not None:
            self.saveRequested.emit(self._job_id)

    def drag_mime_data(self) -> QMimeData | None:
        """What a drag carries (for tests and the jobs list)."""
        if self._path is None:
            return None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(self._path))])
        return mime

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        command = player_key(event)
        if command is not None and self._job_id is not None:
            self.run_command(command)
        elif key == Qt.Key.Key_Space:
            self.toggle_play()
        elif key in (Qt.Key.Key_Comma, Qt.Key.Key_Left):
            self.step(-1)
        elif key in (Qt.Key.Key_Period, Qt.Key.Key_Right):
            self.step(1)
        elif key == Qt.Key.Key_Home:
            self.pause()
            self.seek_frame(0)
        elif key == Qt.Key.Key_End:
            self.pause()
            self.seek_frame(max(0, self._frame_count - 1))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_overlays()

    def shutdown(self) -> None:
        """Release the decoder (before the window closes, and in tests)."""
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())

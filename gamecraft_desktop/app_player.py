"""Composition root, the player: the one place that decides what the player shows.

Three things want the player: the job the person selects, the first job of the latest Generate when it
finishes, and the free preview of the composer's path. They used to load it each on their own, racing; now
they ask this presenter, which keeps what is shown (a job or the preview) and tells the window which path the
video follows, so the path map and the timeline's playhead show the playing video's own path.

While 2–4 jobs are compared, the player area shows the compare view instead (and the window's path map and
timeline show the compared jobs): nothing loads the single player then; leaving shows the selected job again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject

from gamecraft_desktop.composer.path_preview import PathPreviewer, preview_hint
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.texts import Texts
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_manager import JobManager
from gamecraft_desktop.ui.jobs_panel import JobsPanel
from gamecraft_desktop.ui.player_view import PlayerView

if TYPE_CHECKING:
    from gamecraft_desktop.app_host import JobsHost
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.ui.compare.compare_view import CompareView
    from gamecraft_desktop.ui.player_area import PlayerArea

#: The player's words outside a widget (core/texts.py: the name is the translation context).
PlayerText = Texts("PlayerText")


class PlayerPresenter(QObject):
    def __init__(self, host: JobsHost, player: PlayerView, manager: JobManager, panel: JobsPanel,
                 previewer: PathPreviewer, parent: QObject | None = None, *, area: PlayerArea | None = None) -> None:
        super().__init__(parent)
        self.host, self.player, self.manager, self.panel, self.previewer = host, player, manager, panel, previewer
        self.area = area  # holds the player, and the compare view while comparing
        self._showing_job: str | None = None
        self._latest: set[str] = set()  # the jobs of the latest Generate: the first to finish plays
        # Preview requests so far, and how many there were when a job's video last took the player: a preview
        # asked for before that (a render still running at Generate) must not replace the job's result.
        self._preview_requests = 0
        self._requests_at_job = -1
        panel.jobActivated.connect(self.show_job)
        panel.view.clicked.connect(self._clicked)
        manager.jobFinished.connect(self.finished)
        player.frameChanged.connect(host.set_playing_frame)
        previewer.ready.connect(self._preview_ready)
        previewer.failed.connect(self._preview_failed)
        previewer.started.connect(self._preview_started)
        host.composer_path_changed.connect(self.request_preview)
        host.image_changed.connect(self.request_preview)
        host.image_loading_changed.connect(self.request_preview)
        self.request_preview()  # the first-start hint names what is missing

    def generated(self, ids: list[str]) -> None:
        self._latest = set(ids)

    # --- jobs ----------------------------------------------------------------------------------

    def _clicked(self, _index: QModelIndex) -> None:
        ev = self.panel.current_event()
        if ev is not None:
            self.show_job(ev, force=True)

    def show_job(self, ev: JobEvent, force: bool = False) -> None:
        """The selected job: its video when done, else what it is doing (once comparing ends, if comparing)."""
        if self.comparing:
            return
        if ev.state == JobState.DONE and ev.video_path is not None:
            if force or self._showing_job != ev.job_id or self.player.video_path != ev.video_path:
                self._play(ev)
            return
        if self._showing_job == ev.job_id or force or self.player.job_id is None:
            self._showing_job = ev.job_id
            self.player.set_video(None)
            self.host.show_playing(None)
            self.player.show_message(waiting_text(ev))

    def finished(self, ev: JobEvent) -> None:
        """The first finished job of the latest Generate plays at once (one player load per Generate, not one
        per job of a ×N batch); the selected job plays when it finishes."""
        if ev.state != JobState.DONE or not (ev.job_id in self._latest or self.panel.current_job_id() == ev.job_id):
            return
        if self.comparing:  # the selection is the person's set of compared jobs: leave it alone
            return
        self._latest = set()
        self.panel.select(ev.job_id)  # a new selection shows the job itself (jobActivated)
        if self.player.job_id != ev.job_id or self.player.video_path != ev.video_path:
            self.show_job(ev, force=True)  # it was selected already: load the video now, once

    def _play(self, ev: JobEvent) -> None:
        self._showing_job = ev.job_id
        self._requests_at_job = self._preview_requests
        self.host.show_playing(self._path_of(ev.job_id))
        self.player.set_video(ev.video_path, sandbox=ev.is_sandbox, job_id=ev.job_id, frame_count=ev.frame_count)

    def _path_of(self, job_id: str) -> CameraPath | None:
        from gamecraft_desktop.core.schema import InputError, parse_input

        try:
            return parse_input(json.loads(self.manager.record(job_id).input_json)).path
        except (KeyError, InputError, ValueError):
            return None

    # --- comparing -------------------------------------------------------------------------------

    @property
    def comparing(self) -> bool:
        return self.area is not None and self.area.comparing

    def show_compare(self, view: CompareView) -> None:
        """Compare instead of the single player (which pauses); the window's path map and timeline show the
        compared jobs' paths and moves."""
        if self.area is None:
            return
        self.area.show_compare(view)
        self.host.show_comparing(view.path_map, view.moves)

    def leave_compare(self) -> None:
        """Back to the single player, showing the selected job."""
        if self.area is None or not self.area.comparing:
            return
        self.host.show_comparing(None, None)
        self.area.leave_compare()
        ev = self.panel.current_event()
        if ev is not None:
            self.show_job(ev, force=True)
        else:
            self.request_preview()

    # --- the free preview ------------------------------------------------------------------------

    def request_preview(self, *_: object) -> None:
        self._preview_requests += 1
        image = self.host.current_image()
        path = self.host.composer_path()
        self.previewer.request(image.path if image is not None else None, path)
        hint = preview_hint(image is not None, path, image_loading=self.host.image_loading())
        if hint is not None and self.player.job_id is None:  # never over a job's video: say what is missing
            if self.player.video_path is not None:
                self.player.set_video(None)  # a preview of inputs that are gone
            self.player.show_message(hint)
        elif hint is None and self.player.job_id is None and self.player.video_path is not None:
            self.player.set_stale(self._stale_text())

    def _stale_text(self) -> str:
        return self.tr("Out of date: rendering a preview of the new path…")

    def _preview_started(self) -> None:
        if self.player.job_id is None and self.player.video_path is not None:
            self.player.set_stale(self._stale_text())
        elif self.player.video_path is None:
            self.player.show_message(self.tr("Rendering a free preview of the camera path…"))

    def _preview_failed(self, message: str) -> None:
        if self.player.job_id is None:  # a job's video stays; an old preview would show the wrong path
            self.player.set_video(None)
            self.player.show_message(self.tr("The free preview failed: {error}").format(error=message), problem=True)

    def _preview_ready(self, video: Path, frames: int) -> None:
        if self.player.job_id is not None and self._requests_at_job == self._preview_requests:
            return  # asked for before this job's video was shown: the result stays on screen
        self._showing_job = None
        self.host.show_playing(None)  # a render of the composer's own path
        self.player.set_video(video, preview=True, frame_count=frames, autoplay=not self.comparing)


def waiting_text(ev: JobEvent) -> str:
    from gamecraft_desktop.jobs.job_list_model import status_line

    line = status_line(ev)
    if ev.state in (JobState.FAILED, JobState.SUBMIT_UNCERTAIN, JobState.CANCELLED):
        return line + (f"\n\n{ev.note}" if ev.note and ev.note not in line else "")
    return line + "\n" + PlayerText.tr("The video plays here as soon as it is ready.")

"""Composition root, exports: File ▸ Export…, the player's Export… button and menu, the job menu's Export…,
and the player's frame keys (Ctrl+Shift+S saves the frame shown as PNG, Ctrl+C copies it), wired to export
sessions (jobs.export_service) for the selected job's video and, when it continued another, its joined
video. The sidecar of every export is the job's own, built by store.job_sidecar as Save video builds it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from gamecraft_desktop.jobs.export_service import ExportSession, ExportSource, name_stem
from gamecraft_desktop.media.export_plan import ExportFormat, ExportRequest
from gamecraft_desktop.ui.export_dialog import EXPORT_FOLDER, ExportDialog

log = logging.getLogger(__name__)


class ExportController(QObject):
    """Opens the Export dialog and runs the player's frame commands for a job's video."""

    def __init__(self, runtime: Any, *, app_version: str) -> None:
        super().__init__(runtime)
        self.window, self.player, self.panel, self.manager = (runtime.window, runtime.player, runtime.panel,
                                                              runtime.manager)
        self.app_version = app_version
        self.dialog: ExportDialog | None = None
        self._sessions: list[ExportSession] = []
        #: Replaceable in tests: suggested path -> chosen path or None (Save Frame as PNG…).
        self.choose_frame_path: Callable[[Path], Path | None] = self._choose_frame_path
        self.window.export_action.triggered.connect(lambda _c=False: self.export_selected())
        self.player.exportRequested.connect(self.open_dialog)
        self.panel.exportRequested.connect(self.open_dialog)
        self.player.saveFrameRequested.connect(self.save_frame)
        self.player.copyFrameRequested.connect(self.copy_frame)
        self.panel.jobActivated.connect(lambda _ev: self._update_action())
        self.manager.jobChanged.connect(lambda _ev: self._update_action())
        self.manager.jobRemoved.connect(lambda _id: self._update_action())

    # --- what can be exported ------------------------------------------------------------------------

    def _update_action(self) -> None:
        self.window.export_action.setEnabled(self._exportable(self.panel.current_job_id()))

    def _exportable(self, job_id: str | None) -> bool:
        if job_id is None:
            return False
        ev = self.panel.model.event_for(job_id)
        return ev is not None and ev.video_path is not None and ev.state.value == "done"

    def sources_for(self, job_id: str) -> list[ExportSource]:
        """The job's own video, then its joined video when it continued another."""
        from gamecraft_desktop.store.job_sidecar import JOINED_NAME, joined_parts, video_sidecar

        rec = self.manager.record(job_id)
        stem = name_stem(rec.prompt or "", rec.seed)
        version = self.app_version
        sources: list[ExportSource] = []
        if rec.video_path:
            own = Path(rec.video_path)
            sources.append(ExportSource(self.tr("This job's video"), own,
                                        lambda: video_sidecar(rec, own, app_version=version), stem))
        joined = self.manager.job_dir(job_id) / JOINED_NAME
        if joined.is_file():
            parts = len(joined_parts(joined)) or 2
            sources.append(ExportSource(self.tr("Joined video ({n} parts)").format(n=parts), joined,
                                        lambda: video_sidecar(rec, joined, app_version=version), f"{stem}-joined"))
        return sources

    def session_for(self, source: ExportSource) -> ExportSession:
        return ExportSession(source, app_version=self.app_version)

    # --- the dialog -------------------------------------------------------------------------------------

    def export_selected(self) -> None:
        job_id = self.panel.current_job_id()
        if job_id is not None and self._exportable(job_id):
            self.open_dialog(job_id)

    def open_dialog(self, job_id: str, initial: ExportFormat | None = None) -> ExportDialog | None:
        sources = self.sources_for(job_id) if self._exportable(job_id) else []
        if not sources:
            self.window.show_status(self.tr("Only a finished job's video can be exported."), 8000)
            return None
        if self.dialog is not None:
            self.dialog.close()
        shown = self.player.job_id == job_id
        self.dialog = ExportDialog(sources, session_factory=self.session_for,
                                   trim=self.player.trim() if shown else None,
                                   frame=max(self.player.current_frame, 0) if shown else 0, initial=initial,
                                   parent=self.window.widget())
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()
        return self.dialog

    def _dialog_closed(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

    # --- the frame on show --------------------------------------------------------------------------------

    def save_frame(self, job_id: str, frame: int) -> None:
        sources = self.sources_for(job_id) if self._exportable(job_id) else []
        if not sources:
            return
        source = self._shown_source(sources)
        chosen = self.choose_frame_path(EXPORT_FOLDER.get() / f"{source.name_stem}_frame{frame + 1}.png")
        if chosen is None:
            return
        EXPORT_FOLDER.remember(chosen)
        session = self._session(source)
        session.ready.connect(lambda _t: session.export(ExportRequest(ExportFormat.FRAME, chosen, frame=frame)))
        session.finished.connect(lambda result: self._frame_saved(session, result, frame))
        session.failed.connect(lambda _kind, message: self._frame_failed(session, message))
        session.unusable.connect(lambda message: self._frame_failed(session, message))
        session.open()

    def copy_frame(self, job_id: str, frame: int) -> None:
        sources = self.sources_for(job_id) if self._exportable(job_id) else []
        if not sources:
            return
        session = self._session(self._shown_source(sources))
        session.frameDecoded.connect(lambda index, image: self._frame_copied(session, index, image))
        session.failed.connect(lambda _kind, message: self._frame_failed(session, message))
        session.decode_frame(frame)

    def _shown_source(self, sources: list[ExportSource]) -> ExportSource:
        shown = self.player.video_path
        return next((s for s in sources if s.video == shown), sources[0])

    def _session(self, source: ExportSource) -> ExportSession:
        session = self.session_for(source)
        session.setParent(self)
        self._sessions.append(session)
        return session

    def _done(self, session: ExportSession) -> None:
        if session in self._sessions:
            self._sessions.remove(session)
            session.shutdown()
            session.deleteLater()

    def _frame_saved(self, session: ExportSession, result: Any, frame: int) -> None:
        self._done(session)
        self.window.show_status(self.tr("Saved frame {n} to {path} and its sidecar {side}.").format(
            n=frame + 1, path=result.path, side=result.sidecar.name), 10000)

    def _frame_copied(self, session: ExportSession, index: int, image: Any) -> None:
        self._done(session)
        rgb = image.convert("RGB")
        data = rgb.tobytes()
        qimage = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()
        QGuiApplication.clipboard().setImage(qimage)
        self.window.show_status(self.tr("Copied frame {n} to the clipboard.").format(n=index + 1), 8000)

    def _frame_failed(self, session: ExportSession, message: str) -> None:
        self._done(session)
        self.window.show_status(self.tr("The frame could not be saved: {why}").format(why=message),
                                            15000)

    def _choose_frame_path(self, suggested: Path) -> Path | None:
        parent: QWidget = self.window.widget()
        path, _ = QFileDialog.getSaveFileName(parent, self.tr("Save frame as PNG"), str(suggested),
                                              self.tr("PNG image (*.png)"))
        return Path(path) if path else None

    def shutdown(self) -> None:
        if self.dialog is not None:
            self.dialog.shutdown()
        for session in list(self._sessions):
            self._done(session)

"""Composition root, compare part: opens the compare view from the jobs list's Compare (through the player
presenter, which decides what the player area shows), keeps its tiles' stars current, and runs a tile's
actions through the job list's own action path (JobsPanel.trigger), so "Use these inputs", "Vary seed",
"Continue from last frame" and "Save video…" follow the same rules as for a single job.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from gamecraft_desktop.core.run_inputs import InputField
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.stars import set_starred
from gamecraft_desktop.ui.compare.compare_view import CompareView
from gamecraft_desktop.ui.compare.tile_layout import LETTERS
from gamecraft_desktop.ui.run_text import part_text


class CompareController(QObject):
    """Owned by the jobs runtime."""

    def __init__(self, runtime: Any) -> None:
        super().__init__(runtime)
        self.runtime = runtime
        self.presenter = runtime.presenter
        panel = runtime.panel
        panel.choosing.compareRequested.connect(self.open)
        panel.choosing.message.connect(lambda text: runtime.window.show_status(text, 10000))
        runtime.manager.jobChanged.connect(self._on_job_changed)
        runtime.manager.jobRemoved.connect(self._on_job_removed)

    @property
    def view(self) -> CompareView | None:
        area = self.presenter.area
        return area.compare_view if area is not None else None

    @property
    def active(self) -> bool:
        return bool(self.presenter.comparing)

    def open(self, jobs: list[JobEvent]) -> CompareView:
        """Compare these finished jobs in the player area."""
        view = CompareView(jobs)
        view.closeRequested.connect(self.close)
        view.actionRequested.connect(self._tile_action)
        view.starToggled.connect(lambda job_id, on: set_starred(self.runtime.manager, [job_id], on))
        view.message.connect(lambda text: self.runtime.window.show_status(text, 10000))
        self.presenter.show_compare(view)
        letters = ", ".join(f"{LETTERS[i]}: " + part_text(InputField.SEED, str(ev.seed)) for i, ev in enumerate(jobs))
        self.runtime.window.show_status(
            self.tr("Comparing {n} videos ({letters}). Esc or Done goes back.").format(
                n=len(jobs), letters=letters), 10000)
        return view

    def close(self) -> None:
        if not self.active:
            return
        self.presenter.leave_compare()
        self.runtime.panel.view.setFocus()

    def _tile_action(self, key: str, job_id: str) -> None:
        self.runtime.panel.trigger(key, job_id)

    def _on_job_changed(self, ev: JobEvent) -> None:
        view = self.view
        if view is not None and ev.job_id in view.job_ids():
            view.update_job(ev)

    def _on_job_removed(self, job_id: str) -> None:
        view = self.view
        if view is not None and job_id in view.job_ids():
            self.close()  # a compared video is gone (deleted): comparing without it would mislead

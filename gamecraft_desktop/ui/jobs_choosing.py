"""Choosing among runs, for the jobs panel: stars, the Starred filter, Compare, and Delete unstarred….

Select several jobs with Ctrl/Shift-click; Compare opens 2–4 finished ones side by side. A star keeps a
job: Delete unstarred… removes the others among the selection (or, with one or no job selected, among the
jobs the list shows), never a starred or running one, and moves their files to the system trash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMessageBox, QToolButton

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_list_model import JobRole, format_bytes
from gamecraft_desktop.jobs.stars import CleanupPlan, delete_unstarred, plan_cleanup, set_starred
from gamecraft_desktop.ui.icons import icon

if TYPE_CHECKING:
    from gamecraft_desktop.ui.jobs_panel import JobsPanel

#: The panel's action keys this helper owns.
CHOOSING_KEYS = ("star", "compare", "delete_unstarred")
MIN_COMPARED, MAX_COMPARED = 2, 4


def comparable(ev: JobEvent) -> bool:
    return ev.state == JobState.DONE and ev.video_path is not None


class JobChoosing(QObject):
    """Signals: `compareRequested(list[JobEvent])` with 2–4 finished jobs in list order; `message(str)`."""

    compareRequested = Signal(list)
    message = Signal(str)  # a line for the status bar

    def __init__(self, panel: JobsPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.manager = panel.manager
        #: Replaceable in tests: (title, text, yes-button text) -> yes?
        self.confirm_cleanup: Callable[[str, str, str], bool] = self._ask
        self.last_cleanup: CleanupPlan | None = None
        self.actions: dict[str, QAction] = {}
        specs = [
            ("star", self.tr("Star"), self.tr("Star the selected jobs to keep them: Delete unstarred… spares "
                                              "them (Ctrl+D, or click a row's ☆)"), "Ctrl+D"),
            ("compare", self.tr("Compare"), self.tr("Play 2 to 4 finished jobs side by side in lockstep "
                                                    "(select them with Ctrl+click or Shift+click)"), ""),
            ("delete_unstarred", self.tr("Delete unstarred…"),
             self.tr("Delete the jobs that are not starred, among the selected jobs or, with one selected, "
                     "among the jobs listed; files go to the trash. Starred and running jobs are kept."), ""),
        ]
        for key, text, tip, shortcut in specs:
            act = QAction(text, panel)
            act.setObjectName(f"jobAction_{key}")
            act.setToolTip(tip)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, k=key: self.trigger(k))
            panel.addAction(act)
            self.actions[key] = act

        # The Starred filter sits inside the search field (no extra width: the jobs dock must fit 800 logical
        # pixels at 200 %) and in the Actions menu (reachable by keyboard).
        self.starred_filter = QAction(icon("star-outline"), self.tr("Show starred only"), panel)
        self.starred_filter.setObjectName("jobStarredFilter")
        self.starred_filter.setCheckable(True)
        self.starred_filter.setToolTip(self.tr("Starred: show only starred jobs (the search still applies)"))
        self.starred_filter.toggled.connect(self._filter_starred)
        panel.search.addAction(self.starred_filter, QLineEdit.ActionPosition.TrailingPosition)
        # Room for two letters beside the star, not the line edit's usual reserve for every side button.
        panel.search.setMinimumWidth(panel.search.fontMetrics().averageCharWidth() * 2 + 24)
        for button in panel.search.findChildren(QToolButton):
            if button.defaultAction() is self.starred_filter:
                button.setAccessibleName(self.tr("Show starred jobs only"))
        panel.view.itemDelegate().starClicked.connect(self.toggle_star)  # type: ignore[attr-defined]
        panel.view.selectionModel().selectionChanged.connect(lambda *_: self.update())
        self.update()

    # --- state -------------------------------------------------------------------------------------

    def selected_events(self) -> list[JobEvent]:
        """The selected jobs in list order (the current one when nothing is selected)."""
        rows = sorted(self.panel.view.selectionModel().selectedRows(), key=lambda i: i.row())
        events = [i.data(JobRole.EVENT) for i in rows]
        out = [ev for ev in events if isinstance(ev, JobEvent)]
        if not out:
            current = self.panel.current_event()
            out = [current] if current is not None else []
        return out

    def listed_events(self) -> list[JobEvent]:
        """Every job the list shows now (after the search and the Starred filter)."""
        # From the model's own list, not row by row through the proxy: this runs on every job change, and
        # each proxy.index().data() re-entered Python (and waited for the GIL) once per job in the history.
        proxy = self.panel.proxy
        return [ev for ev in self.panel.model.events() if proxy.accepts(ev)]

    def cleanup_scope(self) -> tuple[list[JobEvent], bool]:
        """The jobs Delete unstarred… considers, and whether that is the selection (else: the list)."""
        selected = self.selected_events()
        if len(selected) > 1:
            return selected, True
        return self.listed_events(), False

    def update(self) -> None:
        selected = self.selected_events()
        star = self.actions["star"]
        star.setEnabled(bool(selected))
        all_starred = bool(selected) and all(ev.starred for ev in selected)
        star.setText(self.tr("Unstar") if all_starred else self.tr("Star"))
        compare = self.actions["compare"]
        ok = MIN_COMPARED <= len(selected) <= MAX_COMPARED and all(comparable(ev) for ev in selected)
        compare.setEnabled(ok)
        compare.setStatusTip("" if ok else self.tr("Select 2 to 4 finished jobs (Ctrl+click) to compare them"))
        scope, is_selection = self.cleanup_scope()
        self.actions["delete_unstarred"].setEnabled(any(ev.is_terminal and not ev.starred for ev in scope))
        self.actions["delete_unstarred"].setText(
            self.tr("Delete unstarred in selection…") if is_selection else self.tr("Delete unstarred…"))

    # --- actions -----------------------------------------------------------------------------------

    def trigger(self, key: str) -> None:
        if key == "star":
            selected = self.selected_events()
            if selected:
                set_starred(self.manager, [ev.job_id for ev in selected], not all(ev.starred for ev in selected))
        elif key == "compare":
            selected = self.selected_events()
            if MIN_COMPARED <= len(selected) <= MAX_COMPARED and all(comparable(ev) for ev in selected):
                self.compareRequested.emit(selected)
        elif key == "delete_unstarred":
            self.delete_unstarred()

    def toggle_star(self, job_id: str) -> None:
        ev = self.panel.model.event_for(job_id)
        if ev is not None:
            set_starred(self.manager, [job_id], not ev.starred)

    def delete_unstarred(self) -> None:
        """Measure what would go (off the GUI thread), ask with the numbers, then delete."""
        scope, is_selection = self.cleanup_scope()
        if not scope:
            return
        job_dir = self.manager.job_dir
        self.manager.run_task("measure-cleanup", lambda: plan_cleanup(scope, job_dir),
                              lambda plan, error: self._ask_cleanup(plan, error, is_selection))

    def _ask_cleanup(self, plan: Any, error: BaseException | None, is_selection: bool) -> None:
        if error is not None or not isinstance(plan, CleanupPlan):
            self.message.emit(self.tr("Could not look at the jobs' files: {error}").format(error=error))
            return
        self.last_cleanup = plan
        kept = []
        if plan.kept_starred:
            kept.append(self.tr("%n starred job(s) are kept", "", plan.kept_starred))
        if plan.kept_running:
            kept.append(self.tr("%n job(s) still in progress are kept", "", plan.kept_running))
        where = self.tr("the selected jobs") if is_selection else self.tr("the jobs listed")
        if plan.count == 0:
            QMessageBox.information(self.panel, self.tr("Nothing to delete"),
                                    self.tr("Every job among {where} is starred or still in progress.").format(
                                        where=where))
            return
        text = self.tr("Delete %n unstarred job(s) among {where}?", "", plan.count).format(where=where)
        text += "\n\n" + self.tr("This frees {size} on this computer. Their videos, thumbnails and inputs go to "
                                 "the system trash (where there is none, they are deleted). Videos you saved "
                                 "elsewhere are not touched.").format(size=format_bytes(plan.bytes))
        if kept:
            text += "\n\n" + " · ".join(kept) + "."
        yes = self.tr("Delete %n job(s)", "", plan.count)
        if self.confirm_cleanup(self.tr("Delete unstarred jobs"), text, yes):
            delete_unstarred(self.manager, plan.job_ids, self._cleaned)

    def _cleaned(self, deleted: int, trashed: int) -> None:
        if trashed == deleted:
            text = self.tr("Deleted %n job(s); their files are in the trash.", "", deleted)
        else:
            text = self.tr("Deleted %n job(s): {t} moved to the trash, {d} deleted (no trash there).", "",
                           deleted).format(t=trashed, d=deleted - trashed)
        self.message.emit(text)

    def _filter_starred(self, on: bool) -> None:
        self.starred_filter.setIcon(icon("star" if on else "star-outline"))
        self.panel.proxy.set_starred_only(on)
        self.update()

    def _ask(self, title: str, text: str, yes_text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, self.panel)
        yes = box.addButton(yes_text, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

"""Composition root, spend guard: the estimate beside Generate, the questions asked before a paid Generate
(over a limit from Preferences ▸ Spending, or a batch of several runs), this month's real runs in the Jobs
panel's header, and the Spending section of Preferences. The arithmetic and the words are core.spend's,
the history store.spend_history's (read off the GUI thread); this module only connects them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from gamecraft_desktop.core.spend import (
    BilledRun,
    JobTiming,
    RunEstimate,
    SpendSettings,
    confirmation_reason,
    describe_estimate,
    describe_month,
    estimate_run,
    month_total,
)
from gamecraft_desktop.core.texts import Texts

log = logging.getLogger(__name__)
#: The question's words (core/texts.py: the name is the translation context).
SpendQuestion = Texts("SpendQuestion")


def ask_over_limit(parent: QWidget, reason: str, details: str) -> bool:
    """The question before a Generate that may go over a limit (the default; tests replace it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "", reason, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("spendLimitQuestion")
    box.setWindowTitle(SpendQuestion.tr("Over your spending limit?"))
    box.setInformativeText(details)
    go = box.addButton(SpendQuestion.tr("Generate anyway"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


class SpendGuard(QObject):
    """Keeps the estimate and the month's total current for `runtime` (a JobsRuntime)."""

    def __init__(self, runtime: Any) -> None:
        super().__init__(runtime)
        self.runtime = runtime
        self.window, self.manager, self.panel = runtime.window, runtime.manager, runtime.panel
        self.settings_file = runtime.conn.settings
        self.settings = self._load()
        self.timings: list[JobTiming] = []
        self.billed: list[BilledRun] = []
        self.history_loaded = False
        self.estimate: RunEstimate | None = None
        #: Replaceable in tests: (window, reason, details) -> generate anyway?
        self.ask_over_limit: Callable[[QWidget, str, str], bool] = ask_over_limit
        self.window.add_preferences_section(self.tr("Spending"), self._section)
        self.manager.historyLoaded.connect(lambda _n: self.refresh())
        self.manager.jobFinished.connect(lambda _ev: self.refresh())
        self.window.composer_path_changed.connect(lambda *_a: self.update())
        self.window.composer_changed.connect(lambda *_a: self.update())
        self.panel.runs_spin.valueChanged.connect(lambda _v: self.update())

    # --- settings ---------------------------------------------------------------------------------------

    def _load(self) -> SpendSettings:
        try:
            return self.settings_file.spend()  # type: ignore[no-any-return]
        except OSError:
            return SpendSettings()

    def _save(self, settings: SpendSettings) -> str | None:
        try:
            self.settings_file.save_spend(settings)
        except OSError as exc:
            return self.tr("The settings could not be saved ({error}); nothing changed.").format(error=exc)
        self.settings = settings
        self.update()
        return None

    def _section(self) -> QWidget:
        from gamecraft_desktop.ui.spending_section import SpendingSection

        return SpendingSection(self._load, self._save)

    # --- history (off the GUI thread) --------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        return str(self.runtime.fal_config.endpoint)

    def refresh(self) -> None:
        """Read the finished real jobs and this month's runs again, then update what is shown."""
        store, endpoint = self.runtime.store, self.endpoint

        def work() -> tuple[list[JobTiming], list[BilledRun]]:
            from gamecraft_desktop.store.spend_history import billed_runs, job_timings

            return job_timings(store, endpoint), billed_runs(store, datetime.now().astimezone())

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                log.warning("spend history unreadable: %s", error)
                return
            self.timings, self.billed = result
            self.history_loaded = True
            self.update()

        self.manager.run_task("spend-history", work, done)

    # --- what is shown -------------------------------------------------------------------------------------

    def update(self) -> None:
        """Recompute the estimate for the composer's path and the month's total (no I/O: cached history)."""
        comp = self.window.composition()
        moves = len(comp.path)
        if moves == 0 or not self.history_loaded:
            self.estimate = None
            self.window.set_estimate([], "", "")
        else:
            self.estimate = estimate_run(self.timings, moves=moves, steps=comp.infer_steps, runs=self.panel.runs(),
                                         price=self.settings.price_per_gpu_second)
            text = describe_estimate(self.estimate, endpoint=self.endpoint)
            lines = [text.time, *([text.queue] if text.queue else []), *([text.cost] if text.cost else [])]
            warning = ""
            if self.manager.default_mode != "fal":
                lines = [self.tr("Sandbox: free. On fal:"), *lines]
            elif confirmation_reason(self.estimate, self.settings) is not None:
                warning = self.tr("May go over your limit: Generate asks first.")
            # What it is based on is in the tooltip; typical figures say so on screen.
            self.window.set_estimate(lines, text.basis if text.typical else "", text.details, warning)
        now = datetime.now().astimezone()
        total = month_total(self.billed, now, self.settings.price_per_gpu_second)
        tip = self.tr("Real runs on fal that ended this month: their GPU time{cost}. Sandbox runs are free and "
                      "never counted.").format(cost=self.tr(" and its cost at your price")
                                               if total.cost is not None else "")
        self.panel.set_month_total(describe_month(total, now) if self.history_loaded else "", tip)

    # --- before a paid Generate ---------------------------------------------------------------------------

    def may_generate(self, runs: int, seed: int) -> bool:
        """Ask before a paid Generate that may go over a limit the person set, else before a paid batch
        (one question at most). The sandbox is free and never asks."""
        if self.manager.default_mode != "fal":
            return True
        self.update()
        reason = confirmation_reason(self.estimate, self.settings) if self.estimate is not None else None
        if reason is not None:
            details = describe_estimate(self.estimate, endpoint=self.endpoint).details  # type: ignore[arg-type]
            return self.ask_over_limit(self.window.widget(), reason, details)
        if runs > 1:  # N billed jobs from one click
            from gamecraft_desktop.composer.request import seeds_text
            from gamecraft_desktop.ui.batch_confirm import confirm_paid_batch

            ask = self.runtime.ask_paid_batch or confirm_paid_batch
            return bool(ask(self.window.widget(), runs, seeds_text(seed, runs), self.window.current_check().summary))
        return True

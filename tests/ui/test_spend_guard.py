"""The spend guard in the real window, over a real history database seeded with finished jobs: the estimate
beside Generate (from history, or the model's typical figures, marked), the price and the limits set in
Preferences ▸ Spending, one question before a Generate that may go over a limit, and this month's real
runs in the Jobs panel's header (sandbox runs never counted)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "jobs"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from jobs_helpers import image_file, make_sandbox
from spend_seed import Seeded, seed
from test_jobs_window import compose, fal_mode_runtime, make_runtime

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.store.jobs_db import JobStore
from gamecraft_desktop.store.paths import AppPaths

__all__ = ["image_file", "make_runtime", "make_sandbox"]


def seeded_history() -> None:
    """Five finished fal jobs this month (≈ 150 s per move, 30 s in the queue), two sandbox jobs."""
    now = datetime.now().astimezone()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    base = max(now - timedelta(minutes=30), month_start)
    jobs = [Seeded(4, run, queue_s=q, ended=base + timedelta(seconds=i))
            for i, (run, q) in enumerate([(600, 30), (560, 25), (620, 40), (580, 30), (640, 35)])]
    jobs += [Seeded(4, 6.0, mode="sandbox", ended=base + timedelta(seconds=9)),
             Seeded(1, 2.0, mode="sandbox", ended=base + timedelta(seconds=10))]
    with JobStore(AppPaths.default().ensure().database) as store:
        seed(store, jobs, now)


@pytest.fixture
def fal_runtime(qtbot: Any, make_sandbox: Any) -> Iterator[Any]:
    """The window in fal mode over the seeded history."""
    seeded_history()
    runtime = fal_mode_runtime(qtbot, make_sandbox)
    window = runtime.window
    window.show()
    runtime.start()
    qtbot.waitUntil(lambda: runtime.manager.default_mode == "fal" and runtime.spend.history_loaded, timeout=10_000)
    yield runtime
    runtime.shutdown()
    window.hide()


def estimate_text(runtime: Any) -> str:
    return str(runtime.window.generate_bar.summary.estimate_text())


def test_estimate_price_limit_and_month_total(qtbot: Any, fal_runtime: Any, image_file: Path) -> None:
    runtime, window = fal_runtime, fal_runtime.window
    compose(qtbot, runtime, image_file, actions="wsda")
    qtbot.waitUntil(lambda: "Run ≈" in estimate_text(runtime), timeout=10_000)
    text = estimate_text(runtime)
    assert "Run ≈ 10 min (9.3–10.7 min)\nQueue ≈ 30 s (25–40 s)" in text
    assert "Cost" not in text and "Typical" not in text
    tip = window.generate_bar.summary.toolTip()
    assert "From your last 5 finished fal jobs on anthonywu/gamecraft: median 2.5 min per move" in tip
    assert "Preferences ▸ Spending" in tip
    month = runtime.panel.month_total
    assert month.isVisible() and ": 5 fal runs · 50 min GPU" in month.text()  # the sandbox runs are not counted
    assert "$" not in month.text()

    # Preferences ▸ Spending: a price and a limit per Generate.
    dialog = window.preferences.open("Spending")
    section = dialog.section("Spending")
    assert section is not None and section.price.text() == ""  # empty by default
    assert "fal.ai/pricing" in section.price_note.text()
    section.price.setText("0.0015")
    section.ask_cost.setChecked(True)
    section.cost_limit.setValue(1.50)
    dialog.ok_button.click()
    saved = json.loads(AppPaths.default().settings_file.read_text())["spend"]
    assert saved == {"price_per_gpu_second": 0.0015, "confirm_above_cost": 1.5, "confirm_above_minutes": None}
    assert "Cost ≈ $0.90 ($0.84–0.96)" in estimate_text(runtime) and "over your limit" not in estimate_text(runtime)
    assert month.text().endswith("· $4.50")

    # Two runs may cost $1.92: over the limit, so Generate asks once (not also the batch question).
    runtime.panel.runs_spin.setValue(2)
    assert "Cost ≈ $0.90 ($0.84–0.96) × 2 = $1.80" in estimate_text(runtime)
    assert "May go over your limit: Generate asks first." in estimate_text(runtime)
    asked: list[str] = []
    batch: list[int] = []
    before = set(runtime.manager.job_ids())  # the seeded history

    def started() -> int:
        return len(set(runtime.manager.job_ids()) - before)

    runtime.spend.ask_over_limit = lambda _w, reason, _details: asked.append(reason) is not None and False
    runtime.ask_paid_batch = lambda *_a: batch.append(1) or True
    window.generate_action.trigger()
    assert started() == 0 and batch == []
    assert asked == ["This Generate (2 runs): it may cost up to $1.92, above your limit of $1.50 per Generate. "
                     "Estimated from your history."]
    runtime.spend.ask_over_limit = lambda *_a: True
    window.generate_action.trigger()
    assert started() == 2 and batch == []

    # One run stays under the limit: no question. A batch under the limit gets the batch question only.
    runtime.panel.runs_spin.setValue(1)
    asked.clear()
    window.generate_action.trigger()
    assert asked == [] and batch == [] and started() == 3
    runtime.spend.settings = type(runtime.spend.settings)(0.0015, confirm_above_cost=5.0)
    runtime.panel.runs_spin.setValue(2)
    window.generate_action.trigger()
    assert asked == [] and batch == [1] and started() == 5


@pytest.mark.slow
def test_finished_fal_jobs_update_the_month_total(qtbot: Any, fal_runtime: Any, image_file: Path) -> None:
    runtime = fal_runtime
    compose(qtbot, runtime, image_file, actions="w")
    before = set(runtime.manager.job_ids())
    runtime.window.generate_action.trigger()
    (job_id,) = set(runtime.manager.job_ids()) - before
    qtbot.waitUntil(lambda: runtime.manager.job_event(job_id).state == JobState.DONE, timeout=30_000)
    qtbot.waitUntil(lambda: ": 6 fal runs" in runtime.panel.month_total.text(), timeout=10_000)


def test_with_little_history_the_typical_figures_are_marked(qtbot: Any, make_runtime: Any,
                                                            image_file: Path) -> None:
    runtime = make_runtime()  # a new home: no history; sandbox mode
    qtbot.waitUntil(lambda: runtime.spend.history_loaded, timeout=10_000)
    compose(qtbot, runtime, image_file, actions="wsdaws")
    text = estimate_text(runtime)
    assert text.startswith("Sandbox: free. On fal:")
    assert "Run ≈ 15 min or more (typical)\nQueue unknown" in text
    assert "Typical figures for this model: too little history (no finished fal jobs; 3 needed)" in text
    assert "gamecraft-model.md" in runtime.window.generate_bar.summary.toolTip()
    assert runtime.panel.month_total.text().endswith(": no fal runs yet")
    asked: list[str] = []
    runtime.spend.ask_over_limit = lambda _w, reason, _d: asked.append(reason) is not None
    runtime.window.generate_action.trigger()  # the sandbox is free: no question
    assert asked == [] and len(runtime.manager.job_ids()) == 1


def test_a_price_that_is_not_a_number_is_said_and_not_applied(qtbot: Any) -> None:
    from gamecraft_desktop.core.spend import SpendSettings
    from gamecraft_desktop.ui.preferences_dialog import PreferencesDialog
    from gamecraft_desktop.ui.spending_section import SpendingSection

    saved: list[SpendSettings] = []
    section = SpendingSection(lambda: saved[-1] if saved else SpendSettings(),
                              lambda s: saved.append(s) or None)
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.add_section("Spending", section)
    dialog.show()
    section.price.setText("1,5 dollars")
    assert section.problem.isVisible() and "must be a number" in section.problem.text()
    assert not dialog.ok_button.isEnabled()
    section.price.setText("$0,0011")  # a comma and a dollar sign are fine
    section.ask_time.setChecked(True)
    assert dialog.ok_button.isEnabled() and not section.problem.isVisible()
    assert section.cost_note.isHidden()
    dialog.apply_button.click()
    assert saved == [SpendSettings(0.0011, None, 30.0)]
    section.price.clear()
    section.ask_cost.setChecked(True)
    assert section.cost_note.isVisible()  # a cost limit needs a price: said beside it

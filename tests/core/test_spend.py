"""The spend guard's arithmetic and words (core.spend): the estimate from finished real jobs (median per move,
queue wait, range, steps, runs, cost), what it says with too little history, when Generate asks first, and
this month's total."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from gamecraft_desktop.core.spend import (
    MIN_HISTORY,
    BilledRun,
    JobTiming,
    Span,
    SpendSettings,
    confirmation_reason,
    describe_estimate,
    describe_month,
    duration,
    estimate_run,
    money,
    month_total,
    percentile,
)

ENDPOINT = "anthonywu/gamecraft"
#: Four finished jobs as fal ran them: seconds per move 150, 140, 165, 175 (one at 10 steps: 330/2 moves/2).
HISTORY = [
    JobTiming(moves=4, steps=5, run_s=600.0, queue_s=30.0),
    JobTiming(moves=4, steps=5, run_s=560.0, queue_s=12.0),
    JobTiming(moves=2, steps=10, run_s=660.0, queue_s=200.0),
    JobTiming(moves=4, steps=5, run_s=700.0, queue_s=45.0),
]


def test_median_per_move_and_range_from_history() -> None:
    est = estimate_run(HISTORY, moves=4, steps=5)
    assert est.from_history and est.samples == 4
    assert est.per_move == Span(140.0, 157.5, 175.0)  # below ten jobs the range is lowest–highest
    assert est.per_run == Span(560.0, 630.0, 700.0)
    assert est.queue == Span(12.0, 37.5, 200.0)
    assert est.cost is None


def test_steps_runs_and_price_scale_the_estimate() -> None:
    est = estimate_run(HISTORY, moves=6, steps=10, runs=3, price=0.002)
    assert est.per_move.mid == pytest.approx(315.0)  # twice the steps, twice the time per move
    assert est.per_run.mid == pytest.approx(1890.0)
    assert est.total.mid == pytest.approx(5670.0)
    assert est.cost is not None
    assert (est.cost.low, est.cost.mid, est.cost.high) == pytest.approx((10.08, 11.34, 12.6))


def test_ten_jobs_or_more_use_the_10th_to_90th_percentile() -> None:
    history = [JobTiming(1, 5, float(s)) for s in (100, 110, 120, 130, 140, 150, 160, 170, 180, 900)]
    est = estimate_run(history, moves=1, steps=5)
    assert est.per_move.mid == 145.0
    assert est.per_move.low == pytest.approx(109.0) and est.per_move.high == pytest.approx(252.0)
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5


def test_unusable_rows_are_left_out() -> None:
    history = [*HISTORY[:2], JobTiming(0, 5, 100.0), JobTiming(4, 5, 0.0), JobTiming(4, 0, 500.0)]
    est = estimate_run(history, moves=4, steps=5)
    assert est.samples == 2 and not est.from_history


def test_too_little_history_says_so_and_uses_the_typical_figures() -> None:
    est = estimate_run(HISTORY[:MIN_HISTORY - 1], moves=4, steps=5, price=0.001)
    assert not est.from_history and est.queue is None
    assert est.per_move.mid == 150.0 and est.per_run.mid == 600.0  # gamecraft-model.md: 10+ min for 4 moves
    text = describe_estimate(est, endpoint=ENDPOINT)
    assert text.typical
    assert (text.time, text.queue) == ("Run ≈ 10 min or more (typical)", "Queue unknown")
    assert text.basis == "Typical figures for this model: too little history (2 finished fal jobs; 3 needed)"
    assert text.cost == "Cost ≈ $0.60 or more (typical)"
    assert "not yours" in text.details and "gamecraft-model.md" in text.details
    none = describe_estimate(estimate_run([], moves=1, steps=5), endpoint=ENDPOINT)
    assert "no finished fal jobs" in none.basis and none.cost is None
    assert "Set a price per GPU-second in Preferences ▸ Spending" in none.details


def test_wording_from_history() -> None:
    text = describe_estimate(estimate_run(HISTORY, moves=4, steps=5, runs=2, price=0.0012), endpoint=ENDPOINT)
    assert not text.typical
    assert (text.time, text.queue) == ("Run ≈ 10.5 min (9.3–11.7 min)", "Queue ≈ 38 s (12 s–3.3 min)")
    assert text.cost == "Cost ≈ $0.76 ($0.67–0.84) × 2 = $1.51"
    assert text.basis == "From your last 4 fal jobs: 2.6 min per move"
    assert "not its queue wait" in text.details and "$0.0012 per GPU-second" in text.details


@pytest.mark.parametrize(("settings", "runs", "asks"), [
    (SpendSettings(0.0012, confirm_above_cost=1.00), 1, False),  # one run: $0.84 at most
    (SpendSettings(0.0012, confirm_above_cost=1.00), 2, True),  # two: up to $1.68
    (SpendSettings(0.0012, confirm_above_cost=0.80), 1, True),  # the median ($0.76) is under, the top is not
    (SpendSettings(None, confirm_above_cost=0.10), 3, False),  # no price: a cost limit cannot apply
    (SpendSettings(None, confirm_above_minutes=12), 1, False),  # up to 11.7 min
    (SpendSettings(None, confirm_above_minutes=11), 1, True),
    (SpendSettings(0.0012), 16, False),  # no limits: never asks
])
def test_confirmation_threshold(settings: SpendSettings, runs: int, asks: bool) -> None:
    est = estimate_run(HISTORY, moves=4, steps=5, runs=runs, price=settings.price_per_gpu_second)
    reason = confirmation_reason(est, settings)
    assert (reason is not None) == asks
    if reason is not None and settings.confirm_above_cost is not None:
        assert f"above your limit of {money(settings.confirm_above_cost)} per Generate" in reason


def test_the_limits_reason_names_both_limits_and_the_basis() -> None:
    est = estimate_run([], moves=8, steps=5, runs=2, price=0.001)
    reason = confirmation_reason(est, SpendSettings(0.001, confirm_above_cost=1, confirm_above_minutes=30))
    assert reason == ("This Generate (2 runs): it may cost up to $2.40, above your limit of $1.00 per Generate; "
                      "it may use up to 40 min of GPU time, above your limit of 30 min per Generate. Estimated "
                      "from the model's typical figures (too little history).")


def test_month_total_counts_only_this_months_runs() -> None:
    now = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)
    runs = [BilledRun(600.0, now - timedelta(days=1)), BilledRun(300.0, now - timedelta(days=13, hours=11)),
            BilledRun(999.0, datetime(2026, 11, 30, 23, 59, tzinfo=UTC)), BilledRun(50.0, now)]
    total = month_total(runs, now, price=0.001)
    assert (total.runs, total.gpu_s) == (3, 950.0) and total.cost == pytest.approx(0.95)
    assert describe_month(total, now) == "December: 3 fal runs · 15.8 min GPU · $0.95"
    assert describe_month(month_total([], now), now) == "December: no fal runs yet"
    # The month is the person's: 23:30 UTC on 30 November is already December in UTC+2.
    east = timezone(timedelta(hours=2))
    late = [BilledRun(60.0, datetime(2026, 11, 30, 23, 30, tzinfo=UTC))]
    assert month_total(late, datetime(2026, 12, 1, 9, 0, tzinfo=east)).runs == 1
    assert month_total(late, datetime(2026, 12, 1, 9, 0, tzinfo=UTC)).runs == 0


def test_settings_read_leniently() -> None:
    assert SpendSettings.from_dict({"price_per_gpu_second": 0.0011, "confirm_above_cost": "5",
                                    "confirm_above_minutes": -3}) == SpendSettings(0.0011, None, None)
    assert SpendSettings.from_dict(None) == SpendSettings()
    assert SpendSettings.from_dict({"price_per_gpu_second": True}) == SpendSettings()
    settings = SpendSettings(0.002, 4.0, 20.0)
    assert SpendSettings.from_dict(settings.to_dict()) == settings


def test_money_and_durations_read_at_a_glance() -> None:
    assert [money(x) for x in (0.0012, 0.756, 1.5, 1234.5)] == ["$0.0012", "$0.76", "$1.50", "$1,234.50"]
    assert [duration(s) for s in (38, 150, 630, 3600, 5400)] == ["38 s", "2.5 min", "10.5 min", "60 min", "1.5 h"]

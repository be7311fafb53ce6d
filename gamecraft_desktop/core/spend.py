"""What a Generate will cost before it is paid for, and what this month's real runs took: pure arithmetic
and wording (no Qt, no I/O). The history comes from store.spend_history; the window only shows the text.

fal bills the GPU time a job runs (not its queue wait). The estimate takes the person's own finished real
jobs on the endpoint: the median seconds per move (at the default number of steps: the model renders one
chunk per move, each `infer_steps` denoising steps, so time is scaled by steps), the queue wait, and a range
(10th to 90th percentile; lowest to highest below ten jobs). With fewer than MIN_HISTORY jobs it says so and
uses the model's typical figure (core.defaults, from gamecraft-model.md), marked as such.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from gamecraft_desktop.core.defaults import (
    DEFAULT_INFER_STEPS,
    SECONDS_PER_MOVE_AT_DEFAULT_STEPS,
)
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts, month_name, number

#: Finished real jobs needed before the estimate is the person's own.
MIN_HISTORY = 3
#: Below this many jobs the range is lowest–highest; from it on, the 10th to the 90th percentile.
PERCENTILE_FROM = 10
#: Where fal lists its prices (linked from Preferences ▸ Spending).
PRICING_URL = "https://fal.ai/pricing"
TYPICAL_SOURCE = QT_TRANSLATE_NOOP("SpendText", "the model's typical figure from gamecraft-model.md: a 4-move "
                                                "job at 5 steps reported at 10+ minutes on an H100")
#: The estimate's and the month's words (core/texts.py: the name is the translation context).
SpendText = Texts("SpendText")


@dataclass(frozen=True)
class JobTiming:
    """One finished real job: its moves and steps, the GPU time it was billed, and its queue wait."""

    moves: int
    steps: int
    run_s: float
    queue_s: float | None = None


@dataclass(frozen=True)
class Span:
    """A median with its range (seconds or money)."""

    low: float
    mid: float
    high: float

    def scaled(self, factor: float) -> Span:
        return Span(self.low * factor, self.mid * factor, self.high * factor)


@dataclass(frozen=True)
class SpendSettings:
    """Preferences ▸ Spending. None = not set (no price: no cost is shown; no limit: never asks)."""

    price_per_gpu_second: float | None = None  # in the account's currency, e.g. US dollars
    confirm_above_cost: float | None = None  # per Generate (all its runs)
    confirm_above_minutes: float | None = None  # GPU minutes per Generate

    def to_dict(self) -> dict[str, float | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: object) -> SpendSettings:
        """Lenient: a value that is not a positive finite number is "not set" (a hand-edited file)."""
        if not isinstance(data, Mapping):
            return cls()
        values: dict[str, float | None] = {}
        for f in fields(cls):
            v = data.get(f.name)
            number = float(v) if isinstance(v, int | float) and not isinstance(v, bool) else math.nan
            values[f.name] = number if math.isfinite(number) and number > 0 else None
        return cls(**values)


@dataclass(frozen=True)
class RunEstimate:
    """One Generate: `runs` jobs of `moves` moves at `steps` steps."""

    moves: int
    steps: int
    runs: int
    samples: int  # finished real jobs it is based on
    from_history: bool
    per_move: Span  # GPU seconds per move at `steps`
    queue: Span | None  # seconds of queue wait per job (None: unknown)
    price: float | None  # per GPU second

    @property
    def per_run(self) -> Span:
        return self.per_move.scaled(self.moves)

    @property
    def total(self) -> Span:
        """GPU seconds of the whole Generate (all runs)."""
        return self.per_run.scaled(self.runs)

    @property
    def cost(self) -> Span | None:
        """The whole Generate's cost, when a price is set."""
        return None if self.price is None else self.total.scaled(self.price)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (0 ≤ q ≤ 100) of a non-empty sequence."""
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def span_of(values: Sequence[float]) -> Span:
    if len(values) >= PERCENTILE_FROM:
        return Span(percentile(values, 10), statistics.median(values), percentile(values, 90))
    return Span(min(values), statistics.median(values), max(values))


def estimate_run(history: Sequence[JobTiming], *, moves: int, steps: int, runs: int = 1,
                 price: float | None = None) -> RunEstimate:
    """The estimate for a Generate from the person's finished real jobs on this endpoint."""
    usable = [t for t in history if t.moves > 0 and t.steps > 0 and t.run_s > 0 and math.isfinite(t.run_s)]
    steps_factor = max(1, steps) / DEFAULT_INFER_STEPS
    # Seconds per move at the default steps, so jobs made at other steps count too.
    per_move = [t.run_s / t.moves * DEFAULT_INFER_STEPS / t.steps for t in usable]
    queues = [t.queue_s for t in usable if t.queue_s is not None and t.queue_s >= 0]
    if len(per_move) >= MIN_HISTORY:
        return RunEstimate(moves, steps, max(1, runs), len(per_move), True, span_of(per_move).scaled(steps_factor),
                           span_of(queues) if queues else None, price)
    typical = SECONDS_PER_MOVE_AT_DEFAULT_STEPS * steps_factor
    return RunEstimate(moves, steps, max(1, runs), len(per_move), False, Span(typical, typical, typical),
                       None, price)


# --- wording ------------------------------------------------------------------------------------------


def money(amount: float) -> str:
    """$1.23; amounts under a dollar keep two significant digits ($0.76, $0.0012). fal bills in dollars."""
    if amount >= 1 or amount <= 0:
        return SpendText.tr("${amount}").format(amount=number(amount, 2))
    return SpendText.tr("${amount}").format(amount=number(amount, max(2, 1 - math.floor(math.log10(amount)))))


def _duration_parts(seconds: float) -> tuple[str, str]:
    """(the number, its unit's template "{n} min") of a duration, to the precision a person plans with."""
    if seconds < 90:
        return number(math.floor(seconds + 0.5)), SpendText.tr("{n} s")
    minutes = seconds / 60
    if minutes < 20:
        return number(math.floor(minutes * 10 + 0.5) / 10), SpendText.tr("{n} min")
    if minutes < 90:
        return number(math.floor(minutes + 0.5)), SpendText.tr("{n} min")
    return number(math.floor(minutes / 6 + 0.5) / 10), SpendText.tr("{n} h")


def duration(seconds: float) -> str:
    """'45 s', '2.5 min', '12.4 min', '35 min', '1.5 h': to the precision a person plans with (halves up)."""
    value, unit = _duration_parts(seconds)
    return unit.format(n=value)


def _range(span: Span) -> str:
    """'9.3–12 min', '12 s–3 min', or one value when both ends read the same."""
    (low, low_unit), (high, high_unit) = _duration_parts(span.low), _duration_parts(span.high)
    if (low, low_unit) == (high, high_unit):
        return duration(span.mid)
    if low_unit == high_unit:
        return low_unit.format(n=SpendText.tr("{low}–{high}").format(low=low, high=high))
    return SpendText.tr("{low}–{high}").format(low=low_unit.format(n=low), high=high_unit.format(n=high))


@dataclass(frozen=True)
class EstimateText:
    """The estimate in words: what shows beside Generate (`time` of a run, the `queue` wait, the `cost` when
    priced, `basis`: what it is based on, short) and `details` for a tooltip."""

    time: str
    queue: str | None
    cost: str | None
    basis: str
    details: str
    typical: bool  # the model's typical figures, not the person's history


def describe_estimate(est: RunEstimate, *, endpoint: str) -> EstimateText:
    have = SpendText.tr("%n finished fal job(s)", "", est.samples) if est.samples else \
        SpendText.tr("no finished fal jobs")
    if est.from_history:
        time = SpendText.tr("Run ≈ {time} ({range})").format(time=duration(est.per_run.mid), range=_range(est.per_run))
        queue = SpendText.tr("Queue ≈ {time} ({range})").format(time=duration(est.queue.mid), range=_range(est.queue)) \
            if est.queue is not None else None
        basis = SpendText.tr("From your last %n fal job(s): {time} per move", "", est.samples).format(
            time=duration(est.per_move.mid))
        long_basis = SpendText.tr("From your last %n finished fal job(s) on {endpoint}: median {time} per move at "
                                  "{steps} steps ({range}).", "", est.samples).format(
            endpoint=endpoint, time=duration(est.per_move.mid), steps=est.steps, range=_range(est.per_move))
    else:
        time = SpendText.tr("Run ≈ {time} or more (typical)").format(time=duration(est.per_run.mid))
        queue = SpendText.tr("Queue unknown")
        basis = SpendText.tr("Typical figures for this model: too little history ({have}; {needed} needed)").format(
            have=have, needed=MIN_HISTORY)
        long_basis = SpendText.tr(
            "Too little history ({have} on {endpoint}; {needed} needed), so these are typical figures for this "
            "model, not yours: about {time} per move at {steps} steps; the queue wait is unknown (a cold start can "
            "keep a job queued for long). Source: {source}.").format(
            have=have, endpoint=endpoint, needed=MIN_HISTORY, time=duration(est.per_move.mid), steps=est.steps,
            source=SpendText.tr(TYPICAL_SOURCE))
    cost_text: str | None = None
    if est.cost is not None:
        each = est.per_run.scaled(est.price or 0)
        cost_text = (SpendText.tr("Cost ≈ {cost} ({low}–{high})").format(
            cost=money(each.mid), low=money(each.low), high=money(each.high).lstrip("$"))
            if est.from_history else SpendText.tr("Cost ≈ {cost} or more (typical)").format(cost=money(each.mid)))
        if est.runs > 1:
            cost_text = SpendText.tr("{cost} × {runs} = {total}").format(cost=cost_text, runs=est.runs,
                                                                          total=money(est.cost.mid))
        price_note = SpendText.tr("Priced at {price} per GPU-second (Preferences ▸ Spending).").format(
            price=money(est.price or 0))
    else:
        price_note = SpendText.tr("Set a price per GPU-second in Preferences ▸ Spending to see the cost.")
        if est.runs > 1:
            time = SpendText.tr("{time} × %n run(s)", "", est.runs).format(time=time)
    estimate = SpendText.tr("Estimate for %n move(s) at {steps} steps", "", est.moves).format(steps=est.steps)
    if est.runs > 1:
        estimate = SpendText.tr("{estimate} × %n run(s)", "", est.runs).format(estimate=estimate)
    details = SpendText.tr("{estimate}. {basis} fal bills the time a job runs, not its queue wait. {price}").format(
        estimate=estimate, basis=long_basis, price=price_note)
    return EstimateText(time, queue, cost_text, basis, details, not est.from_history)


def confirmation_reason(est: RunEstimate, settings: SpendSettings) -> str | None:
    """Why this Generate should be confirmed (it may go over a limit the person set), or None. The range's
    high end is what is compared: a limit is about what may be spent."""
    reasons = []
    cost = est.cost
    if settings.confirm_above_cost is not None and cost is not None and cost.high > settings.confirm_above_cost:
        reasons.append(SpendText.tr("it may cost up to {cost}, above your limit of {limit} per Generate").format(
            cost=money(cost.high), limit=money(settings.confirm_above_cost)))
    minutes = est.total.high / 60
    if settings.confirm_above_minutes is not None and minutes > settings.confirm_above_minutes:
        reasons.append(SpendText.tr("it may use up to {time} of GPU time, above your limit of {limit} min per "
                                    "Generate").format(time=duration(est.total.high),
                                                       limit=number(settings.confirm_above_minutes)))
    if not reasons:
        return None
    basis = SpendText.tr("your history") if est.from_history else \
        SpendText.tr("the model's typical figures (too little history)")
    text = SpendText.tr("This Generate (%n run(s))", "", est.runs) if est.runs > 1 else SpendText.tr("This Generate")
    return SpendText.tr("{generate}: {reasons}. Estimated from {basis}.").format(
        generate=text, reasons="; ".join(reasons), basis=basis)


# --- this month ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BilledRun:
    """A real job that ran on fal's GPUs (finished or failed after starting) and when it ended."""

    run_s: float
    ended: datetime


@dataclass(frozen=True)
class MonthTotal:
    runs: int
    gpu_s: float
    cost: float | None


def month_total(runs: Sequence[BilledRun], now: datetime, price: float | None = None) -> MonthTotal:
    """The real runs that ended in `now`'s calendar month (in `now`'s time zone): count, GPU time, cost."""
    def same_month(when: datetime) -> bool:
        local = when.astimezone(now.tzinfo) if when.tzinfo is not None and now.tzinfo is not None else when
        return (local.year, local.month) == (now.year, now.month)

    mine = [r for r in runs if same_month(r.ended) and r.run_s >= 0 and math.isfinite(r.run_s)]
    seconds = sum(r.run_s for r in mine)
    return MonthTotal(len(mine), seconds, None if price is None else seconds * price)


def describe_month(total: MonthTotal, now: datetime) -> str:
    """"December: 14 fal runs · 2.2 h GPU · $23.40" (sandbox runs are never counted)."""
    month = month_name(now.month)
    if total.runs == 0:
        return SpendText.tr("{month}: no fal runs yet").format(month=month)
    text = SpendText.tr("{month}: %n fal run(s) · {time} GPU", "", total.runs).format(
        month=month, time=duration(total.gpu_s))
    if total.cost is not None:
        text = SpendText.tr("{text} · {cost}").format(text=text, cost=money(total.cost))
    return text

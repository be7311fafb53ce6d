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

#: Finished real jobs needed before the estimate is the person's own.
MIN_HISTORY = 3
#: Below this many jobs the range is lowest–highest; from it on, the 10th to the 90th percentile.
PERCENTILE_FROM = 10
#: Where fal lists its prices (linked from Preferences ▸ Spending).
PRICING_URL = "https://fal.ai/pricing"
TYPICAL_SOURCE = "the model's typical figure from gamecraft-model.md: a 4-move job at 5 steps reported at " \
                 "10+ minutes on an H100"


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
    """$1.23; amounts under a dollar keep two significant digits ($0.76, $0.0012)."""
    if amount >= 1 or amount <= 0:
        return f"${amount:,.2f}"
    return f"${amount:.{max(2, 1 - math.floor(math.log10(amount)))}f}"


def duration(seconds: float) -> str:
    """'45 s', '2.5 min', '12.4 min', '35 min', '1.5 h': to the precision a person plans with (halves up)."""
    if seconds < 90:
        return f"{math.floor(seconds + 0.5)} s"
    minutes = seconds / 60
    if minutes < 20:
        return f"{math.floor(minutes * 10 + 0.5) / 10:g} min"
    if minutes < 90:
        return f"{math.floor(minutes + 0.5)} min"
    return f"{math.floor(minutes / 6 + 0.5) / 10:g} h"


def _range(span: Span) -> str:
    """'9.3–12 min', '12 s–3 min', or one value when both ends read the same."""
    low, high = duration(span.low), duration(span.high)
    if low == high:
        return duration(span.mid)
    if low.split()[-1] == high.split()[-1]:
        return f"{low.split()[0]}–{high}"
    return f"{low}–{high}"


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
    runs = f" × {est.runs} runs" if est.runs > 1 else ""
    moves = f"{est.moves} move{'s' if est.moves != 1 else ''}"
    have = ("no finished fal jobs" if est.samples == 0 else
            f"{est.samples} finished fal job{'s' if est.samples != 1 else ''}")
    if est.from_history:
        time = f"Run ≈ {duration(est.per_run.mid)} ({_range(est.per_run)})"
        queue = f"Queue ≈ {duration(est.queue.mid)} ({_range(est.queue)})" if est.queue is not None else None
        basis = f"From your last {est.samples} fal jobs: {duration(est.per_move.mid)} per move"
        long_basis = (f"From your last {est.samples} finished fal jobs on {endpoint}: median "
                      f"{duration(est.per_move.mid)} per move at {est.steps} steps ({_range(est.per_move)}).")
    else:
        time = f"Run ≈ {duration(est.per_run.mid)} or more (typical)"
        queue = "Queue unknown"
        basis = f"Typical figures for this model: too little history ({have}; {MIN_HISTORY} needed)"
        long_basis = (f"Too little history ({have} on {endpoint}; {MIN_HISTORY} needed), so these are typical "
                      f"figures for this model, not yours: about {duration(est.per_move.mid)} per move at "
                      f"{est.steps} steps; the queue wait is unknown (a cold start can keep a job queued for long). "
                      f"Source: {TYPICAL_SOURCE}.")
    cost_text: str | None = None
    if est.cost is not None:
        each = est.per_run.scaled(est.price or 0)
        cost_text = (f"Cost ≈ {money(each.mid)} ({money(each.low)}–{money(each.high).lstrip('$')})"
                     if est.from_history else f"Cost ≈ {money(each.mid)} or more (typical)")
        if est.runs > 1:
            cost_text += f" × {est.runs} = {money(est.cost.mid)}"
        price_note = f" Priced at {money(est.price or 0)} per GPU-second (Preferences ▸ Spending)."
    else:
        price_note = " Set a price per GPU-second in Preferences ▸ Spending to see the cost."
        if est.runs > 1:
            time += runs
    details = (f"Estimate for {moves} at {est.steps} steps{runs}. {long_basis} fal bills the time a job runs, "
               f"not its queue wait.{price_note}")
    return EstimateText(time, queue, cost_text, basis, details, not est.from_history)


def confirmation_reason(est: RunEstimate, settings: SpendSettings) -> str | None:
    """Why this Generate should be confirmed (it may go over a limit the person set), or None. The range's
    high end is what is compared: a limit is about what may be spent."""
    reasons = []
    cost = est.cost
    if settings.confirm_above_cost is not None and cost is not None and cost.high > settings.confirm_above_cost:
        reasons.append(f"it may cost up to {money(cost.high)}, above your limit of "
                       f"{money(settings.confirm_above_cost)} per Generate")
    minutes = est.total.high / 60
    if settings.confirm_above_minutes is not None and minutes > settings.confirm_above_minutes:
        reasons.append(f"it may use up to {duration(est.total.high)} of GPU time, above your limit of "
                       f"{settings.confirm_above_minutes:g} min per Generate")
    if not reasons:
        return None
    runs = f" ({est.runs} runs)" if est.runs > 1 else ""
    basis = "your history" if est.from_history else "the model's typical figures (too little history)"
    return f"This Generate{runs}: " + "; ".join(reasons) + f". Estimated from {basis}."


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
    month = now.strftime("%B")
    if total.runs == 0:
        return f"{month}: no fal runs yet"
    text = f"{month}: {total.runs} fal run{'s' if total.runs != 1 else ''} · {duration(total.gpu_s)} GPU"
    if total.cost is not None:
        text += f" · {money(total.cost)}"
    return text

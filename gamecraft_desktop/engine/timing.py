"""How often a followed job is looked at: fast after a change, backing off while nothing happens."""

from __future__ import annotations

from dataclasses import dataclass

from gamecraft_desktop.engine.rules import RetryBudget


@dataclass(frozen=True)
class PollTiming:
    """Adaptive polling; retries of passing failures back off too (`retry_base_s` doubling to `retry_cap_s`)."""

    initial_s: float = 1.0
    max_s: float = 5.0
    factor: float = 1.5
    retry_base_s: float = 1.0
    retry_cap_s: float = 60.0
    running_max_s: float | None = None  # a lower cap while the job runs (its end is near): None = max_s
    #: Status requests per second for all jobs of this timing together: with many jobs in flight each
    #: one is polled less often (a batch of 20 does not make 20 × the requests, nor hog the GIL).
    polls_per_s: float | None = None

    def next_interval(self, current: float, *, changed: bool, running: bool) -> float:
        """The wait before the next look after one that saw something new (`changed`) or nothing."""
        if changed:
            return self.initial_s
        cap = self.max_s
        if running and self.running_max_s is not None:
            cap = min(cap, self.running_max_s)
        return min(cap, current * self.factor)

    def budget(self, attempts: int | None = None, send_attempts: int = 5) -> RetryBudget:
        return RetryBudget(attempts=attempts, base_s=self.retry_base_s, cap_s=self.retry_cap_s,
                           send_attempts=send_attempts)


#: fal: the protocol page's gentle adaptive timing (jobs take minutes).
FAL_POLL = PollTiming(polls_per_s=4.0)
#: The local sandbox answers in milliseconds and costs nothing: polled briskly so a finished video shows at
#: once. A running sandbox job is looked at least every 0.2 s (a handful run at once: ~20 local requests a
#: second), so its video plays within ~300 ms of the sandbox finishing it.
SANDBOX_POLL = PollTiming(initial_s=0.1, max_s=0.6, factor=1.5, retry_base_s=0.3, retry_cap_s=5.0,
                          running_max_s=0.2, polls_per_s=10.0)

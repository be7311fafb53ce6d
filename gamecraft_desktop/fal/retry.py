"""Exponential backoff with jitter and a cap, as both official fal clients do it.

The policy only computes delays; callers decide what is retryable (see queue_client). `random` and
`sleep` are injectable so tests run instantly and deterministically.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """`max_attempts` counts the first try: 4 means one call plus up to three retries.

    Delay before retry n (n = 1, 2, ...) is `min(cap_s, base_s * 2**(n-1))`, then scaled by a random
    factor in `[1 - jitter, 1 + jitter]` and clamped to `[0, cap_s]`.
    """

    base_s: float = 1.0
    cap_s: float = 30.0
    max_attempts: int = 5
    jitter: float = 0.25
    random: Callable[[], float] = field(default=_random.random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.base_s < 0 or self.cap_s < 0:
            raise ValueError("retry delays must not be negative")
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")

    def delay(self, retry_number: int, *, retry_after_s: float | None = None) -> float:
        """The wait before retry `retry_number` (1-based). A server's Retry-After wins, within the cap."""
        if retry_after_s is not None and retry_after_s >= 0:
            return min(self.cap_s, retry_after_s)
        raw = min(self.cap_s, self.base_s * (2.0 ** min(retry_number - 1, 62)))
        factor = 1.0 + self.jitter * (2.0 * float(self.random()) - 1.0)
        return max(0.0, min(self.cap_s, raw * factor))

    def delays(self) -> Iterator[float]:
        """The waits between attempts: `max_attempts - 1` values."""
        for n in range(1, self.max_attempts):
            yield self.delay(n)


#: Defaults for the queue client's idempotent calls (status, result, cancel, stream connect).
DEFAULT_RETRY = RetryPolicy(base_s=1.0, cap_s=30.0, max_attempts=5, jitter=0.25)
#: No waiting at all: for tests.
NO_WAIT = RetryPolicy(base_s=0.0, cap_s=0.0, max_attempts=5, jitter=0.0)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header in its delta-seconds form; None for anything else."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if seconds != seconds or seconds < 0 or seconds == float("inf"):
        return None
    return seconds

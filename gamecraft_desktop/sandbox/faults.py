"""Fault injection for the sandbox server.

A `FaultRule` says: on requests of one route kind (or every kind), starting at the Nth such request, for a
number of requests (or forever), answer with this fault instead of (or on top of) the normal answer.

Route kinds: submit, status, stream, result, cancel, initiate, token, upload, cdnupload, cdn (and "*" for any).

Fault kinds:

| kind | effect |
|---|---|
| edge502 / edge503 / edge504 | an nginx HTML error page with that code and NO `x-fal-request-id` (the request never reached the queue; a submit creates no job) |
| 429 | `429 {"detail": "Too many requests"}` with `Retry-After` (arg: seconds, default 1) |
| slow | sleep (arg: seconds, default 1.0) then answer normally |
| hang | never answer; the connection is closed when the server stops |
| drop | handle the request (a submit DOES create the job), then close the socket halfway through the response head |
| truncate | send the head with the full `Content-Length` but only half of the body, then close |
| badjson | answer with the normal status and headers but a cut-off JSON body |
| ssedrop | stream route: close the event stream without its end after N data events (arg, default 1) |
| 500 | `500 {"detail": "Internal Server Error"}` with a fresh `x-fal-request-id` (fal's app layer took the request and failed it: on submit, no job to follow) |
| app500 | submit: the job runs, ends COMPLETED without `error`; the result is 500 `{"detail": "Internal Server Error"}` with `x-fal-request-id` |
| app422 | submit: the job runs, ends COMPLETED without `error`; the result is a 422 list (the app refusing the input) |
| apperror | submit: the job ends COMPLETED with `error` and `error_type` (arg: the error type, default `runner_disconnected`); the result replays it with `X-Fal-Error-Type` |
| expired | result/status/cancel: answer as if the result was past its retention (404) |
| 401 / 403 / 404 | answer with that code and a fal-shaped `{"detail": ...}` (bad key, locked account, unknown endpoint) |

Compact syntax for `--faults`: a comma-separated list of `ROUTE:WHEN:KIND[=ARG]`, where WHEN is

* `N`     only the Nth request of that route (1-based),
* `N+`    the Nth request and every one after it,
* `NxK`   K requests starting at the Nth,
* `*`     every request.

Examples: `status:2:edge502` (the 2nd status poll gets a 502), `cdn:1:drop`, `submit:*:slow=0.5`,
`submit:1:apperror=request_timeout`, `stream:1x3:ssedrop=2`, `*:1x2:429`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from enum import StrEnum

ROUTE_KINDS: tuple[str, ...] = ("submit", "status", "stream", "result", "cancel", "initiate", "token", "upload",
                                "cdnupload", "cdn")
ANY_ROUTE = "*"


class FaultKind(StrEnum):
    EDGE_502 = "edge502"
    EDGE_503 = "edge503"
    EDGE_504 = "edge504"
    RATE_LIMIT = "429"
    SLOW = "slow"
    HANG = "hang"
    DROP = "drop"
    TRUNCATE = "truncate"
    BAD_JSON = "badjson"
    SSE_DROP = "ssedrop"
    APP_500 = "app500"
    APP_422 = "app422"
    APP_ERROR = "apperror"
    EXPIRED = "expired"
    UNAUTHORIZED = "401"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    SERVER_500 = "500"

    @property
    def is_edge(self) -> bool:
        return self in (FaultKind.EDGE_502, FaultKind.EDGE_503, FaultKind.EDGE_504)

    @property
    def is_app(self) -> bool:
        """Faults that change how a submitted job ends rather than the HTTP answer itself."""
        return self in (FaultKind.APP_500, FaultKind.APP_422, FaultKind.APP_ERROR)


#: Infrastructure error types fal reports, with the HTTP code their result replays.
ERROR_TYPE_STATUS: dict[str, int] = {
    "request_timeout": 504,
    "startup_timeout": 504,
    "runner_disconnected": 503,
    "runner_scheduling_failure": 503,
    "runner_connection_timeout": 503,
    "runner_server_error": 500,
    "runner_connection_refused": 502,
    "runner_connection_error": 502,
    "internal_error": 500,
    "bad_request": 400,
    "client_cancelled": 499,
}


class FaultSpecError(ValueError):
    """A `--faults` specification that cannot be parsed; the message says which part."""


@dataclass(frozen=True)
class FaultRule:
    """One injected fault.

    `route`: a route kind or "*"; `nth`: the first request (1-based, counted per route kind) it applies to;
    `times`: how many requests from there (None: every one after). `arg`: the kind's argument (seconds for
    slow, events for ssedrop, an error type for apperror, Retry-After for 429).
    """

    route: str
    kind: FaultKind | str
    nth: int = 1
    times: int | None = None
    arg: str | float | int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", FaultKind(self.kind))
        if self.route != ANY_ROUTE and self.route not in ROUTE_KINDS:
            raise FaultSpecError(f"unknown route kind {self.route!r}; use one of {', '.join(ROUTE_KINDS)} or *")
        if self.nth < 1:
            raise FaultSpecError("nth counts from 1")
        if self.times is not None and self.times < 1:
            raise FaultSpecError("times must be at least 1 (or None for every request)")

    @property
    def fault(self) -> FaultKind:
        return FaultKind(self.kind)

    def matches(self, route: str, n: int) -> bool:
        if self.route not in (ANY_ROUTE, route):
            return False
        if n < self.nth:
            return False
        return self.times is None or n < self.nth + self.times

    def float_arg(self, default: float) -> float:
        try:
            return float(self.arg) if self.arg is not None else default
        except (TypeError, ValueError):
            return default

    def int_arg(self, default: int) -> int:
        try:
            return int(float(self.arg)) if self.arg is not None else default
        except (TypeError, ValueError):
            return default


@dataclass
class FaultPlan:
    """The server's fault rules; thread-safe. The first matching rule wins."""

    rules: list[FaultRule] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def extend(self, rules: list[FaultRule]) -> None:
        with self._lock:
            self.rules.extend(rules)

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def remove(self, rule: FaultRule) -> None:
        with self._lock:
            if rule in self.rules:
                self.rules.remove(rule)

    def match(self, route: str, n: int) -> FaultRule | None:
        """The rule for the nth request (1-based, per route kind) of `route`, if any."""
        with self._lock:
            for rule in self.rules:
                if rule.matches(route, n):
                    return rule
        return None


_WHEN = re.compile(r"^(?:(?P<all>\*)|(?P<n>\d+)(?:(?P<plus>\+)|x(?P<times>\d+))?)$")


def parse_fault_spec(spec: str) -> list[FaultRule]:
    """Parse `ROUTE:WHEN:KIND[=ARG],...` (see the module docstring)."""
    rules: list[FaultRule] = []
    for raw in spec.split(","):
        part = raw.strip()
        if not part:
            continue
        pieces = part.split(":")
        if len(pieces) != 3:
            raise FaultSpecError(f"{part!r}: expected ROUTE:WHEN:KIND[=ARG], e.g. status:2:edge502")
        route, when, kind_text = (p.strip() for p in pieces)
        m = _WHEN.match(when)
        if not m:
            raise FaultSpecError(f"{part!r}: WHEN must be N, N+, NxK or *")
        if m.group("all"):
            nth, times = 1, None
        else:
            nth = int(m.group("n"))
            if m.group("plus"):
                times = None
            elif m.group("times"):
                times = int(m.group("times"))
            else:
                times = 1
        kind_name, _, arg = kind_text.partition("=")
        try:
            kind = FaultKind(kind_name.strip())
        except ValueError:
            names = ", ".join(k.value for k in FaultKind)
            raise FaultSpecError(f"{part!r}: unknown fault {kind_name!r}; use one of {names}") from None
        try:
            rules.append(FaultRule(route, kind, nth=nth, times=times, arg=arg.strip() or None))
        except FaultSpecError as exc:
            raise FaultSpecError(f"{part!r}: {exc}") from None
    return rules


NGINX_PAGES: dict[int, str] = {
    502: "502 Bad Gateway",
    503: "503 Service Temporarily Unavailable",
    504: "504 Gateway Time-out",
}


def nginx_page(code: int) -> bytes:
    title = NGINX_PAGES.get(code, f"{code} Error")
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    ).encode()

"""The values a queue client hands out and takes: submit options and the handle of a queued job."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from gamecraft_desktop.core.request_code import PRIORITY_HEADER, START_TIMEOUT_HEADER
from gamecraft_desktop.fal.errors import InvalidInputError


@dataclass(frozen=True)
class SubmitOptions:
    webhook_url: str | None = None
    priority: Literal["normal", "low"] | None = None
    start_timeout_s: float | None = None
    no_retry: bool = False
    store_io: bool | None = None

    def headers(self) -> dict[str, str]:
        """The optional submit headers; raises InvalidInputError for values fal would refuse."""
        out: dict[str, str] = {}
        if self.priority is not None:
            if self.priority not in ("normal", "low"):
                raise InvalidInputError(f"Queue priority must be 'normal' or 'low', not {self.priority!r}.")
            out[PRIORITY_HEADER] = self.priority
        if self.start_timeout_s is not None:
            t = self.start_timeout_s
            if isinstance(t, bool) or not isinstance(t, int | float) or not t > 1 or t == float("inf"):
                raise InvalidInputError("The start deadline must be more than 1 second.")
            out[START_TIMEOUT_HEADER] = str(int(t)) if float(t).is_integer() else f"{t:g}"
        if self.no_retry:
            out["X-Fal-No-Retry"] = "1"
        if self.store_io is not None:
            out["X-Fal-Store-IO"] = "1" if self.store_io else "0"
        return out

    def params(self) -> dict[str, str]:
        if not self.webhook_url:
            return {}
        scheme = urlsplit(self.webhook_url).scheme.lower()
        if scheme not in ("http", "https") or not urlsplit(self.webhook_url).hostname:
            raise InvalidInputError("The webhook must be an http(s) URL.")
        return {"fal_webhook": self.webhook_url}


@dataclass(frozen=True)
class QueueHandle:
    """Everything needed to find a job again. Persist `to_dict()` before doing anything else with it."""

    request_id: str
    endpoint: str
    response_url: str
    status_url: str
    cancel_url: str
    queue_position: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "endpoint": self.endpoint,
            "response_url": self.response_url,
            "status_url": self.status_url,
            "cancel_url": self.cancel_url,
            "queue_position": self.queue_position,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> QueueHandle:
        qp = d.get("queue_position")
        return cls(
            request_id=str(d["request_id"]),
            endpoint=str(d["endpoint"]),
            response_url=str(d["response_url"]),
            status_url=str(d["status_url"]),
            cancel_url=str(d["cancel_url"]),
            queue_position=qp if isinstance(qp, int) and not isinstance(qp, bool) else None,
        )

    @property
    def stream_url(self) -> str:
        parts = urlsplit(self.status_url)
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/stream", "", ""))

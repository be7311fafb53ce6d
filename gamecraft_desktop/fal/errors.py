"""Typed errors for everything that can go wrong talking to fal, each with a one-line human message
and a distinct CLI exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from gamecraft_desktop.core.texts import Texts

if TYPE_CHECKING:  # annotations only: importing the schema (pydantic) here slowed every CLI and GUI start
    from gamecraft_desktop.core.schema import FieldIssue


#: The fal layer's words for people (core/texts.py: the name is the translation context).
FalErrors = Texts("FalErrors")


class FalError(Exception):
    """Base class. `str(err)` is a sentence for people; the attributes are for code."""

    exit_code: ClassVar[int] = 1
    title: ClassVar[str] = "fal error"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        detail: Any = None,
        error_type: str | None = None,
        request_id: str | None = None,
        billed: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.detail = detail
        self.error_type = error_type
        self.request_id = request_id
        #: False when fal said it bills nothing for this answer (`x-fal-billable-units: 0`, or a failure fal
        #: never bills); None when it did not say.
        self.billed = billed

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": type(self).__name__,
            "message": self.message,
            "status": self.status,
            "error_type": self.error_type,
            "request_id": self.request_id,
            "billed": self.billed,
            "detail": self.detail if isinstance(self.detail, str | int | float | list | dict | None) else str(
                self.detail),
        }


class InvalidInputError(FalError):
    """Local validation refused the input before anything was sent (nothing was paid)."""

    exit_code = 2
    title = "Invalid input"

    def __init__(self, message: str, issues: list[FieldIssue] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


class MissingKeyError(FalError):
    exit_code = 3
    title = "No fal key"


class MalformedKeyError(FalError):
    exit_code = 3
    title = "Malformed fal key"


class AuthError(FalError):
    """401/403: the key is wrong, unauthorised, or the account is locked or out of credit."""

    exit_code = 4
    title = "Key rejected"


class EndpointNotFoundError(FalError):
    exit_code = 5
    title = "Endpoint not reachable"


class ValidationFailedError(FalError):
    """422 from the server; `issues` maps fields to messages."""

    exit_code = 6
    title = "Input rejected by the server"

    def __init__(self, message: str, issues: list[FieldIssue], **kw: Any) -> None:
        super().__init__(message, **kw)
        self.issues = issues


class RateLimitError(FalError):
    exit_code = 7
    title = "Rate limited"

    def __init__(self, message: str, *, retry_after_s: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after_s = retry_after_s


class ServerError(FalError):
    """The app or its runner failed (5xx with a request id, a replayed error, or COMPLETED + error)."""

    exit_code = 8
    title = "Generation failed"


class EdgeError(ServerError):
    """fal's ingress answered 502/503/504 without a request id: the request never reached the app."""

    title = "fal is temporarily unavailable"


class StatusUnavailableError(ServerError):
    """A status call (poll or stream) answered 5xx: fal could not say how the job is doing this time. The job
    itself is not affected (fal's JS client retries these too): retried, never a reason to fail the job."""

    title = "Status temporarily unavailable"


class AppFailedError(ServerError):
    """The app crashed on a request fal had completed: the status said COMPLETED (usually without an error)
    and the result call answers 500 `{"detail": "Internal Server Error"}`. Final (fetching again gives the same
    answer) and not billed by fal. Never resent by itself: running it again is a new job someone asks for."""

    title = "Generation failed on fal"

    def __init__(self, message: str, **kw: Any) -> None:
        if kw.get("billed") is None:  # fal bills no failed request, whether or not the answer says so
            kw["billed"] = False
        super().__init__(message, **kw)


class StartTimeoutError(FalError):
    """The job did not start before the start deadline the user set (504, timeout type `user`)."""

    exit_code = 9
    title = "Start deadline passed"


class NetworkError(FalError):
    """Connect, read or write failure. `maybe_sent` is False only when the request provably never left."""

    exit_code = 10
    title = "Network problem"

    def __init__(self, message: str, *, maybe_sent: bool, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.maybe_sent = maybe_sent


class MalformedResponseError(NetworkError):
    """A 2xx answer whose body is not the JSON we expect (truncated, garbage from a proxy, HTML).

    Counts as a network problem: idempotent calls retry it; for a submit it means the job may exist.
    """

    title = "Unreadable answer from fal"

    def __init__(self, message: str, **kw: Any) -> None:
        kw.pop("maybe_sent", None)
        super().__init__(message, maybe_sent=True, **kw)


class ResultNotReadyError(FalError):
    """The result was asked for before the job completed (400 "Request is still in progress")."""

    exit_code = 8
    title = "Result not ready"


class ResultExpiredError(FalError):
    exit_code = 11
    title = "Result expired"


class JobCancelledError(FalError):
    exit_code = 12
    title = "Cancelled"


class DownloadError(FalError):
    exit_code = 13
    title = "Download failed"


class UploadError(FalError):
    exit_code = 14
    title = "Upload failed"


class DiskFullError(FalError):
    exit_code = 15
    title = "Disk full"


EXIT_INTERRUPTED = 130
#: `export` (no fal call): the video cannot be used, or the output cannot be written.
EXIT_EXPORT_VIDEO = 17
EXIT_EXPORT_OUTPUT = 18

#: Documented in `--help` and the README.
EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "unexpected error (a bug: please report it with the log)",
    2: "invalid input or usage (nothing was sent)",
    3: "no fal key, or a malformed one",
    4: "key rejected (401/403)",
    5: "endpoint not found or not reachable with this key (404)",
    6: "input rejected by the server (422)",
    7: "rate limited (429) after retries",
    8: "generation failed on the server (5xx, runner error, COMPLETED with error)",
    9: "start deadline passed",
    10: "network problem after retries",
    11: "result expired on the server",
    12: "job cancelled",
    13: "download failed",
    14: "upload failed",
    15: "disk full",
    16: "unusable input image",
    EXIT_EXPORT_VIDEO: "export: the video is missing or cannot be decoded",
    EXIT_EXPORT_OUTPUT: "export: the output cannot be written (folder read-only or not creatable)",
    EXIT_INTERRUPTED: "interrupted (Ctrl+C): the job keeps running; the request id is printed",
}

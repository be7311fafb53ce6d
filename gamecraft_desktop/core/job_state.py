"""The life of one generation job, shared by the CLI, the job manager and the history store."""

from __future__ import annotations

from enum import StrEnum

from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts

JobStates = Texts("JobStates")


class JobState(StrEnum):
    UPLOADING = "uploading"      # preparing and uploading the input image
    SUBMITTING = "submitting"    # the submit request is in flight: it may or may not have reached fal
    QUEUED = "queued"            # fal accepted it; the request id is on disk
    RUNNING = "running"
    FETCHING = "fetching"        # COMPLETED seen; reading the result JSON
    DOWNLOADING = "downloading"  # streaming the video to disk
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    # Killed during submit: fal may hold a paid job we cannot see. Never resubmitted automatically.
    SUBMIT_UNCERTAIN = "submit_uncertain"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATES

    @property
    def has_request_id(self) -> bool:
        return self in _WITH_REQUEST_ID

    @property
    def label(self) -> str:
        """'Queued', in the reader's language."""
        return JobStates.tr(_LABELS[self])


TERMINAL_STATES = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED, JobState.SUBMIT_UNCERTAIN})
_WITH_REQUEST_ID = frozenset({JobState.QUEUED, JobState.RUNNING, JobState.FETCHING, JobState.DOWNLOADING})

_LABELS = {
    JobState.UPLOADING: QT_TRANSLATE_NOOP("JobStates", "Uploading"),
    JobState.SUBMITTING: QT_TRANSLATE_NOOP("JobStates", "Submitting"),
    JobState.QUEUED: QT_TRANSLATE_NOOP("JobStates", "Queued"),
    JobState.RUNNING: QT_TRANSLATE_NOOP("JobStates", "Running"),
    JobState.FETCHING: QT_TRANSLATE_NOOP("JobStates", "Fetching result"),
    JobState.DOWNLOADING: QT_TRANSLATE_NOOP("JobStates", "Downloading"),
    JobState.DONE: QT_TRANSLATE_NOOP("JobStates", "Done"),
    JobState.FAILED: QT_TRANSLATE_NOOP("JobStates", "Failed"),
    JobState.CANCELLED: QT_TRANSLATE_NOOP("JobStates", "Cancelled"),
    JobState.SUBMIT_UNCERTAIN: QT_TRANSLATE_NOOP("JobStates", "Submit uncertain"),
}

_ALLOWED: dict[JobState, frozenset[JobState]] = {
    JobState.UPLOADING: frozenset({JobState.SUBMITTING, JobState.FAILED, JobState.CANCELLED}),
    JobState.SUBMITTING: frozenset({JobState.QUEUED, JobState.FAILED, JobState.CANCELLED,
                                    JobState.SUBMIT_UNCERTAIN}),
    JobState.QUEUED: frozenset({JobState.RUNNING, JobState.FETCHING, JobState.FAILED, JobState.CANCELLED}),
    JobState.RUNNING: frozenset({JobState.FETCHING, JobState.FAILED, JobState.CANCELLED}),
    # Bringing a finished job home is free and can be done twice at once (the window and `result` on the same
    # job): fetching and downloading may meet in any order, and a video that arrives makes the job done.
    JobState.FETCHING: frozenset({JobState.DOWNLOADING, JobState.FAILED, JobState.DONE}),
    JobState.DOWNLOADING: frozenset({JobState.FETCHING, JobState.DONE, JobState.FAILED}),
    # A failed download of a completed job can be retried without paying again (or arrive after all).
    JobState.FAILED: frozenset({JobState.FETCHING, JobState.DOWNLOADING, JobState.DONE}),
    JobState.DONE: frozenset(),
    JobState.CANCELLED: frozenset(),
    JobState.SUBMIT_UNCERTAIN: frozenset({JobState.QUEUED, JobState.FAILED}),
}


class TransitionError(ValueError):
    pass


def can_transition(old: JobState, new: JobState, *, has_request_id: bool = False) -> bool:
    """`has_request_id`: the job as stored has a fal request id (fal accepted it: it may be billed).

    A failed job that never reached fal (no request id: it failed while uploading or submitting, before fal
    accepted it) may start over in place (FAILED → UPLOADING); one fal accepted never may, so a paid job is
    never sent twice by a retry.
    """
    if old == JobState.FAILED and new == JobState.UPLOADING:
        return not has_request_id
    return old == new or new in _ALLOWED[old]


def check_transition(old: JobState, new: JobState, *, has_request_id: bool = False) -> None:
    if not can_transition(old, new, has_request_id=has_request_id):
        why = " (fal accepted it: it has a request id)" if old == JobState.FAILED and new == JobState.UPLOADING else ""
        raise TransitionError(f"a job cannot go from {old.value} to {new.value}{why}")

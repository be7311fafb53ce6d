"""The steps of a job, tied to the states they run in (core.job_state.JobState)."""

from __future__ import annotations

from enum import StrEnum

from gamecraft_desktop.core.job_state import JobState


class Step(StrEnum):
    """One short piece of a job's life. Each step writes its outcome to the history before it returns."""

    UPLOAD = "upload"      # prepare the image (crop to the model's frame) and upload it
    SUBMIT = "submit"      # send the request once; the request id is on disk before submit returns
    FOLLOW = "follow"      # watch the queue: the status stream with a poll fallback, or one poll
    FETCH = "fetch"        # read the result JSON (the video's URL)
    DOWNLOAD = "download"  # stream the video to disk
    JOIN = "join"          # a continuation: join its video after the video it continues
    CANCEL = "cancel"      # ask fal to cancel (the job is then followed until fal says how it ended)

    @property
    def states(self) -> frozenset[JobState]:
        """The states a job is in while this step runs."""
        return _STATES[self]

    @property
    def is_transfer(self) -> bool:
        """Uploads and downloads: they take a transfer slot (so polls always find a free thread)."""
        return self in (Step.UPLOAD, Step.DOWNLOAD)

    @property
    def is_idempotent(self) -> bool:
        """Running it again cannot make fal do (or bill) anything twice."""
        return self is not Step.SUBMIT

    @classmethod
    def to_resume(cls, state: JobState) -> Step | None:
        """The step that picks up a job found in `state` (after a restart); None for terminal states and for
        SUBMITTING, which is never sent again (see rules.resume_plan)."""
        return _RESUME.get(state)


_STATES: dict[Step, frozenset[JobState]] = {
    Step.UPLOAD: frozenset({JobState.UPLOADING}),
    Step.SUBMIT: frozenset({JobState.SUBMITTING}),
    Step.FOLLOW: frozenset({JobState.QUEUED, JobState.RUNNING}),
    Step.FETCH: frozenset({JobState.FETCHING, JobState.DOWNLOADING}),
    Step.DOWNLOAD: frozenset({JobState.DOWNLOADING}),
    Step.JOIN: frozenset({JobState.DOWNLOADING}),
    Step.CANCEL: frozenset({JobState.QUEUED, JobState.RUNNING}),
}

# A job resumed in DOWNLOADING fetches the result again: the video URL is not kept on disk as a promise
# (it may have changed), and the result call is free.
_RESUME: dict[JobState, Step] = {
    JobState.UPLOADING: Step.UPLOAD,
    JobState.QUEUED: Step.FOLLOW,
    JobState.RUNNING: Step.FOLLOW,
    JobState.FETCHING: Step.FETCH,
    JobState.DOWNLOADING: Step.FETCH,
}

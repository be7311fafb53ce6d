"""A failed job fal never accepted may start over in place (FAILED → UPLOADING); one with a request id never."""

from __future__ import annotations

from pathlib import Path

import pytest

from gamecraft_desktop.core.job_state import JobState, TransitionError, can_transition
from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore


def test_the_rule() -> None:
    assert can_transition(JobState.FAILED, JobState.UPLOADING)
    assert can_transition(JobState.FAILED, JobState.UPLOADING, has_request_id=False)
    assert not can_transition(JobState.FAILED, JobState.UPLOADING, has_request_id=True)
    # Nothing else changes: a failed job still cannot jump to submitting or queued.
    assert not can_transition(JobState.FAILED, JobState.SUBMITTING)
    assert not can_transition(JobState.DONE, JobState.UPLOADING)
    assert not can_transition(JobState.CANCELLED, JobState.UPLOADING)
    assert not can_transition(JobState.SUBMIT_UNCERTAIN, JobState.UPLOADING)


def _failed(store: JobStore, **extra: object) -> JobRecord:
    inp = parse_input({"image": "https://example.invalid/a.png", "prompt": "a harbor at dawn", "seed": 7})
    rec = store.create(JobRecord.new(inp, mode="sandbox", endpoint="anthonywu/gamecraft"))
    store.update(rec.id, state=JobState.SUBMITTING)
    if extra:
        store.update(rec.id, state=JobState.QUEUED, **extra)
    return store.update(rec.id, state=JobState.FAILED, error_message="it broke", error_kind="NetworkError")


def test_store_applies_the_rule_to_the_stored_request_id(tmp_path: Path) -> None:
    with JobStore(tmp_path / "h.sqlite3") as store:
        never_sent = _failed(store)
        again = store.update(never_sent.id, state=JobState.UPLOADING, error_message=None)
        assert again.state == JobState.UPLOADING and again.created_at == never_sent.created_at

        paid = _failed(store, request_id="req-1")
        with pytest.raises(TransitionError, match="request id"):
            store.update(paid.id, state=JobState.UPLOADING)
        with pytest.raises(TransitionError):  # clearing the id in the same write does not get around it
            store.update(paid.id, state=JobState.UPLOADING, request_id=None)
        assert store.get(paid.id).state == JobState.FAILED and store.get(paid.id).request_id == "req-1"

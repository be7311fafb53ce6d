"""The money checks themselves: what they count as a paid submit that a history row accounts for."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from money_checks import Ledger, Violation, check_request_ids, check_submits

from gamecraft_desktop.core.job_state import JobState


def _row(job_id: str, state: JobState, request_id: str | None, prompt: str = "job 1 from the window") -> Any:
    return SimpleNamespace(id=job_id, state=state, request_id=request_id, prompt=prompt)


def _world(*jobs: tuple[str, str]) -> Any:
    book = {rid: SimpleNamespace(body={"prompt": prompt}) for rid, prompt in jobs}
    return SimpleNamespace(server=SimpleNamespace(book=SimpleNamespace(get=book.get)))


def test_a_row_deleted_as_its_request_id_arrived_accounts_for_its_submit() -> None:
    """Found by the soak: the window wrote the request id after the last check, the person deleted the row,
    and it was gone by the next check. Its one submit is the deleted row's, not a second one."""
    ledger = Ledger()
    check_request_ids(ledger, [_row("a", JobState.UPLOADING, None)])  # the last look: no id yet
    ledger.forget_on_delete(_row("a", JobState.QUEUED, "rid-1"))  # as the delete read it
    check_request_ids(ledger, [])  # deleted since
    check_submits(ledger, _world(("rid-1", "job 1 from the window")), ["rid-1"], [])


def test_a_submit_no_row_ever_held_is_still_a_violation() -> None:
    ledger = Ledger()
    ledger.forget_on_delete(_row("a", JobState.QUEUED, "rid-1"))
    with pytest.raises(Violation, match="no history row accounts for"):
        check_submits(ledger, _world(("rid-1", "job 1 from the window"), ("rid-2", "job 1 from the window")),
                      ["rid-1", "rid-2"], [])

"""The jobs list model announces progress at most ~8 times a second, state changes at once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_list_model import JobListModel, JobRole


def _recorder(model: JobListModel) -> list[tuple[int, list[int]]]:
    seen: list[tuple[int, list[int]]] = []

    def on_changed(top: QModelIndex, _bottom: QModelIndex, roles: list[int]) -> None:
        seen.append((top.row(), list(roles)))

    model.dataChanged.connect(on_changed)
    return seen


def _ev(**kw: Any) -> JobEvent:
    base: dict[str, Any] = {"job_id": "a", "state": JobState.DOWNLOADING, "prompt": "a cat",
                            "created_at": datetime.now(UTC), "bytes_down_total": 100 * 1024 * 1024}
    base.update(kw)
    return JobEvent(**base)


def test_progress_updates_are_coalesced_into_one_row_change(qtbot: Any) -> None:
    model = JobListModel()
    layouts: list[int] = []
    model.layoutChanged.connect(lambda *a: layouts.append(1))
    model.modelReset.connect(lambda: layouts.append(1))
    first = _ev()
    model.apply(first)
    seen = _recorder(model)
    for i in range(1, 50):
        model.apply(_ev(created_at=first.created_at, bytes_down=i * 1024 * 1024))
    assert seen == []  # nothing told yet ...
    assert model.event_for("a") is not None and model.event_for("a").bytes_down == 49 * 1024 * 1024  # type: ignore[union-attr]
    assert "49.0 MB" in model.index(0).data(JobRole.STATUS_LINE)  # ... but the data is already current
    qtbot.waitUntil(lambda: bool(seen), timeout=300)  # flushed within ~125 ms
    assert len(seen) == 1
    row, roles = seen[0]
    assert row == 0
    assert JobRole.STATUS_LINE in roles and JobRole.EVENT in roles
    assert Qt.ItemDataRole.DisplayRole not in roles  # the search filter is not re-run for progress
    assert layouts == []
    assert not model.has_pending()
    assert not model._flush_timer.isActive()


def test_state_change_is_told_at_once_with_pending_progress(qtbot: Any) -> None:
    model = JobListModel()
    first = _ev()
    model.apply(first)
    seen = _recorder(model)
    model.apply(_ev(created_at=first.created_at, bytes_down=5))
    assert seen == []
    model.apply(_ev(created_at=first.created_at, bytes_down=10, state=JobState.DONE,
                    finished_at=datetime.now(UTC)))
    assert len(seen) == 1 and JobRole.STATE in seen[0][1]
    assert not model._flush_timer.isActive()  # nothing left: the timer is not running
    assert model.index(0).data(JobRole.STATUS_LINE).startswith("Done in")


def test_identical_event_tells_nothing_and_clear_stops_timer(qtbot: Any) -> None:
    model = JobListModel()
    first = _ev()
    model.apply(first)
    seen = _recorder(model)
    model.apply(_ev(created_at=first.created_at))
    assert seen == [] and not model._flush_timer.isActive()
    model.apply(_ev(created_at=first.created_at, logs=("Generating segment 1/3",)))
    assert model._flush_timer.isActive()
    model.clear()
    assert model.rowCount() == 0 and not model._flush_timer.isActive()


def test_the_filter_answers_for_a_job_exactly_as_the_list_shows_it(qtbot: Any) -> None:
    """Delete unstarred… asks the filter about each job directly (not row by row through the view's proxy):
    both must agree on the search words, an exact id and the Starred filter."""
    from gamecraft_desktop.jobs.job_list_model import JobFilterModel

    model = JobListModel()
    for i, (prompt, starred) in enumerate([("a red cat", False), ("a blue dog", True), ("red dog", True),
                                           ("tree", False)]):
        model.apply(_ev(job_id=f"job{i}", prompt=prompt, starred=starred, state=JobState.DONE))
    proxy = JobFilterModel()
    proxy.setSourceModel(model)
    for search, starred_only in [("", False), ("red", False), ("DOG", True), ("", True), ("job3", False),
                                 ("red cat", False), ("nothing", False)]:
        proxy.set_search(search)
        proxy.set_starred_only(starred_only)
        shown = [proxy.index(r, 0).data(JobRole.JOB_ID) for r in range(proxy.rowCount())]
        assert [ev.job_id for ev in model.events() if proxy.accepts(ev)] == shown, (search, starred_only)
    proxy.set_search("red")
    proxy.set_starred_only(False)
    assert {ev.job_id for ev in model.events() if proxy.accepts(ev)} == {"job0", "job2"}

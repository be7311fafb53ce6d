"""Job rows are drawn once and reused until what they show changes (the list repaints often while jobs run)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QListView

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.run_inputs import RunInputs
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_list_model import JobFilterModel, JobListModel, JobRole
from gamecraft_desktop.ui.job_row_delegate import JobRowDelegate, detail_line, detail_text

CREATED = datetime.now(UTC) - timedelta(seconds=5)


def _ev(**kw: Any) -> JobEvent:
    base: dict[str, Any] = {"job_id": "a", "state": JobState.DONE, "prompt": "a lighthouse at dawn",
                            "created_at": CREATED, "finished_at": CREATED + timedelta(seconds=4), "seed": 7}
    base.update(kw)
    return JobEvent(**base)


def _view(qtbot: Any, model: JobListModel) -> tuple[QListView, JobRowDelegate]:
    view = QListView()
    qtbot.addWidget(view)
    delegate = JobRowDelegate(view)
    view.setItemDelegate(delegate)
    view.setUniformItemSizes(True)
    view.setModel(model)
    view.resize(360, 300)
    view.show()
    qtbot.waitExposed(view)
    return view, delegate


def test_an_unchanged_row_is_not_redrawn_on_repaint(qtbot: Any) -> None:
    model = JobListModel()
    model.apply(_ev())
    model.apply(_ev(job_id="b", prompt="a canyon river"))
    view, delegate = _view(qtbot, model)
    qtbot.waitUntil(lambda: delegate.rows_rendered >= 2, timeout=2000)
    drawn = delegate.rows_rendered
    before = view.viewport().grab().toImage()
    for _ in range(5):
        view.viewport().repaint()
    assert delegate.rows_rendered == drawn
    assert view.viewport().grab().toImage() == before  # the cached picture is what was painted


def test_a_changed_row_is_redrawn_and_shows_its_new_state(qtbot: Any) -> None:
    model = JobListModel()
    model.apply(_ev(state=JobState.RUNNING, finished_at=None))
    view, delegate = _view(qtbot, model)
    qtbot.waitUntil(lambda: delegate.rows_rendered >= 1, timeout=2000)
    running = view.viewport().grab().toImage()
    drawn = delegate.rows_rendered
    model.apply(_ev(state=JobState.FAILED, error="the runner ran out of memory"))
    view.viewport().repaint()
    assert delegate.rows_rendered == drawn + 1
    assert view.viewport().grab().toImage() != running


def test_selecting_a_row_redraws_it_highlighted(qtbot: Any) -> None:
    model = JobListModel()
    model.apply(_ev())
    view, delegate = _view(qtbot, model)
    qtbot.waitUntil(lambda: delegate.rows_rendered >= 1, timeout=2000)
    plain = view.viewport().grab().toImage()
    view.setCurrentIndex(model.index(0))
    view.viewport().repaint()
    assert view.viewport().grab().toImage() != plain


def test_an_expanded_row_is_tall_enough_for_every_log_line_in_its_monospace_font(qtbot: Any) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    model = JobListModel()
    model.apply(_ev(logs=("Generating segment 1/2", "Generating segment 2/2", "bytes: 4 MB"),
                    request_id="req-1234"))
    view, _delegate = _view(qtbot, model)
    collapsed = view.visualRect(model.index(0)).height()
    model.toggle_expanded("a")
    view.setUniformItemSizes(False)
    qtbot.waitUntil(lambda: view.visualRect(model.index(0)).height() > collapsed, timeout=2000)
    mono = QFont(view.font())
    mono.setStyleHint(QFont.StyleHint.Monospace)
    mono.setFamily("monospace")
    needed = 4 * QFontMetrics(mono).height()  # three log lines and the request id
    assert view.visualRect(model.index(0)).height() - collapsed >= needed


class _CountingModel(JobListModel):
    """Counts how often a view or delegate asks the model for a row's job through Qt."""

    def __init__(self) -> None:
        super().__init__()
        self.event_lookups = 0

    def data(self, index: Any, role: int = 0) -> Any:
        if role == JobRole.EVENT:
            self.event_lookups += 1
        return super().data(index, role)


def test_rows_are_read_without_qt_while_the_list_is_unfiltered_and_look_the_same_filtered(qtbot: Any) -> None:
    """Painting reads the model's list directly while the search is empty: through the proxy, each lookup
    released the GIL and let a busy worker take it (issue #16). With a search the proxy is asked again, and
    the rows look exactly the same (same jobs, same neighbours, so the same "seed 8 · …" detail line)."""
    model = _CountingModel()
    for i, (seed, moves) in enumerate(((7, ("w",)), (8, ("a", "d")), (9, ("s",)))):  # one scene, three runs
        inputs = RunInputs(seed=seed, moves=moves, speeds=(0.3,) * len(moves), prompt="a lighthouse at dawn",
                           image_key="file:/photos/coast.png", image_name="coast.png")
        model.apply(_ev(job_id=f"j{i}", seed=seed, prompt="a lighthouse at dawn", inputs=inputs))
    proxy = JobFilterModel()
    proxy.setSourceModel(model)
    view = QListView()
    qtbot.addWidget(view)
    delegate = JobRowDelegate(view)
    delegate.read_rows_from(model, proxy)
    view.setItemDelegate(delegate)
    view.setUniformItemSizes(True)
    view.setModel(proxy)
    view.resize(360, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: delegate.rows_rendered >= 3, timeout=2000)
    model.event_lookups = 0
    delegate._rows.clear()  # every row drawn again
    view.viewport().repaint()
    direct = view.viewport().grab().toImage()
    assert delegate.rows_rendered >= 6 and model.event_lookups == 0
    assert [delegate.row(proxy.index(r, 0))[0].seed for r in range(3)] == [9, 8, 7]  # type: ignore[union-attr]

    proxy.set_search("lighthouse")  # every row still shown, but through the filter now
    delegate._rows.clear()
    view.viewport().repaint()
    assert model.event_lookups > 0
    assert view.viewport().grab().toImage() == direct

    assert detail_text(*delegate.row(proxy.index(0, 0))[::2]) == "seed 9 · s · 0.3"  # path, speed tell it apart

    proxy.set_search("j1")  # one row: its neighbours are gone, so the detail line is the seed alone
    ev, expanded, near = delegate.row(proxy.index(0, 0))
    assert ev is not None and ev.job_id == "j1" and not expanded and near == (None, None)
    assert detail_text(ev, near) == detail_line(proxy.index(0, 0), ev) and "8" in detail_text(ev, near)

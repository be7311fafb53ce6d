"""Choosing among real sandbox runs in the real window: stars (row, shortcut, compare tile) that survive a
restart, the Starred filter, Delete unstarred sparing starred and running jobs (files into the trash), rows
that tell a batch apart, and Compare from the job list with the path map and timeline following it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

sys.path.insert(0, str(Path(__file__).parent))
from test_jobs_window import compose, image_file, make_runtime, make_sandbox

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.stars import set_starred

__all__ = ["image_file", "make_runtime", "make_sandbox"]


def batch(qtbot: Any, runtime: Any, image: Path, runs: int = 3, actions: str = "w", prompt: str = "") -> list[str]:
    """Generate `runs` jobs (seeds 42, 43, …) and wait until they are done; ids oldest first."""
    compose(qtbot, runtime, image, actions=actions)
    if prompt:
        runtime.window.composer.prompt_editor.set_texts(prompt, None)
        runtime.window.refresh_check()
    runtime.panel.runs_spin.setValue(runs)
    before = set(runtime.manager.job_ids())
    runtime.window.generate_action.trigger()
    ids = [j for j in runtime.manager.job_ids() if j not in before]
    qtbot.waitUntil(lambda: all(runtime.manager.job_event(j).state == JobState.DONE for j in ids), timeout=60_000)
    runtime.panel.model.flush()
    return sorted(ids, key=lambda j: runtime.manager.job_event(j).seed)


def row_rect(panel: Any, job_id: str) -> Any:
    row = panel.model.row_of(job_id)
    return panel.view.visualRect(panel.proxy.mapFromSource(panel.model.index(row)))


def select(panel: Any, ids: list[str]) -> None:
    """Select these jobs as Ctrl+click does (the last one current)."""
    indexes = [panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(j))) for j in ids]
    flags = QItemSelectionModel.SelectionFlag
    panel.view.selectionModel().setCurrentIndex(indexes[-1], flags.ClearAndSelect | flags.Rows)
    for idx in indexes:
        panel.view.selectionModel().select(idx, QItemSelectionModel.SelectionFlag.Select)


def test_stars_from_row_shortcut_and_tile_survive_a_restart(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    from gamecraft_desktop.store.jobs_db import JobStore
    from gamecraft_desktop.ui.job_row_delegate import star_rect

    runtime = make_runtime()
    a, b, c = batch(qtbot, runtime, image_file)
    panel = runtime.panel
    # A click on a row's star stars it, without changing the selection.
    panel.select(c)
    rect = star_rect(row_rect(panel, a), panel.view.fontMetrics(), runtime.manager.job_event(a))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert runtime.manager.job_event(a).starred and panel.current_job_id() == c
    # Ctrl+D stars the selection.
    select(panel, [b])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert runtime.manager.job_event(b).starred
    assert panel.actions["star"].text() == "Unstar"
    qtbot.keyClick(panel.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not runtime.manager.job_event(b).starred
    # A compare tile's star.
    select(panel, [b, c])
    panel.actions["compare"].trigger()
    view = runtime.compare.view
    assert view is not None
    assert view.job_ids() == [c, b]  # tiles in list order: newest first
    view.canvas._stars[0].click()
    assert runtime.manager.job_event(c).starred
    assert view.canvas._stars[0].text() == "★" and view.canvas._stars[1].text() == "☆"
    # The Starred filter.
    panel.choosing.starred_filter.setChecked(True)
    assert panel.proxy.rowCount() == 2
    panel.choosing.starred_filter.setChecked(False)
    qtbot.waitUntil(lambda: JobStore(runtime.paths.database).get(c).starred == 1, timeout=5000)
    runtime.shutdown()

    again = make_runtime()  # a restart: the same history file
    qtbot.waitUntil(lambda: {a, b, c} <= set(again.manager.job_ids()), timeout=10_000)
    assert [again.manager.job_event(j).starred for j in (a, b, c)] == [True, False, True]
    again.panel.choosing.starred_filter.setChecked(True)
    assert again.panel.proxy.rowCount() == 2


def test_delete_unstarred_spares_starred_and_running_jobs(qtbot: Any, make_runtime: Any, image_file: Path,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trash_home = tmp_path / "xdg-data"
    trash_home.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(trash_home))  # the system trash of this test
    runtime = make_runtime(seconds_per_action=1.0)
    a, b, c = batch(qtbot, runtime, image_file)
    set_starred(runtime.manager, [b], True)
    runtime.panel.runs_spin.setValue(1)
    compose(qtbot, runtime, image_file, actions="wwwwwwww")  # 8 s on this sandbox: still running below
    runtime.window.generate_action.trigger()
    (running,) = [j for j in runtime.manager.job_ids() if j not in (a, b, c)]
    assert not runtime.manager.job_event(running).is_terminal
    folders = {j: runtime.manager.job_dir(j) for j in (a, b, c)}
    assert all(f.is_dir() for f in folders.values())
    sizes = {j: sum(p.stat().st_size for p in folders[j].rglob("*") if p.is_file()) for j in (a, c)}
    choosing = runtime.panel.choosing
    asked: list[str] = []
    choosing.confirm_cleanup = lambda _title, text, _yes: asked.append(text) or True
    runtime.panel.select(a)  # one job selected: the whole list is the scope
    with qtbot.waitSignal(choosing.message, timeout=20_000):
        choosing.actions["delete_unstarred"].trigger()
    plan = choosing.last_cleanup
    assert plan is not None and set(plan.job_ids) == {a, c}
    assert plan.kept_starred == 1 and plan.kept_running == 1
    assert plan.bytes == sum(sizes.values()) > 0
    assert "Delete 2 unstarred jobs among the jobs listed?" in asked[0]
    assert "1 starred job is kept" in asked[0] and "1 job still in progress is kept" in asked[0]
    assert set(runtime.manager.job_ids()) == {b, running}
    assert not folders[a].exists() and not folders[c].exists() and folders[b].is_dir()
    trashed = {p.name for p in (trash_home / "Trash" / "files").iterdir()}
    assert {a, c} <= trashed  # in the trash, not gone
    assert "in the trash" in runtime.window.statusBar().currentMessage()
    runtime.manager.cancel(running)


def test_a_batch_of_one_image_and_prompt_shows_what_sets_each_apart(qtbot: Any, make_runtime: Any,
                                                                    image_file: Path) -> None:
    from gamecraft_desktop.ui.job_row_delegate import detail_line

    runtime = make_runtime()
    ids = batch(qtbot, runtime, image_file, runs=2, actions="wd")
    panel = runtime.panel
    lines = {j: detail_line(panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(j))),
                            runtime.manager.job_event(j)) for j in ids}
    assert lines == {ids[0]: "seed 42 · W D · 0.3", ids[1]: "seed 43 · W D · 0.3"}
    (other,) = batch(qtbot, runtime, image_file, runs=1, actions="wd", prompt="a lonely lighthouse")
    idx = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(other)))
    assert detail_line(idx, runtime.manager.job_event(other)) == "seed 42"  # nothing alike next to it
    image = panel.view.viewport().grab().toImage()
    assert not image.isNull()


def test_compare_from_the_list_runs_tile_actions_and_leaves(qtbot: Any, make_runtime: Any, image_file: Path,
                                                            tmp_path: Path) -> None:
    from gamecraft_desktop.ui.compare.compare_map import ComparePathMap
    from gamecraft_desktop.ui.compare.stacked_moves import StackedMoves

    runtime = make_runtime()
    w = runtime.window
    a, b = batch(qtbot, runtime, image_file, runs=2, actions="wd")
    panel = runtime.panel
    panel.select(a)
    assert not panel.actions["compare"].isEnabled()  # one job: nothing to compare
    select(panel, [a, b])
    assert panel.actions["compare"].isEnabled()
    panel.actions["compare"].trigger()
    view = runtime.compare.view
    assert view is not None and runtime.area.currentWidget() is view
    assert isinstance(w.centre.widget(1), ComparePathMap) and not w.path_map.isVisible()
    assert isinstance(view.moves, StackedMoves) and view.moves.isVisible() and not w.timeline.isVisible()
    qtbot.waitUntil(lambda: view.session.shown >= 3, timeout=15_000)  # playing
    assert view.path_map.frames()[0] == view.session.shown_frame(0)
    # A tile's actions go the job list's way.
    before = set(runtime.manager.job_ids())
    view.actionRequested.emit("vary", b)
    (new,) = [j for j in runtime.manager.job_ids() if j not in before]
    assert runtime.manager.job_event(new).prompt == runtime.manager.job_event(b).prompt
    assert runtime.compare.active  # the new job runs; comparing goes on
    w.composer.prompt_editor.set_texts("something else", None)
    view.actionRequested.emit("load", a)
    assert w.composer.prompt_editor.text() == "a harbour town at dusk"
    # The tile menu's own items: Continue from last frame, Save video… (on tile A: job b, the newest).
    assert view.job_ids()[0] == b

    def tile_item(key: str) -> Any:
        return next(act for act in view.tile_menu(0).actions() if act.objectName() == f"compareTileAction_{key}")

    tile_item("continue").trigger()
    qtbot.waitUntil(lambda: w.drop_zone.current() is not None
                    and w.drop_zone.current().path.name.endswith("last-frame.png"), timeout=10_000)
    assert w.generate_bar.continue_note.isVisible()
    dest = tmp_path / "kept.mp4"
    panel.choose_save_path = lambda _suggested: dest
    with qtbot.waitSignal(runtime.manager.videoSaved, timeout=15_000):
        tile_item("save").trigger()
    assert dest.read_bytes() == runtime.manager.job_event(b).video_path.read_bytes()
    assert runtime.compare.active
    # Leaving: the single player and the composer's path map and timeline come back.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not runtime.compare.active and runtime.area.currentWidget() is runtime.player
    assert w.centre.widget(1) is w.path_map and w.path_map.isVisible() and w.timeline.isVisible()
    qtbot.waitUntil(lambda: runtime.manager.job_event(new).is_terminal, timeout=30_000)


"""The jobs half inside the real window: Generate → job row → plays inline → Save video… with sidecar; a 401
opens the key dialog; quitting with jobs in flight asks once; a finished job notifies when inactive."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "jobs"))
from jobs_helpers import KEY, fast_poll, image_file, make_sandbox

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState

__all__ = ["image_file", "make_sandbox"]


@pytest.fixture
def make_runtime(qtbot: Any) -> Iterator[Callable[..., Any]]:
    from gamecraft_desktop.app import create_main_window
    from gamecraft_desktop.app_jobs import JobsRuntime
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    made: list[Any] = []

    def make(env: dict[str, str] | None = None, **sandbox: Any) -> Any:
        window = create_main_window()
        qtbot.addWidget(window)
        opts = {"seconds_per_action": 0.3, **sandbox}
        runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env=env or {}, sandbox_options=opts,
                              poll=fast_poll())
        runtime.ask_quit = lambda _window, _n: True  # a modal question would block offscreen forever
        made.append((window, runtime))
        window.show()
        runtime.start()
        qtbot.waitUntil(lambda: runtime.sandbox is not None and not runtime.key.info.loading, timeout=10_000)
        return runtime

    yield make
    for window, runtime in made:
        runtime.shutdown()
        window.hide()


def compose(qtbot: Any, runtime: Any, image: Path, actions: str = "w") -> None:
    w = runtime.window
    w.drop_zone.load_path(image)
    w.composer.prompt_editor.set_texts("a harbour town at dusk", w.composer.prompt_editor.negative())
    w.doc.set_path(CameraPath.of(actions, 0.3))

    def ready() -> bool:
        w.refresh_check()
        return bool(w.current_check().ok)

    qtbot.waitUntil(ready, timeout=10_000)


@pytest.mark.slow
def test_generate_plays_inline_and_saves_with_sidecar(qtbot: Any, make_runtime: Any, image_file: Path,
                                                      tmp_path: Path) -> None:
    runtime = make_runtime()
    w = runtime.window
    assert w.mode_badge.text() == "Sandbox"
    compose(qtbot, runtime, image_file)
    frames: set[int] = set()
    runtime.player.frameChanged.connect(frames.add)
    loads: list[object] = []
    real_set_video = runtime.player.set_video

    def counting_set_video(path: object, **kw: object) -> None:
        loads.append(path)
        real_set_video(path, **kw)  # type: ignore[arg-type]

    runtime.player.set_video = counting_set_video  # counts what the window asks the player to load
    w.generate_action.trigger()
    ids = runtime.manager.job_ids()
    assert len(ids) == 1
    assert runtime.panel.model.rowCount() == 1
    qtbot.waitUntil(lambda: runtime.manager.job_event(ids[0]).state == JobState.DONE, timeout=30_000)
    ev = runtime.manager.job_event(ids[0])
    qtbot.waitUntil(lambda: runtime.player.job_id == ids[0], timeout=5000)
    frames.clear()
    qtbot.waitUntil(lambda: 32 in frames, timeout=15_000)  # played to its last frame
    assert runtime.player._badge.isVisible()  # a sandbox result says so on the picture
    assert loads.count(ev.video_path) == 1  # loaded once when it finished, not once per signal
    # The timeline's playhead and the map's camera follow the player (the job's path is the composer's).
    assert w.path_map.document is w.doc
    qtbot.waitUntil(lambda: w.doc.playhead() not in (-1, 0) and w.doc.playhead() == runtime.player.current_frame,
                    timeout=5000)
    dest = tmp_path / "saved.mp4"
    runtime.panel.choose_save_path = lambda suggested: dest
    runtime.panel.select(ids[0])
    with qtbot.waitSignal(runtime.manager.videoSaved, timeout=10_000):
        runtime.panel.actions["save"].trigger()
    assert dest.read_bytes() == ev.video_path.read_bytes()
    sidecar = json.loads((tmp_path / "saved.mp4.json").read_text())  # named as the CLI names it
    assert w.statusBar().currentMessage().endswith("its sidecar saved.mp4.json")
    assert not (tmp_path / "saved.json").exists()
    assert sidecar["request_id"] == ev.request_id and sidecar["mode"] == "sandbox"
    assert sidecar["input"]["prompt"] == "a harbour town at dusk"


@pytest.mark.slow
def test_an_older_job_plays_against_its_own_path(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    # Was: after the composer's path changed, an older job's video played against the composer's map and
    # moved the timeline's playhead over moves that were not the video's.
    runtime = make_runtime()
    w = runtime.window
    compose(qtbot, runtime, image_file, actions="ww")
    w.generate_action.trigger()
    (job,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.DONE, timeout=30_000)
    qtbot.waitUntil(lambda: runtime.player.job_id == job, timeout=20_000)
    w.doc.set_path(CameraPath.of("dddd", 0.5))  # the composer moves on: the free preview takes the player
    qtbot.waitUntil(lambda: runtime.player.job_id is None and runtime.player.video_path is not None, timeout=30_000)
    assert w.path_map.path() == CameraPath.of("dddd", 0.5)
    runtime.panel.select(job)  # play the older job again
    runtime.presenter.show_job(runtime.manager.job_event(job), force=True)
    qtbot.waitUntil(lambda: runtime.player.job_id == job, timeout=20_000)
    assert w.path_map.path() == CameraPath.of("ww", 0.3)  # the job's own path, not the composer's
    assert w.path_map.document is None and w.doc.playhead() == -1  # no playhead over the composer's moves
    qtbot.waitUntil(lambda: w.path_map.frame() > 0, timeout=10_000)  # its camera moves along with the video
    assert w.doc.path() == CameraPath.of("dddd", 0.5)  # the composer is left as it was
    w.doc.set_path(CameraPath.of("ww", 0.3))  # back to the job's path: the map follows the composer again
    assert w.path_map.document is w.doc


@pytest.mark.slow
def test_a_401_opens_the_key_dialog(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    runtime = make_runtime(faults="submit:1:401")
    compose(qtbot, runtime, image_file)
    runtime.window.generate_action.trigger()
    qtbot.waitUntil(lambda: runtime.key_dialog is not None and runtime.key_dialog.isVisible(), timeout=20_000)
    assert runtime.key_dialog.reason.isVisible() and runtime.key_dialog.reason.text()
    runtime.key_dialog.hide()


@pytest.mark.slow
def test_quitting_with_jobs_in_flight_asks_once(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    runtime = make_runtime(seconds_per_action=5.0)
    compose(qtbot, runtime, image_file)
    runtime.panel.runs_spin.setValue(3)
    runtime.window.generate_action.trigger()
    assert runtime.manager.active_count() == 3
    asked: list[int] = []
    runtime.ask_quit = lambda _w, n: asked.append(n) or False
    assert runtime.confirm_quit() is False
    assert asked == [3]
    seeds = sorted(runtime.manager.job_event(j).seed for j in runtime.manager.job_ids())
    assert seeds == [42, 43, 44]
    for job_id in runtime.manager.job_ids():
        runtime.manager.cancel(job_id)
    assert runtime.confirm_quit() is True and asked == [3]


@pytest.mark.slow
def test_finished_job_notifies_only_when_the_window_is_inactive(qtbot: Any, make_runtime: Any, image_file: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = make_runtime()
    compose(qtbot, runtime, image_file)
    active = [True]
    monkeypatch.setattr(runtime.window, "isActiveWindow", lambda: active[0])
    runtime.window.generate_action.trigger()
    (first,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(first).state == JobState.DONE, timeout=30_000)
    assert runtime.notifier.sent == []
    active[0] = False
    runtime.window.generate_action.trigger()
    (second,) = [j for j in runtime.manager.job_ids() if j != first]
    qtbot.waitUntil(lambda: runtime.manager.job_event(second).state == JobState.DONE, timeout=30_000)
    qtbot.waitUntil(lambda: len(runtime.notifier.sent) == 1, timeout=5000)
    assert runtime.notifier.sent[0][0] == "Video ready"
    # A batch that finishes together is one notification, not one per job. On a loaded machine a batch's
    # jobs may finish more than the usual 1.5 s apart: the test widens the gathering window, not the rule.
    runtime.notifications.timer.setInterval(8000)
    runtime.panel.runs_spin.setValue(3)
    runtime.window.generate_action.trigger()
    batch = [j for j in runtime.manager.job_ids() if j not in (first, second)]
    assert len(batch) == 3
    qtbot.waitUntil(lambda: all(runtime.manager.job_event(j).state == JobState.DONE for j in batch),
                    timeout=30_000)
    qtbot.waitUntil(lambda: len(runtime.notifier.sent) >= 2, timeout=15_000)
    assert [s[0] for s in runtime.notifier.sent[1:]] == ["3 videos ready"]


@pytest.mark.slow
def test_jobs_panel_search_logs_and_actions(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    from gamecraft_desktop.jobs.job_list_model import JobRole

    runtime = make_runtime()
    compose(qtbot, runtime, image_file)
    runtime.window.generate_action.trigger()
    runtime.window.composer.prompt_editor.set_texts("snowy mountain pass", None)
    runtime.window.refresh_check()
    runtime.window.generate_action.trigger()
    panel = runtime.panel
    ids = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: all(runtime.manager.job_event(j).is_terminal for j in ids), timeout=30_000)
    panel.search.setText("mountain")
    assert panel.proxy.rowCount() == 1
    assert "mountain" in panel.proxy.index(0, 0).data(JobRole.PROMPT)
    panel.search.setText("")
    assert panel.proxy.rowCount() == 2
    panel.select(ids[0])
    assert panel.actions["save"].isEnabled() and not panel.actions["cancel"].isEnabled()
    assert panel.actions["copy_id"].isEnabled()
    panel.actions["copy_id"].trigger()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == runtime.manager.job_event(ids[0]).request_id
    before = panel.view.visualRect(panel.view.currentIndex()).height()
    panel.toggle_logs()
    qtbot.wait(50)
    assert panel.view.visualRect(panel.view.currentIndex()).height() > before
    other = panel.proxy.index(1 if panel.view.currentIndex().row() == 0 else 0, 0)
    assert panel.view.visualRect(other).height() == before  # only the expanded row grows
    panel.toggle_logs()
    qtbot.wait(50)
    assert panel.view.visualRect(panel.view.currentIndex()).height() == before
    panel.toggle_logs()
    qtbot.wait(50)
    n = runtime.manager.rerun(ids[0])
    assert n is not None and runtime.manager.job_event(n).seed == runtime.manager.job_event(ids[0]).seed
    panel.confirm = lambda *_: True
    panel.select(ids[1])
    panel.actions["delete"].trigger()
    assert ids[1] not in runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(n).is_terminal, timeout=30_000)


@pytest.mark.slow
def test_sandbox_jobs_in_flight_at_quit_finish_after_restart(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    first = make_runtime(seconds_per_action=3.0)
    compose(qtbot, first, image_file)
    first.window.generate_action.trigger()
    (job,) = first.manager.job_ids()
    qtbot.waitUntil(lambda: first.manager.job_event(job).state == JobState.RUNNING, timeout=20_000)
    first.ask_quit = lambda _w, n: True
    assert first.confirm_quit()
    first.shutdown()  # quit: the job stays RUNNING on disk; its sandbox is gone with this session
    second = make_runtime(seconds_per_action=0.3)
    qtbot.waitUntil(lambda: job in second.manager.job_ids(), timeout=10_000)
    qtbot.waitUntil(lambda: second.manager.job_event(job).state == JobState.DONE, timeout=30_000)
    assert second.sandbox.counters.submits == 1


@pytest.mark.slow
def test_retry_after_a_401_sends_the_job_again_and_load_inputs_fills_the_composer(
        qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    runtime = make_runtime(faults="submit:1:401")
    compose(qtbot, runtime, image_file, actions="wd")
    runtime.window.generate_action.trigger()
    (job,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.FAILED, timeout=20_000)
    if runtime.key_dialog is not None:
        runtime.key_dialog.hide()
    assert runtime.manager.job_event(job).can_retry
    runtime.panel.select(job)
    runtime.panel.actions["retry"].trigger()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.DONE, timeout=30_000)
    runtime.window.doc.set_path(CameraPath.of("s", 0.5))
    runtime.window.composer.prompt_editor.set_texts("something else", runtime.window.composer.prompt_editor.negative())
    runtime.panel.actions["load"].trigger()
    assert runtime.window.doc.path().actions == CameraPath.of("wd", 0.3).actions
    assert runtime.window.composer.prompt_editor.text() == "a harbour town at dusk"


def test_status_bar_counts_jobs_in_words_not_placeholders(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    """Audit: 'Started 1 job(s) on the local sandbox…'."""
    runtime = make_runtime(seconds_per_action=2.0)
    runtime.ask_quit = lambda _w, _n: True  # closing at teardown never blocks on the question
    compose(qtbot, runtime, image_file)
    runtime.window.generate_action.trigger()
    assert runtime.window.statusBar().currentMessage().startswith("Started 1 job on the local sandbox")
    runtime.panel.runs_spin.setValue(3)
    runtime.window.generate_action.trigger()
    assert runtime.window.statusBar().currentMessage().startswith("Started 3 jobs on the local sandbox")
    for job_id in runtime.manager.job_ids():
        runtime.manager.cancel(job_id)


@pytest.mark.slow
def test_first_start_player_hint_names_what_is_missing(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    """Audit: 'Draw a camera path to see a free preview here.' while a path existed and the image was missing."""
    runtime = make_runtime()
    w, message = runtime.window, runtime.player._message
    assert w.doc.path().steps and w.drop_zone.current() is None  # the first start: a default path, no image
    assert message.isVisible() and "Add an image" in message.text() and "path" in message.text()
    assert "Draw" not in message.text()
    w.doc.set_path(CameraPath.of("", 0.3))
    assert "Add an image and draw a camera path" in message.text()
    w.drop_zone.load_path(image_file)
    qtbot.waitUntil(lambda: w.drop_zone.current() is not None, timeout=10_000)
    qtbot.waitUntil(lambda: message.text().startswith("Draw a camera path"), timeout=5000)
    w.doc.set_path(CameraPath.of("w", 0.3))  # now a preview can be made: it renders and plays
    qtbot.waitUntil(lambda: runtime.player.video_path is not None, timeout=30_000)
    assert not message.isVisible()


def test_runs_box_has_a_visible_label_and_says_what_it_does(make_runtime: Any) -> None:
    """Audit: a bare '×1' beside the job search."""
    panel = make_runtime().panel
    assert panel.runs_label.isVisible() and panel.runs_label.text().replace("&", "") == "Runs"
    assert panel.runs_label.buddy() is panel.runs_spin
    assert "Generate N jobs with consecutive seeds" in panel.runs_spin.toolTip()
    label_right = panel.runs_label.mapTo(panel, panel.runs_label.rect().topRight()).x()
    assert label_right <= panel.runs_spin.mapTo(panel, panel.runs_spin.rect().topLeft()).x()


@pytest.mark.slow
def test_save_video_is_ctrl_e_in_the_job_list_and_open_folder_opens_the_jobs_folder(
        qtbot: Any, make_runtime: Any, image_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt, QUrl
    from PySide6.QtGui import QDesktopServices

    runtime = make_runtime()
    compose(qtbot, runtime, image_file)
    runtime.window.generate_action.trigger()
    (job,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.DONE, timeout=30_000)
    panel = runtime.panel
    panel.select(job)
    assert panel.actions["save"].shortcut().toString() == "Ctrl+E"
    asked: list[Path] = []
    panel.choose_save_path = lambda suggested: asked.append(suggested) or tmp_path / "out.mp4"
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus, timeout=2000)
    with qtbot.waitSignal(runtime.manager.videoSaved, timeout=10_000):
        qtbot.keyClick(panel.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and (tmp_path / "out.mp4").exists()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    panel.actions["folder"].trigger()
    assert len(opened) == 1
    assert opened[0].isLocalFile()
    assert Path(opened[0].toLocalFile()) == runtime.manager.job_dir(job)
    assert runtime.manager.job_dir(job).is_dir() and (runtime.manager.job_dir(job) / "video.mp4").exists()


@pytest.mark.slow
def test_continue_from_last_frame_in_the_window(qtbot: Any, make_runtime: Any, image_file: Path,
                                                tmp_path: Path) -> None:
    """Job menu ▸ Continue from last frame: the composer gets the last frame as its image (and the job's
    prompt); Generate continues that job; the joined video can be saved once the new job is done."""
    runtime = make_runtime()
    w, panel = runtime.window, runtime.panel
    compose(qtbot, runtime, image_file)
    w.generate_action.trigger()
    (first,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(first).state == JobState.DONE, timeout=30_000)
    panel.select(first)
    assert panel.actions["continue"].isEnabled() and not panel.actions["save_joined"].isEnabled()
    w.composer.prompt_editor.set_texts("something else", w.composer.prompt_editor.negative())
    panel.actions["continue"].trigger()
    qtbot.waitUntil(lambda: w.drop_zone.current() is not None
                    and w.drop_zone.current().path.name.endswith("last-frame.png"), timeout=10_000)
    assert w.composer.prompt_editor.text() == "a harbour town at dusk"  # the job's inputs came back
    assert "continues" in w.statusBar().currentMessage()
    assert w.generate_bar.continue_note.isVisible() and "harbour" in w.generate_bar.continue_note.text()
    qtbot.waitUntil(lambda: bool(w.current_check().ok), timeout=10_000)
    w.generate_action.trigger()
    second = next(j for j in runtime.manager.job_ids() if j != first)
    # Its download is followed by the join with the first video: allow for a loaded machine.
    qtbot.waitUntil(lambda: runtime.manager.job_event(second).state == JobState.DONE, timeout=60_000)
    assert runtime.manager.job_event(second).continues == first
    assert not w.generate_bar.continue_note.isVisible()  # that Generate used the link
    panel.select(second)
    qtbot.waitUntil(panel.actions["save_joined"].isEnabled, timeout=5000)
    dest = tmp_path / "joined.mp4"
    panel.choose_save_path = lambda suggested: dest
    with qtbot.waitSignal(runtime.manager.videoSaved, timeout=15_000):
        panel.actions["save_joined"].trigger()
    assert dest.exists() and (tmp_path / "joined.mp4.json").exists()
    # Continue again, then delete the job being continued: the note goes, the image stays, the next
    # Generate is a plain new video.
    panel.actions["continue"].trigger()
    qtbot.waitUntil(w.generate_bar.continue_note.isVisible, timeout=10_000)
    panel.confirm = lambda *_: True
    panel.actions["delete"].trigger()
    qtbot.waitUntil(lambda: not w.generate_bar.continue_note.isVisible(), timeout=5000)
    assert w.drop_zone.current() is not None and w.drop_zone.current().path.exists()


@pytest.mark.slow
def test_an_image_changed_on_disk_after_loading_is_not_sent(qtbot: Any, make_runtime: Any, tmp_path: Path) -> None:
    """The panel showed one picture; an editor re-saved the file since. Generate must not pay for the new one."""
    from PIL import Image

    image = tmp_path / "scene.png"
    Image.new("RGB", (1216, 704), (20, 40, 200)).save(image)
    runtime = make_runtime()
    w = runtime.window
    compose(qtbot, runtime, image)
    Image.new("RGB", (600, 1400), (220, 20, 20)).save(image)  # re-saved by another program
    w.generate_action.trigger()
    assert runtime.manager.job_ids() == [], "nothing was submitted"
    assert "changed on disk after it was loaded" in w.drop_zone.message_text()
    assert "Nothing was sent" in w.drop_zone.message_text()
    assert w.drop_zone.current() is None and not w.generate_action.isEnabled()
    assert w.drop_zone.use_button.isVisibleTo(w.drop_zone)
    w.drop_zone.use_button.click()  # "use it as it is now": loaded again, shown, then sendable
    qtbot.waitUntil(lambda: w.drop_zone.current() is not None, timeout=10_000)
    assert (w.drop_zone.current().width, w.drop_zone.current().height) == (600, 1400)
    w.refresh_check()
    w.generate_action.trigger()
    (job,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.DONE, timeout=30_000)


@pytest.mark.slow
def test_a_preview_of_an_old_path_is_paused_dimmed_and_says_it_is_out_of_date(
        qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    """QA: the old preview kept playing under a hard-to-read "Rendering…" while the map showed the new path."""
    runtime = make_runtime()
    w, player = runtime.window, runtime.player
    compose(qtbot, runtime, image_file, "w")
    qtbot.waitUntil(lambda: player.video_path is not None and player.is_playing(), timeout=30_000)
    first = player.video_path
    w.doc.set_path(CameraPath.of("wdd", 0.3))  # the map shows this path at once; the preview is behind
    assert not player.is_playing()
    assert player.stale.isVisible() and "Out of date" in player.stale.text()
    assert player.stale.busy.isVisible() and player.stale.busy.maximum() == 0  # a busy bar
    assert player.stale.geometry() == player._view.rect()  # the whole picture is dimmed
    qtbot.waitUntil(lambda: player.video_path not in (None, first), timeout=30_000)
    assert not player.stale.isVisible() and player.frame_count == 99


@pytest.mark.slow
def test_a_failed_preview_says_why_in_words_not_an_exception_name(
        qtbot: Any, make_runtime: Any, image_file: Path, tmp_path: Path) -> None:
    runtime = make_runtime()
    player = runtime.player
    image = tmp_path / "scene.png"  # a copy: the session's shared image must stay intact
    image.write_bytes(image_file.read_bytes())
    compose(qtbot, runtime, image, "w")
    qtbot.waitUntil(lambda: player.video_path is not None, timeout=30_000)
    image.write_bytes(b"not an image any more")  # the renderer cannot decode it now
    with qtbot.waitSignal(runtime.previewer.failed, timeout=30_000) as failed:
        runtime.window.doc.set_path(CameraPath.of("ss", 0.3))
    text = runtime.player._message.text()
    assert text.startswith("The free preview failed: The input image cannot be decoded"), text
    assert "Error" not in failed.args[0] and "RenderError" not in text
    assert player.video_path is None and not player.stale.isVisible()


@pytest.mark.slow
def test_save_video_opens_where_the_last_video_was_saved(qtbot: Any, make_runtime: Any, image_file: Path,
                                                          tmp_path: Path) -> None:
    """QA: Save video and Save joined video always opened in the home folder."""
    runtime = make_runtime()
    compose(qtbot, runtime, image_file)
    runtime.window.generate_action.trigger()
    (job,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.DONE, timeout=30_000)
    videos = tmp_path / "videos"
    videos.mkdir()
    suggested: list[Path] = []
    runtime.panel.choose_save_path = lambda s: suggested.append(s) or videos / f"clip{len(suggested)}.mp4"
    for _ in range(2):
        with qtbot.waitSignal(runtime.manager.videoSaved, timeout=10_000):
            runtime.panel.save_video(job)
    assert suggested[0].parent == Path.home()
    assert suggested[1].parent == videos and suggested[1].name.endswith("-seed42.mp4")


def fal_mode_runtime(qtbot: Any, make_sandbox: Any) -> Any:
    """The window in fal mode, not yet shown or started: a sandbox server stands in for fal, with a
    real-looking key."""
    from gamecraft_desktop.app import create_main_window
    from gamecraft_desktop.app_jobs import JobsRuntime
    from gamecraft_desktop.fal.config import FalConfig
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    fal = make_sandbox(require_key=KEY)
    window = create_main_window()
    qtbot.addWidget(window)
    runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env={"FAL_KEY": KEY},
                          sandbox_options={"seconds_per_action": 0.05}, poll=fast_poll(),
                          fal_config=FalConfig(queue_url=fal.base_url, rest_url=fal.base_url))
    runtime.ask_quit = lambda _window, _n: True
    return runtime


@pytest.mark.slow
def test_runs_times_n_are_named_at_generate_and_a_paid_batch_asks_first(
        qtbot: Any, image_file: Path, make_sandbox: Any) -> None:
    """QA: after Runs ×3 the summary and tooltip still said "seed 42", and one click started 3 paid jobs."""
    from gamecraft_desktop.ui import batch_confirm

    runtime = fal_mode_runtime(qtbot, make_sandbox)
    window = runtime.window
    try:
        window.show()
        runtime.start()
        qtbot.waitUntil(lambda: runtime.manager.default_mode == "fal", timeout=10_000)
        compose(qtbot, runtime, image_file)
        runtime.panel.runs_spin.setValue(3)
        assert "3 runs · seeds 42–44" in window.generate_bar.summary_line.text()
        assert "3 runs · seeds 42–44" in window.generate_bar.generate_button.toolTip()
        assert window.generate_action.text().replace("&", "") == "Generate ×3"
        asked: list[tuple[int, str]] = []
        runtime.ask_paid_batch = lambda _w, runs, seeds, _summary: asked.append((runs, seeds)) or False
        window.generate_action.trigger()
        assert asked == [(3, "3 runs · seeds 42–44")] and runtime.manager.job_ids() == []  # cancelled: nothing
        runtime.ask_paid_batch = lambda *_a: True
        window.generate_action.trigger()
        assert len(runtime.manager.job_ids()) == 3
        # The question itself: what it says, and "don't ask again" is kept.
        box = batch_confirm.paid_batch_box(window, 3, "3 runs · seeds 42–44", "summary")
        assert "starts 3 jobs on fal (3 runs · seeds 42–44). Each one is billed." in box.text()
        assert box.checkBox().text() == "Don't ask again for batches"
        box.deleteLater()
        batch_confirm.remember_skip()
        assert batch_confirm.confirm_paid_batch(window, 3, "", "")  # no question any more
        for job_id in runtime.manager.job_ids():
            runtime.manager.cancel(job_id)
    finally:
        runtime.shutdown()
        window.hide()


@pytest.mark.slow
def test_the_cancel_question_in_sandbox_mode_says_what_is_true(qtbot: Any, make_runtime: Any,
                                                               image_file: Path) -> None:
    # Was: "it will probably finish and be billed anyway" for a free sandbox job.
    runtime = make_runtime(seconds_per_action=2.0)
    compose(qtbot, runtime, image_file, actions="ww")
    runtime.window.generate_action.trigger()
    (job,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.RUNNING, timeout=30_000)
    asked: list[tuple[str, str]] = []
    runtime.panel.confirm = lambda title, text: asked.append((title, text)) is not None  # answers "no"
    runtime.panel.select(job)
    runtime.panel.actions["cancel"].trigger()
    ((_title, text),) = asked
    assert "billed anyway" not in text and "free" in text and "sandbox" in text.lower()
    assert not runtime.manager.job_event(job).cancel_requested  # "no": nothing was sent

"""The main window's composing half: Generate's enabled state and tooltip, the request it emits, copy as
code, accessibility of every control, the jobs-side setters, saved layout, and --screenshot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from composer_helpers import make_window, write_png
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from gamecraft_desktop.composer.job_spec import JobSpec
from gamecraft_desktop.core.camera_path import CameraPath


@pytest.fixture
def window(qtbot):
    w = make_window(qtbot)
    yield w
    w.drop_zone.wait_for_loads(5000)


def ready(qtbot, window, tmp_path: Path) -> None:
    window.drop_zone.load_path(write_png(tmp_path / "in.png", 1216, 704))
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.composer.prompt_editor.prompt.setPlainText("a forest path in autumn")


def test_generate_is_disabled_until_a_consumer_is_attached(qtbot, window, tmp_path):
    ready(qtbot, window, tmp_path)
    assert window.current_check().ok
    assert not window.generate_action.isEnabled()
    assert window.generate_action.toolTip() == "Generating is not available yet"
    assert window.generate_bar.generate_button.toolTip() == "Generating is not available yet"
    with qtbot.assertNotEmitted(window.generate_requested):
        window.generate_action.trigger()


def test_generate_tooltip_says_why_not(qtbot, window, tmp_path):
    window.set_generate_available(True)
    assert not window.generate_action.isEnabled()
    assert window.generate_action.toolTip().startswith("Not ready:\n• An image is required")
    errors = window.generate_bar.summary.errors()
    assert any("prompt is required" in e for e in errors)

    ready(qtbot, window, tmp_path)
    window.doc.set_path(CameraPath())
    assert not window.generate_action.isEnabled()
    assert "camera path is empty" in window.generate_action.toolTip()

    window.doc.set_path(CameraPath.of("ww", 0.5))
    window.composer.parameters.endpoint.setText("not an endpoint")
    assert not window.generate_action.isEnabled()
    assert "Endpoint:" in window.generate_action.toolTip()
    window.composer.parameters.endpoint.setText("anthonywu/gamecraft")
    assert window.generate_action.isEnabled()
    assert "2 moves · 66 frames · 2.75 s · output 1216×704 @ 24 fps · seed 42" in window.generate_action.toolTip()


def test_generate_emits_the_validated_request(qtbot, window, tmp_path):
    window.set_generate_available(True)
    ready(qtbot, window, tmp_path)
    window.composer.parameters.seed.setText("77")
    window.composer.parameters.advanced_toggle.setChecked(True)
    window.composer.parameters.priority.setCurrentIndex(1)
    window.composer.parameters.timeout_on.setChecked(True)
    window.composer.parameters.timeout.setValue(90)
    with qtbot.waitSignal(window.generate_requested, timeout=1000) as sig:
        window.generate_action.trigger()
    req = sig.args[0]
    assert isinstance(req, JobSpec)
    assert req.image_path == tmp_path / "in.png" and len(req.image_sha256) == 64
    assert (req.prompt, req.seed, req.priority, req.start_timeout_s) == ("a forest path in autumn", 77, "low", 90.0)
    assert req.path == window.doc.path() and req.endpoint == "anthonywu/gamecraft"
    wire = req.to_input("https://cdn.example/x.png").to_wire()
    assert wire["action_list"] == '["w", "s", "d", "a"]'
    window.set_generate_available(False, "Set a fal key first")
    assert window.generate_action.toolTip() == "Set a fal key first"


def test_seed_zero_warns_and_one_click_fixes(qtbot, window, tmp_path):
    ready(qtbot, window, tmp_path)
    params = window.composer.parameters
    params.seed.setText("0")
    assert params.seed_warning.isVisibleTo(window) and params.seed_fix.isVisibleTo(window)
    assert any("Seed 0" in w for w in window.generate_bar.summary.warnings())
    assert window.current_check().ok  # a warning, not a blocker
    params.seed_fix.click()
    assert params.seed_value() not in (None, 0)
    assert not params.seed_warning.isVisibleTo(window)
    params.dice.click()
    assert params.seed_value() != 0


@pytest.mark.parametrize(("typed", "says"), [
    ("12.5", "whole number; 12.5 has a fractional part"),
    ("9999999999999999999", "Seed 9999999999999999999 is out of range: seeds go from"),
    ("seven", "“seven” is not a number"),
    ("", "The seed is empty"),
])
def test_a_seed_that_cannot_be_sent_is_kept_as_typed_and_named(qtbot, window, tmp_path, typed, says):
    ready(qtbot, window, tmp_path)
    window.set_generate_available(True)
    params = window.composer.parameters
    params.seed.clear()
    qtbot.keyClicks(params.seed, typed)  # typed, like a person: "12.5" must not become 125
    assert params.seed.text() == typed
    assert params.seed_value() is None
    assert says in params.seed_error.text() and params.seed_error.isVisibleTo(window)
    assert not window.generate_action.isEnabled()
    assert any(says in e for e in window.generate_bar.summary.errors())
    assert says in window.generate_action.toolTip()
    params.seed.setText("9223372036854775807")  # the largest seed is fine
    assert params.seed_error.isHidden() and window.generate_action.isEnabled()


def test_costly_requests_are_warned_with_length_and_time_not_refused(qtbot, window, tmp_path):
    ready(qtbot, window, tmp_path)
    window.set_generate_available(True)
    window.doc.set_path(CameraPath.of("w" * 1000, 0.1))
    warnings = window.generate_bar.summary.warnings()
    costly = [w for w in warnings if w.startswith("Costly request")]
    assert costly and "1000 moves make a 23 min video (33000 frames)" in costly[0]
    assert "42 h on fal" in costly[0]
    assert window.generate_action.isEnabled()  # the model can do it: a warning, not a refusal
    window.doc.set_path(CameraPath.of("wsda", 0.2))
    window.composer.parameters.steps.setValue(100)
    assert any("at 100 steps each" in w for w in window.generate_bar.summary.warnings())
    window.composer.parameters.steps.setValue(5)
    assert not any(w.startswith("Costly") for w in window.generate_bar.summary.warnings())


def test_a_tiny_image_is_warned_about(qtbot, window, tmp_path):
    window.drop_zone.load_path(write_png(tmp_path / "dot.png", 1, 1))
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.composer.prompt_editor.prompt.setPlainText("a dot")
    assert any("only 1×1 pixels" in w and "blurry" in w for w in window.generate_bar.summary.warnings())
    assert window.current_check().ok


def test_prompt_states(qtbot, window):
    editor = window.composer.prompt_editor
    assert editor.required.isVisibleTo(window)
    assert editor.required.property("role") == "note"  # untouched: a neutral hint, not an error
    editor.show_problems()
    assert editor.required.property("role") == "error" and editor.prompt.property("invalid")
    editor.prompt.setPlainText("word " * 250)
    assert "250 words" in editor.length_warning.text() and editor.length_warning.isVisibleTo(window)
    assert editor.word_count.text() == "250 words"
    editor.neg_prompt.setPlainText("blurry")
    assert editor.reset_neg.isEnabled()
    editor.reset_neg.click()
    assert editor.negative().startswith("overexposed, low quality")
    window.composer.parameters.cfg.setValue(1.0)
    assert editor.cfg_note.isVisibleTo(window)
    window.composer.parameters.cfg.setValue(2.0)
    assert not editor.cfg_note.isVisibleTo(window)


@pytest.mark.parametrize(
    ("kind", "marker"),
    [("python_httpx", "import httpx"), ("python_fal_client", "import fal_client"),
     ("javascript", '@fal-ai/client'), ("curl", "curl -sS -X POST")],
)
def test_copy_request_as_code(qtbot, window, kind, marker):
    window.composer.prompt_editor.prompt.setPlainText("a harbour at night")
    window.composer.parameters.seed.setText("5")
    assert window.copy_actions[kind].isEnabled()
    window.copy_actions[kind].trigger()
    text = QGuiApplication.clipboard().text()
    assert marker in text
    assert "<uploaded image URL>" in text
    assert "a harbour at night" in text
    assert "FAL_KEY" in text
    assert '[\\"w\\", \\"s\\", \\"d\\", \\"a\\"]' in text or '["w", "s", "d", "a"]' in text


def test_copy_is_disabled_while_the_request_is_invalid(qtbot, window):
    assert not window.copy_actions["curl"].isEnabled()
    assert not window.copy_request_as("curl")


def test_copy_is_disabled_with_an_invalid_endpoint(qtbot, window):
    """Generate refuses an invalid endpoint id; Copy must too, not copy code that posts to it."""
    window.composer.prompt_editor.prompt.setPlainText("a harbour at night")
    window.composer.parameters.endpoint.setText("foo bar/baz")
    assert any(e.startswith("Endpoint:") for e in window.current_check().errors)
    assert not window.generate_bar.copy_button.isEnabled()
    assert not any(a.isEnabled() for a in window.copy_actions.values())
    QGuiApplication.clipboard().setText("untouched")
    assert not window.copy_request_as("curl")
    assert QGuiApplication.clipboard().text() == "untouched"
    window.composer.parameters.endpoint.setText("anthonywu/gamecraft")
    assert window.generate_bar.copy_button.isEnabled()


def _submit_headers_in_curl(text: str) -> dict[str, str]:
    """The headers of the copied cURL submit other than the key and the content type."""
    import shlex

    line = next(ln for ln in text.replace("\\\n", " ").split("\n") if "-X POST" in ln)
    argv = shlex.split(line)
    pairs = (argv[i + 1].split(": ", 1) for i, a in enumerate(argv) if a == "-H")
    return {k: v for k, v in pairs if k not in ("Authorization", "Content-Type")}


def test_copied_request_carries_the_priority_and_start_timeout_generate_sends(qtbot, window, tmp_path):
    from gamecraft_desktop.fal.queue_types import SubmitOptions

    window.set_generate_available(True)
    ready(qtbot, window, tmp_path)
    params = window.composer.parameters
    assert window.copy_request_as("curl")
    assert _submit_headers_in_curl(QGuiApplication.clipboard().text()) == {}  # defaults: nothing extra
    params.advanced_toggle.setChecked(True)
    params.priority.setCurrentIndex(params.priority.findData("low"))
    params.timeout_on.setChecked(True)
    params.timeout.setValue(300)
    with qtbot.waitSignal(window.generate_requested, timeout=1000) as sig:
        window.generate_action.trigger()
    sent = SubmitOptions(**sig.args[0].submit_options()).headers()  # what Generate puts on the wire
    assert sent == {"X-Fal-Queue-Priority": "low", "X-Fal-Request-Timeout": "300"}
    assert window.copy_request_as("curl")
    assert _submit_headers_in_curl(QGuiApplication.clipboard().text()) == sent
    httpx_code = window.request_code("python_httpx")
    assert "SUBMIT_HEADERS = {'X-Fal-Queue-Priority': 'low', 'X-Fal-Request-Timeout': '300'}" in httpx_code
    fal_client_code = window.request_code("python_fal_client")
    assert 'priority="low"' in fal_client_code and "{'X-Fal-Request-Timeout': '300'}" in fal_client_code
    js = window.request_code("javascript")
    assert 'priority: "low"' in js and "startTimeout: 300," in js


def _is_control(w: QWidget) -> bool:
    return isinstance(w, QAbstractButton | QLineEdit | QPlainTextEdit | QAbstractSpinBox | QComboBox)


def test_every_control_has_an_accessible_name(qtbot, window):
    window.show()
    missing = []
    for w in window.findChildren(QWidget):
        if w.objectName().startswith("qt_") or isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            continue  # Qt's own sub-widgets (spin box editors, dock title buttons)
        if _is_control(w) and not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text()):
            missing.append(f"{type(w).__name__}({w.objectName() or w.toolTip()!r})")
    assert not missing, f"controls without an accessible name: {missing}"


def test_every_composer_control_has_a_tooltip(qtbot, window):
    lacking = [f"{type(w).__name__}:{w.accessibleName()}" for w in window.composer.findChildren(QWidget)
               if _is_control(w) and not w.objectName().startswith("qt_")
               and not isinstance(w.parent(), QAbstractSpinBox | QComboBox) and not w.toolTip()]
    assert not lacking


def test_jobs_side_setters(qtbot, window):
    player, jobs = QLabel("player"), QLabel("jobs")
    window.set_player_widget(player)
    window.set_jobs_widget(jobs)
    assert window.jobs_dock.widget() is jobs and player.parent() is window.player_slot
    window.set_mode_badge("Sandbox", "Free local simulation, not the real model")
    window.set_key_state("key: not set")
    assert window.mode_badge.text() == "Sandbox" and not window.mode_badge.isHidden()
    assert window.key_button.text() == "key: not set"
    with qtbot.waitSignal(window.key_clicked, timeout=500):
        window.key_button.click()
    calls = []
    window.add_close_guard(lambda: calls.append(1) or False)
    window.show()
    assert not window.close() and calls
    window.hide()  # a hidden window closes without asking (no invisible modal dialogs)
    assert window.close()


def test_layout_is_saved_under_the_app_home(qtbot, window, app_home):
    window.show()
    window.jobs_dock.hide()
    window.save_window_state()
    assert (app_home / "config" / "gamecraft-desktop.ini").is_file()
    again = make_window(qtbot)
    again.restore_window_state()
    again.show()
    assert again.jobs_dock.isHidden()
    again.reset_layout()
    assert not again.jobs_dock.isHidden()


def test_window_title_marks_changes(qtbot, window):
    assert window.windowTitle() == "Untitled[*] — GameCraft Desktop"
    assert not window.isWindowModified()
    window.composer.parameters.steps.setValue(9)
    assert window.isWindowModified()


@pytest.mark.subprocess
@pytest.mark.slow
def test_screenshot_flag_writes_a_png(tmp_path, app_home):
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GAMECRAFT_DESKTOP_HOME": str(app_home)}
    proc = subprocess.run([sys.executable, "-m", "gamecraft_desktop", "--screenshot", str(out)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1440, 900)

    bad = tmp_path / "bad.gamecraft.json"
    bad.write_text('{"format": "gamecraft-desktop/project", "schema_version": 7}')
    proc = subprocess.run([sys.executable, "-m", "gamecraft_desktop", "--screenshot", str(out), str(bad)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "newer version" in proc.stderr


def test_recent_menus_list_what_was_opened(qtbot, window, tmp_path):
    image = write_png(tmp_path / "recent.png")
    window.drop_zone.load_path(image)
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    window.recent_images_menu.refill()
    names = [a.text() for a in window.recent_images_menu.actions()]
    assert "recent.png" in names
    window.recent_projects_menu.refill()
    assert [a.text() for a in window.recent_projects_menu.actions()] == ["No recent projects"]
    window.drop_zone.recent.clear()
    window.recent_images_menu.refill()
    assert [a.text() for a in window.recent_images_menu.actions()] == ["No recent images"]


def test_first_start_shows_the_missing_prompt_neutrally_until_touched(qtbot, window):
    """No red before the person did anything: a neutral hint; red once they left the prompt empty."""
    editor = window.composer.prompt_editor
    assert editor.required.isVisibleTo(window) and editor.required.property("role") == "note"
    assert not editor.prompt.property("invalid")
    window.set_generate_available(True)
    tip = window.generate_bar.generate_button.toolTip()
    assert tip.startswith("Not ready") and "prompt is required" in tip and "image is required" in tip, tip
    window.show()
    editor.prompt.setFocus()
    qtbot.waitUntil(editor.prompt.hasFocus, timeout=2000)
    editor.neg_prompt.setFocus()  # left the prompt empty
    qtbot.waitUntil(lambda: editor.required.property("role") == "error", timeout=2000)
    assert editor.prompt.property("invalid")
    editor.prompt.setPlainText("a harbour at dusk")
    assert not editor.required.isVisibleTo(window) and not editor.prompt.property("invalid")
    editor.set_texts("", editor.negative())  # a new project: neutral again
    assert editor.required.property("role") == "note"


def test_the_summary_shows_markup_like_text_as_typed(qtbot, window):
    """The summary is rich text: an estimate note or problem with <, > or & shows those characters, never
    as markup (they would vanish or break the layout)."""
    from PySide6.QtGui import QTextDocument

    summary = window.generate_bar.summary
    note = 'a <b>bold</b> claim & "quotes" \'too\''
    summary.set_estimate(["≈ 10 min <for> 1 run & more"], note=note)
    doc = QTextDocument()
    doc.setHtml(summary.text())
    shown = doc.toPlainText()
    assert "≈ 10 min <for> 1 run & more" in shown
    assert note in shown

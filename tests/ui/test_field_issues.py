"""fal's 422 in the window: the server's message for a field is shown right under that control, and goes away
when the person edits the control."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "jobs"))
from jobs_helpers import image_file
from test_jobs_window import compose, make_runtime

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import FieldIssue

__all__ = ["image_file", "make_runtime"]


@pytest.fixture
def window(qtbot: Any) -> Any:
    from gamecraft_desktop.app import create_main_window

    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _controls(w: Any) -> dict[str, tuple[QWidget, Any]]:
    """wire field → (its control, how a person edits it)."""
    p, params = w.composer.prompt_editor, w.composer.parameters
    return {
        "prompt": (p.prompt, lambda: p.prompt.setPlainText("a new prompt")),
        "neg_prompt": (p.neg_prompt, lambda: p.neg_prompt.setPlainText("blurry")),
        "cfg_scale": (params.cfg, lambda: params.cfg.setValue(params.cfg.value() + 0.5)),
        "infer_steps": (params.steps, lambda: params.steps.setValue(params.steps.value() + 1)),
        "seed": (params.seed, lambda: params.seed.setText("1234")),
        "image": (w.composer.drop_zone, lambda: w.composer.drop_zone.image_changed.emit(None)),
        "action_list": (w.timeline.view, lambda: w.doc.set_path(CameraPath.of("wa", 0.5))),
        "action_speed_list": (w.timeline.view, lambda: w.doc.set_path(CameraPath.of("ww", 0.4))),
    }


def _issue_label(w: Any, field: str) -> QLabel | None:
    return w.findChild(QLabel, f"fieldIssue_{field}")


@pytest.mark.parametrize("field", ["prompt", "neg_prompt", "cfg_scale", "infer_steps", "seed", "image",
                                   "action_list", "action_speed_list"])
def test_each_wire_field_shows_the_message_under_its_control_until_edited(qtbot: Any, window: Any,
                                                                          field: str) -> None:
    control, edit = _controls(window)[field]
    message = f"server says {field} is wrong"
    shown = window.mark_field_issues([FieldIssue(field, message)])
    label = _issue_label(window, field)
    assert label is not None and shown == [label]
    qtbot.waitUntil(label.isVisible, timeout=2000)
    assert label.text() == message
    # A screen reader hears fal's message itself (the label's text), and which control it is about.
    spoken = QAccessible.queryAccessibleInterface(label)
    assert spoken.text(QAccessible.Text.Name) == message
    assert "refused by fal" in label.accessibleDescription()
    # In place: directly below its control (once the layout ran), overlapping it horizontally.
    def below() -> bool:
        top_left = label.mapTo(window, label.rect().topLeft())
        c_rect = control.rect().translated(control.mapTo(window, control.rect().topLeft()))
        return (c_rect.bottom() - 1 <= top_left.y() < c_rect.bottom() + 40
                and top_left.x() < c_rect.right() and top_left.x() + label.width() > c_rect.left())

    qtbot.waitUntil(below, timeout=2000)
    edit()
    qtbot.waitUntil(lambda: _issue_label(window, field) is None, timeout=2000)


def test_a_new_422_replaces_the_old_marks_and_unknown_fields_are_ignored(qtbot: Any, window: Any) -> None:
    window.mark_field_issues([FieldIssue("prompt", "too long"), FieldIssue("seed", "too big")])
    assert _issue_label(window, "prompt") is not None and _issue_label(window, "seed") is not None
    shown = window.mark_field_issues([FieldIssue("cfg_scale", "out of range"), FieldIssue("body", "what")])
    qtbot.waitUntil(lambda: _issue_label(window, "prompt") is None and _issue_label(window, "seed") is None,
                    timeout=2000)
    assert [lb.objectName() for lb in shown] == ["fieldIssue_cfg_scale"]


@pytest.mark.slow
def test_a_422_from_the_sandbox_marks_the_image(qtbot: Any, make_runtime: Any, image_file: Path) -> None:
    runtime = make_runtime(faults="submit:1:app422")
    compose(qtbot, runtime, image_file)
    runtime.window.generate_action.trigger()
    (job,) = runtime.manager.job_ids()
    qtbot.waitUntil(lambda: runtime.manager.job_event(job).state == JobState.FAILED, timeout=30_000)
    qtbot.waitUntil(lambda: _issue_label(runtime.window, "image") is not None, timeout=5000)
    label = _issue_label(runtime.window, "image")
    assert label is not None and label.isVisible() and "app422" in label.text()
    runtime.window.drop_zone.load_path(image_file)  # a new image: the mark goes
    qtbot.waitUntil(lambda: _issue_label(runtime.window, "image") is None, timeout=10_000)

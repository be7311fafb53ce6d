"""Every text colour the app picks reaches WCAG AA (4.5:1), measured from rendered pixels in the light and the
dark theme (View ▸ Theme, as a person switches it): role texts (error, warning, the italic note), placeholders,
the mode badge, Generate, the image problem, the timeline's warning, and the job rows (state colours, the
selected row and its seed line). And the contrast maths itself blends translucent colours first."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pixel_contrast import grab, measured_contrast
from PySide6.QtCore import QItemSelectionModel, QRect
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QListView, QPlainTextEdit, QWidget

from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_list_model import JobListModel, JobRole
from gamecraft_desktop.ui.timeline.style import contrast_ratio, legible

AA = 4.5


@pytest.fixture(params=["light", "dark"])
def theme(request: Any, qapp: QApplication) -> Iterator[str]:
    from gamecraft_desktop.ui.theme import apply_theme

    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "system")


def _check(results: dict[str, float]) -> None:
    report = os.environ.get("GAMECRAFT_CONTRAST_REPORT")  # a file to append every measurement to (audit figures)
    if report:
        with open(report, "a", encoding="utf-8") as out:
            out.write(json.dumps({"test": os.environ.get("PYTEST_CURRENT_TEST", ""), **results}) + "\n")
    low = {name: round(ratio, 2) for name, ratio in results.items() if ratio < AA}
    assert low == {}, f"below {AA}:1 — {low}"


def test_translucent_text_is_measured_as_drawn() -> None:
    half_black = QColor(0, 0, 0, 128)
    assert contrast_ratio(half_black, QColor("#efefef")) == pytest.approx(3.89, abs=0.02)
    assert contrast_ratio(QColor("#efefef"), half_black) == pytest.approx(3.89, abs=0.02)
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21.0)


def _label_contrast(widget: QLabel) -> float:
    widget.adjustSize()
    return measured_contrast(grab(widget))[0]


def test_legible_colours_read_and_are_the_callers_own() -> None:
    """A colour made legible reaches 4.5:1 on its background, on light and dark alike; the answer is
    remembered, yet changing the colour one caller got does not change the next caller's."""
    red = QColor("#d9534f")
    for background in (QColor("#ffffff"), QColor("#2b2b2b")):
        first = legible(red, background)
        assert contrast_ratio(first, background) >= 4.5
        first.setRgb(1, 2, 3)
        again = legible(red, background)
        assert again.name() != "#010203" and contrast_ratio(again, background) >= 4.5
    assert legible(red, QColor("#ffffff")).name() != legible(red, QColor("#2b2b2b")).name()


def test_composer_texts(qtbot: Any, theme: str) -> None:
    from gamecraft_desktop.ui.composer_panel import ComposerPanel

    panel = ComposerPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 900)
    panel.show()
    params, prompt = panel.parameters, panel.prompt_editor
    results: dict[str, float] = {}
    params.seed.setText("12.5")
    results["error (seed problem)"] = _label_contrast(params.seed_error)
    params.seed.setText("0")
    results["warning (seed 0)"] = _label_contrast(params.seed_warning)
    params.cfg.setValue(1.0)
    results["italic note (CFG 1)"] = _label_contrast(prompt.cfg_note)
    prompt.set_texts("", prompt.negative())
    results["note (prompt required)"] = _label_contrast(prompt.required)
    panel.drop_zone.show_message("This file is not an image.")
    results["image problem"] = _label_contrast(panel.drop_zone.message)
    results["placeholder (prompt)"] = _placeholder_contrast(prompt.prompt)
    _check(results)


def _placeholder_contrast(edit: QPlainTextEdit) -> float:
    edit.clear()
    viewport = edit.viewport()
    fm = QFontMetrics(edit.font())
    width = fm.horizontalAdvance(edit.placeholderText()[:20])
    return measured_contrast(grab(viewport), QRect(0, 0, min(width, viewport.width()), fm.height() + 8))[0]


def test_window_badges_generate_and_timeline(qtbot: Any, theme: str) -> None:
    from gamecraft_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    results: dict[str, float] = {}
    for kind, text in (("sandbox", "Sandbox"), ("fal", "fal"), ("server", "127.0.0.1:8000")):
        window.set_mode_badge(text, "", kind)
        results[f"mode badge ({kind})"] = measured_contrast(grab(window.mode_badge))[0]
    window.set_generate_available(True)
    button = window.generate_bar.generate_button
    window.generate_action.setEnabled(True)
    results["Generate"] = measured_contrast(grab(button), button.rect().adjusted(6, 6, -6, -6))[0]
    window.doc.set_path(CameraPath.of("ww", [0.2, 5.0]))  # a speed the endpoint refuses: the header warns
    view = window.timeline.view
    geo = view.timeline_geometry()
    header = QRect(view.viewport().width() // 2, 0, view.viewport().width() // 2 - geo.x0, geo.header_height)
    results["timeline warning"] = measured_contrast(grab(view.viewport()), header)[0]
    _check(results)


def _event(job: str, state: JobState, seed: int, minutes: int) -> JobEvent:
    start = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    return JobEvent(job_id=job, state=state, prompt=f"a harbour town at dusk {job}", seed=seed, mode="fal",
                    created_at=start, started_at=start, finished_at=start + timedelta(minutes=minutes),
                    error="the model failed" if state == JobState.FAILED else None)


def test_job_rows(qtbot: Any, theme: str) -> None:
    from gamecraft_desktop.ui.job_row_delegate import PAD, THUMB_W, JobRowDelegate

    model = JobListModel()
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(JobRowDelegate(view))
    states = [JobState.DONE, JobState.FAILED, JobState.SUBMIT_UNCERTAIN, JobState.CANCELLED, JobState.DONE]
    for i, state in enumerate(states):
        model.apply(_event(f"job{i}", state, 40 + i, i + 1))
    view.resize(420, 600)
    view.show()
    selected_row = 0  # newest first: the last DONE job
    view.selectionModel().setCurrentIndex(model.index(selected_row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    image = grab(view.viewport())
    results: dict[str, float] = {}
    line_h = view.fontMetrics().height()
    x = PAD + THUMB_W + PAD + 2
    for row in range(model.rowCount()):
        rect = view.visualRect(model.index(row))
        state = model.index(row).data(JobRole.STATE)
        name = f"{'selected ' if row == selected_row else ''}row, {JobState(state).name}"
        top = rect.top() + PAD
        text_w = min(rect.width() - x - PAD, 150)
        results[f"{name}: prompt"] = measured_contrast(image, QRect(x, top, text_w, line_h))[0]
        results[f"{name}: state"] = measured_contrast(image, QRect(x, top + line_h + 2, text_w, line_h))[0]
        results[f"{name}: seed"] = measured_contrast(image, QRect(x, top + 2 * (line_h + 2), 60, line_h))[0]
    _check(results)


def test_a_hidden_role_label_reads_when_it_finally_shows(qtbot: Any, qapp: QApplication) -> None:
    """Role labels that start hidden get their colour when they first show (start-up time), for the theme of
    that moment: one hidden through a switch to dark reads on dark."""
    from gamecraft_desktop.ui.style import set_role
    from gamecraft_desktop.ui.theme import apply_theme

    holder = QWidget()
    qtbot.addWidget(holder)
    label = QLabel("A problem that appears later", holder)
    label.hide()
    set_role(label, "error")
    holder.show()
    try:
        apply_theme(qapp, "dark")
        label.show()
        _check({"dark error, shown after the switch": _label_contrast(label)})
        assert label.property("role") == "error" and label.styleSheet()
    finally:
        apply_theme(qapp, "system")


def test_every_role_label_reads_after_a_theme_switch(qtbot: Any, qapp: QApplication) -> None:
    """A label styled in the light theme is restyled when the person switches to dark (and back)."""
    from gamecraft_desktop.ui.style import set_role
    from gamecraft_desktop.ui.theme import apply_theme

    holder = QWidget()
    qtbot.addWidget(holder)
    labels = []
    for role in ("error", "warning", "note"):
        label = QLabel(f"A {role} that must stay readable", holder)
        set_role(label, role)
        labels.append(label)
    holder.show()
    try:
        for theme_name in ("light", "dark", "light"):
            apply_theme(qapp, theme_name)
            _check({f"{theme_name} {lb.property('role')}": _label_contrast(lb) for lb in labels})
    finally:
        apply_theme(qapp, "system")

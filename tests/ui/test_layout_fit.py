"""Nothing a person needs is cut off or pushed sideways: the problems next to Generate, the advanced
parameters in a narrow left column, and the layout `--screenshot` shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QScrollArea, QWidget


def _window_at(qtbot: Any, width: int, height: int) -> Any:
    from gamecraft_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.start_at_size(QSize(width, height))
    window.show()
    qtbot.waitExposed(window)
    return window


def _fully_visible(widget: QWidget) -> bool:
    return widget.visibleRegion().boundingRect() == widget.rect()


def test_every_problem_next_to_generate_can_be_read(qtbot: Any) -> None:
    """Three errors and a warning at the default size: more than the dock has room for. Every line is laid
    out in full and can be scrolled to; none sits behind the buttons, and Generate stays in view."""
    window = _window_at(qtbot, 1440, 900)
    window.doc.clear()
    window.composer.parameters.seed.setText("0")
    bar = window.generate_bar
    summary = bar.summary
    assert len(summary.errors()) == 3 and len(summary.warnings()) == 1
    qtbot.wait(50)  # let the new text lay out

    assert summary.height() >= summary.heightForWidth(summary.width()), "the label is squeezed: lines are cut"
    assert _fully_visible(bar.generate_button) and _fully_visible(bar.copy_button)
    buttons_top = min(bar.generate_button.y(), bar.copy_button.y())
    areas = bar.findChildren(QScrollArea)
    scroll = areas[0].verticalScrollBar() if areas else None
    for value in ((scroll.minimum(), scroll.maximum()) if scroll is not None else (0,)):
        if scroll is not None:
            scroll.setValue(value)
        shown = summary.visibleRegion().boundingRect()
        bottom = summary.mapTo(bar, shown.bottomLeft()).y()
        assert bottom < buttons_top, "problem text reaches under the buttons"
        if value == 0:
            assert shown.top() == 0, "the first problem is not at the top"
    assert shown.bottom() == summary.height() - 1, "the last problem cannot be scrolled into view"


def test_one_line_needs_no_scroll_bar(qtbot: Any) -> None:
    window = _window_at(qtbot, 1440, 900)
    qtbot.wait(50)
    assert all(a.verticalScrollBar().maximum() == 0 for a in window.generate_bar.findChildren(QScrollArea))
    assert _fully_visible(window.generate_bar.summary)


def test_advanced_parameters_do_not_scroll_the_narrow_composer_sideways(qtbot: Any) -> None:
    """150 %/200 % give the left column ~250 px: the start-timeout row stacks instead of overflowing."""
    window = _window_at(qtbot, 864, 486)
    composer, params = window.composer, window.composer.parameters
    assert window.composer_dock.width() <= 260  # narrow enough that the one-line row would not fit
    params.advanced_toggle.click()
    qtbot.waitUntil(lambda: params.timeout.isVisible(), timeout=2000)
    qtbot.wait(50)
    assert composer.horizontalScrollBar().maximum() == 0
    for widget in (params.timeout_on, params.timeout, params.priority):
        right = widget.mapTo(composer.viewport(), widget.rect().topRight()).x()
        assert right < composer.viewport().width(), f"{widget.accessibleName()} is cut off on the right"


def test_advanced_row_stays_one_line_when_there_is_room(qtbot: Any) -> None:
    window = _window_at(qtbot, 1440, 900)
    params = window.composer.parameters
    params.advanced_toggle.click()
    qtbot.waitUntil(lambda: params.timeout.isVisible(), timeout=2000)
    assert params.timeout.geometry().center().y() == pytest.approx(params.timeout_on.geometry().center().y(), abs=3)


@pytest.mark.slow
def test_screenshot_shows_the_default_layout_of_the_design_size(qtbot: Any, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The offscreen screen is smaller than 1440×900: the shot must still have the design's dock sizes."""
    import gamecraft_desktop.app as app_module
    from gamecraft_desktop.ui.main_window import MainWindow

    made: list[Any] = []

    def create() -> Any:
        window = MainWindow()
        qtbot.addWidget(window)
        made.append(window)
        return window

    class _NoJobs:
        def shutdown(self) -> None:
            pass

    monkeypatch.setattr(app_module, "create_main_window", create)
    # The jobs half (keyring, sandbox, player) is not what is measured here.
    monkeypatch.setattr(app_module, "_attach_jobs", lambda window: setattr(window, "jobs_runtime", _NoJobs()))
    out = tmp_path / "shot.png"
    assert app_module.take_screenshot(out) == 0
    assert QImage(str(out)).size() == QSize(1440, 900)
    window = made[0]
    assert (window.composer_dock.width(), window.jobs_dock.width()) == (380, 320)
    assert window.timeline_dock.height() == 180


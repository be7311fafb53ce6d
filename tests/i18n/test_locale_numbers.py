"""Numbers, speeds, sizes and durations follow the reader's locale, everywhere they are shown: a German desktop
writes "0,20" in the speed box and on the timeline's blocks alike (the timeline used to paint "0.20"), and
"5,5 s" in the summary; plurals come from the catalogue's plural forms, not from an English rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QAccessible

from gamecraft_desktop.core.camera_path import CameraPath


@pytest.fixture
def german() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def test_speed_box_and_timeline_agree_in_german(qtbot: Any, german: None) -> None:
    from gamecraft_desktop.composer.path_model import PathDocument
    from gamecraft_desktop.ui.timeline.painter import header_status
    from gamecraft_desktop.ui.timeline.panel import TimelinePanel

    doc = PathDocument(CameraPath.of("wd", [0.2, 0.35]))
    panel = TimelinePanel(doc)
    qtbot.addWidget(panel)
    panel.resize(900, 200)
    panel.show()
    doc.select([0])
    assert panel.speed_editor.spin.text() == "0,20"
    view = panel.view
    item = QAccessible.queryAccessibleInterface(view).child(0)
    assert "0,20" in item.text(QAccessible.Text.Name)
    assert "speed 0,20" in view.block_tooltip(0) and "2,75 s" in view.block_tooltip(1)
    assert view.summary() == "2 moves · 66 frames · 2,75 s"
    assert "0,20" in header_status(view)[0]
    # What the painter writes on the block is the same text (its label cache key carries it).
    from gamecraft_desktop.ui.timeline.text import format_speed

    assert format_speed(doc.path().steps[1].speed) == "0,35"


def test_summary_sizes_and_durations_in_german(german: None, qapp: Any) -> None:
    from gamecraft_desktop.composer.request import summary_line
    from gamecraft_desktop.core.defaults import format_duration
    from gamecraft_desktop.core.spend import money
    from gamecraft_desktop.jobs.job_list_model import format_bytes

    assert summary_line(CameraPath.of("wdsa", 0.2), 42).startswith("4 moves · 132 frames · 5,5 s")
    assert format_bytes(1_300_000) == "1,2 MB"
    assert format_duration(5400) == "1,5 h"
    assert money(1234.5) == "$1.234,50"


def test_plurals_come_from_the_catalogue(qapp: Any) -> None:
    """English plural forms are the catalogue's ("%n move(s)" -> "1 move"): no hand-written rule in the UI."""
    from gamecraft_desktop.composer.request import path_summary

    assert path_summary(CameraPath.of("w", 0.2)).startswith("1 move ·")
    assert path_summary(CameraPath.of("ww", 0.2)).startswith("2 moves ·")

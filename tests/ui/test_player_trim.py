"""In and out points: where they go when set out of order, and the band the scrub bar paints for them."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPalette

from gamecraft_desktop.ui.player_keys import trim_after


def test_trim_after_setting_in_and_out() -> None:
    assert trim_after(None, 100, set_in=10) == (10, 99)
    assert trim_after((10, 99), 100, set_out=40) == (10, 40)
    assert trim_after((10, 40), 100, set_in=60) == (60, 99)  # an in point past the out point: out to the end
    assert trim_after((60, 99), 100, set_out=20) == (0, 20)  # an out point before the in point: in to the start
    assert trim_after((0, 20), 100, set_out=99) is None  # the whole video is no trim
    assert trim_after(None, 100, set_in=500) == (99, 99) and trim_after(None, 0, set_in=3) is None


def test_scrub_bar_paints_the_range_under_the_handle(qtbot: Any) -> None:
    from gamecraft_desktop.ui.scrub_bar import ScrubBar

    bar = ScrubBar()
    qtbot.addWidget(bar)
    bar.resize(400, 28)
    bar.setRange(0, 99)
    bar.setValue(0)
    bar.show()
    plain = bar.grab().toImage()
    bar.set_trim((50, 79))
    band = bar.band_pixels()
    painted = bar.grab().toImage()
    assert band.left() > bar.width() // 2 - 20 and band.right() < bar.width() * 0.85
    highlight = bar.palette().color(QPalette.ColorRole.Highlight)

    def near_highlight(image: Any, px: int, py: int) -> bool:
        c = image.pixelColor(px, py)
        return abs(c.red() - highlight.red()) + abs(c.green() - highlight.green()) + \
            abs(c.blue() - highlight.blue()) < 60

    x, y = band.center().x(), 3  # the brackets' top bars, above the groove
    assert any(near_highlight(painted, band.left() + dx, y) for dx in range(3))
    assert any(near_highlight(painted, band.right() - dx, y) for dx in range(3))
    assert not any(near_highlight(plain, band.left() + dx, y) for dx in range(3))
    assert painted.pixelColor(x, band.center().y()) != plain.pixelColor(x, band.center().y())
    outside = band.left() - 20
    assert painted.pixelColor(outside, band.center().y()) == plain.pixelColor(outside, band.center().y())
    assert "frames 51–80 (30 frames)" in bar.toolTip()

"""Recent Projects / Recent Images as a person reads them: missing files greyed and marked, imports named."""

from __future__ import annotations

import time

from composer_helpers import make_window, write_png
from PySide6.QtGui import QColor, QGuiApplication, QImage


def menu_items(menu) -> list[tuple[str, bool]]:
    menu.refill()
    return [(a.text(), a.isEnabled()) for a in menu.actions() if not a.isSeparator()]


def test_a_recent_file_that_is_gone_is_greyed_and_says_so(qtbot, tmp_path):
    window = make_window(qtbot)
    kept, gone = write_png(tmp_path / "kept.png"), write_png(tmp_path / "gone.png")
    for image in (kept, gone):
        window.drop_zone.load_path(image)
        qtbot.waitUntil(lambda image=image: getattr(window.drop_zone.current(), "path", None) == image,
                        timeout=5000)
    gone.unlink()
    items = menu_items(window.recent_images_menu)
    assert ("gone.png (not found)", False) in items
    assert ("kept.png", True) in items
    missing = next(a for a in window.recent_images_menu.actions() if a.text().startswith("gone.png"))
    assert missing.toolTip() == f"Not found: {gone}"
    gone.parent.joinpath("gone.png").write_bytes(kept.read_bytes())  # the drive is back
    assert ("gone.png", True) in menu_items(window.recent_images_menu)


def test_a_pasted_image_is_listed_by_when_not_by_its_hash(qtbot):
    window = make_window(qtbot)
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 120, 200))
    QGuiApplication.clipboard().setImage(image)
    window.drop_zone.paste_from_clipboard()
    qtbot.waitUntil(lambda: window.drop_zone.current() is not None, timeout=5000)
    (label, enabled), *_ = menu_items(window.recent_images_menu)
    assert enabled and label.startswith("Pasted or downloaded image · ")
    assert time.strftime("%Y") in label
    stored = window.drop_zone.current().path
    assert len(stored.stem) == 64 and stored.stem not in label

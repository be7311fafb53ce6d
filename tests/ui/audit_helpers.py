"""Helpers for the polish-audit tests: the real window with its jobs half on an in-process sandbox, a
colourful input image, and a walker over what a screen reader and a keyboard user can reach."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

sys.path.insert(0, str(Path(__file__).parents[1] / "jobs"))
from jobs_helpers import fast_poll

CONTROL_TYPES = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox,
                 QAbstractSlider, QAbstractItemView)


def scene_png(path: Path, size: tuple[int, int] = (1216, 704)) -> Path:
    """A colourful scene (sky gradient, sun, hills, a road to the horizon): something a person would drop."""
    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    horizon = int(h * 0.55)
    for y in range(horizon):
        t = y / horizon
        draw.line([(0, y), (w, y)], fill=(int(40 + 200 * t), int(80 + 110 * t), int(170 + 40 * (1 - t))))
    draw.ellipse([int(w * 0.68), int(h * 0.12), int(w * 0.78), int(h * 0.12) + int(w * 0.10)],
                 fill=(255, 214, 90))
    for i, (base, colour) in enumerate(((0.50, (60, 120, 70)), (0.58, (40, 95, 55)), (0.66, (30, 75, 45)))):
        pts = [(0, h)]
        for x in range(0, w + 1, 16):
            bump = (((x * (3 + i)) // 97) % 7) * 4 + ((x // (40 + 17 * i)) % 3) * 9
            pts.append((x, int(h * base) - bump))
        pts.append((w, h))
        draw.polygon(pts, fill=colour)
    draw.polygon([(int(w * 0.47), horizon), (int(w * 0.53), horizon), (int(w * 0.8), h), (int(w * 0.2), h)],
                 fill=(150, 120, 90))
    for k in range(12):  # little houses along the road
        x = int(w * 0.08 + k * w * 0.075)
        y = int(h * 0.70 + (k % 3) * 12)
        draw.rectangle([x, y, x + 34, y + 26], fill=(200 - k * 8, 90 + k * 9, 60 + k * 12))
        draw.polygon([(x - 4, y), (x + 17, y - 18), (x + 38, y)], fill=(150, 40 + k * 6, 40))
    img.save(path, "PNG")
    return path


@pytest.fixture
def real_window(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """`make()` → (window, runtime): the window from the app's own factory with the jobs half attached on an
    in-process sandbox (memory secrets, no FAL_KEY), shown; both torn down after the test. Closing it never
    asks (jobs in flight: quit; unsaved changes: discard)."""
    from PySide6.QtWidgets import QMessageBox

    from gamecraft_desktop.app import create_main_window
    from gamecraft_desktop.app_jobs import JobsRuntime
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    made: list[tuple[Any, Any]] = []

    def make(**sandbox: Any) -> tuple[Any, Any]:
        window = create_main_window()
        qtbot.addWidget(window)
        runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env={},
                              sandbox_options={"seconds_per_action": 0.3, **sandbox}, poll=fast_poll())
        # Closing must never block on a question: jobs in flight → quit; unsaved changes → discard.
        runtime.ask_quit = lambda _window, _n: True
        window.projects.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
        made.append((window, runtime))
        window.show()
        runtime.start()
        qtbot.waitUntil(lambda: runtime.sandbox is not None and not runtime.key.info.loading, timeout=10_000)
        return window, runtime

    yield make
    for window, runtime in made:
        window.drop_zone.wait_for_loads(5000)
        runtime.shutdown()
        window.hide()


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces: Qt's accessible interface name (accessibleName, else the text)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return (iface.text(QAccessible.Text.Name) if iface is not None else "").strip()


def is_qt_internal(widget: QWidget) -> bool:
    """Qt's own sub-widgets: spin box editors, combo popups, dock title buttons, scroll bars, a line edit's
    clear button, an item view's headers."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar | QMenu):
        return True
    parent = widget.parent()
    if isinstance(parent, QLineEdit) or (isinstance(widget, QHeaderView) and isinstance(parent, QAbstractItemView)):
        return True
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return True
        parent = parent.parent()
    return False


def interactive_controls(root: QWidget) -> list[QWidget]:
    """Every control a person can operate under `root` (hidden ones too: they show in other states)."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if is_qt_internal(w):
            continue
        if isinstance(w, CONTROL_TYPES) or (w.focusPolicy().value & 0x1 and w.isWidgetType()
                                            and type(w).__module__.startswith("gamecraft_desktop")):
            out.append(w)
    return out


def is_standard_dialog_button(widget: QWidget) -> bool:
    parent = widget.parent()
    return isinstance(parent, QDialogButtonBox) and parent.standardButton(widget) != \
        QDialogButtonBox.StandardButton.NoButton  # type: ignore[arg-type]


def describe(widget: QWidget) -> str:
    """A stable label for a control in failure messages and known-gap lists: Class#objectName or
    Class[name/text/tooltip]."""
    cls = type(widget).__name__
    if widget.objectName():
        return f"{cls}#{widget.objectName()}"
    hint = accessible_name(widget) or widget.toolTip()[:40]
    owner = widget.parent()
    while owner is not None and not type(owner).__module__.startswith("gamecraft_desktop"):
        owner = owner.parent()
    where = type(owner).__name__ if owner is not None else "?"
    return f"{where}>{cls}[{hint}]"


def menu_actions(menu: QMenu, trail: str = "") -> Iterator[tuple[str, QAction]]:
    """(menu path, action) for every item in `menu` and its submenus (refilling lazy menus first)."""
    menu.aboutToShow.emit()
    for act in menu.actions():
        if act.isSeparator():
            continue
        here = f"{trail} > {act.text().replace('&', '')}" if trail else act.text().replace("&", "")
        yield here, act
        sub = act.menu()
        if isinstance(sub, QMenu):
            yield from menu_actions(sub, here)

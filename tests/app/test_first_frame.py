"""Work that the first frame does not show runs right after it: once, after the window's first expose (not in
the zero-timer turn before it), or after the fallback when the window is never exposed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QPushButton, QWidget

from gamecraft_desktop.qtsupport.first_frame import after_first_expose


class _ExposeLog(QObject):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose:
            self.log.append("expose")
        return False


def test_runs_once_after_the_first_expose(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    log: list[str] = []
    window.winId()
    spy = _ExposeLog(log)
    window.windowHandle().installEventFilter(spy)
    after_first_expose(window.windowHandle(), lambda: log.append("callback"), fallback_ms=200)
    window.show()
    qtbot.waitUntil(lambda: "callback" in log, timeout=3000)
    assert log.index("expose") < log.index("callback")
    window.hide()
    window.show()  # a second expose: the work is not done again, nor by the fallback timer
    qtbot.wait(400)
    assert log.count("callback") == 1


def test_a_window_never_shown_gets_the_fallback(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.winId()
    done: list[int] = []
    after_first_expose(window.windowHandle(), lambda: done.append(1), fallback_ms=50)
    qtbot.waitUntil(lambda: done == [1], timeout=2000)
    qtbot.wait(100)
    assert done == [1]


def test_the_main_window_sets_its_tab_order_after_its_first_frame(qtbot: Any, monkeypatch: Any) -> None:
    """The Tab order (the focus chain walk) is not paid before the first frame, yet is in place right after."""
    from gamecraft_desktop.ui import main_window
    from gamecraft_desktop.ui.main_window import MainWindow

    calls: list[int] = []
    walk = main_window.apply_tab_order
    monkeypatch.setattr(main_window, "apply_tab_order", lambda *a: calls.append(1) or walk(*a))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert calls == [], "the Tab order was set before the first frame"
    qtbot.waitUntil(lambda: calls == [1], timeout=3000)
    order = window.apply_tab_order()
    assert any(isinstance(w, QPushButton) for w in order), "no buttons in the Tab order"
    stops = set(order)
    chain, w = [order[0]], order[0].nextInFocusChain()
    while w is not order[0] and len(chain) < len(order):
        if w in stops:
            chain.append(w)
        w = w.nextInFocusChain()
    assert chain == order, "the focus chain does not follow the window's Tab order"

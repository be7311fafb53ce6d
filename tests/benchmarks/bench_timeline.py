"""Timeline and path-map cost at 500 moves, against the same operations at 10 moves measured in the same
run. Not part of the default test run (tests/benchmarks is excluded); run it with

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_timeline.py
    (or: pytest tests/benchmarks/bench_timeline.py -s)

Goal: every operation below one frame at 60 Hz (16 ms), including the repaint it triggers.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOAL_MS = 16.0


def _measure(fn: Callable[[], object], repeat: int = 30) -> tuple[float, float]:
    """(median, minimum) milliseconds of `fn` over `repeat` runs after one warm-up. On a shared machine
    the minimum is the better estimate of the work itself; the median shows what contention adds."""
    fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), min(samples)


def _scale(m: tuple[float, float], k: float) -> tuple[float, float]:
    return m[0] / k, m[1] / k


def run() -> dict[str, tuple[float, float]]:
    """Prints the table; returns {operation: (median, min)} at 500 moves."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QSplitter

    from gamecraft_desktop.composer.path_model import PathDocument
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.ui.path_map_view import PathMapView
    from gamecraft_desktop.ui.timeline.panel import TimelinePanel
    from gamecraft_desktop.ui.timeline.view import TimelineView

    app = QApplication.instance() or QApplication([])

    def setup(n: int) -> tuple[PathDocument, QSplitter, TimelineView]:
        # A seeded random walk with varied speeds: few segments coincide, so the map cannot cheat.
        rng = random.Random(n)
        doc = PathDocument(CameraPath.of([rng.choice("wwasd") for _ in range(n)],
                                         [round(rng.uniform(0.05, 1.0), 2) for _ in range(n)]))
        root = QSplitter(Qt.Orientation.Vertical)
        panel = TimelinePanel(doc, root)
        view = panel.view
        PathMapView(doc, root)
        root.resize(1200, 600)
        root.show()
        app.processEvents()
        view.setFocus()
        return doc, root, view

    def ops(n: int) -> dict[str, float]:
        doc, root, view = setup(n)

        def flush() -> None:
            # Each edit repaints timeline and map: include that in the cost.
            app.processEvents()

        def append_then_undo() -> None:
            QTest.keyClick(view, Qt.Key.Key_W)
            flush()
            doc.undo_stack().undo()
            flush()

        def delete_then_undo() -> None:
            doc.select([n // 2])
            QTest.keyClick(view, Qt.Key.Key_Delete)
            flush()
            doc.undo_stack().undo()
            flush()

        def reorder_then_undo() -> None:
            doc.select([n // 2])
            QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
            flush()
            doc.undo_stack().undo()
            flush()

        def move_end_to_start() -> None:
            doc.move([n - 1], 0)
            flush()
            doc.undo_stack().undo()
            flush()

        def repaint_timeline() -> None:
            view.grab()

        def repaint_timeline_cold() -> None:
            # Without the block pixmap cache (first paint, or after a font/palette change).
            painter = getattr(view, "_painter", None)
            if painter is not None:
                painter.invalidate()
            view.grab()

        def repaint_map() -> None:
            root.widget(1).grab()

        def rerender_map() -> None:
            # What an edit costs the map: its cached static layer (grid, path, markers) is redrawn.
            root.widget(1)._static = None
            root.widget(1).grab()

        def scrub_playhead() -> None:
            for f in range(0, 33 * n, max(1, 33 * n // 24)):
                doc.set_playhead(f)
            flush()

        # An edit and its undo are measured together: halve to get one operation.
        res = {
            "append (W key)": _scale(_measure(append_then_undo), 2),
            "delete (Del key)": _scale(_measure(delete_then_undo), 2),
            "reorder (Ctrl+Right)": _scale(_measure(reorder_then_undo), 2),
            "move last to first": _scale(_measure(move_end_to_start), 2),
            "full repaint timeline (grab)": _measure(repaint_timeline),
            "  same, cold caches": _measure(repaint_timeline_cold),
            "full repaint path map (grab)": _measure(repaint_map),
            "  same, static layer redrawn": _measure(rerender_map),
            "playhead step (24 per call)": _scale(_measure(scrub_playhead, 10), 24),
        }
        root.close()
        root.deleteLater()
        app.processEvents()
        return res

    small, big = ops(10), ops(500)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nms per operation, median / min of 30 (load average {load:.1f} on {os.cpu_count()} CPUs);"
          f" goal < {GOAL_MS:.0f} ms at 500 moves (judged on the median)")
    print(f"{'operation':32s} {'10 moves':>15s} {'500 moves':>15s} {'ratio':>6s}")
    out = {}
    for name in big:
        (sm, smin), (bm, bmin) = small[name], big[name]
        ratio = bm / sm if sm > 0 else float("inf")
        ok = "ok" if bm < GOAL_MS else ("ok (min)" if bmin < GOAL_MS else "SLOW")
        print(f"{name:32s} {sm:6.2f} / {smin:6.2f} {bm:6.2f} / {bmin:6.2f} {ratio:5.1f}x  {ok}")
        out[name] = (bm, bmin)
    return out


def test_timeline_benchmark() -> None:
    results = run()
    slow = {k: v for k, v in results.items() if v[1] >= GOAL_MS}  # minimum over the goal: real work
    assert not slow, f"over {GOAL_MS} ms at 500 moves: {slow}"


if __name__ == "__main__":
    run()

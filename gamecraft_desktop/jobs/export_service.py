"""Export work for the window, off the GUI thread: one `ExportSession` per video reads its frame table and
its sidecar once, estimates the size of what the dialog shows (the newest request wins), runs one export
at a time with progress and a prompt cancel, and decodes single frames for the clipboard. The engine is
media.export, the same as the CLI's; results come back as Qt signals on the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from gamecraft_desktop.core.texts import Texts
from gamecraft_desktop.media.export_plan import ExportError, ExportRequest

log = logging.getLogger(__name__)
#: Export problems in words (core/texts.py: the name is the translation context).
ExportText = Texts("ExportText")

SidecarSource = Callable[[], dict[str, Any] | None]


def name_stem(prompt: str, seed: int | None) -> str:
    """"a-harbor-at-dawn-seed42": how saved and exported files of a job are named (the first words of its
    prompt and its seed, safe in any file system)."""
    words = "-".join(prompt.split()[:5]) or "gamecraft"
    safe = "".join(c for c in words if c.isalnum() or c in "-_")[:60] or "gamecraft"
    return f"{safe}-seed{seed}" if seed is not None else safe


@dataclass(frozen=True)
class ExportSource:
    """A video the dialog can export, with what it is called and how its sidecar is made (on a worker)."""

    label: str
    video: Path
    sidecar: SidecarSource
    name_stem: str  # for suggested file names: "harbor-at-dawn-seed42"


@dataclass(frozen=True)
class Estimate:
    """What the dialog shows for its current options: the plan (frames, size, note) and the size, or why
    the options cannot be exported."""

    plan: Any | None  # ExportPlan
    bytes: int | None
    exact: bool
    error: ExportError | None


class _Signals(QObject):
    done = Signal(object)
    progress = Signal(int, int)


class ExportSession(QObject):
    """Signals: `ready(FrameTable)` or `unusable(message)` once the video is read; `estimated(Estimate)`;
    `progress(done, total)`, `finished(ExportResult)`, `failed(kind, message)` for an export;
    `frameDecoded(index, PIL image)` or `failed` for `decode_frame`."""

    ready = Signal(object)
    unusable = Signal(str)
    estimated = Signal(object)
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str, str)
    frameDecoded = Signal(int, object)

    def __init__(self, source: ExportSource, *, app_version: str, debounce_ms: int = 250,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.app_version = app_version
        self.table: Any = None
        self.sidecar: dict[str, Any] | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)  # an export and an estimate may run side by side
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._signals.progress.connect(self.progress)
        self._cancel = threading.Event()
        self._exporting = False
        self._estimating = False
        self._pending: ExportRequest | None = None
        self._ticket = 0
        self._debounce = QTimer(self)
        self._debounce.setObjectName("exportEstimateDebounce")
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._start_estimate)

    # --- public -------------------------------------------------------------------------------------

    def open(self) -> None:
        """Read the video's frame table and its sidecar (`ready` or `unusable` follows)."""
        source = self.source

        def work() -> tuple[Any, dict[str, Any] | None]:
            from gamecraft_desktop.media.export import open_table

            table = open_table(source.video)
            try:
                sidecar = source.sidecar()
            except Exception as exc:  # the inputs are a nicety: the export works without them
                log.warning("no sidecar for %s: %s", source.video, exc)
                sidecar = None
            return table, sidecar

        self._run("open", work)

    @property
    def busy(self) -> bool:
        return self._exporting

    def estimate(self, request: ExportRequest) -> None:
        """Estimate `request` shortly (requests in quick succession: only the last one is estimated)."""
        self._pending = request
        self._ticket += 1
        self._debounce.start()

    def export(self, request: ExportRequest) -> None:
        if self._exporting or self.table is None:
            return
        self._exporting = True
        self._cancel.clear()
        table, sidecar, source, cancel = self.table, self.sidecar, self.source, self._cancel
        signals, version = self._signals, self.app_version

        def work() -> Any:
            from gamecraft_desktop.media.export import run_export

            return run_export(source.video, request, sidecar=sidecar, app_version=version, table=table,
                              on_progress=lambda done, total: signals.progress.emit(done, total),
                              should_stop=cancel.is_set)

        self._run("export", work)

    def cancel(self) -> None:
        """Stop the export in flight: it ends with `failed("cancelled", …)` and leaves nothing behind."""
        self._cancel.set()

    def decode_frame(self, index: int) -> None:
        """The frame `index` as a PIL image at full size (`frameDecoded`), for the clipboard."""
        video = self.source.video

        def work() -> tuple[int, Any]:
            from gamecraft_desktop.media.frames import extract_frame

            return index, extract_frame(video, index)

        self._run("frame", work)

    def shutdown(self, wait_ms: int = 30_000) -> None:
        """Cancel and wait for the workers (before the dialog or the app goes away)."""
        self._debounce.stop()
        self._pending = None
        self._cancel.set()
        self._pool.clear()
        self._pool.waitForDone(wait_ms)

    # --- workers --------------------------------------------------------------------------------------

    def _start_estimate(self) -> None:
        if self._estimating or self._pending is None or self.table is None:
            return
        request, ticket = self._pending, self._ticket
        self._pending = None
        self._estimating = True
        table, sidecar = self.table, self.sidecar

        def work() -> tuple[int, Estimate]:
            from gamecraft_desktop.media.export import estimate_size, make_plan

            try:
                plan = make_plan(table, request, sidecar)
            except ExportError as exc:
                return ticket, Estimate(None, None, False, exc)
            size = estimate_size(table, plan)
            return ticket, Estimate(plan, size.bytes, size.exact, None)

        self._run("estimate", work)

    def _run(self, kind: str, work: Callable[[], Any]) -> None:
        signals = self._signals

        def task() -> None:
            try:
                signals.done.emit((kind, work(), None))
            except Exception as exc:
                signals.done.emit((kind, None, exc))

        self._pool.start(task)

    def _on_done(self, payload: tuple[str, Any, BaseException | None]) -> None:
        kind, result, error = payload
        if kind == "open":
            if error is not None:
                self.unusable.emit(str(error))
                return
            self.table, self.sidecar = result
            self.ready.emit(self.table)
            if self._pending is not None:
                self._start_estimate()
        elif kind == "estimate":
            self._estimating = False
            if error is not None:
                log.warning("estimate failed: %s", error)
            elif result[0] == self._ticket:  # an older request's estimate is not shown
                self.estimated.emit(result[1])
            if self._pending is not None and not self._debounce.isActive():
                self._start_estimate()
        elif kind == "export":
            self._exporting = False
            if error is None:
                self.finished.emit(result)
            elif isinstance(error, ExportError):
                self.failed.emit(error.kind, str(error))
            else:
                log.exception("export failed", exc_info=error)
                self.failed.emit("bug", ExportText.tr("The export failed unexpectedly: {kind}: {error}").format(
                                            kind=type(error).__name__, error=error))
        elif kind == "frame":
            if error is None:
                self.frameDecoded.emit(*result)
            else:
                self.failed.emit("video", str(error))

"""File ▸ Export…: the format, the frames (the player's in–out range by default), the size, the frame
rate of animations, where to save, a live estimate of the file size, and a progress bar with Cancel.

The dialog only shows: the work runs in an ExportSession (jobs.export_service) on a worker thread, with
the same engine as `gamecraft-desktop export`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.texts import number, size
from gamecraft_desktop.jobs.export_service import Estimate, ExportSession, ExportSource
from gamecraft_desktop.media.export_plan import (
    DEFAULT_TILES,
    MAX_ANIMATION_FPS,
    MAX_TILES,
    MAX_WIDTH,
    MIN_WIDTH,
    ExportFormat,
    ExportRequest,
    SizeChoice,
)
from gamecraft_desktop.ui.accessibility import describe_label
from gamecraft_desktop.ui.app_settings import LastFolder, open_settings
from gamecraft_desktop.ui.style import set_role

KEY_FORMAT = "export/format"
#: A contact sheet's frames are small: a sheet of 12 at this width is about 1.6k × 0.9k pixels.
SHEET_TILE_WIDTH = 384


#: Where exports went last (the home folder the first time, or when that folder is gone).
EXPORT_FOLDER = LastFolder("export")


def format_size(n: int) -> str:
    """A file size in the reader's locale (13.1 KB, 2.4 MB)."""
    return size(n)


class ExportDialog(QDialog):
    """One export at a time for one of `sources` (a job's video, and its joined video when there is one)."""

    def __init__(self, sources: Sequence[ExportSource], *, session_factory: Callable[[ExportSource], ExportSession],
                 trim: tuple[int, int] | None = None, frame: int = 0, initial: ExportFormat | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.setAccessibleName(self.tr("Export"))
        self.sources = list(sources)
        self._factory = session_factory
        self._trim, self._frame = trim, frame
        self.session: ExportSession | None = None
        self._count = 0
        self._video_size = (0, 0)
        self._fps = 24.0
        self._name_edited = False
        self._size_chosen = False
        self._estimate: Estimate | None = None
        self.last_result: object | None = None
        #: Replaceable in tests: suggested path -> chosen path or None.
        self.choose_path: Callable[[Path], Path | None] = self._choose_path
        #: Replaceable in tests: (title, text) -> replace?
        self.confirm_replace: Callable[[str, str], bool] = self._ask

        self.source_box = QComboBox(self)
        self.source_box.setObjectName("exportSource")
        self.source_box.setAccessibleName(self.tr("Video to export"))
        for source in self.sources:
            self.source_box.addItem(source.label)
        self.format_box = QComboBox(self)
        self.format_box.setObjectName("exportFormat")
        self.format_box.setAccessibleName(self.tr("Format"))
        for fmt in ExportFormat:
            self.format_box.addItem(fmt.label, fmt)
        self.first_spin, self.last_spin = self._spin("exportFrom", self.tr("First frame")), \
            self._spin("exportTo", self.tr("Last frame (included)"))
        self.whole_button = QPushButton(self.tr("Whole video"), self)
        self.whole_button.setObjectName("exportWhole")
        self.whole_button.setToolTip(self.tr("Export every frame (the player's I and O keys set a range)"))
        self.range_note = QLabel(self)
        set_role(self.range_note, "note")
        self.frame_spin = self._spin("exportFrame", self.tr("Frame"))
        self.size_box = QComboBox(self)
        self.size_box.setObjectName("exportSize")
        self.size_box.setAccessibleName(self.tr("Size"))
        self.width_spin = QSpinBox(self)
        self.width_spin.setObjectName("exportWidth")
        self.width_spin.setAccessibleName(self.tr("Width in pixels"))
        self.width_spin.setRange(MIN_WIDTH, MAX_WIDTH)
        self.width_spin.setSuffix(self.tr(" px"))
        self.fps_spin = QSpinBox(self)
        self.fps_spin.setObjectName("exportFps")
        self.fps_spin.setAccessibleName(self.tr("Frame rate"))
        self.fps_spin.setSuffix(self.tr(" fps"))
        self.fps_spin.setToolTip(self.tr("Fewer frames per second make a smaller file; frames are dropped evenly"))
        self.tiles_spin = QSpinBox(self)
        self.tiles_spin.setObjectName("exportTiles")
        self.tiles_spin.setAccessibleName(self.tr("Frames on the sheet"))
        self.tiles_spin.setRange(1, MAX_TILES)
        self.tiles_spin.setValue(DEFAULT_TILES)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setAccessibleName(self.tr("Save as"))
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.setObjectName("exportBrowse")
        self.estimate_label = QLabel(self.tr("Reading the video…"), self)
        self.estimate_label.setObjectName("exportEstimate")
        describe_label(self.estimate_label, self.tr("Estimated size"))
        bold = self.estimate_label.font()
        bold.setBold(True)
        self.estimate_label.setFont(bold)
        self.note_label = QLabel(self)
        self.note_label.setObjectName("exportNote")
        self.note_label.setWordWrap(True)
        set_role(self.note_label, "note")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("exportStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.status_label.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportStart")
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("exportClose")
        self._layout()
        self._connect()
        self._restore(initial)
        self._select_source(0)

    # --- building -------------------------------------------------------------------------------------

    def _spin(self, name: str, accessible: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setAccessibleName(accessible)
        spin.setRange(1, 1)
        return spin

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _layout(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if len(self.sources) > 1:
            form.addRow(self.tr("&Video:"), self.source_box)
        else:
            self.source_box.hide()
        form.addRow(self.tr("&Format:"), self.format_box)
        frames = QHBoxLayout()
        frames.addWidget(self.first_spin)
        frames.addWidget(QLabel(self.tr("to"), self))
        frames.addWidget(self.last_spin)
        frames.addWidget(self.whole_button)
        frames.addStretch(1)
        self.frames_row = QWidget(self)
        self.frames_row.setLayout(frames)
        frames.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._label(self.tr("F&rames:"), self.first_spin), self.frames_row)
        form.addRow("", self.range_note)
        form.addRow(self.tr("Fra&me:"), self.frame_spin)
        size = QHBoxLayout()
        size.setContentsMargins(0, 0, 0, 0)
        size.addWidget(self.size_box, 1)
        size.addWidget(self.width_spin)
        form.addRow(self._label(self.tr("&Size:"), self.size_box), size)
        form.addRow(self.tr("Frame ra&te:"), self.fps_spin)
        form.addRow(self.tr("Frames on the s&heet:"), self.tiles_spin)
        where = QHBoxLayout()
        where.setContentsMargins(0, 0, 0, 0)
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)
        form.addRow(self._label(self.tr("Save &as:"), self.path_edit), where)
        self.form = form
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.estimate_label)
        lay.addWidget(self.note_label)
        lay.addWidget(self.progress)
        lay.addWidget(self.status_label)
        lay.addStretch(1)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(max(520, self.fontMetrics().horizontalAdvance("M") * 42))
        for spin in (self.frame_spin, self.fps_spin, self.tiles_spin):  # numbers, not lines of text
            spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def _connect(self) -> None:
        self.source_box.currentIndexChanged.connect(self._select_source)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        for spin in (self.first_spin, self.last_spin, self.frame_spin, self.width_spin, self.fps_spin,
                     self.tiles_spin):
            spin.valueChanged.connect(self._options_changed)
        self.size_box.currentIndexChanged.connect(self._options_changed)
        self.size_box.activated.connect(lambda _i: setattr(self, "_size_chosen", True))
        self.whole_button.clicked.connect(self._whole_video)
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_name_edited", True))
        self.browse_button.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self._close_or_cancel)

    def _restore(self, initial: ExportFormat | None) -> None:
        fmt = initial or _format_or_none(str(open_settings().value(KEY_FORMAT, "") or "")) or ExportFormat.GIF
        self.format_box.setCurrentIndex(list(ExportFormat).index(fmt))
        self._folder = EXPORT_FOLDER.get()

    # --- the video --------------------------------------------------------------------------------------

    def _select_source(self, index: int) -> None:
        if self.session is not None:
            self.session.shutdown()
            self.session.deleteLater()
        source = self.sources[index]
        self.session = self._factory(source)
        self.session.setParent(self)
        self.session.ready.connect(self._on_ready)
        self.session.unusable.connect(self._on_unusable)
        self.session.estimated.connect(self._on_estimate)
        self.session.progress.connect(self._on_progress)
        self.session.finished.connect(self._on_finished)
        self.session.failed.connect(self._on_failed)
        self.export_button.setEnabled(False)
        self.estimate_label.setText(self.tr("Reading the video…"))
        self.session.open()

    def _on_ready(self, table: object) -> None:
        self._count = int(table.count)  # type: ignore[attr-defined]
        self._video_size = (int(table.width), int(table.height))  # type: ignore[attr-defined]
        self._fps = float(table.fps)  # type: ignore[attr-defined]
        first, last = self._trim if self._trim and self._trim[1] < self._count else (0, self._count - 1)
        for spin in (self.first_spin, self.last_spin, self.frame_spin):
            spin.blockSignals(True)
            spin.setRange(1, self._count)
            spin.blockSignals(False)
        self.first_spin.setValue(first + 1)
        self.last_spin.setValue(last + 1)
        self.frame_spin.setValue(min(self._frame, self._count - 1) + 1)
        self.range_note.setText(self.tr("The in–out range set in the player (I and O).") if self._trim else
                                self.tr("Set a range in the player with I and O at the playhead."))
        w, h = self._video_size
        self.size_box.blockSignals(True)
        self.size_box.clear()
        self.size_box.addItem(self.tr("Original ({w} × {h})").format(w=w, h=h), "original")
        self.size_box.addItem(self.tr("50 % ({w} × {h})").format(w=w // 2, h=h // 2), "half")
        self.size_box.addItem(self.tr("Width"), "width")
        self.size_box.blockSignals(False)
        fps = min(round(self._fps), int(MAX_ANIMATION_FPS))
        self.fps_spin.setRange(1, max(1, fps))
        self.fps_spin.setValue(fps)
        self.width_spin.setValue(w // 2 if w else 608)
        self._format_changed()

    def _on_unusable(self, message: str) -> None:
        self.estimate_label.setText(self.tr("This video cannot be exported."))
        self._show_status(message, error=True)
        self.export_button.setEnabled(False)

    # --- options ------------------------------------------------------------------------------------------

    def current_format(self) -> ExportFormat:
        value = self.format_box.currentData()
        return value if isinstance(value, ExportFormat) else ExportFormat(value)

    def _format_changed(self) -> None:
        fmt = self.current_format()
        self._set_row(self.frames_row, fmt.uses_range)
        self._set_row(self.range_note, fmt.uses_range)
        self._set_row(self.frame_spin, not fmt.uses_range)
        self._set_row(self.fps_spin, fmt.is_animation)
        self._set_row(self.tiles_spin, fmt is ExportFormat.CONTACT_SHEET)
        self.size_box.setToolTip(self.tr("The size of each frame on the sheet") if fmt is ExportFormat.CONTACT_SHEET
                                 else self.tr("The size of the exported frames (the height keeps the proportions)"))
        if not self._size_chosen and self.size_box.count() == 3:
            # Until the person picks a size: sheets get small tiles, GIFs half size (a GIF of the full
            # 1216 × 704 video is tens of megabytes), everything else the video's own size.
            self.size_box.blockSignals(True)
            if fmt is ExportFormat.CONTACT_SHEET:
                self.size_box.setCurrentIndex(2)
                self.width_spin.setValue(SHEET_TILE_WIDTH)
            else:
                self.size_box.setCurrentIndex(1 if fmt is ExportFormat.GIF else 0)
            self.size_box.blockSignals(False)
        self._options_changed()

    def _set_row(self, field: QWidget, visible: bool) -> None:
        self.form.setRowVisible(field, visible)

    def _options_changed(self) -> None:
        self.width_spin.setEnabled(self.size_box.currentData() == "width")
        if self.session is None or self.session.table is None:
            return
        if not self._name_edited:
            self.path_edit.setText(str(self._suggested_path()))
        self.estimate_label.setText(self.tr("Estimating the size…"))
        self.session.estimate(self.request())

    def request(self, out: Path | None = None) -> ExportRequest:
        """The options as an export request (frames 0-based)."""
        kind = self.size_box.currentData() or "original"
        size = SizeChoice(kind, self.width_spin.value() if kind == "width" else None)
        fmt = self.current_format()
        return ExportRequest(fmt, out or Path(self.path_edit.text() or "export"),
                             first=self.first_spin.value() - 1, last=self.last_spin.value() - 1,
                             frame=self.frame_spin.value() - 1, size=size,
                             fps=float(self.fps_spin.value()) if fmt.is_animation else None,
                             tiles=self.tiles_spin.value(), overwrite=True)

    def _suggested_path(self) -> Path:
        fmt = self.current_format()
        stem = self.sources[self.source_box.currentIndex()].name_stem
        first, last = self.first_spin.value(), self.last_spin.value()
        whole = (first, last) == (1, self._count)
        if fmt is ExportFormat.FRAME:
            name = f"{stem}_frame{self.frame_spin.value()}.png"
        else:
            span = "" if whole else f"_{first}-{last}"
            tail = {ExportFormat.CONTACT_SHEET: "_sheet", ExportFormat.PNG_FRAMES: "_frames"}.get(fmt, "")
            name = f"{stem}{tail}{span}{fmt.suffix}"
        return self._folder / name

    def _whole_video(self) -> None:
        self.first_spin.setValue(1)
        self.last_spin.setValue(self._count)

    def _on_estimate(self, estimate: Estimate) -> None:
        self._estimate = estimate
        busy = self.session is not None and self.session.busy
        if estimate.error is not None or estimate.plan is None:
            self.estimate_label.setText(self.tr("Cannot export these options"))
            self._show_note(str(estimate.error), error=True)
            self.export_button.setEnabled(False)
            return
        plan = estimate.plan
        n = len(plan.indices)
        frames = self.tr("%n frame(s)", "", n)
        size = f"{plan.size[0]} × {plan.size[1]}"
        if plan.format is ExportFormat.CONTACT_SHEET:
            frames, size = self.tr("%n frame(s) of {size} each", "", n).format(size=size), ""
        size_text = format_size(estimate.bytes or 0)
        parts = [size_text if estimate.exact else self.tr("≈ {size}").format(size=size_text), frames,
                 *([size] if size else [])]
        if plan.format.is_animation:
            parts.append(self.tr("{fps} fps").format(fps=number(plan.fps)))
        self.estimate_label.setText(self.tr("Estimated size: {text}").format(text=" · ".join(parts)))
        self._show_note(plan.note)
        self.export_button.setEnabled(not busy)

    def _show_note(self, text: str, *, error: bool = False) -> None:
        self.note_label.setText(text)
        set_role(self.note_label, "error" if error else "note")
        self.note_label.setVisible(bool(text))

    # --- exporting -------------------------------------------------------------------------------------

    def out_path(self) -> Path:
        text = self.path_edit.text().strip()
        path = Path(text).expanduser() if text else self._suggested_path()
        return path if path.is_absolute() else self._folder / path

    def start_export(self) -> None:
        if self.session is None or self.session.busy or self.session.table is None:
            return
        out = self.out_path()
        if (out.exists() or out.is_symlink()) and not self.confirm_replace(
                self.tr("Replace {name}?").format(name=out.name),
                self.tr("{path} already exists. Replace it (and its sidecar)?").format(path=out)):
            return
        self._busy(True)
        self.progress.setValue(0)
        self._show_status(self.tr("Exporting…"))
        self.session.export(self.request(out))

    def cancel_export(self) -> None:
        if self.session is not None and self.session.busy:
            self.session.cancel()
            self._show_status(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_finished(self, result: object) -> None:
        self._busy(False)
        self.last_result = result
        path = result.path  # type: ignore[attr-defined]
        self._remember(path)
        link = QUrl.fromLocalFile(str(path.parent)).toString()
        self._show_status(self.tr("Exported {size} to {name} in {s} s, with its sidecar {side}. "
                                  "<a href=\"{link}\">Show in folder</a>").format(
            size=format_size(result.bytes), name=path.name, s=number(result.seconds, 1),  # type: ignore[attr-defined]
            side=result.sidecar.name, link=link))  # type: ignore[attr-defined]

    def _on_failed(self, kind: str, message: str) -> None:
        self._busy(False)
        if kind == "cancelled":
            self._show_status(self.tr("Cancelled: nothing was written."))
        else:
            self._show_status(message, error=True)

    def _busy(self, busy: bool) -> None:
        for w in (self.source_box, self.format_box, self.frames_row, self.frame_spin, self.size_box,
                  self.width_spin, self.fps_spin, self.tiles_spin, self.path_edit, self.browse_button):
            w.setEnabled(not busy)
        if not busy:
            self.width_spin.setEnabled(self.size_box.currentData() == "width")
        self.export_button.setEnabled(not busy and self._estimate is not None and self._estimate.error is None)
        self.progress.setVisible(busy or self.progress.value() > 0)
        self.close_button.setText(self.tr("Cancel") if busy else self.tr("Close"))
        self.close_button.setToolTip(self.tr("Stop the export: nothing is written") if busy else "")

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        set_role(self.status_label, "error" if error else "")

    def _close_or_cancel(self) -> None:
        if self.session is not None and self.session.busy:
            self.cancel_export()
        else:
            self.reject()

    def _remember(self, path: Path) -> None:
        self._folder = path.parent
        EXPORT_FOLDER.remember(path)
        settings = open_settings()
        settings.setValue(KEY_FORMAT, self.current_format().value)
        settings.sync()

    # --- dialogs ------------------------------------------------------------------------------------------

    def _browse(self) -> None:
        chosen = self.choose_path(self.out_path())
        if chosen is not None:
            self.path_edit.setText(str(chosen))
            self._name_edited = True

    def _choose_path(self, suggested: Path) -> Path | None:
        fmt = self.current_format()
        if fmt is ExportFormat.PNG_FRAMES:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the frames"), str(suggested.parent))
            return Path(folder) / suggested.name if folder else None
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as"), str(suggested),
                                              f"{fmt.label} (*{fmt.suffix})")
        return Path(path) if path else None

    def _ask(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def shutdown(self) -> None:
        """Cancel an export in flight and wait for the worker (nothing partial is left)."""
        if self.session is not None:
            self.session.shutdown()


def _format_or_none(value: str) -> ExportFormat | None:
    try:
        return ExportFormat(value)
    except ValueError:
        return None


"""How a job row looks: thumbnail, prompt, state line, seed or progress, and the logs when expanded.

Rows are painted once into a pixmap and reused until the job's event, the elapsed second, the row's size,
state or palette changes: the jobs list repaints often while jobs run (progress, the ticking clock, the
player's frames), and painting a row in Python costs ~0.5 ms against ~0.02 ms for copying its pixmap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.run_inputs import InputField, distinct_parts
from gamecraft_desktop.jobs.job_events import JobEvent
from gamecraft_desktop.jobs.job_list_model import JobFilterModel, JobListModel, JobRole, status_line
from gamecraft_desktop.ui.run_text import caption, part_text
from gamecraft_desktop.ui.timeline.painter import mix
from gamecraft_desktop.ui.timeline.style import legible

THUMB_W, THUMB_H = 88, 51
PAD = 6
LOG_LINES = 8

_STATE_COLORS = {
    JobState.DONE: QColor(46, 160, 67),
    JobState.FAILED: QColor(218, 54, 51),
    JobState.SUBMIT_UNCERTAIN: QColor(210, 153, 34),
    JobState.CANCELLED: QColor(128, 128, 128),
}
_ACTIVE_COLOR = QColor(56, 139, 253)
_STAR_COLOR = QColor(230, 160, 0)  # gold, readable on light and dark rows


MAX_CACHED_ROWS = 300


class JobRowDelegate(QStyledItemDelegate):
    """Paints a job row from a per-row pixmap cache; thumbnails are cached by path (loaded once). A click on a
    row's star emits `starClicked(job id)` (and does not change the selection)."""

    starClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._thumbs: dict[tuple[str, float], QPixmap] = {}
        # job id -> (the event painted, everything else the picture depends on, the picture)
        self._rows: dict[str, tuple[JobEvent, tuple[object, ...], QPixmap]] = {}
        self.rows_rendered = 0  # how many row pictures were drawn (tests)
        #: Set by the jobs panel: the view's rows as a plain list, and "is this job's row expanded", while the
        #: view shows its model's rows unchanged; None otherwise, and the index is asked.
        self.direct_rows: Callable[[], tuple[Sequence[JobEvent], Callable[[str], bool]] | None] = lambda: None

    def _thumb(self, path: Path | None, dpr: float) -> QPixmap | None:
        """The thumbnail scaled for the row at this device pixel ratio, loaded and scaled once."""
        if path is None:
            return None
        key = (str(path), dpr)
        pix = self._thumbs.get(key)
        if pix is None:
            src = QPixmap(str(path))
            if src.isNull():
                return None
            pix = src.scaled(QSize(THUMB_W, THUMB_H) * dpr, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
            pix.setDevicePixelRatio(dpr)
            if len(self._thumbs) > 500:
                self._thumbs.clear()
            self._thumbs[key] = pix
        return pix

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        fm = option.fontMetrics
        base = max(THUMB_H, fm.height() * 3 + 4) + 2 * PAD
        ev, expanded, _near = self.row(index)
        if ev is not None and expanded:
            # The log lines are in the monospace font: its own line height, or descenders get clipped.
            base += len(_log_lines(ev)) * QFontMetrics(_mono(option.font)).height() + PAD
        return QSize(260, base)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        ev, expanded, near = self.row(index)
        if ev is None:
            return
        dpr = painter.device().devicePixelRatioF()
        second = -1 if ev.is_terminal else int(ev.elapsed_s(datetime.now(UTC)))
        size = option.rect.size()
        detail = detail_text(ev, near)
        looks = (second, size.width(), size.height(), option.state.value, dpr, expanded,
                 option.palette.cacheKey(), option.font.key(), detail)
        hit = self._rows.get(ev.job_id)
        if hit is not None and hit[0] is ev and hit[1] == looks:
            painter.drawPixmap(option.rect.topLeft(), hit[2])
            return
        pix = QPixmap(size * dpr)
        pix.setDevicePixelRatio(dpr)
        pix.fill(option.palette.base().color())  # opaque, so text keeps the same anti-aliasing as on screen
        row = QStyleOptionViewItem(option)
        row.rect = QRect(0, 0, size.width(), size.height())
        p = QPainter(pix)
        try:
            self._render(p, row, ev, expanded, detail)
        finally:
            p.end()
        if len(self._rows) >= MAX_CACHED_ROWS:
            self._rows.clear()
        self._rows[ev.job_id] = (ev, looks, pix)
        self.rows_rendered += 1
        painter.drawPixmap(option.rect.topLeft(), pix)

    def read_rows_from(self, model: JobListModel, proxy: JobFilterModel) -> None:
        """Paint `proxy`'s rows from `model`'s list while the proxy shows them unchanged."""
        def direct() -> tuple[Sequence[JobEvent], Callable[[str], bool]] | None:
            return (model.rows_in_order(), model.is_expanded) if proxy.shows_every_row_in_order() else None

        self.direct_rows = direct

    def row(self, index: QModelIndex | QPersistentModelIndex
            ) -> tuple[JobEvent | None, bool, tuple[JobEvent | None, JobEvent | None]]:
        """The row's job, whether it shows its logs, and the jobs of the rows above and below it: read from
        the model's list when the view shows it unchanged (no Qt call, so the GIL is kept: a row paint
        through the proxy let busy workers take it up to eight times, issue #16), else from the index."""
        direct = self.direct_rows()
        i = index.row()
        if direct is not None:
            events, expanded = direct
            if not 0 <= i < len(events):
                return None, False, (None, None)
            ev = events[i]
            near = (events[i - 1] if i > 0 else None, events[i + 1] if i + 1 < len(events) else None)
            return ev, expanded(ev.job_id), near
        ev = index.data(JobRole.EVENT)
        if not isinstance(ev, JobEvent):
            return None, False, (None, None)
        return ev, bool(index.data(JobRole.EXPANDED)), neighbours(index)

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        if isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton and event.type() in (
                QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            ev = index.data(JobRole.EVENT)
            if isinstance(ev, JobEvent) and star_rect(option.rect, option.fontMetrics, ev).contains(
                    event.position().toPoint()):
                if event.type() == QEvent.Type.MouseButtonRelease:
                    self.starClicked.emit(ev.job_id)
                return True  # the press too: a click on the star leaves the selection as it is
        return super().editorEvent(event, model, option, index)

    def _render(self, painter: QPainter, option: QStyleOptionViewItem, ev: JobEvent, expanded: bool,
                detail: str) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = pal.highlightedText().color() if selected else pal.text().color()
        row_bg = pal.highlight().color() if selected else pal.base().color()
        dim = row_text_colors(pal, selected)[1]
        r = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        fm = option.fontMetrics
        # thumbnail (or a neutral box while there is none)
        thumb_rect = QRect(r.left(), r.top(), THUMB_W, THUMB_H)
        pix = self._thumb(ev.thumbnail_path, painter.device().devicePixelRatioF())
        if pix is not None:
            painter.drawPixmap(thumb_rect.topLeft(), pix)
        else:
            box = QColor(pal.mid().color())
            box.setAlphaF(0.35)
            painter.fillRect(thumb_rect, box)
        # state stripe
        color = _STATE_COLORS.get(ev.state, _ACTIVE_COLOR)
        painter.fillRect(QRect(thumb_rect.left(), thumb_rect.bottom() - 2, THUMB_W, 3), color)
        x = thumb_rect.right() + PAD + 2
        width = r.right() - x
        # line 1: prompt (bold) + tags
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        tag = ""
        if ev.is_sandbox:
            tag = "SANDBOX"
        tag_w = fm.horizontalAdvance(tag) + 10 if tag else 0
        prompt = ev.prompt.replace("\n", " ") or "—"
        line_h = fm.height()
        star = star_rect(option.rect, fm, ev)
        text_w = star.left() - x - 2
        painter.drawText(QRect(x, r.top(), text_w, line_h), Qt.AlignmentFlag.AlignLeft,
                         painter.fontMetrics().elidedText(prompt, Qt.TextElideMode.ElideRight, text_w))
        painter.setFont(option.font)
        painter.setPen(_STAR_COLOR if ev.starred else dim)
        painter.drawText(star, Qt.AlignmentFlag.AlignCenter, "★" if ev.starred else "☆")
        painter.setFont(bold)
        if tag:
            painter.setFont(option.font)
            tag_rect = QRect(r.right() - tag_w + 4, r.top(), tag_w - 4, line_h)
            painter.fillRect(tag_rect, QColor(255, 197, 61))
            painter.setPen(QColor(27, 19, 0))
            painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, tag)
        painter.setFont(option.font)
        # line 2: state line
        painter.setPen(legible(color, row_bg) if ev.state in _STATE_COLORS and not selected else text_color)
        line2 = status_line(ev, datetime.now(UTC))
        painter.drawText(QRect(x, r.top() + line_h + 2, width, line_h), Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(line2, Qt.TextElideMode.ElideRight, width))
        # line 3: seed, note or progress bar
        painter.setPen(dim)
        y3 = r.top() + 2 * (line_h + 2)
        frac = _progress_fraction(ev)
        info = detail
        if ev.note and not ev.is_terminal:
            info = f"{info} · {ev.note}" if info else ev.note
        painter.drawText(QRect(x, y3, width, line_h), Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(info, Qt.TextElideMode.ElideRight, width))
        if frac is not None:
            bar = QRect(x, y3 + line_h + 1, width, 3)
            track = QColor(pal.mid().color())
            track.setAlphaF(0.4)
            painter.fillRect(bar, track)
            painter.fillRect(QRect(bar.left(), bar.top(), int(bar.width() * frac), bar.height()), _ACTIVE_COLOR)
        if expanded:
            y = r.top() + max(THUMB_H, line_h * 3 + 4) + PAD
            painter.setFont(_mono(option.font))
            painter.setPen(dim)
            mfm = painter.fontMetrics()  # the monospace font's own metrics: line height and eliding
            for text in _log_lines(ev):
                painter.drawText(QRect(r.left(), y, r.width(), mfm.height()), Qt.AlignmentFlag.AlignLeft,
                                 mfm.elidedText(text, Qt.TextElideMode.ElideRight, r.width()))
                y += mfm.height()
        painter.restore()


def row_text_colors(pal: QPalette, selected: bool) -> tuple[QColor, QColor]:
    """(text, quieter text for the seed and logs) of a row: the quieter one is a solid mix that still reads
    at 4.5:1 on the row's background (a translucent text colour did not: 2.7:1 on the selection)."""
    text = pal.highlightedText().color() if selected else pal.text().color()
    background = pal.highlight().color() if selected else pal.base().color()
    return text, legible(mix(text, background, 0.3), background)


def _log_lines(ev: JobEvent) -> list[str]:
    """What an expanded row lists: the last log lines, the error or note, the request id."""
    lines = list(ev.logs[-LOG_LINES:])
    extra = ev.error or ev.note
    if extra:
        lines.append(extra)
    if ev.request_id:
        lines.append(f"request id {ev.request_id}")
    return lines or ["(no logs yet)"]


def _mono(font: QFont) -> QFont:
    mono = QFont(font)
    mono.setStyleHint(QFont.StyleHint.Monospace)
    mono.setFamily("monospace")
    return mono


def _progress_fraction(ev: JobEvent) -> float | None:
    if ev.state == JobState.UPLOADING and ev.bytes_up_total:
        return min(1.0, ev.bytes_up / ev.bytes_up_total)
    if ev.state == JobState.DOWNLOADING and ev.bytes_down_total:
        return min(1.0, ev.bytes_down / ev.bytes_down_total)
    if ev.state == JobState.RUNNING and ev.progress:
        i, n = ev.progress
        return min(1.0, max(0, i - 1) / n) if n else None
    return None


def star_rect(row: QRect, fm: QFontMetrics, ev: JobEvent) -> QRect:
    """Where a row's star is drawn and clicked: at the end of its first line, before the SANDBOX tag."""
    r = row.adjusted(PAD, PAD, -PAD, -PAD)
    tag_w = fm.horizontalAdvance("SANDBOX") + 10 if ev.is_sandbox else 0
    side = fm.height() + 4
    return QRect(r.right() - tag_w - side, r.top() - 2, side, side)


def neighbours(index: QModelIndex | QPersistentModelIndex) -> tuple[JobEvent | None, JobEvent | None]:
    """The jobs of the rows above and below `index` (None past either end), asked of its model."""
    above, below = (index.siblingAtRow(index.row() + d).data(JobRole.EVENT) for d in (-1, 1))
    return (above if isinstance(above, JobEvent) else None, below if isinstance(below, JobEvent) else None)


def detail_line(index: QModelIndex | QPersistentModelIndex, ev: JobEvent) -> str:
    """Line 3 of `ev`'s row at `index`."""
    return detail_text(ev, neighbours(index))


def detail_text(ev: JobEvent, near: tuple[JobEvent | None, JobEvent | None]) -> str:
    """Line 3 of a row: the seed, or, when a neighbouring row (`near`: above, below) has the same image and
    prompt, everything that tells this run apart (seed, path and speeds, CFG or steps when not the default)."""
    plain = part_text(InputField.SEED, str(ev.seed)) if ev.seed is not None else ""
    run = ev.inputs
    if run is None:
        return plain
    for other in near:
        if other is not None and other.inputs is not None and run.same_scene(other.inputs):
            return " · ".join(caption(distinct_parts(run)))
    return plain

"""The jobs list as a Qt model: one row per job, newest first, fed only by `JobEvent`s.

Progress-only events (bytes, logs, segment, queue position, notes) arrive many times a second per job; the
model stores each at once (so `event_for` and `data` always answer with the latest) but tells the views about
them at most every `FLUSH_INTERVAL_MS`, one `dataChanged` per changed row with only the roles that changed.
A change of state (or anything a terminal job changes) is announced at once.

`JobFilterModel` narrows it by prompt words (or an exact job / request id) for the search box.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
)

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.texts import Texts, size
from gamecraft_desktop.jobs.job_events import JobEvent

_Index = QModelIndex | QPersistentModelIndex

FLUSH_INTERVAL_MS = 125  # at most 8 repaints a second per row for progress; tests wait <= ~150 ms for text

#: A job row's words (core/texts.py: the name is the translation context).
JobRows = Texts("JobRows")



class JobRole(IntEnum):
    EVENT = Qt.ItemDataRole.UserRole + 1
    JOB_ID = Qt.ItemDataRole.UserRole + 2
    STATE = Qt.ItemDataRole.UserRole + 3
    PROMPT = Qt.ItemDataRole.UserRole + 4
    STATUS_LINE = Qt.ItemDataRole.UserRole + 5
    EXPANDED = Qt.ItemDataRole.UserRole + 6


def format_bytes(n: int) -> str:
    """A transferred size in the reader's locale: 512 bytes, 497 KB, 1.2 MB."""
    return size(n)


def format_elapsed(seconds: float) -> str:
    s = int(seconds)
    if s < 60:
        return JobRows.tr("{s} s").format(s=s)
    m, s = divmod(s, 60)
    if m < 60:
        return JobRows.tr("{m} min {s} s").format(m=m, s=f"{s:02d}")
    h, m = divmod(m, 60)
    return JobRows.tr("{h} h {m} min").format(h=h, m=f"{m:02d}")


def status_line(ev: JobEvent, now: datetime | None = None) -> str:
    """One line saying what the job is doing, with the numbers that show it is alive."""
    line = _state_line(ev, now or datetime.now(UTC))
    if ev.cancel_requested and ev.state == JobState.DONE:
        return JobRows.tr("{line} · finished despite cancel").format(line=line)
    if ev.cancel_requested and not ev.is_terminal:
        return JobRows.tr("{line} · cancel sent").format(line=line)
    return line


def _state_line(ev: JobEvent, now: datetime) -> str:
    elapsed = format_elapsed(ev.elapsed_s(now))
    st = ev.state
    if ev.held:
        return JobRows.tr("Interrupted before sending: Send or Discard")
    if st == JobState.UPLOADING:
        if ev.bytes_up_total:
            return JobRows.tr("Uploading {done} / {total} · {t}").format(
                done=format_bytes(ev.bytes_up), total=format_bytes(ev.bytes_up_total), t=elapsed)
        return JobRows.tr("Preparing image · {t}").format(t=elapsed)
    if st == JobState.SUBMITTING:
        return JobRows.tr("Submitting · {t}").format(t=elapsed)
    if st == JobState.QUEUED:
        if ev.queue_position == 0:  # fal counts the requests ahead: 0 is next
            return JobRows.tr("Queued · next in line · {t}").format(t=elapsed)
        if ev.queue_position is not None:
            return JobRows.tr("Queued · {p} ahead · {t}").format(p=ev.queue_position, t=elapsed)
        return JobRows.tr("Queued · {t}").format(t=elapsed)
    if st == JobState.RUNNING:
        if ev.progress is not None:
            return JobRows.tr("Running · segment {i}/{n} · {t}").format(i=ev.progress[0], n=ev.progress[1],
                                                                       t=elapsed)
        return JobRows.tr("Running · {t}").format(t=elapsed)
    if st == JobState.FETCHING:
        return JobRows.tr("Fetching result · {t}").format(t=elapsed)
    if st == JobState.DOWNLOADING:
        if ev.bytes_down_total:
            return JobRows.tr("Downloading {done} / {total} · {t}").format(
                done=format_bytes(ev.bytes_down), total=format_bytes(ev.bytes_down_total), t=elapsed)
        return JobRows.tr("Downloading {done} · {t}").format(done=format_bytes(ev.bytes_down), t=elapsed)
    if st == JobState.DONE:
        if ev.bytes_down:
            return JobRows.tr("Done in {t} · {size}").format(t=elapsed, size=format_bytes(ev.bytes_down))
        return JobRows.tr("Done in {t}").format(t=elapsed)
    if st == JobState.CANCELLED:
        return JobRows.tr("Cancelled")
    if st == JobState.SUBMIT_UNCERTAIN:
        return JobRows.tr("Submit uncertain: check fal before re-running")
    return JobRows.tr("Failed: {error}").format(error=ev.error or JobRows.tr("unknown error"))


def accessible_row(ev: JobEvent, line: str) -> str:
    """What a screen reader says for a row: everything the row shows, the SANDBOX tag and the seed included."""
    parts = [ev.prompt.replace("\n", " ") or "—", line]
    if ev.is_sandbox:
        parts.append(JobRows.tr("Sandbox: simulated, free"))
    if ev.seed is not None:
        parts.append(JobRows.tr("seed {seed}").format(seed=ev.seed))
    return ". ".join(parts)


_ROLES_STATUS = (JobRole.STATUS_LINE, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
_ROLES_PROMPT = (JobRole.PROMPT, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


def _status_key(ev: JobEvent) -> tuple[object, ...]:
    """The fields `status_line` reads (besides the clock)."""
    return (ev.state, ev.queue_position, ev.progress, ev.bytes_up, ev.bytes_up_total, ev.bytes_down,
            ev.bytes_down_total, ev.created_at, ev.finished_at, ev.error, ev.cancel_requested)


def _is_progress_only(old: JobEvent, new: JobEvent) -> bool:
    """True when `new` differs from `old` only by numbers that tick (may wait for the next flush)."""
    if new.is_terminal or old.is_terminal:
        return False
    return (old.state == new.state and old.cancel_requested == new.cancel_requested
            and old.prompt == new.prompt and old.request_id == new.request_id and old.error == new.error
            and old.video_path == new.video_path and old.thumbnail_path == new.thumbnail_path
            and old.offer == new.offer and old.held == new.held and old.field_issues == new.field_issues
            and old.starred == new.starred)


def _changed_roles(old: JobEvent, new: JobEvent) -> set[int]:
    if old == new:
        return set()
    roles: set[int] = {JobRole.EVENT}
    if old.state != new.state:
        roles.add(JobRole.STATE)
    if old.prompt != new.prompt or old.request_id != new.request_id:  # the filter reads both
        roles.update(_ROLES_PROMPT)
    if _status_key(old) != _status_key(new):
        roles.update(_ROLES_STATUS)
    elif old.note != new.note:
        roles.add(Qt.ItemDataRole.ToolTipRole)
    return roles


class JobListModel(QAbstractListModel):
    """Rows are jobs, newest first. Update with `apply(event)`; remove with `remove(job_id)`.

    Progress-only updates are coalesced per job and announced by one single-shot timer (running only while
    something is pending); `flush()` announces them now, `clear()` drops every row and stops the timer.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: list[JobEvent] = []
        self._row: dict[str, int] = {}
        self._expanded: set[str] = set()
        self._pending: dict[str, set[int]] = {}  # job id -> roles changed since views were last told
        # job id -> (event, elapsed second, status line, tooltip, accessible text): data() formats once
        self._text_cache: dict[str, tuple[JobEvent, int, str, str, str]] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setObjectName("jobListFlush")
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self.flush)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._events)

    def _texts(self, ev: JobEvent) -> tuple[str, str, str]:
        """Status line, tooltip and accessible text, formatted once per event and elapsed second."""
        now = datetime.now(UTC)
        second = -1 if ev.is_terminal else int(ev.elapsed_s(now))
        hit = self._text_cache.get(ev.job_id)
        if hit is not None and hit[0] is ev and hit[1] == second:
            return hit[2], hit[3], hit[4]
        line = status_line(ev, now)
        tip = f"{line}\n{ev.note}" if ev.note else line
        acc = accessible_row(ev, line)
        self._text_cache[ev.job_id] = (ev, second, line, tip, acc)
        return line, tip, acc

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        ev = self._events[index.row()]
        if role == JobRole.EVENT:
            return ev
        if role == Qt.ItemDataRole.DisplayRole or role == JobRole.PROMPT:
            return ev.prompt
        if role == JobRole.EXPANDED:
            return ev.job_id in self._expanded
        if role == JobRole.JOB_ID:
            return ev.job_id
        if role == JobRole.STATE:
            return ev.state
        if role == JobRole.STATUS_LINE:
            return self._texts(ev)[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._texts(ev)[1]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._texts(ev)[2]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self._events[index.row()].video_path is not None:
            base |= Qt.ItemFlag.ItemIsDragEnabled
        return base

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Any) -> QMimeData:
        """Dragging a finished job carries its video file (drop it into a file manager)."""
        mime = QMimeData()
        urls = []
        for idx in indexes:
            ev = self._events[idx.row()] if idx.isValid() else None
            if ev is not None and ev.video_path is not None:
                urls.append(QUrl.fromLocalFile(str(ev.video_path)))
        mime.setUrls(urls)
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def apply(self, ev: JobEvent) -> None:
        row = self._row.get(ev.job_id)
        if row is None:
            # Newest first: jobs arrive in creation order, so insert at the top.
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._events.insert(0, ev)
            self._reindex()
            self.endInsertRows()
            return
        old = self._events[row]
        self._events[row] = ev
        roles = _changed_roles(old, ev)
        if not roles:
            return
        pending = self._pending.setdefault(ev.job_id, set())
        pending.update(roles)
        if _is_progress_only(old, ev):
            if not self._flush_timer.isActive():
                self._flush_timer.start()
            return
        del self._pending[ev.job_id]
        self._emit_row(row, pending)
        if not self._pending:
            self._flush_timer.stop()

    def flush(self) -> None:
        """Tell the views now about every coalesced progress update (one dataChanged per row)."""
        self._flush_timer.stop()
        pending, self._pending = self._pending, {}
        for job_id, roles in pending.items():
            row = self._row.get(job_id)
            if row is not None:
                self._emit_row(row, roles)

    def has_pending(self) -> bool:
        return bool(self._pending)

    def _emit_row(self, row: int, roles: set[int]) -> None:
        idx = self.index(row)
        self.dataChanged.emit(idx, idx, sorted(int(r) for r in roles))

    def clear(self) -> None:
        """Drop every row (and anything pending); the flush timer stops."""
        self._flush_timer.stop()
        self._pending.clear()
        self.beginResetModel()
        self._events.clear()
        self._row.clear()
        self._text_cache.clear()
        self._expanded.clear()
        self.endResetModel()

    def remove(self, job_id: str) -> None:
        row = self._row.get(job_id)
        if row is None:
            return
        self._pending.pop(job_id, None)
        if not self._pending:
            self._flush_timer.stop()
        self._text_cache.pop(job_id, None)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._events[row]
        self._reindex()
        self.endRemoveRows()
        self._expanded.discard(job_id)

    def _reindex(self) -> None:
        self._row = {ev.job_id: i for i, ev in enumerate(self._events)}

    def events(self) -> list[JobEvent]:
        """Every job, in list order (newest first)."""
        return list(self._events)

    def event_for(self, job_id: str) -> JobEvent | None:
        row = self._row.get(job_id)
        return self._events[row] if row is not None else None

    def row_of(self, job_id: str) -> int | None:
        return self._row.get(job_id)

    def rows_in_order(self) -> Sequence[JobEvent]:
        """The rows as they are now (read-only, not a copy): for a painter that must not call back into Qt."""
        return self._events

    def is_expanded(self, job_id: str) -> bool:
        return job_id in self._expanded

    def toggle_expanded(self, job_id: str) -> bool:
        if job_id in self._expanded:
            self._expanded.discard(job_id)
        else:
            self._expanded.add(job_id)
        if job_id in self._row:
            # The row changes height: views (and proxies) need the full layout-change pair.
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
        return job_id in self._expanded

    def has_expanded(self) -> bool:
        """Whether any row shows its logs (rows then differ in height)."""
        return bool(self._expanded)

    def refresh_active(self) -> None:
        """Repaint rows whose elapsed time is ticking (and anything still pending for them)."""
        for i, ev in enumerate(self._events):
            if not ev.is_terminal:
                roles = self._pending.pop(ev.job_id, set())
                roles.update(_ROLES_STATUS)
                self._emit_row(i, roles)
        if not self._pending:
            self._flush_timer.stop()

    def has_active(self) -> bool:
        return any(not ev.is_terminal for ev in self._events)


class JobFilterModel(QSortFilterProxyModel):
    """Shows jobs whose prompt contains every word of the search (case-insensitive), or an exact id; with
    `set_starred_only(True)`, only starred ones."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._text = ""
        self._starred_only = False

    def set_search(self, text: str) -> None:
        self._change(lambda: self._set_text(text))

    def set_starred_only(self, on: bool) -> None:
        self._change(lambda: setattr(self, "_starred_only", bool(on)))

    def starred_only(self) -> bool:
        return self._starred_only

    def search_text(self) -> str:
        return self._text

    def _set_text(self, text: str) -> None:
        self._text = text.strip()
        self._words = [w.casefold() for w in text.split()]

    def _change(self, apply: Any) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10; invalidateFilter() is deprecated there
            self.beginFilterChange()
        apply()
        if hasattr(self, "endFilterChange"):
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def shows_every_row_in_order(self) -> bool:
        """True while row i here is row i of the source (no search, no Starred filter, no sorting). A painter
        can then read the source's rows in plain Python: through the proxy, each lookup released the GIL
        and took it back twice, and a busy worker could take it meanwhile (issue #16)."""
        return not self._words and not self._starred_only and self.sortColumn() < 0

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        if not self._words and not self._starred_only:
            return True
        ev = self.sourceModel().index(row, 0, parent).data(JobRole.EVENT)
        return isinstance(ev, JobEvent) and self.accepts(ev)

    def accepts(self, ev: JobEvent) -> bool:
        """Whether the list shows `ev` under the search and the Starred filter (plain Python: no Qt call)."""
        if self._starred_only and not ev.starred:
            return False
        if not self._words or self._text in (ev.job_id, ev.request_id):
            return True
        prompt = ev.prompt.casefold()
        return all(w in prompt for w in self._words)

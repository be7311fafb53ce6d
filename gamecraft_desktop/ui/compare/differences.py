"""The compare view's "what differs" table: only the inputs the compared runs differ in, with the shared ones
behind "Show all". In a row that differs, the values that set a run apart are highlighted; the value most
runs share (CFG 2 where one run has 3) is not."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.run_inputs import InputField, InputRow, RunInputs, compare_inputs
from gamecraft_desktop.ui.compare.tile_layout import LETTERS, tile_colour_hex
from gamecraft_desktop.ui.timeline.style import is_dark, mix

#: Rows shown before the table scrolls (it stays compact under the pictures).
MAX_VISIBLE_ROWS = 5


def field_label(field: InputField) -> str:
    labels = {
        InputField.SEED: QCoreApplication.translate("Differences", "Seed"),
        InputField.MOVES: QCoreApplication.translate("Differences", "Moves"),
        InputField.SPEEDS: QCoreApplication.translate("Differences", "Speeds"),
        InputField.PROMPT: QCoreApplication.translate("Differences", "Prompt"),
        InputField.NEG_PROMPT: QCoreApplication.translate("Differences", "Negative prompt"),
        InputField.CFG: QCoreApplication.translate("Differences", "CFG"),
        InputField.STEPS: QCoreApplication.translate("Differences", "Steps"),
        InputField.IMAGE: QCoreApplication.translate("Differences", "Image"),
    }
    return labels[field]


class DifferencesTable(QWidget):
    """`set_runs(runs)` fills it; `show_all` (the check box) adds the shared inputs, dimmed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDifferences")
        self._rows: tuple[InputRow, ...] = ()
        self._count = 0
        self.title = QLabel(self)
        self.title.setObjectName("differencesTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.show_all = QCheckBox(self.tr("Show &all inputs"), self)
        self.show_all.setObjectName("differencesShowAll")
        self.show_all.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves Space to the compare view
        self.show_all.setAccessibleName(self.tr("Show all inputs"))
        self.show_all.setToolTip(self.tr("Also list the inputs every compared run shares (dimmed)"))
        self.show_all.toggled.connect(lambda _on: self._fill())
        self.table = QTableWidget(self)
        self.table.setObjectName("differencesTable")
        self.table.setAccessibleName(self.tr("What differs between the compared runs"))
        self.table.setToolTip(self.tr("Inputs that differ between the compared runs are highlighted"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.empty = QLabel(self)
        self.empty.setObjectName("differencesNone")
        self.empty.setWordWrap(True)
        self.empty.setText(self.tr("No input differs: these runs asked for exactly the same video, so only "
                                   "chance tells them apart."))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)

    def set_runs(self, runs: Sequence[RunInputs]) -> None:
        self._rows = compare_inputs(runs)
        self._count = len(runs)
        self._fill()

    def rows(self) -> tuple[InputRow, ...]:
        """The rows listed right now (only differing ones unless Show all is on)."""
        return tuple(r for r in self._rows if r.differs or self.show_all.isChecked())

    def _fill(self) -> None:
        rows = self.rows()
        differ = sum(1 for r in self._rows if r.differs)
        self.title.setText(self.tr("What differs ({n})").format(n=differ) if differ
                           else self.tr("What differs"))
        self.empty.setVisible(differ == 0 and not self.show_all.isChecked())
        self.table.setVisible(bool(rows))
        n = self._count
        self.table.clear()
        self.table.setColumnCount(n + 1)
        self.table.setRowCount(len(rows))
        pal = self.palette()
        dark = is_dark(pal)
        header = [QTableWidgetItem(self.tr("Input"))]
        for i in range(n):
            item = QTableWidgetItem(LETTERS[i])
            item.setForeground(QBrush(QColor(tile_colour_hex(i, dark=dark))))
            item.setFont(self._bold())
            header.append(item)
        for col, item in enumerate(header):
            self.table.setHorizontalHeaderItem(col, item)
        mark = mix(pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Highlight), 0.22)
        muted = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for r, row in enumerate(rows):
            label = QTableWidgetItem(field_label(row.field))
            label.setFont(self._bold())
            self.table.setItem(r, 0, label)
            for i, value in enumerate(row.values):
                item = QTableWidgetItem(value or "—")
                full = row.full[i] if row.full else value
                item.setToolTip(f"{LETTERS[i]}: {full}")
                if row.differs and row.particular[i]:  # what sets this run apart stands out
                    item.setBackground(QBrush(mark))
                    item.setFont(self._bold())
                    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, self.tr("differs"))
                elif row.differs:  # the value most of the compared runs share
                    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, self.tr("as most others"))
                else:
                    item.setForeground(QBrush(muted))
                    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, self.tr("same for all"))
                self.table.setItem(r, i + 1, item)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in range(1, n + 1):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        line = self.table.fontMetrics().height() + 5
        for r in range(len(rows)):
            self.table.setRowHeight(r, line)
        shown = min(len(rows), MAX_VISIBLE_ROWS)
        self.table.setFixedHeight(head.sizeHint().height() + shown * line + 2 * self.table.frameWidth())

    def _bold(self) -> QFont:
        f = QFont(self.font())
        f.setBold(True)
        return f


"""Help ▸ About: the app, Qt, PySide6 and FFmpeg versions and their licences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.ui.accessibility import describe_label


class ComponentInfo(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def licence(self) -> str: ...

    @property
    def url(self) -> str: ...


class AboutDialog(QDialog):
    def __init__(self, components: Sequence[ComponentInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About GameCraft Desktop"))
        self.setAccessibleName(self.tr("About GameCraft Desktop"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        app = components[0] if components else None
        title = QLabel("<h2>{}</h2>".format(self.tr("GameCraft Desktop {version}").format(
            version=app.version if app else "")))
        describe_label(title, self.tr("App name and version"))
        layout.addWidget(title)
        blurb = QLabel(self.tr(
            "Compose camera paths and turn one image into a video with the Hunyuan-GameCraft model on fal.ai. "
            "Sandbox mode renders a simulated camera move locally; it is not the model."))
        blurb.setWordWrap(True)
        layout.addWidget(blurb)
        table = QTableWidget(len(components), 3, self)
        table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"), self.tr("Licence")])
        table.setAccessibleName(self.tr("Component versions and licences"))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, comp in enumerate(components):
            for col, text in enumerate((comp.name, comp.version, comp.licence)):
                item = QTableWidgetItem(text)
                item.setToolTip(comp.url or text)
                table.setItem(row, col, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        table.setMinimumHeight(min(420, 34 + 28 * len(components)))
        layout.addWidget(table)
        self.summary = "\n".join(f"{c.name}: {c.version} ({c.licence})" for c in components)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy versions"))
        copy.setAccessibleName(self.tr("Copy versions"))
        copy.setToolTip(self.tr("Copy the version list for a bug report"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.summary))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

"""The Preferences dialog (ui/preferences.py opens it): one tab per topic. A section is any widget with the
small protocol below; the dialog only lays them out and runs OK / Apply / Cancel across all of them."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


@runtime_checkable
class PreferencesSection(Protocol):
    """What a tab offers the dialog."""

    changed: Any  # a Signal: something was edited (or became valid/invalid)

    def is_valid(self) -> bool:
        """Whether what is typed can be applied."""
        ...

    def is_modified(self) -> bool:
        """Whether it differs from what is in effect."""
        ...

    def apply(self) -> str | None:
        """Put the edits into effect; a message for people when that failed (then nothing changed)."""
        ...

    def reload(self) -> None:
        """Show what is in effect again (Cancel, or after another change)."""
        ...


class PreferencesDialog(QDialog):
    """Modeless; `add_section(title, widget)` adds a tab. OK applies and closes, Apply applies."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.setAccessibleName(self.tr("Preferences"))
        self.setMinimumWidth(600)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("preferencesTabs")
        self.error = QLabel(self)
        self.error.setObjectName("preferencesError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel { color: #da3633; font-weight: 600; }")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self._apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._sections: list[PreferencesSection] = []
        self._pages: dict[str, tuple[QScrollArea, QWidget]] = {}
        self._update_buttons()

    @property
    def apply_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Apply)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def add_section(self, title: str, section: QWidget) -> None:
        assert isinstance(section, PreferencesSection), "a section implements PreferencesSection"
        self._sections.append(section)
        # Scrolls on a small screen (or at 200 %) instead of squeezing its rows.
        page = QScrollArea(self.tabs)
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setWidget(section)
        self.tabs.addTab(page, title)
        self._pages[title.replace("&", "")] = (page, section)
        section.changed.connect(self._update_buttons)
        self._update_buttons()

    def section(self, title: str) -> QWidget | None:
        found = self._pages.get(title)
        return found[1] if found else None

    def show_section(self, title: str) -> None:
        """Show the dialog at the tab called `title` (the current one when there is none)."""
        found = self._pages.get(title)
        if found is not None:
            self.tabs.setCurrentWidget(found[0])
        self.error.hide()
        for s in self._sections:
            s.reload()
        self.show()
        self.raise_()
        self.activateWindow()

    def _update_buttons(self) -> None:
        valid = all(s.is_valid() for s in self._sections)
        self.ok_button.setEnabled(valid)
        self.apply_button.setEnabled(valid and any(s.is_modified() for s in self._sections))

    def _apply(self) -> bool:
        for s in self._sections:
            if not s.is_modified():
                continue
            problem = s.apply()
            if problem:
                self.tabs.setCurrentWidget(next(p for p, w in self._pages.values() if w is s))  # type: ignore[comparison-overlap]
                self.error.setText(problem)
                self.error.show()
                self._update_buttons()
                return False
        self.error.hide()
        self._update_buttons()
        return True

    def _ok(self) -> None:
        if self._apply():
            self.accept()

    def reject(self) -> None:
        for s in self._sections:
            s.reload()
        self.error.hide()
        super().reject()

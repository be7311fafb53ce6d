"""Preferences ▸ Connection: where Generate sends jobs (queue and REST URLs), the keyless proxy, the webhook.

A value set in the environment (GAMECRAFT_DESKTOP_QUEUE_URL, …) wins over the saved one, as in the CLI: its
field shows that value, read-only, and names the variable. What a field would change is previewed live.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from gamecraft_desktop.core.connection import (
    DEFAULT_QUEUE_URL,
    DEFAULT_REST_URL,
    ENV_VARS,
    ConnectionSettings,
    resolve_connection,
)

_ERROR_STYLE = "QLabel { color: #da3633; }"
_NOTE_STYLE = "QLabel { color: palette(placeholder-text); }"


class ConnectionSection(QWidget):
    """`load()` gives the saved settings, `apply(settings)` puts new ones into effect (a message when it
    cannot: nothing changed then). `env` is the environment the app resolves its connection with."""

    changed = Signal()

    def __init__(self, load: Callable[[], ConnectionSettings], apply: Callable[[ConnectionSettings], str | None],
                 env: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionSection")
        self.setAccessibleName(self.tr("Connection"))
        self._load, self._apply, self._env = load, apply, dict(env)
        self._saved = ConnectionSettings()
        intro = QLabel(self.tr(
            "Where Generate sends jobs. Leave a field empty for fal's own servers. A fal-compatible server of "
            "your own (the sandbox started with <tt>python -m gamecraft_desktop.sandbox</tt>, a test server, a "
            "company gateway) goes in Queue URL. The command line uses the same settings."), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        spec = {
            "queue_url": (self.tr("&Queue URL"), self.tr("{url} (fal)").format(url=DEFAULT_QUEUE_URL),
                          self.tr("Submit, status, result and cancel go here.")),
            "rest_url": (self.tr("&REST URL"), self.tr("{url} (fal), or the queue's own host on this computer")
                         .format(url=DEFAULT_REST_URL),
                         self.tr("Image uploads start here.")),
            "proxy_url": (self.tr("&Proxy URL"), self.tr("none: requests go straight to the server with your key"),
                          self.tr("Keyless mode: every request goes to this proxy, which adds the fal key; this "
                                  "computer needs no key (fal's server-proxy pattern).")),
            "webhook_url": (self.tr("&Webhook URL"), self.tr("none"),
                            self.tr("fal calls this URL when each job started from this window ends (the command "
                                    "line takes --webhook).")),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}
        self.notes: dict[str, QLabel] = {}
        for name, (label, placeholder, help_text) in spec.items():
            edit = QLineEdit(self)
            edit.setObjectName(f"connection_{name}")
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label.replace("&", ""))
            edit.setToolTip(help_text)
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(self._edited)
            note = QLabel(self)
            note.setObjectName(f"connection_{name}_note")
            note.setWordWrap(True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            box.addWidget(note)
            caption = QLabel(label, self)
            caption.setBuddy(edit)
            form.addRow(caption, box)
            self.edits[name], self.notes[name] = edit, note

        self.summary = QLabel(self)
        self.summary.setObjectName("connectionSummary")
        self.summary.setWordWrap(True)
        self.defaults_button = QPushButton(self.tr("Restore &Defaults"), self)
        self.defaults_button.setObjectName("connectionDefaults")
        self.defaults_button.setToolTip(self.tr("Empty every field you can edit: fal's own servers, no proxy, "
                                                "no webhook"))
        self.defaults_button.clicked.connect(self.restore_defaults)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addStretch(1)
        self.reload()

    # --- PreferencesSection -----------------------------------------------------------------------------

    def reload(self) -> None:
        self._saved = self._load()
        for name, edit in self.edits.items():
            var = ENV_VARS.get(name)
            from_env = (self._env.get(var) or "").strip() if var else ""
            edit.blockSignals(True)
            edit.setText(from_env or getattr(self._saved, name))
            edit.setReadOnly(bool(from_env))
            edit.blockSignals(False)
        self._edited()

    def settings(self) -> ConnectionSettings:
        """What the editable fields hold; a field the environment sets keeps its saved value."""
        values = {}
        for f in fields(ConnectionSettings):
            edit = self.edits[f.name]
            values[f.name] = getattr(self._saved, f.name) if edit.isReadOnly() else edit.text().strip()
        return ConnectionSettings(**values)

    def is_valid(self) -> bool:
        return not self.settings().problems()

    def is_modified(self) -> bool:
        return self.settings() != self._saved

    def apply(self) -> str | None:
        problem = self._apply(self.settings())
        if problem is None:
            self._saved = self._load()
            self._edited()
        return problem

    # --- editing ------------------------------------------------------------------------------------

    def restore_defaults(self) -> None:
        for edit in self.edits.values():
            if not edit.isReadOnly():
                edit.clear()

    def _edited(self) -> None:
        settings = self.settings()
        problems = settings.problems()
        for name, note in self.notes.items():
            var = ENV_VARS.get(name)
            if self.edits[name].isReadOnly() and var:
                note.setText(self.tr("Set by the environment variable {var}, which wins over this setting; "
                                     "unset it to choose here.").format(var=var))
                note.setStyleSheet(_NOTE_STYLE)
            elif name in problems:
                note.setText(self.tr("This URL {problem}.").format(problem=problems[name]))
                note.setStyleSheet(_ERROR_STYLE)
            else:
                note.setText(self.edits[name].toolTip())
                note.setStyleSheet(_NOTE_STYLE)
            note.setVisible(bool(note.text()))
        if problems:
            self.summary.setText(self.tr("Fix the URL marked in red to apply."))
        else:
            connection = resolve_connection(settings, self._env)
            self.summary.setText(self.tr("{where}. The mode badge calls it “{label}”.").format(
                where=connection.describe(), label=connection.server_label))
        self.changed.emit()


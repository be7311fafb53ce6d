"""The fal key dialog: paste, show/hide, remove, where it is stored, and a test against fal.

Works through `KeyController` (jobs layer): no keyring call and no network call here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.qtsupport.key_controller import (
    KeyController,
    KeyInfo,
    KeyTestResult,
    KeyText,
    MalformedKeyError,
)

_WARN_STYLE = "QLabel { background: palette(base); border: 1px solid #d29922; border-radius: 4px; padding: 6px; }"


def describe_storage(info: KeyInfo) -> str:
    if info.loading:
        return KeyText.tr("Looking for a stored key…")
    if info.persistent:
        name = info.backend_name.removeprefix("keyring:")
        return KeyText.tr("OS keyring ({name}): kept securely between sessions.").format(name=name)
    return KeyText.tr("This session only (no OS keyring available): the key is never written to a file.")


class KeyDialog(QDialog):
    """Modal-less dialog; `reason` (e.g. "fal rejected the key (401)") is shown on top when given."""

    def __init__(self, controller: KeyController, parent: QWidget | None = None, reason: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("keyDialog")
        self.setWindowTitle(self.tr("fal key"))
        self.setAccessibleName(self.tr("fal key settings"))
        self.controller = controller
        self.setMinimumWidth(520)

        self.reason = QLabel(self)
        self.reason.setObjectName("keyReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("QLabel { color: #da3633; font-weight: 600; }")
        self.intro = QLabel(self.tr(
            "Without a key the app runs in <b>Sandbox</b> mode: free, local, simulated camera motion. "
            "With a fal key, Generate runs the real model on fal.ai and is billed to your account. "
            "Keys look like <tt>key_id:key_secret</tt>."), self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)

        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("Paste your fal key"))
        self.key_edit.setAccessibleName(self.tr("fal key"))
        self.key_edit.setToolTip(self.tr("The key is stored in the OS keyring, never in a file"))
        self.key_edit.textChanged.connect(self._update_buttons)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setObjectName("keyShow")
        self.show_button.setCheckable(True)
        self.show_button.setAccessibleName(self.tr("Show key"))
        self.show_button.setToolTip(self.tr("Show or hide the key"))
        self.show_button.toggled.connect(self._toggle_show)

        self.source_label = QLabel(self)
        self.source_label.setObjectName("keySource")
        self.source_label.setWordWrap(True)
        self.storage_label = QLabel(self)
        self.storage_label.setObjectName("keyStorage")
        self.storage_label.setWordWrap(True)
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("keyWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(_WARN_STYLE)
        self.test_label = QLabel(self)
        self.test_label.setObjectName("keyTestResult")
        self.test_label.setWordWrap(True)
        self.test_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.save_button = QPushButton(self.tr("Save key"), self)
        self.save_button.setObjectName("keySave")
        self.save_button.setToolTip(self.tr("Store the pasted key and switch to fal mode"))
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("Test key"), self)
        self.test_button.setObjectName("keyTest")
        self.test_button.setToolTip(self.tr("Ask fal whether it accepts the key (free: no job is started)"))
        self.test_button.clicked.connect(self.test)
        self.remove_button = QPushButton(self.tr("Remove key"), self)
        self.remove_button.setObjectName("keyRemove")
        self.remove_button.setToolTip(self.tr("Delete the stored key; the app goes back to Sandbox mode"))
        self.remove_button.clicked.connect(self.remove)
        for b in (self.save_button, self.test_button, self.remove_button):
            b.setAccessibleName(b.text())

        row = QHBoxLayout()
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.show_button)
        form = QFormLayout()
        form.addRow(self.tr("Key"), row)
        form.addRow(self.tr("In use"), self.source_label)
        form.addRow(self.tr("Stored in"), self.storage_label)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.test_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.warning_label)
        layout.addLayout(actions)
        layout.addWidget(self.test_label)
        layout.addWidget(close)

        self.test_label.hide()  # shown with a result only: no empty band above Close
        self.set_reason(reason)
        controller.changed.connect(self.show_info)
        controller.tested.connect(self.show_test)
        self.show_info(controller.info)

    # --- state --------------------------------------------------------------------------------

    def set_reason(self, reason: str) -> None:
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def hideEvent(self, event: QHideEvent) -> None:
        # The dialog is kept and shown again later: a "Key saved." from last time would read as news.
        super().hideEvent(event)
        self.key_edit.clear()
        self.test_label.clear()
        self.test_label.hide()

    def _set_test_text(self, text: str, style: str = "") -> None:
        self.test_label.setText(text)
        self.test_label.setStyleSheet(style)
        self.test_label.setVisible(bool(text))
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the visible rows need at the current width: no empty band after a message goes away,
        no clipped line when one appears."""
        layout = self.layout()
        if layout is None or not self.isVisible():  # before the first show Qt sizes it from the layout
            return
        layout.activate()
        width = self.width()
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        need = max(need, layout.totalMinimumSize().height())
        if need > 0 and need != self.height():
            self.resize(width, need)

    def show_info(self, info: KeyInfo) -> None:
        if info.loading:
            self.source_label.setText(self.tr("Looking for a key…"))
        elif info.from_environment:
            self.source_label.setText(self.tr(
                "{masked} from the environment variable {var}. It is used as long as no key is stored "
                "here; change it where the variable is set.").format(masked=info.masked, var=info.source))
        elif info.has_key and info.persistent:
            self.source_label.setText(self.tr("{masked} (saved in the OS keyring): fal mode").format(
                masked=info.masked))
        elif info.has_key:  # no keyring: "stored" would contradict "Stored in: This session only"
            self.source_label.setText(self.tr("{masked} (kept for this session only): fal mode").format(
                masked=info.masked))
        else:
            self.source_label.setText(self.tr("No key: Sandbox mode (free, simulated)."))
        self.storage_label.setText(describe_storage(info))
        warning = info.warning if not info.loading else None
        self.warning_label.setText(warning or "")
        self.warning_label.setVisible(bool(warning))
        self._fit_height()
        self.remove_button.setEnabled(not info.loading and info.has_key and info.source == "keyring")
        self._update_buttons()

    def _update_buttons(self) -> None:
        text = self.key_edit.text().strip()
        self.save_button.setEnabled(bool(text) and not self.controller.info.loading)
        self.test_button.setEnabled(bool(text) or self.controller.info.has_key)

    def _toggle_show(self, shown: bool) -> None:
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_button.setText(self.tr("Hide") if shown else self.tr("Show"))
        if shown and not self.key_edit.text():
            current = self.controller.reveal()
            if current and self.controller.info.source == "keyring":
                self.key_edit.setText(current)

    # --- actions ------------------------------------------------------------------------------

    def save(self) -> None:
        try:
            self.controller.set_key(self.key_edit.text())
        except MalformedKeyError as exc:
            self._set_test_text(str(exc), "QLabel { color: #da3633; }")
            return
        self.key_edit.clear()
        self._set_test_text(self.tr("Key saved."))
        self.set_reason("")

    def remove(self) -> None:
        self.controller.remove_key()
        self._set_test_text(self.tr("Key removed."))

    def test(self) -> None:
        self._set_test_text(self.tr("Testing the key with fal…"))
        self.test_button.setEnabled(False)
        self.controller.test_key(self.key_edit.text() or None)

    def show_test(self, result: KeyTestResult) -> None:
        self._set_test_text(result.message, "QLabel { color: #2ea043; }" if result.ok else "QLabel { color: #da3633; }")
        self._update_buttons()

"""The timeline panel the main window embeds: a tool row (W A S D, record, presets, speed, summary) over
the TimelineView."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from gamecraft_desktop.composer.path_model import PathDocument
from gamecraft_desktop.composer.path_recorder import Clock
from gamecraft_desktop.ui.path_menus import KEY_ORDER, action_label, build_presets_menu
from gamecraft_desktop.ui.speed_editor import SpeedEditor
from gamecraft_desktop.ui.style import style_menu_button
from gamecraft_desktop.ui.timeline.view import TimelineView


class TimelinePanel(QWidget):
    """Everything timeline-related in one widget: `view`, `speed_editor`, `record_button`,
    `presets_button` and one button per key in `key_buttons`. The view paints the summary (moves,
    frames, seconds) itself and emits it as `view.summaryChanged` for the window's own summary."""

    def __init__(self, doc: PathDocument, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        self.setAccessibleName(self.tr("Timeline panel"))
        self.view = TimelineView(doc, self, clock=clock)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.key_buttons: dict[str, QToolButton] = {}
        for action in KEY_ORDER:
            b = QToolButton(self)
            b.setObjectName(f"add_{action.value}")
            b.setText(action.key)
            tip = self.tr("Add %1 at the current speed (key %2)").replace("%1", action_label(action)) \
                .replace("%2", action.key)
            b.setToolTip(tip)
            b.setAccessibleName(self.tr("Add %1").replace("%1", action_label(action)))
            b.clicked.connect(lambda _=False, a=action: doc.append(a))
            row.addWidget(b)
            self.key_buttons[action.value] = b

        # Not setDefaultAction: the button needs its own short, state-dependent text.
        self.record_button = QToolButton(self)
        self.record_button.setObjectName("recordButton")
        self.record_button.setCheckable(True)
        self.record_button.setToolTip(self.view.record_action.toolTip())
        self.record_button.toggled.connect(self.view.set_recording)
        self.view.record_action.toggled.connect(self._sync_record_button)
        self._sync_record_button(self.view.is_recording())
        row.addWidget(self.record_button)

        self.presets_button = QToolButton(self)
        self.presets_button.setObjectName("presetsButton")
        self.presets_button.setText(self.tr("Presets"))
        self.presets_button.setToolTip(self.tr("Replace the path with a ready-made move, or append one"))
        self.presets_button.setAccessibleName(self.tr("Path presets"))
        self.presets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        style_menu_button(self.presets_button)
        self.presets_button.setMenu(build_presets_menu(doc, self.presets_button))
        row.addWidget(self.presets_button)

        self.speed_editor = SpeedEditor(doc, self)
        row.addSpacing(8)
        row.addWidget(self.speed_editor)
        row.addStretch(1)


        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.view)

    def _sync_record_button(self, on: bool) -> None:
        self.record_button.setChecked(on)
        self.record_button.setText(self.tr("■ Stop recording") if on else self.tr("● Record"))
        self.record_button.setAccessibleName(self.record_button.text().lstrip("■● "))  # the words, not the dot

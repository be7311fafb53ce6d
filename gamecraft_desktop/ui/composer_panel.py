"""The left dock: IMAGE, PROMPT and PARAMETERS stacked in one scrollable column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from gamecraft_desktop.composer.request import Composition
from gamecraft_desktop.core import defaults
from gamecraft_desktop.core.camera_path import CameraPath
from gamecraft_desktop.ui.image_drop_zone import ImageDropZone
from gamecraft_desktop.ui.parameters_panel import ParametersPanel
from gamecraft_desktop.ui.prompt_editor import PromptEditor

if TYPE_CHECKING:
    from gamecraft_desktop.composer.image_loader import ImageLoader
    from gamecraft_desktop.core.project import Project


class ComposerPanel(QScrollArea):
    """Emits `changed` whenever anything that goes into a request changes."""

    changed = Signal()

    def __init__(self, loader: ImageLoader | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("composerPanel")
        self.setAccessibleName(self.tr("Image, prompt and parameters"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # A container, not a control: Tab goes straight to its children (it still scrolls to the focused one).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.drop_zone = ImageDropZone(loader, self)
        self.prompt_editor = PromptEditor(self)
        self.parameters = ParametersPanel(self)
        body = QWidget(self)
        body.setObjectName("composerBody")
        lay = QVBoxLayout(body)
        lay.setContentsMargins(8, 6, 8, 8)
        lay.setSpacing(6)
        for title, widget in ((self.tr("Image"), self.drop_zone), (self.tr("Prompt"), self.prompt_editor),
                              (self.tr("Parameters"), self.parameters)):
            lay.addWidget(self._heading(title, body))
            lay.addWidget(widget)
            lay.addSpacing(6)
        lay.addStretch(1)
        self.setWidget(body)
        # A usable width even when a saved layout or a drag asks for less (a 55 px panel was restored).
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.drop_zone.image_changed.connect(self.changed)
        self.drop_zone.busy_changed.connect(self.changed)
        self.prompt_editor.changed.connect(self.changed)
        self.parameters.changed.connect(self.changed)
        self.parameters.cfg.valueChanged.connect(self.prompt_editor.set_cfg_scale)
        self.prompt_editor.set_cfg_scale(self.parameters.cfg.value())

    @staticmethod
    def _heading(text: str, parent: QWidget) -> QLabel:
        label = QLabel(text.upper(), parent)
        f = QFont(label.font())
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 0.9)
        f.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        label.setFont(f)
        label.setAccessibleName(text)
        return label

    def composition(self, path: CameraPath) -> Composition:
        image = self.drop_zone.current()
        p = self.parameters
        return Composition(
            image_path=image.path if image else None,
            image_sha256=image.sha256 if image else None,
            prompt=self.prompt_editor.text(),
            neg_prompt=self.prompt_editor.negative(),
            path=path,
            cfg_scale=p.cfg.value(),
            infer_steps=p.steps.value(),
            seed=p.seed_value(),
            endpoint=p.endpoint_text(),
            priority=p.priority_value(),
            start_timeout_s=p.start_timeout_s(),
            endpoint_error=p.endpoint_problem(),
            image_busy=self.drop_zone.busy,
            seed_error=p.seed_problem(),
            image_size=(image.width, image.height) if image else None,
        )

    def reset_fields(self) -> None:
        """Every field back to the endpoint's defaults (the image is left alone)."""
        self.prompt_editor.set_texts(defaults.DEFAULT_PROMPT, defaults.DEFAULT_NEG_PROMPT)
        self.parameters.set_values(cfg_scale=defaults.DEFAULT_CFG_SCALE, infer_steps=defaults.DEFAULT_INFER_STEPS,
                                   seed=defaults.DEFAULT_SEED, endpoint=defaults.ENDPOINT_ID, priority="normal",
                                   start_timeout_s=None)
        self.parameters.advanced_toggle.setChecked(False)

    def apply_project(self, project: Project) -> None:
        """Load every field except the image (the project controller checks that first)."""
        self.prompt_editor.set_texts(project.prompt, project.neg_prompt)
        self.parameters.set_values(cfg_scale=project.cfg_scale, infer_steps=project.infer_steps, seed=project.seed,
                                   endpoint=project.endpoint, priority=project.priority,
                                   start_timeout_s=project.start_timeout_s)

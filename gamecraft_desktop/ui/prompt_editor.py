"""The PROMPT panel: the prompt (required), its word count and length warning, the negative prompt."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.core.defaults import DEFAULT_NEG_PROMPT, PROMPT_WORD_WARNING, prompt_warnings
from gamecraft_desktop.ui.accessibility import describe_label
from gamecraft_desktop.ui.icons import icon
from gamecraft_desktop.ui.style import set_invalid, set_role


class _PlainEdit(QPlainTextEdit):
    """Tab moves focus (a prompt never needs a tab character); plain text only."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        # Ctrl+Enter belongs to the Generate action, not a new line.
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            e.ignore()
            return
        super().keyPressEvent(e)


# QTextDocument's default margin, which the prompt edits keep. Asking the edit's document for it would load
# PySide's QTextDocument type before the first frame (~1 ms of start-up) for a constant.
DOCUMENT_MARGIN = 4


def _lines_height(edit: QPlainTextEdit, lines: int) -> int:
    """Height for `lines` lines of text in the edit's font (follows font size and scale)."""
    m = edit.contentsMargins()
    return edit.fontMetrics().lineSpacing() * lines + 2 * DOCUMENT_MARGIN + m.top() + m.bottom() + 4


class PromptEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._cfg = 2.0
        self.prompt = _PlainEdit(self)
        self.prompt.setObjectName("promptEdit")
        self.prompt.setAccessibleName(self.tr("Prompt"))
        self.prompt.setAccessibleDescription(self.tr("Required. Describe the scene the camera moves through."))
        self.prompt.setToolTip(self.tr("Required: describe the scene (the model reads about 200 words)"))
        self.prompt.setPlaceholderText(self.tr("Describe the scene, e.g. “A medieval village street at dusk, "
                                               "lanterns, cobblestones”"))
        self.prompt.setFixedHeight(_lines_height(self.prompt, 4))
        self.prompt_label = QLabel(self.tr("Pro&mpt (required)"), self)
        self.prompt_label.setBuddy(self.prompt)
        self.word_count = QLabel(self)
        describe_label(self.word_count, self.tr("Prompt word count"))
        self.word_count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Neutral until the person has typed in or left the prompt, or asked to generate: a first start
        # should not greet anyone with a red error. Generate's tooltip and the check list say why it is off.
        self._touched = False
        self._loading = False
        self.required = QLabel(self)
        self.required.setObjectName("promptRequired")
        describe_label(self.required, self.tr("Prompt required"))
        self.required.setWordWrap(True)
        self.length_warning = QLabel(self)
        self.length_warning.setWordWrap(True)
        describe_label(self.length_warning, self.tr("Prompt length warning"))
        set_role(self.length_warning, "warning")

        self.neg_prompt = _PlainEdit(self)
        self.neg_prompt.setAccessibleName(self.tr("Negative prompt"))
        self.neg_prompt.setToolTip(self.tr("What the model should avoid (used only when CFG scale is above 1)"))
        self.neg_prompt.setPlainText(DEFAULT_NEG_PROMPT)
        self.neg_prompt.setFixedHeight(_lines_height(self.neg_prompt, 3))  # rarely edited: scrolls
        self.neg_label = QLabel(self.tr("&Negative prompt"), self)
        self.neg_label.setBuddy(self.neg_prompt)
        self.reset_neg = QToolButton(self)
        self.reset_neg.setIcon(icon("reset"))
        self.reset_neg.setText(self.tr("Reset"))
        self.reset_neg.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.reset_neg.setAccessibleName(self.tr("Reset negative prompt"))
        self.reset_neg.setToolTip(self.tr("Restore the endpoint's default negative prompt"))
        self.reset_neg.clicked.connect(self.reset_negative)
        self.cfg_note = QLabel(self.tr("CFG scale is 1, so the negative prompt has no effect."), self)
        self.cfg_note.setWordWrap(True)
        describe_label(self.cfg_note, self.tr("Negative prompt note"))
        set_role(self.cfg_note, "note")

        head = QHBoxLayout()
        head.addWidget(self.prompt_label)
        head.addStretch(1)
        head.addWidget(self.word_count)
        neg_head = QHBoxLayout()
        neg_head.addWidget(self.neg_label)
        neg_head.addStretch(1)
        neg_head.addWidget(self.reset_neg)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addWidget(self.prompt)
        lay.addWidget(self.required)
        lay.addWidget(self.length_warning)
        lay.addLayout(neg_head)
        lay.addWidget(self.neg_prompt)
        lay.addWidget(self.cfg_note)

        self.prompt.textChanged.connect(self._on_prompt_edited)
        self.prompt.installEventFilter(self)
        self.neg_prompt.textChanged.connect(self._update)
        self._update()

    # --- API ------------------------------------------------------------------------------------

    def text(self) -> str:
        return self.prompt.toPlainText()

    def negative(self) -> str:
        return self.neg_prompt.toPlainText()

    def set_texts(self, prompt: str, negative: str) -> None:
        """Programmatic (new or opened project): the prompt counts as untouched again."""
        self._loading, self._touched = True, False
        try:
            self.prompt.setPlainText(prompt)
            self.neg_prompt.setPlainText(negative)
        finally:
            self._loading = False
        self._update()

    def is_touched(self) -> bool:
        return self._touched

    def show_problems(self) -> None:
        """Show a missing prompt as an error now (e.g. Generate was attempted)."""
        if not self._touched:
            self._touched = True
            self._update()

    def reset_negative(self) -> None:
        self.neg_prompt.setPlainText(DEFAULT_NEG_PROMPT)

    def set_cfg_scale(self, cfg: float) -> None:
        self._cfg = cfg
        self._update_cfg_note()

    # --- internals ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.prompt and event.type() == QEvent.Type.FocusOut:
            self.show_problems()  # left the prompt: now a blank one is an error
        return super().eventFilter(watched, event)

    def _on_prompt_edited(self) -> None:
        if not self._loading:
            self._touched = True
        self._update()

    def _update(self) -> None:
        text = self.text()
        words = len(text.split())
        self.word_count.setText(self.tr("%n word(s)", "", words))
        blank = not text.strip()
        error = blank and self._touched
        self.required.setVisible(blank)
        if self.required.property("role") != ("error" if error else "note"):
            self.required.setText(self.tr("A prompt is required.") if error
                                  else self.tr("Describe the scene to enable Generate."))
            set_role(self.required, "error" if error else "note")
        set_invalid(self.prompt, error)
        warnings = prompt_warnings(text, 1)  # seed warnings live in the parameters panel
        self.length_warning.setText(" ".join(warnings))
        self.length_warning.setVisible(bool(warnings))
        self.word_count.setProperty("over", words > PROMPT_WORD_WARNING)
        self.reset_neg.setEnabled(self.negative() != DEFAULT_NEG_PROMPT)
        self._update_cfg_note()
        self.changed.emit()

    def _update_cfg_note(self) -> None:
        self.cfg_note.setVisible(self._cfg <= 1.0)


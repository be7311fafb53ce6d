"""'Before paying': what is wrong or worth a second look, the summary line, Copy request as ▸, Generate."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gamecraft_desktop.composer.request import CompositionCheck
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts
from gamecraft_desktop.ui.accessibility import announce, describe_label
from gamecraft_desktop.ui.icons import icon, icon_path
from gamecraft_desktop.ui.style import set_role, style_menu_button, style_primary

#: (key, menu title) of each "Copy request as" format (language names: a translation may add words).
CODE_FORMATS: tuple[tuple[str, str], ...] = (
    ("python_httpx", QT_TRANSLATE_NOOP("CodeFormats", "Python (httpx)")),
    ("python_fal_client", QT_TRANSLATE_NOOP("CodeFormats", "Python (fal-client)")),
    ("javascript", QT_TRANSLATE_NOOP("CodeFormats", "JavaScript (@fal-ai/client)")),
    ("curl", QT_TRANSLATE_NOOP("CodeFormats", "cURL")),
)
CodeFormats = Texts("CodeFormats")


def code_format_title(title: str) -> str:
    """A CODE_FORMATS title as the menu shows it."""
    return CodeFormats.tr(title)


def _escape(text: str) -> str:
    """Text for Qt's rich text (html.escape's rules; its module loads a 2,000-entry table at start-up)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#x27;"))


class ValidationSummary(QLabel):
    """Errors first (they block Generate), then warnings; a green line when all is well; then the estimate of
    a run on fal (time, cost, what it is based on). One label in the scroll area, so nothing is ever cut off
    on a small window: it scrolls instead."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("validationSummary")
        self.setAccessibleDescription(self.tr("Problems before generating"))
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # In a scroll area that may be taller than the text: the first problem goes at the top.
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._errors: list[str] = []
        self._warnings: list[str] = []
        self._announced: list[str] | None = None
        self._estimate: tuple[list[str], str, str, str] = ([], "", "", "")  # lines, note, tooltip, warning

    def show_check(self, check: CompositionCheck) -> None:
        self._errors, self._warnings = list(check.errors), list(check.warnings)
        self._render()

    def set_estimate(self, lines: list[str], note: str = "", tooltip: str = "", warning: str = "") -> None:
        """The estimate: `lines` (time, cost), a `warning` (over a limit), then `note` (what it is based on)
        in the quieter placeholder colour. No lines: no estimate."""
        self._estimate = (list(lines), note, tooltip, warning)
        self._render()

    def estimate_text(self) -> str:
        """The estimate as plain lines (what a screen reader and the tests read)."""
        lines, note, _tip, warning = self._estimate
        return "\n".join([*lines, *([warning] if warning and lines else []), *([note] if note and lines else [])])

    def _render(self) -> None:
        size = max(12, self.fontMetrics().height() - 2)
        rows = [self._row("error", e, size) for e in self._errors]
        rows += [self._row("warning", w, size) for w in self._warnings]
        if not rows:
            rows = [self._row("ok", self.tr("Ready to generate."), size)]
        tip = "\n".join(self._errors + self._warnings) or self.tr("Ready to generate.")
        text = "<br>".join(rows)
        lines, note, details, warning = self._estimate
        if lines:
            est = [_escape(line) for line in lines]
            if warning:
                est.append(self._row("warning", warning, size))
            if note:
                muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
                est.append(f'<i style="color: {muted}">{_escape(note)}</i>')
            # A little space, not a whole empty line: the dock is short and every line counts.
            text = f'<div>{text}</div><div style="margin-top: 4px">{"<br>".join(est)}</div>'
            tip += "\n\n" + details
        self.setText(text)
        self.setToolTip(tip)
        # The icons say error or warning to the eye; the spoken text says it in words, and a new error is
        # announced (not the first check's: that is the window starting, not news).
        spoken = [self.tr("Error: %1").replace("%1", e) for e in self._errors]
        spoken += [self.tr("Warning: %1").replace("%1", w) for w in self._warnings]
        self.setAccessibleName("\n".join([*(spoken or [self.tr("Ready to generate.")]), self.estimate_text()]).strip())
        fresh = [e for e in self._errors if self._announced is not None and e not in self._announced]
        if fresh:
            announce(self, "\n".join(self.tr("Error: %1").replace("%1", e) for e in fresh))
        self._announced = list(self._errors)

    @staticmethod
    def _row(kind: str, text: str, size: int) -> str:
        return (f'<img src="{_escape(icon_path(kind))}" width="{size}" height="{size}" '
                f'style="vertical-align: middle"> {_escape(text)}')

    def errors(self) -> list[str]:
        return list(self._errors)

    def warnings(self) -> list[str]:
        return list(self._warnings)


class ProblemsScroll(QScrollArea):
    """Holds the validation summary: as tall as its text when there is room, else at least one line high
    and scrolling vertically, so no problem is ever hidden behind the buttons below it."""

    def __init__(self, summary: ValidationSummary, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("problemsScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the text wraps instead
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # Not a stop in the Tab order: the label's text is the accessible content, and the Generate tooltip
        # lists every error too.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        summary.setContentsMargins(0, 0, 4, 0)  # keeps the text off the scroll bar when it shows
        # Our own viewport, not self.viewport(): wrapping Qt's C++-made one makes PySide resolve every lazy
        # QWidget subclass to find its type (~15 ms of enum building before the first frame).
        viewport = QWidget(self)
        self.setViewport(viewport)
        self.setWidget(summary)
        viewport.setAutoFillBackground(False)  # the bar's own background shows through
        summary.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:
        # QScrollArea's own hint uses the label's unwrapped size hint; ask for the wrapped height at our width.
        widget = self.widget()
        width = max(1, self.width())
        return QSize(width, widget.heightForWidth(width) if widget is not None else 0)

    def minimumSizeHint(self) -> QSize:
        widget = self.widget()
        line = widget.fontMetrics().lineSpacing() if widget is not None else self.fontMetrics().lineSpacing()
        return QSize(0, line + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the wrapped height depends on the width


class GenerateBar(QWidget):
    """Sits at the right end of the timeline dock. Owns no logic: the main window feeds it checks."""

    def __init__(self, generate_action: QAction, copy_menu: QMenu, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("generateBar")
        self.summary = ValidationSummary(self)
        self.problems = ProblemsScroll(self.summary, self)
        self.summary_line = QLabel(self)
        self.summary_line.setObjectName("summaryLine")
        bold = self.summary_line.font()
        bold.setBold(True)
        self.summary_line.setFont(bold)
        describe_label(self.summary_line, self.tr("Request summary"))
        self.summary_line.setToolTip(self.tr("What one generation produces"))
        self.summary_line.setWordWrap(True)
        self.copy_button = QToolButton(self)
        self.copy_button.setIcon(icon("copy"))
        self.copy_button.setText(self.tr("Copy request as"))
        self.copy_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        style_menu_button(self.copy_button)
        self.copy_button.setMenu(copy_menu)
        self.copy_button.setAccessibleName(self.tr("Copy request as code"))
        self.copy_button.setToolTip(self.tr("Copy the exact request as Python, JavaScript or cURL ($FAL_KEY, "
                                            "never your key)"))
        self.generate_button = QToolButton(self)
        self.generate_button.setObjectName("generateButton")
        style_primary(self.generate_button)
        self.generate_button.setDefaultAction(generate_action)
        self.generate_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.generate_button.setMinimumHeight(34)
        f = self.generate_button.font()
        f.setBold(True)
        self.generate_button.setFont(f)

        # "Continue from the last frame": which job the next Generate continues (hidden otherwise).
        self.continue_note = QLabel(self)
        self.continue_note.setObjectName("continueNote")
        describe_label(self.continue_note, self.tr("Continues"))
        self.continue_note.setWordWrap(True)
        set_role(self.continue_note, "note")
        self.continue_note.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.generate_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.addWidget(self.summary_line)
        lay.addWidget(self.problems)
        lay.addWidget(self.continue_note)
        lay.addStretch(1)
        lay.addLayout(buttons)

    def set_continue_note(self, text: str) -> None:
        """Say which job the next Generate continues ("" hides it)."""
        self.continue_note.setText(text)
        self.continue_note.setVisible(bool(text))

    def set_estimate(self, lines: list[str], note: str = "", tooltip: str = "", warning: str = "") -> None:
        """What a Generate on fal is expected to take and cost (no lines: none), below the checks."""
        self.summary.set_estimate(lines, note, tooltip, warning)
        self.problems.updateGeometry()

    def show_check(self, check: CompositionCheck) -> None:
        self.summary.show_check(check)
        self.summary_line.setText(check.summary)
        self.problems.updateGeometry()  # a new number of lines: ask the layout for a new height

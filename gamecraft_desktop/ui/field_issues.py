"""fal refused the input (422): each message shown in place, right under the control it is about, until that
control is edited.

The job manager reports `FieldIssue`s with fal's wire names (`loc: ["body", <field>]`); `mark_field_issues`
maps them to the composer's controls and inserts an error label into the control's own layout (the nearest
vertical one: a form row below a form field, a line below a text box). Editing the control removes it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QBoxLayout, QFormLayout, QLabel, QLayout, QScrollArea, QWidget

from gamecraft_desktop.core.schema import FieldIssue
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP, Texts
from gamecraft_desktop.ui.accessibility import describe_label
from gamecraft_desktop.ui.style import set_role

#: Wire name → what a person calls it (the label's accessible description says which control was refused).
FIELD_TITLES = {
    "prompt": QT_TRANSLATE_NOOP("FieldIssues", "Prompt"), "neg_prompt": QT_TRANSLATE_NOOP("FieldIssues",
                                                                                         "Negative prompt"),
    "image": QT_TRANSLATE_NOOP("FieldIssues", "Image"), "action_list": QT_TRANSLATE_NOOP("FieldIssues", "Camera path"),
    "action_speed_list": QT_TRANSLATE_NOOP("FieldIssues", "Camera path speeds"),
    "cfg_scale": QT_TRANSLATE_NOOP("FieldIssues", "CFG scale"), "infer_steps": QT_TRANSLATE_NOOP("FieldIssues", "Steps"),
    "seed": QT_TRANSLATE_NOOP("FieldIssues", "Seed"),
}
FieldIssues = Texts("FieldIssues")


@dataclass(frozen=True)
class FieldTarget:
    """Where a field's message goes (`control`) and what counts as editing it (`edited`)."""

    control: QWidget
    edited: SignalInstance


def window_targets(window: Any) -> dict[str, FieldTarget]:
    """The main window's control for each wire field name."""
    composer = window.composer
    prompt, params = composer.prompt_editor, composer.parameters
    timeline = getattr(window, "timeline", None)
    targets = {
        "prompt": FieldTarget(prompt.prompt, prompt.prompt.textChanged),
        "neg_prompt": FieldTarget(prompt.neg_prompt, prompt.neg_prompt.textChanged),
        "image": FieldTarget(composer.drop_zone, composer.drop_zone.image_changed),
        "cfg_scale": FieldTarget(params.cfg, params.cfg.valueChanged),
        "infer_steps": FieldTarget(params.steps, params.steps.valueChanged),
        "seed": FieldTarget(params.seed, params.seed.textChanged),
    }
    if timeline is not None:
        path_view = getattr(timeline, "view", timeline)
        targets["action_list"] = FieldTarget(path_view, window.doc.pathChanged)
        targets["action_speed_list"] = FieldTarget(path_view, window.doc.pathChanged)
    return targets


class FieldIssueLabel(QLabel):
    """The server's message under one control; removes itself when the control is edited."""

    def __init__(self, field: str, message: str, target: FieldTarget) -> None:
        super().__init__(message, target.control.parentWidget())
        title = FieldIssues.tr(FIELD_TITLES[field]) if field in FIELD_TITLES else field
        self.field = field
        self.setObjectName(f"fieldIssue_{field}")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # The name stays fal's message (what is shown); the description says which control it is about.
        describe_label(self, self.tr("{title}: refused by fal").format(title=title))
        self.setToolTip(self.tr("fal refused this input ({field}). Edit it to clear this message.").format(
            field=field))
        set_role(self, "error")
        self._edited = target.edited
        self._edited.connect(self.clear)

    def clear(self, *_: object) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self._edited.disconnect(self.clear)
        self.hide()
        self.deleteLater()


def _contains(layout: QLayout, widget: QWidget) -> bool:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget or (item.layout() is not None and _contains(item.layout(), widget)):
            return True
    return False


def _vertical(layout: QLayout) -> bool:
    return isinstance(layout, QFormLayout) or (
        isinstance(layout, QBoxLayout) and layout.direction() in (QBoxLayout.Direction.TopToBottom,
                                                                  QBoxLayout.Direction.BottomToTop))


def _slot(layout: QLayout, widget: QWidget) -> tuple[QLayout, int] | None:
    """The deepest vertical layout holding `widget` (directly or in a nested row), and the item's index."""
    for i in range(layout.count()):
        item = layout.itemAt(i)
        nested = item.layout()
        if nested is not None and _contains(nested, widget):
            deeper = _slot(nested, widget)
            if deeper is not None:
                return deeper
            return (layout, i) if _vertical(layout) else None
        if item.widget() is widget:
            return (layout, i) if _vertical(layout) else None
    return None


def _insert_below(control: QWidget, label: QLabel) -> bool:
    parent = control.parentWidget()
    root = parent.layout() if parent is not None else None
    found = _slot(root, control) if root is not None else None
    if found is None:
        return False
    layout, index = found
    if isinstance(layout, QFormLayout):
        row, _role = layout.getItemPosition(index)
        layout.insertRow(row + 1, label)
    elif isinstance(layout, QBoxLayout):
        layout.insertWidget(index + 1, label)
    else:
        return False
    return True


def mark_field_issues(window: Any, issues: Iterable[FieldIssue],
                      targets: Callable[[Any], dict[str, FieldTarget]] = window_targets) -> list[FieldIssueLabel]:
    """Replace the window's current field-issue labels by one per known field in `issues` (unknown fields are
    left to the status bar). Returns the labels shown; the first one is scrolled into view."""
    for old in window.findChildren(FieldIssueLabel):
        old.clear()
    by_field = targets(window)
    shown: list[FieldIssueLabel] = []
    messages: dict[str, list[str]] = {}
    for issue in issues:
        if issue.field in by_field and issue.message not in messages.get(issue.field, []):
            messages.setdefault(issue.field, []).append(issue.message)
    for field, texts in messages.items():
        target = by_field[field]
        label = FieldIssueLabel(field, "\n".join(texts), target)
        if _insert_below(target.control, label):
            label.show()
            shown.append(label)
        else:
            label.deleteLater()
    if shown:
        scroll = _scroll_area_of(shown[0])
        if scroll is not None:
            scroll.ensureWidgetVisible(shown[0])
    return shown


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, QScrollArea):
            return w
        w = w.parentWidget()
    return None

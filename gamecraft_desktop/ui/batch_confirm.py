"""The question before a paid batch: Generate ×N on fal starts N billed jobs with one click.

The answer can be "don't ask again" (kept in the settings; the sandbox is free and never asks).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from gamecraft_desktop.core.texts import Texts
from gamecraft_desktop.ui.app_settings import open_settings

#: The question's words (core/texts.py: the name is the translation context).
BatchQuestion = Texts("BatchQuestion")

KEY_SKIP_PAID_BATCH = "confirm/skip_paid_batch"


def paid_batch_box(parent: QWidget | None, runs: int, seeds: str, summary: str) -> QMessageBox:
    """The question, not yet shown (tests look at it without blocking)."""
    box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.NoButton, parent)
    box.setWindowTitle(BatchQuestion.tr("Start %n paid job(s)?", "", runs))
    box.setObjectName("paidBatchQuestion")
    box.setText(BatchQuestion.tr("Generate ×{n} starts %n job(s) on fal ({seeds}). Each one is billed.", "",
                                 runs).format(n=runs, seeds=seeds))
    box.setInformativeText(summary)
    start = box.addButton(BatchQuestion.tr("Start %n job(s)", "", runs), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(start)
    check = QCheckBox(BatchQuestion.tr("Don't ask again for batches"), box)
    check.setObjectName("dontAskAgain")
    box.setCheckBox(check)
    return box


def confirm_paid_batch(parent: QWidget | None, runs: int, seeds: str, summary: str) -> bool:
    """Ask before starting `runs` > 1 billed jobs, unless the person said not to ask again."""
    if runs <= 1 or open_settings().value(KEY_SKIP_PAID_BATCH, False, type=bool):
        return True
    box = paid_batch_box(parent, runs, seeds, summary)
    box.exec()
    accepted = box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole
    if accepted and box.checkBox().isChecked():
        remember_skip()
    return accepted


def remember_skip() -> None:
    settings = open_settings()
    settings.setValue(KEY_SKIP_PAID_BATCH, True)
    settings.sync()

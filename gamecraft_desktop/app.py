"""Composition root: builds the services, injects them and starts the window."""

from __future__ import annotations

import sys


def run_gui(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    label = QLabel("GameCraft Desktop")
    label.show()
    return app.exec()

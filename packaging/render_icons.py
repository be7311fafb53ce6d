"""Render resources/icons/app.svg to the hicolor PNG sizes: render_icons.py OUT_DIR.

Writes OUT_DIR/hicolor/scalable/apps/APP_ID.svg and OUT_DIR/hicolor/NxN/apps/APP_ID.png.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from gamecraft_desktop import APP_ID
from gamecraft_desktop.resources import resource

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main(out_dir: Path) -> int:
    app = QGuiApplication.instance() or QGuiApplication([])
    svg = resource("icons", "app.svg")
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"cannot read {svg}", file=sys.stderr)
        return 1
    scalable = out_dir / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable / f"{APP_ID}.svg")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_dir / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target / f"{APP_ID}.png")):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("icons")))

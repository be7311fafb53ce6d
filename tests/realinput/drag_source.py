"""A tiny drag source for real XDND drags: a window that, when the mouse is pressed on it, starts a drag of
the file given on the command line (a file:// URI, as a file manager offers it)."""

import sys

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QApplication, QLabel


class Source(QLabel):
    def __init__(self, path: str) -> None:
        super().__init__(f"drag me: {path}")
        self._path = path
        self.setWindowTitle("gamecraft-test-drag-source")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.resize(260, 120)

    def mousePressEvent(self, event) -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(self._path)])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


app = QApplication(sys.argv)
source = Source(sys.argv[1])
source.move(0, 0)
source.show()
print("READY", flush=True)
app.exec()

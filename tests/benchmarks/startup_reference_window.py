"""The start-up benchmark's floor: the main window's first frame rebuilt with PySide6 alone.

Same docks, menus, corner widgets, form controls, icons, and two custom-painted views (a path map and a
timeline) as gamecraft-desktop's first frame, but none of the project's code: no models, no validation, no
settings, no project or path logic. Whatever this costs over the bare QMainWindow is what the window's Qt
content costs by itself; bench_startup.py runs it beside the app and the bare window.

Prints "GAMECRAFT_WINDOW_EXPOSED <unix time>" on the first Expose, like the other two children.
"""

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

MARK = "GAMECRAFT_WINDOW_EXPOSED"
ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def icon(name: str) -> QIcon:
    return QIcon(str(ICONS / f"{name}.svg"))


class PathMap(QWidget):
    """A grid, four coloured segments with arrow heads, start/end markers, an FOV wedge and a scale bar."""

    def paintEvent(self, event: QEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        for x in range(0, self.width(), 180):
            p.drawLine(x, 0, x, self.height())
        for y in range(30, self.height(), 180):
            p.drawLine(0, y, self.width(), y)
        cx, cy = self.width() / 2, self.height() * 0.8
        points = [QPointF(cx, cy), QPointF(cx, cy - 180), QPointF(cx, cy), QPointF(cx + 180, cy),
                  QPointF(cx, cy)]
        for i, colour in enumerate(("#a0522d", "#4682b4", "#8e44ad", "#27ae60")):
            p.setPen(QPen(QColor(colour), 2))
            p.drawLine(points[i], points[i + 1])
            mid = (points[i] + points[i + 1]) / 2
            head = QPainterPath(mid)
            head.lineTo(mid + QPointF(-5, -8))
            head.lineTo(mid + QPointF(5, -8))
            head.closeSubpath()
            p.fillPath(head, QColor(colour))
        wedge = QPainterPath(QPointF(cx, cy))
        wedge.arcTo(QRectF(cx - 20, cy - 20, 40, 40), 45, 90)
        wedge.closeSubpath()
        p.fillPath(wedge, QColor(240, 128, 80, 90))
        p.setPen(QPen(QColor("#c0392b"), 2))
        p.drawRect(QRectF(cx - 6, cy - 6, 12, 12))
        p.setPen(pal.color(QPalette.ColorRole.Text))
        p.drawText(QPointF(cx + 10, cy + 16), "Start · End")
        p.drawLine(14, self.height() - 14, 194, self.height() - 14)
        p.drawText(QPointF(200, self.height() - 10), "0.2 speed units")
        p.end()


class Timeline(QWidget):
    """A ruler with second marks and four rounded key blocks with their speed."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(90)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def paintEvent(self, event: QEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        p.setPen(pal.color(QPalette.ColorRole.Text))
        for i in range(4):
            p.drawText(QPointF(12 + i * 105, 14), f"{2 * i} s")
        bold = QFont(self.font())
        bold.setBold(True)
        for i, (key, colour) in enumerate(zip("WSDA", ("#bcd7f5", "#f5d5bc", "#e3bcf5", "#bcf5cc"), strict=True)):
            rect = QRectF(10 + i * 72, 24, 68, 52)
            p.setBrush(QColor(colour))
            p.setPen(QPen(QColor(colour).darker(140), 1))
            p.drawRoundedRect(rect, 4, 4)
            p.setPen(pal.color(QPalette.ColorRole.Text))
            p.setFont(bold)
            p.drawText(rect.adjusted(0, 6, 0, -24), Qt.AlignmentFlag.AlignCenter, key)
            p.setFont(self.font())
            p.drawText(rect.adjusted(0, 26, 0, -4), Qt.AlignmentFlag.AlignCenter, "0.20")
        p.end()


def heading(text: str) -> QLabel:
    label = QLabel(text.upper())
    f = QFont(label.font())
    f.setBold(True)
    f.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    label.setFont(f)
    return label


def composer() -> QScrollArea:
    body = QWidget()
    lay = QVBoxLayout(body)
    lay.addWidget(heading("Image"))
    drop = QLabel("Drop an image here\nor paste one (Ctrl+V)")
    drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
    drop.setFrameShape(QFrame.Shape.StyledPanel)
    drop.setMinimumHeight(120)
    lay.addWidget(drop)
    info = QLabel("No image yet. The model uses a 1216×704 crop of it.")
    info.setWordWrap(True)
    lay.addWidget(info)
    row = QHBoxLayout()
    for text, name in (("Open…", "open-image"), ("Paste", "paste")):
        button = QPushButton(icon(name), text)
        row.addWidget(button)
    lay.addLayout(row)
    lay.addWidget(heading("Prompt"))
    top = QHBoxLayout()
    top.addWidget(QLabel("Prompt (required)"))
    top.addStretch(1)
    top.addWidget(QLabel("0 words"))
    lay.addLayout(top)
    prompt = QPlainTextEdit()
    prompt.setPlaceholderText("Describe the scene, e.g. “A medieval village street at dusk, lanterns, cobblestones”")
    prompt.setMaximumHeight(70)
    lay.addWidget(prompt)
    note = QLabel("Describe the scene to enable Generate.")
    note.setWordWrap(True)
    lay.addWidget(note)
    neg_row = QHBoxLayout()
    neg_row.addWidget(QLabel("Negative prompt"))
    neg_row.addStretch(1)
    reset = QPushButton(icon("reset"), "Reset")
    reset.setEnabled(False)
    neg_row.addWidget(reset)
    lay.addLayout(neg_row)
    negative = QPlainTextEdit("overexposed, low quality, deformation, a poor composition, bad hands, bad teeth, "
                              "bad eyes, bad limbs, distortion, blurring, text, subtitles, static, picture, "
                              "black border.")
    negative.setMaximumHeight(56)
    lay.addWidget(negative)
    lay.addWidget(heading("Parameters"))
    form = QFormLayout()
    cfg = QDoubleSpinBox()
    cfg.setRange(1.0, 20.0)
    cfg.setValue(2.0)
    form.addRow("CFG scale", cfg)
    steps = QSpinBox()
    steps.setRange(1, 100)
    steps.setValue(5)
    form.addRow("Steps", steps)
    seed_row = QHBoxLayout()
    seed_row.addWidget(QLineEdit("42"))
    dice = QToolButton()
    dice.setIcon(icon("dice"))
    seed_row.addWidget(dice)
    form.addRow("Seed", seed_row)
    form.addRow("Endpoint", QLineEdit("anthonywu/gamecraft"))
    lay.addLayout(form)
    advanced = QToolButton()
    advanced.setText("Advanced")
    advanced.setArrowType(Qt.ArrowType.RightArrow)
    advanced.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    advanced.setAutoRaise(True)
    lay.addWidget(advanced)
    hidden = QWidget()
    hidden_form = QFormLayout(hidden)
    priority = QComboBox()
    priority.addItems(["normal", "low"])
    hidden_form.addRow("Priority", priority)
    hidden_form.addRow("Start timeout", QSpinBox())
    hidden.setVisible(False)
    lay.addWidget(hidden)
    lay.addStretch(1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    return area


def timeline_area() -> QWidget:
    area = QWidget()
    row = QHBoxLayout(area)
    left = QVBoxLayout()
    tools = QHBoxLayout()
    for key in "WASD":
        tools.addWidget(QPushButton(key))
    tools.addWidget(QPushButton("● Record"))
    presets = QToolButton()
    presets.setText("Presets")
    presets.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    presets.setMenu(QMenu(presets))
    tools.addWidget(presets)
    tools.addWidget(QLabel("Speed"))
    speed = QDoubleSpinBox()
    speed.setValue(0.2)
    tools.addWidget(speed)
    tools.addStretch(1)
    left.addLayout(tools)
    summary = QHBoxLayout()
    summary.addWidget(QLabel("<b>4 moves · 132 frames · 5.5 s</b>"))
    summary.addStretch(1)
    summary.addWidget(QLabel("New moves: speed 0.20"))
    left.addLayout(summary)
    left.addWidget(Timeline())
    row.addLayout(left, 1)
    bar = QVBoxLayout()
    bar.addWidget(QLabel("<b>4 moves · 132 frames · 5.5 s · output 1216×704 @ 24 fps · seed 42</b>"))
    for text in ("An image is required: drop, paste or open one.", "A prompt is required: describe the scene."):
        line = QHBoxLayout()
        mark = QLabel()
        mark.setPixmap(icon("error").pixmap(12, 12))
        line.addWidget(mark)
        line.addWidget(QLabel(text), 1)
        bar.addLayout(line)
    buttons = QHBoxLayout()
    copy = QToolButton()
    copy.setText("Copy request as")
    copy.setIcon(icon("copy"))
    copy.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    copy.setMenu(QMenu(copy))
    copy.setEnabled(False)
    buttons.addWidget(copy)
    generate = QPushButton(icon("generate"), "Generate")
    generate.setEnabled(False)
    buttons.addWidget(generate)
    bar.addLayout(buttons)
    row.addLayout(bar)
    return area


def build_menus(window: QMainWindow) -> None:
    menus = {
        "&File": ["&New Project", "&Open Project…", "Recent &Projects", "&Save", "Save &As…", "Open &Image…",
                  "Recent I&mages", "&Quit"],
        "&Edit": ["&Undo", "&Redo", "&Paste Image", "Cu&t", "&Copy", "&Delete", "Select &All"],
        "&Path": ["Add &W", "Add &A", "Add &S", "Add &D", "&Record", "P&resets", "Speed &Up", "Speed D&own",
                  "&Clear"],
        "&Generate": ["&Generate", "&Copy Request As", "Set fal &Key…", "&Sandbox"],
        "&View": ["Image, Prompt, Parameters", "Jobs", "Timeline", "&Reset Layout"],
        "&Help": ["Open &Log Folder", "&About gamecraft-desktop"],
    }
    shortcuts = iter(["Ctrl+N", "Ctrl+O", "Ctrl+S", "Ctrl+Shift+S", "Ctrl+Shift+O", "Ctrl+Q", "Ctrl+Z",
                      "Ctrl+Shift+Z", "Ctrl+V", "Ctrl+X", "Ctrl+C", "Del", "Ctrl+A", "Ctrl+Return"])
    for title, items in menus.items():
        menu = window.menuBar().addMenu(title)
        for text in items:
            action = QAction(text, window)
            key = next(shortcuts, None)
            if key:
                action.setShortcut(QKeySequence(key))
            menu.addAction(action)
    corner = QWidget()
    row = QHBoxLayout(corner)
    row.setContentsMargins(0, 0, 6, 0)
    key_button = QToolButton()
    key_button.setText("Set fal key")
    key_button.setAutoRaise(True)
    row.addWidget(key_button)
    badge = QLabel("Sandbox")
    badge.setStyleSheet("QLabel { background: #6f42c1; color: white; border-radius: 8px; padding: 1px 8px; }")
    row.addWidget(badge)
    window.menuBar().setCornerWidget(corner)


def placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


def main() -> None:
    app = QApplication(sys.argv)
    app.setWindowIcon(icon("app"))
    w = QMainWindow()
    w.setWindowTitle("Untitled — gamecraft-desktop")
    w.resize(1440, 900)
    build_menus(w)
    centre = QSplitter(Qt.Orientation.Vertical)
    centre.addWidget(placeholder("The player shows the selected job's video here."))
    centre.addWidget(PathMap())
    centre.setSizes([420, 280])
    w.setCentralWidget(centre)
    for title, widget, area in (
            ("Image, Prompt, Parameters", composer(), Qt.DockWidgetArea.LeftDockWidgetArea),
            ("Jobs", placeholder("Jobs appear here once you generate."), Qt.DockWidgetArea.RightDockWidgetArea),
            ("Timeline", timeline_area(), Qt.DockWidgetArea.BottomDockWidgetArea)):
        dock = QDockWidget(title, w)
        dock.setObjectName(title)
        dock.setWidget(widget)
        w.addDockWidget(area, dock)
    w.statusBar()

    class Probe(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Expose and w.windowHandle().isExposed():
                print(MARK, f"{time.time():.6f}", flush=True)
                w.windowHandle().removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False

    probe = Probe()
    w.winId()
    w.windowHandle().installEventFilter(probe)
    w.show()
    app.exec()


if __name__ == "__main__":
    main()

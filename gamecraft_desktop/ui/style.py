"""A few semantic text roles (error, warning, note) that read well on light and dark palettes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QToolButton, QWidget

from gamecraft_desktop.ui.timeline.style import legible

# Style sheets are set on the few widgets that need them, never on the whole application: an app-wide sheet
# sends every widget through QStyleSheetStyle's rule matching (~20 ms of start-up for this window).
# Text colours are computed for the palette in use (`role_color`): a hue made just dark or light enough to reach
# WCAG AA (4.5:1) on the window's background, in light and dark themes alike; `restyle` applies them again
# after the palette changes (View ▸ Theme, the desktop's scheme).
_ROLE_HUES = {"error": "#d9534f", "warning": "#c98a12"}
_ROLE_EXTRA = {"note": " font-style: italic;"}
_INVALID_SHEET = "QPlainTextEdit, QLineEdit, QAbstractSpinBox { border: 1px solid #d9534f; border-radius: 2px; }"
_MESSAGE_SHEET = "color: {fg}; border: 1px solid {fg}; border-radius: 4px; padding: 4px 6px;"
_BADGE_SHEET = "border-radius: 8px; padding: 1px 8px; font-weight: 600; color: white; background: {bg};"
# White text on each reaches 4.5:1 ("server": another fal-compatible server).
_BADGE_COLOURS = {"fal": "#2675ce", "server": "#1d8269"}
_BADGE_DEFAULT = "#7a5cc2"  # the sandbox
# Tool buttons that only open a menu: room for the arrow, which otherwise overlaps the text's last letter.
_MENU_BUTTON_SHEET = "QToolButton { padding-right: 14px; }"
# Generate is the one primary action: the accent colour while it can run, the native look while it cannot.
_PRIMARY_SHEET = """
QToolButton:enabled { background: palette(highlight); color: palette(highlighted-text);
    border: 1px solid palette(dark); border-radius: 4px; padding: 4px 14px; }
QToolButton:enabled:hover { border: 1px solid palette(highlighted-text); }
QToolButton:enabled:pressed { background: palette(dark); }
"""


def role_color(role: str, palette: QPalette) -> QColor:
    """The text colour of a role ("error", "warning", "note") on `palette`'s window background."""
    window = palette.color(QPalette.ColorRole.Window)
    hue = _ROLE_HUES.get(role)
    base = QColor(hue) if hue else palette.color(QPalette.ColorRole.PlaceholderText)
    return legible(base, window)


def set_role(widget: QWidget, role: str) -> None:
    """A text role: "error", "warning" or "note", or "" for plain text (the `role` property says which, for
    tests and tools)."""
    if widget.property("role") != role:
        widget.setProperty("role", role)
        _apply_role(widget)


class _StyleOnShow(QObject):
    """Applies a hidden widget's role when it is first shown: a style sheet gives each widget a style-sheet
    style of its own (~0.2 ms apiece), and most role labels start hidden (a problem that is not there yet),
    so the first frame would pay for them for nothing."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget):
            obj.removeEventFilter(self)
            obj.setProperty(_WAITING, False)
            _apply_role(obj)
        return False


_WAITING = "gamecraftRoleOnShow"
_on_show: _StyleOnShow | None = None


def _apply_role(widget: QWidget) -> None:
    if not widget.isVisible() and not widget.styleSheet():
        global _on_show
        if not widget.property(_WAITING):
            if _on_show is None:
                _on_show = _StyleOnShow()
            widget.setProperty(_WAITING, True)
            widget.installEventFilter(_on_show)
        return  # applied (with the palette of that moment) when it shows
    role = str(widget.property("role") or "")
    palette = QApplication.palette()  # the widget's own follows it only later, and its sheet colours it
    if widget.property("message"):
        widget.setStyleSheet(_MESSAGE_SHEET.format(fg=role_color("error", palette).name()))
    elif role:
        widget.setStyleSheet(f"color: {role_color(role, palette).name()};{_ROLE_EXTRA.get(role, '')}")
    else:
        widget.setStyleSheet("")


def restyle(app: QApplication) -> None:
    """Apply the role colours again for the current palette (after a theme or scheme change)."""
    for widget in app.allWidgets():
        if widget.property("role") or widget.property("message"):
            _apply_role(widget)


def accessible_palette(palette: QPalette) -> QPalette:
    """`palette` with the colours text is drawn in tuned to WCAG AA: an opaque placeholder colour that reads on
    the base and window backgrounds (Fusion's is half-transparent black: 3.9:1), and a selection colour the
    highlighted text reads on (white on Fusion's #308cc6 is 3.7:1)."""
    out = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        base = palette.color(group, QPalette.ColorRole.Base)
        window = palette.color(group, QPalette.ColorRole.Window)
        placeholder = legible(legible(palette.color(group, QPalette.ColorRole.PlaceholderText), base), window)
        out.setColor(group, QPalette.ColorRole.PlaceholderText, placeholder)
        text = palette.color(group, QPalette.ColorRole.HighlightedText)
        out.setColor(group, QPalette.ColorRole.Highlight, legible(palette.color(group, QPalette.ColorRole.Highlight),
                                                                  text))
    return out


def tune_palette(app: QApplication) -> None:
    """Give the application the tuned palette and restyle the role texts (at start and after theme changes)."""
    tuned = accessible_palette(app.palette())
    if tuned != app.palette():
        app.setPalette(tuned)
    restyle(app)


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """A red frame around a text field that must be fixed (the `invalid` property mirrors it)."""
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.setStyleSheet(_INVALID_SHEET if invalid else "")


def style_message(label: QLabel) -> None:
    """A framed problem message (the image drop zone's), in the error colour."""
    label.setProperty("message", True)
    _apply_role(label)


def style_badge(label: QLabel, mode: str) -> None:
    """The toolbar's mode badge: purple for the sandbox, blue for fal, green for another server."""
    label.setProperty("mode", mode)
    label.setStyleSheet(_BADGE_SHEET.format(bg=_BADGE_COLOURS.get(mode, _BADGE_DEFAULT)))


def style_menu_button(button: QToolButton) -> None:
    button.setStyleSheet(_MENU_BUTTON_SHEET)


def style_primary(button: QToolButton) -> None:
    button.setStyleSheet(_PRIMARY_SHEET)


def dark_palette() -> QPalette:
    """A Fusion dark palette for platforms that cannot switch colour scheme themselves (offscreen, old X11)."""
    p = QPalette()
    base, window, text, mid = QColor("#1e2127"), QColor("#2a2e35"), QColor("#e6e9ef"), QColor("#3a3f48")
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: window,
        QPalette.ColorRole.ToolTipBase: base, QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: mid, QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"), QPalette.ColorRole.Highlight: QColor("#3d8bfd"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"), QPalette.ColorRole.Link: QColor("#6ab0ff"),
        QPalette.ColorRole.PlaceholderText: QColor("#8b93a1"), QPalette.ColorRole.Mid: QColor("#4a505a"),
        QPalette.ColorRole.Dark: QColor("#15171b"), QPalette.ColorRole.Light: QColor("#4a505a"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7280"))
    return p


def apply_color_scheme(app: QApplication, scheme: str) -> None:
    """`GAMECRAFT_DESKTOP_COLOR_SCHEME=dark|light`: ask the platform, and fall back to our own dark palette."""
    from PySide6.QtCore import Qt

    want_dark = scheme.lower() == "dark"
    app.styleHints().setColorScheme(Qt.ColorScheme.Dark if want_dark else Qt.ColorScheme.Light)
    is_dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    if want_dark and not is_dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    tune_palette(app)

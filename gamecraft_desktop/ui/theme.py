"""View ▸ Theme: System, Light or Dark, kept in the settings and applied at once (no restart).

Qt ≥ 6.8 can ask the platform for a colour scheme (`QStyleHints.setColorScheme`); where the platform cannot
switch (X11 without a desktop theme, offscreen), Light and Dark fall back to the Fusion style with our own
palette. System undoes either. `GAMECRAFT_DESKTOP_COLOR_SCHEME=dark|light` still wins at start-up (tests,
screenshots).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from gamecraft_desktop.ui.app_settings import open_settings
from gamecraft_desktop.ui.choice_menu import ChoiceMenu
from gamecraft_desktop.ui.style import dark_palette, tune_palette

KEY_THEME = "appearance/theme"
THEMES = ("system", "light", "dark")
_ORIGINAL_STYLE = "gamecraftOriginalStyle"
_FOLLOWING = "gamecraftFollowsScheme"
_APPLYING = "gamecraftApplyingTheme"


def saved_theme() -> str:
    value = str(open_settings().value(KEY_THEME, "system") or "system").lower()
    return value if value in THEMES else "system"


def save_theme(name: str) -> None:
    settings = open_settings()
    settings.setValue(KEY_THEME, name)
    settings.sync()


def is_dark(app: QApplication) -> bool:
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def follow_system_scheme(app: QApplication) -> None:
    """Tune the palette now, and again whenever the desktop switches between light and dark (with "System"
    the platform's new palette is taken first). Once per application."""
    tune_palette(app)
    if app.property(_FOLLOWING):
        return
    app.setProperty(_FOLLOWING, True)

    def changed(_scheme: object) -> None:
        if app.property(_APPLYING):
            return  # our own setColorScheme, inside apply_theme
        if saved_theme() == "system":
            apply_theme(app, "system")
        else:
            tune_palette(app)

    app.styleHints().colorSchemeChanged.connect(changed)


def apply_theme(app: QApplication, name: str) -> None:
    """Switch the whole application to `name` ("system", "light" or "dark") now."""
    app.setProperty(_APPLYING, True)
    try:
        _apply_theme(app, name)
    finally:
        app.setProperty(_APPLYING, False)


def _apply_theme(app: QApplication, name: str) -> None:
    style = app.style()
    if app.property(_ORIGINAL_STYLE) is None and style is not None:
        app.setProperty(_ORIGINAL_STYLE, style.name())  # what "System" goes back to
    hints = app.styleHints()
    if name == "system":
        hints.unsetColorScheme()
        original = str(app.property(_ORIGINAL_STYLE) or "")
        if original and style is not None and style.name() != original:
            app.setStyle(original)
        app.setPalette(QPalette())  # the style's and platform's own
        tune_palette(app)
        return
    want_dark = name == "dark"
    hints.setColorScheme(Qt.ColorScheme.Dark if want_dark else Qt.ColorScheme.Light)
    app.setPalette(QPalette())
    if is_dark(app) != want_dark:  # the platform could not switch: our own palette on Fusion
        app.setStyle("Fusion")
        current = app.style()
        app.setPalette(dark_palette() if want_dark else current.standardPalette() if current else QPalette())
    tune_palette(app)


class ThemeMenu(ChoiceMenu):
    """System / Light / Dark as radio items; choosing one applies and keeps it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("&Theme"), "themeMenu", self.choices, saved_theme,
                         lambda name: self.choose(name), parent)

    @property
    def theme_actions(self) -> dict[str, QAction]:
        return self.choice_actions

    def choices(self) -> list[tuple[str, str, str]]:
        return [("system", self.tr("&System"), self.tr("Follow the desktop's light or dark setting")),
                ("light", self.tr("&Light"), self.tr("Always light")),
                ("dark", self.tr("&Dark"), self.tr("Always dark"))]

    def choose(self, name: str) -> None:
        save_theme(name)
        self.theme_actions[name].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, name)

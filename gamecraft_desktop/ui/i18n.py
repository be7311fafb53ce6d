"""The interface language: translators installed at start, View ▸ Language, and numbers in the reader's locale.

At start `install_translators` picks the language (View ▸ Language's choice, else the system's), loads Qt's
own translation (qtbase_xx.qm: dialogs' buttons), the app's (gamecraft_desktop_xx.qm) and, underneath both,
the English plural forms ("%n move(s)" -> "1 move", "2 moves"), and routes the Qt-free layers' texts
(core.texts) through Qt. A changed language applies at the next start.

Numbers, speeds, sizes and durations follow the system's formats (QLocale's default): a German desktop shows
"0,20" whatever the interface language, as desktop apps do.

.qm files: the bundle ships them (packaging/build.sh compiles them); a source checkout or an installed
wheel compiles the `.ts` sources once into the user's cache with PySide6's lrelease (no generated files in
the repository).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

# QLibraryInfo and QStandardPaths are imported where used: their types and enums cost start-up time, and
# English from a shipped catalogue needs neither.
from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator

from gamecraft_desktop.core import texts
from gamecraft_desktop.resources import resource
from gamecraft_desktop.ui.app_settings import open_settings

log = logging.getLogger(__name__)

KEY_LANGUAGE = "appearance/language"
APP_CATALOG = "gamecraft_desktop"
#: The interface languages there is a translation for ("en" is the source language).
LANGUAGES = ("en", "zh_CN")
_INSTALLED = "gamecraftTranslators"
#: Each language's name in itself (QLocale says "American English" for en).
_NATIVE_NAMES = {"en": "English", "zh_CN": "简体中文"}
_SHOWN = "gamecraftLanguage"


def saved_language() -> str:
    """View ▸ Language's choice: "system" or one of LANGUAGES."""
    value = str(open_settings().value(KEY_LANGUAGE, "system") or "system")
    return value if value in (*LANGUAGES, "system") else "system"


def save_language(name: str) -> None:
    settings = open_settings()
    settings.setValue(KEY_LANGUAGE, name)
    settings.sync()


def resolve_language(choice: str, system: QLocale | None = None) -> str:
    """The language to show: the choice, or the first of the system's languages there is a translation
    for (zh, zh_CN, zh_Hans, zh_SG -> zh_CN), else English."""
    if choice in LANGUAGES:
        return choice
    for name in (system or QLocale.system()).uiLanguages():
        tag = name.replace("-", "_")
        if tag.startswith("zh") and not any(t in tag for t in ("TW", "HK", "MO", "Hant")):
            return "zh_CN"
        if tag.split("_")[0] == "en":
            return "en"
    return "en"


def translations_dir() -> Path:
    return resource("translations")


def catalog(language: str) -> Path | None:
    """The compiled .qm of the app's `language` (compiled from its .ts when needed), or None."""
    ts = translations_dir() / f"{APP_CATALOG}_{language}.ts"
    shipped = ts.with_suffix(".qm")
    if shipped.exists() and (not ts.exists() or shipped.stat().st_mtime >= ts.stat().st_mtime):
        return shipped
    if not ts.exists():
        return None
    from PySide6.QtCore import QStandardPaths

    cache = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)) / "translations"
    built = cache / shipped.name
    if built.exists() and built.stat().st_mtime >= ts.stat().st_mtime:
        return built
    return compile_ts(ts, built)


def lrelease() -> Path | None:
    """PySide6's lrelease (in the PySide6-Essentials wheel), if present."""
    import PySide6

    tool = Path(PySide6.__file__).parent / "lrelease"
    return tool if tool.exists() else None


def compile_ts(ts: Path, qm: Path) -> Path | None:
    import subprocess  # once per catalogue change: not at every start-up

    tool = lrelease()
    if tool is None:
        log.warning("no lrelease to compile %s: the interface stays in English", ts.name)
        return None
    # Written under a name of its own, then renamed: two apps starting at once never read a half-written file.
    part = qm.with_name(f"{qm.stem}.{os.getpid()}.part")
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([str(tool), "-silent", str(ts), "-qm", str(part)], capture_output=True, text=True,
                              timeout=60)
        if done.returncode != 0 or not part.exists():
            log.warning("lrelease failed for %s: %s", ts.name, done.stderr.strip()[:300])
            return None
        os.replace(part, qm)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("lrelease could not compile %s (%s): the interface stays in English", ts.name, exc)
        return None
    finally:
        part.unlink(missing_ok=True)
    return qm


def install_translators(app: QCoreApplication, language: str | None = None) -> str:
    """Install the translators for `language` (default: View ▸ Language's choice or the system's) and route
    core.texts through Qt. Returns the language shown. Installing again replaces the previous ones."""
    shown = resolve_language(language or saved_language())
    app.setProperty(_SHOWN, shown)
    for old in app.findChildren(QTranslator, _INSTALLED):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    # Searched last-installed first: the language's own texts, then Qt's, then the English plurals.
    for path in (catalog("en"), _qt_catalog(shown), catalog(shown) if shown != "en" else None):
        if path is None:
            continue
        translator = QTranslator(app)
        translator.setObjectName(_INSTALLED)
        if translator.load(str(path)):
            QCoreApplication.installTranslator(translator)
        else:
            log.warning("could not load %s", path)
    route_core_texts()
    return shown


def route_core_texts() -> None:
    """The Qt-free layers' texts (core.texts) through Qt's translators, their numbers through QLocale."""
    texts.install(_qt_translate, format_number, format_size, format_month)


def _qt_catalog(language: str) -> Path | None:
    if language == "en":
        return None
    from PySide6.QtCore import QLibraryInfo

    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{language}.qm"
    return path if path.exists() else None


def _qt_translate(context: str, source: str, disambiguation: str | None, n: int) -> str:
    return QCoreApplication.translate(context, source, disambiguation, n)


# --- numbers for the reader ---------------------------------------------------------------------------------


def format_number(value: float, decimals: int = -1) -> str:
    """`decimals` places (0,20 in German), or with -1 as short as exact (5,5; 12)."""
    locale = QLocale()
    if decimals >= 0:
        return locale.toString(float(value), "f", decimals)
    return locale.toString(float(value), "g", QLocale.FloatingPointPrecisionOption.FloatingPointShortest)


def format_size(n: int) -> str:
    """A file size: 512 bytes, 13.1 KB, 2.4 MB (binary units, as the file managers show them)."""
    return QLocale().formattedDataSize(n, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def format_int(n: int) -> str:
    return QLocale().toString(int(n))


def format_month(month: int) -> str:
    """The month's own name in the interface language (a date's words follow the words around them)."""
    return QLocale(_shown_language()).standaloneMonthName(month)


def _shown_language() -> str:
    app = QCoreApplication.instance()
    return str(app.property(_SHOWN) or "en") if app is not None else "en"


class LanguageTexts(QObject):
    """The names of the languages, each in itself (a person who cannot read the current one finds theirs)."""

    def names(self) -> dict[str, str]:
        out = {"system": self.tr("System language")}
        for language in LANGUAGES:
            out[language] = _NATIVE_NAMES.get(language) or QLocale(language).nativeLanguageName() or language
        return out

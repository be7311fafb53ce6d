"""A pseudo-translation: every text lupdate extracts is shown as ⟦text⟧, under exactly the context it was
extracted with. Whatever a person then reads without the brackets was not translatable: unwrapped, built from
pieces outside tr(), or looked up under another context at run time than the one extracted."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
OPEN, CLOSE = "⟦", "⟧"


def lupdate() -> Path:
    return Path(PySide6.__file__).parent / "lupdate"


def sources() -> list[Path]:
    return sorted((ROOT / "gamecraft_desktop").rglob("*.py"))


def extract(out: Path, *extra: str) -> Path:
    """Run pyside6-lupdate over the package into `out` (a .ts)."""
    done = subprocess.run([str(lupdate()), *map(str, sources()), *extra, "-locations", "none", "-ts", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the <message> element, for every message of a .ts file."""
    out: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


@cache
def extracted(tmp: Path) -> frozenset[tuple[str, str]]:
    return frozenset(messages(extract(tmp / "extracted.ts")))


class PseudoTranslator(QTranslator):
    """Brackets every text it knows (by context and source); records every lookup."""

    def __init__(self, known: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self.known = frozenset(known)
        self.asked: set[tuple[str, str]] = set()

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        self.asked.add((context, source))
        # Qt's own texts (QPlatformTheme's OK, QTabBar's Scroll Left…) come with qtbase_xx.qm.
        if (context, source) in self.known or (context.startswith("Q") and qt_knows(context, source)):
            # Placeholders stay outside the brackets: what fills them must be translated on its own.
            return OPEN + re.sub(r"(\{[^{}]*\}|%[nL]?\d*)", f"{CLOSE}\\1{OPEN}", source) + CLOSE
        return None  # a null string: "not here", Qt keeps looking (an empty one would be the translation)


@cache
def _qtbase() -> QTranslator:
    translator = QTranslator()
    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_zh_CN.qm"
    assert translator.load(str(path)), path
    return translator


def qt_knows(context: str, source: str) -> bool:
    """Whether Qt's own catalogue translates it (what qtbase_xx.qm covers needs no entry of ours)."""
    return bool(_qtbase().translate(context, source))


def install(known: Iterable[tuple[str, str]]) -> PseudoTranslator:
    from gamecraft_desktop.ui import i18n

    translator = PseudoTranslator(known)
    QCoreApplication.installTranslator(translator)
    i18n.route_core_texts()
    return translator


def uninstall(translator: PseudoTranslator) -> None:
    from gamecraft_desktop.ui import i18n

    QCoreApplication.removeTranslator(translator)
    i18n.route_core_texts()


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person can read or hear on `root` and its children."""
    for w in [root, *root.findChildren(QWidget)]:
        if w.objectName().startswith("qt_"):
            continue
        where = f"{type(w).__name__}#{w.objectName()}"
        yield f"{where} tooltip", w.toolTip()
        yield f"{where} accessible name", w.accessibleName()
        yield f"{where} accessible description", w.accessibleDescription()
        if w.isWindow() or isinstance(w, QDockWidget):
            yield f"{where} title", w.windowTitle().replace("[*]", "")
        if isinstance(w, QLabel | QAbstractButton):
            yield f"{where} text", w.text()
        if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            yield f"{where} placeholder", w.placeholderText()
        if isinstance(w, QAbstractSpinBox):
            yield f"{where} special", w.specialValueText()
            yield f"{where} suffix", getattr(w, "suffix", lambda: "")()
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{where} item {i}", w.itemText(i)
        if isinstance(w, QGroupBox):
            yield f"{where} title", w.title()
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield f"{where} tab {i}", w.tabText(i)
        if isinstance(w, QMenu):
            yield f"{where} title", w.title()
    for act in root.findChildren(QAction):
        if act.isSeparator():
            continue
        where = f"action {act.objectName() or act.text()!r}"
        yield f"{where} text", act.text()
        yield f"{where} tooltip", act.toolTip() if act.toolTip() != act.text().replace("&", "") else ""
        yield f"{where} status tip", act.statusTip()


def leftover_words(text: str) -> list[str]:
    """The words of `text` outside every bracketed (translated) part, leaving out markup, paths and file
    names (data a person typed or chose)."""
    t = re.sub(r"<[^>]+>", " ", text or "")
    while True:  # innermost brackets first: translations nest (a translated size inside a translated line)
        shorter = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", t)
        if shorter == t:
            break
        t = shorter
    t = re.sub(r"\S*[/\\]\S*|\b[\w-]+\.(png|jpg|mp4|json|log|gamecraft)\b", " ", t)
    return re.findall(r"[^\W\d_]{2,}", t)


def untranslated(items: Iterable[tuple[str, str]], allowed: Iterable[str] = (), data: Iterable[str] = ()) -> list[str]:
    """Where a text shows words that did not go through a translation (besides `allowed` words: names and
    the person's own data, and `data`: phrases a server sends, left out first)."""
    allow = {w.casefold() for w in allowed}
    phrases = sorted(data, key=len, reverse=True)
    out = []
    for where, text in items:
        for phrase in phrases:
            text = (text or "").replace(phrase, " ")
        words = [w for w in leftover_words(text) if w.casefold() not in allow]
        if words:
            out.append(f"{where}: {(text or '')[:90]!r} ({' '.join(words[:6])})")
    return sorted(set(out))

"""Words for people from the Qt-free layers, translatable without Qt (the seam the UI fills).

Code outside a Qt class marks each sentence with a context object named after its context:

    PathRules = Texts("PathRules")      # the variable's name IS the context: lupdate reads it from the call
    PathRules.tr("The camera path is empty: add at least one move (W, A, S or D).")
    PathRules.tr("%n move(s)", "", n)   # a count: Qt's plural forms, %n replaced by the number

`pyside6-lupdate` extracts `PathRules.tr("…")` as the text "…" in context "PathRules" (it takes the name
before `.tr` as the context), so a translator sees every sentence. At run time `tr` asks the translation
function the application installed with `install` (the window installs Qt's translators and QLocale); until
then, and in the command line, the English source is used with its plural written out. Texts kept in
tables are marked with `QT_TRANSLATE_NOOP(context, text)` and translated where they are shown.

`number` formats a number for the same reader (the window installs QLocale's: "0,20" in German).
Core never imports Qt: it only calls the functions it was given.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: (context, source, disambiguation, n) -> the translated text (with %n already replaced).
TranslateFn = Callable[[str, str, "str | None", int], str]
#: (value, decimals) -> the number written for the reader.
NumberFn = Callable[[float, int], str]
#: bytes -> a file size for the reader ("13.1 KB").
SizeFn = Callable[[int], str]
#: 1..12 -> the month's name for the reader ("December").
MonthFn = Callable[[int], str]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

_PLURAL = re.compile(r"\((s|es)\)")


def english(_context: str, source: str, _disambiguation: str | None = None, n: int = -1) -> str:
    """The source text itself: '%n move(s)' -> '1 move' / '3 moves' (what Qt's English plural file says)."""
    if n < 0:
        return source
    return _PLURAL.sub("" if n == 1 else r"\1", source).replace("%n", str(n))


def plain_number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}" if decimals >= 0 else f"{value:,g}"  # as QLocale("en") writes it


def plain_size(n: int) -> str:
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} bytes"


def english_month(month: int) -> str:
    return _MONTHS[month - 1]


_translate: TranslateFn = english
_number: NumberFn = plain_number
_size: SizeFn = plain_size
_month: MonthFn = english_month


def install(translate: TranslateFn | None = None, number: NumberFn | None = None,
            size: SizeFn | None = None, month: MonthFn | None = None) -> None:
    """Route every `Texts.tr`, `number`, `size` and `month_name` through these (None: back to English and
    plain ones)."""
    global _translate, _number, _size, _month
    _translate = translate or english
    _number = number or plain_number
    _size = size or plain_size
    _month = month or english_month


class Texts:
    """A translation context for code outside Qt classes. Name the variable holding it like its context."""

    __slots__ = ("context",)

    def __init__(self, context: str) -> None:
        self.context = context

    def tr(self, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return _translate(self.context, source, disambiguation or None, n)

    def __repr__(self) -> str:
        return f"Texts({self.context!r})"


def QT_TRANSLATE_NOOP(_context: str, source: str) -> str:  # the name lupdate looks for
    """Marks `source` for translation in `context` without translating it (for texts kept in tables)."""
    return source


def number(value: float, decimals: int = -1) -> str:
    """`value` written for the reader: `decimals` places, or as short as exact with -1 (5.5, 12)."""
    return _number(value, decimals)


def size(n: int) -> str:
    """A file size for the reader: 512 bytes, 13.1 KB, 2.4 MB."""
    return _size(n)


def month_name(month: int) -> str:
    """The name of month 1..12 for the reader (December, 十二月)."""
    return _month(month)

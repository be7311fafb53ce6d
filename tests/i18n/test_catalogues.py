"""The translation catalogues are complete and safe: pyside6-lupdate run now over the code finds no text the
Simplified Chinese catalogue lacks or leaves unfinished (so a new string without a translation fails here),
no entry left over from removed code, English plural forms for every counted text, the same placeholders in
every translation as in its source (a translation with a placeholder of its own would crash .format()), and
every Qt-free translation context named like the variable that holds it (lupdate takes the name)."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pseudo import ROOT, extract, messages

CATALOGUES = ROOT / "resources" / "translations"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%L?\d")
UPDATE = "run `python packaging/translations.py update`, then translate what it lists"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], ET.Element]:
    return messages(extract(tmp_path_factory.mktemp("lupdate") / "now.ts"))


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def _unfinished(message: ET.Element) -> bool:
    translation = message.find("translation")
    return translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") or \
        not all(t.strip() for t in _translations(message))


def test_every_text_has_a_chinese_translation(extracted: dict[tuple[str, str], ET.Element]) -> None:
    zh = messages(CATALOGUES / "gamecraft_desktop_zh_CN.ts")
    missing = [f"{c}: {s!r}" for (c, s) in extracted if (c, s) not in zh]
    unfinished = [f"{c}: {s!r}" for (c, s), m in zh.items() if (c, s) in extracted and _unfinished(m)]
    stale = [f"{c}: {s!r}" for (c, s) in zh if (c, s) not in extracted]
    assert missing == [], f"{len(missing)} texts are not in the Chinese catalogue ({UPDATE}):\n" + "\n".join(missing)
    assert unfinished == [], f"{len(unfinished)} texts have no finished Chinese translation:\n" + "\n".join(unfinished)
    assert stale == [], f"{len(stale)} catalogue entries are no longer in the code ({UPDATE}):\n" + "\n".join(stale)


def test_every_counted_text_has_english_plural_forms(extracted: dict[tuple[str, str], ET.Element]) -> None:
    en = messages(CATALOGUES / "gamecraft_desktop_en.ts")
    counted = [k for k, m in extracted.items() if m.get("numerus") == "yes"]
    assert counted, "no plural texts found: the extraction is broken"
    bad = [f"{c}: {s!r}" for (c, s) in counted if (c, s) not in en or _unfinished(en[(c, s)])
           or len(_translations(en[(c, s)])) != 2]
    assert bad == [], f"English plural forms missing ({UPDATE}):\n" + "\n".join(bad)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_translations_keep_the_placeholders(language: str) -> None:
    bad = []
    for (context, source), message in messages(CATALOGUES / f"gamecraft_desktop_{language}.ts").items():
        wanted = sorted(set(PLACEHOLDER.findall(source)) - {"%n"})
        for text in _translations(message):
            if text and sorted(set(PLACEHOLDER.findall(text)) - {"%n"}) != wanted:
                bad.append(f"{context}: {source!r} -> {text!r}")
    assert bad == []


def test_every_translation_context_is_named_like_its_variable() -> None:
    from gamecraft_desktop.core.texts import Texts

    wrong = []
    package = importlib.import_module("gamecraft_desktop")
    for info in pkgutil.walk_packages(package.__path__, "gamecraft_desktop."):
        if ".sandbox" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Texts) and value.context != name:
                wrong.append(f"{info.name}.{name} = Texts({value.context!r})")
    assert wrong == [], "lupdate reads the variable's name as the context: " + ", ".join(wrong)

"""The translation catalogues: extract the texts with pyside6-lupdate, compile them with pyside6-lrelease.

    python packaging/translations.py update          refresh resources/translations/*.ts from the source
    python packaging/translations.py release OUTDIR  compile every .ts into OUTDIR/*.qm (the bundle's)
    python packaging/translations.py status          what is missing: untranslated or unfinished texts

`update` keeps every translation already made, adds new texts as unfinished, drops texts no longer in the
code, and writes no line numbers (so two branches that add texts merge without conflicts). The English
catalogue holds only the plural forms ("%n move(s)" -> "1 move" / "2 moves"); new plural texts get their
English forms written out here ("(s)" removed for one, kept as "s" for more), to be read over.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = ROOT / "resources" / "translations"
APP = "gamecraft_desktop"
#: Languages with a full catalogue ("en" is the source language: plural forms only).
LANGUAGES = ("zh_CN",)


def tool(name: str) -> Path:
    import PySide6

    path = Path(PySide6.__file__).parent / name
    if not path.exists():
        sys.exit(f"{name} is not in the PySide6 wheel at {path.parent}")
    return path


def sources() -> list[str]:
    return [str(p) for p in sorted((ROOT / APP).rglob("*.py"))]


def catalogue(language: str) -> Path:
    return CATALOGUES / f"{APP}_{language}.ts"


def lupdate(ts: Path, *options: str) -> None:
    done = subprocess.run([str(tool("lupdate")), *sources(), "-locations", "none", "-no-obsolete", *options,
                           "-target-language", ts.stem.removeprefix(f"{APP}_"), "-ts", str(ts)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(done.stderr)
    print(done.stdout.strip())


def english_forms(source: str) -> tuple[str, str]:
    """The singular and plural of a '(s)' source text."""
    return source.replace("(es)", "").replace("(s)", ""), source.replace("(es)", "es").replace("(s)", "s")


def fill_english(ts: Path) -> int:
    tree = ET.parse(ts)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if message.get("numerus") != "yes" or translation is None:
            continue
        forms = translation.findall("numerusform")
        if translation.get("type") == "unfinished" or not any((f.text or "").strip() for f in forms):
            for form in forms:
                translation.remove(form)
            for text in english_forms(message.findtext("source") or ""):
                ET.SubElement(translation, "numerusform").text = text
            translation.attrib.pop("type", None)
            filled += 1
    if filled:
        ET.indent(tree, "    ")
        tree.write(ts, encoding="utf-8", xml_declaration=True)
        text = ts.read_text(encoding="utf-8").replace("<?xml version='1.0' encoding='utf-8'?>",
                                                       '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>')
        ts.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    return filled


def update() -> None:
    CATALOGUES.mkdir(parents=True, exist_ok=True)
    english = catalogue("en")
    lupdate(english, "-pluralonly")
    filled = fill_english(english)
    if filled:
        lupdate(english, "-pluralonly")  # lupdate's own layout again: diffs stay small
    print(f"{english.name}: {filled} new plural forms written out")
    for language in LANGUAGES:
        lupdate(catalogue(language))
    status()


def release(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for ts in sorted(CATALOGUES.glob(f"{APP}_*.ts")):
        qm = out / ts.with_suffix(".qm").name
        done = subprocess.run([str(tool("lrelease")), "-silent", str(ts), "-qm", str(qm)], capture_output=True,
                              text=True, timeout=300)
        if done.returncode != 0 or not qm.exists():
            sys.exit(f"lrelease failed for {ts.name}: {done.stderr}")
        print(f"{qm.name}: {qm.stat().st_size} bytes")


def missing(ts: Path) -> list[str]:
    """The texts of `ts` without a finished translation."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.findall("numerusform")] if translation is not None else []
            text = (translation.text or "") if translation is not None else ""
            if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") \
                    or (not forms and not text.strip()) or (forms and not all(f.strip() for f in forms)):
                out.append(f"{context.findtext('name')}: {message.findtext('source')!r}")
    return out


def status() -> int:
    bad = 0
    for ts in sorted(CATALOGUES.glob(f"{APP}_*.ts")):
        left = missing(ts)
        total = sum(1 for _ in ET.parse(ts).getroot().iter("message"))
        print(f"{ts.name}: {total} texts, {len(left)} without a finished translation")
        bad += len(left)
    return 1 if bad else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["release"] and len(argv) == 2:
        release(Path(argv[1]))
        return 0
    if argv[:1] == ["status"]:
        return status()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

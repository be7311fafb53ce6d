"""The interface language at start-up: the desktop's language picks it (a Chinese desktop starts in Chinese,
with Qt's own buttons in Chinese too), View ▸ Language overrides it from the next start, and languages there
is no translation for fall back to English. The real app starts in a child process, as a person starts it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from gamecraft_desktop.ui.i18n import resolve_language

SHOW_MENUS = """
import sys
from gamecraft_desktop.app import build_application, create_main_window
app = build_application([])
window = create_main_window()
if len(sys.argv) > 1:
    from gamecraft_desktop.ui.language_menu import LanguageMenu
    menu = window.findChild(LanguageMenu)
    menu.tell = lambda text: print("TOLD", text)
    menu.choose(sys.argv[1])
from PySide6.QtWidgets import QDialogButtonBox
print("MENUS", "|".join(a.text() for a in window.menuBar().actions()))
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
print("QT", box.buttons()[0].text())
window.hide()
"""


@pytest.mark.parametrize(("tags", "shown"), [
    (["zh-CN"], "zh_CN"), (["zh-Hans-CN"], "zh_CN"), (["zh-SG"], "zh_CN"), (["zh-TW"], "en"),
    (["zh-Hant-HK"], "en"), (["de-DE"], "en"), (["de-DE", "zh-CN"], "zh_CN"), (["en-GB", "zh-CN"], "en"),
])
def test_the_first_language_there_is_a_translation_for(tags: list[str], shown: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    class Desktop(QLocale):
        def uiLanguages(self, *_: object) -> list[str]:
            return tags

    assert resolve_language("system", Desktop()) == shown
    assert resolve_language("en", Desktop()) == "en"


def _start(home: Path, lang: str, *choose: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "GAMECRAFT_DESKTOP_"))}
    env.update(LANG=lang, LANGUAGE=lang.split(".")[0], QT_QPA_PLATFORM="offscreen",
               GAMECRAFT_DESKTOP_HOME=str(home), XDG_CACHE_HOME=str(home / "cache"))
    done = subprocess.run([sys.executable, "-c", SHOW_MENUS, *choose], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line.split(" ", 1) for line in done.stdout.splitlines() if " " in line]
    return {key: value for key, value in lines if key in ("MENUS", "QT", "TOLD")}


@pytest.mark.subprocess
def test_a_chinese_desktop_starts_in_chinese_until_view_language_says_english(tmp_path: Path) -> None:
    first = _start(tmp_path, "zh_CN.UTF-8")
    assert first["MENUS"].startswith("文件(&F)|编辑(&E)|路径(&P)|生成(&G)|视图(&V)|帮助(&H)")
    assert first["QT"] == "取消"  # Qt's own catalogue: its dialogs' buttons are Chinese too
    chosen = _start(tmp_path, "zh_CN.UTF-8", "en")  # View ▸ Language ▸ English
    assert "TOLD" in chosen and chosen["MENUS"].startswith("文件")  # it applies at the next start, and says so
    again = _start(tmp_path, "zh_CN.UTF-8")
    assert again["MENUS"].startswith("&File|&Edit|&Path|&Generate|&View|&Help")
    assert _start(tmp_path / "other", "de_DE.UTF-8")["MENUS"].startswith("&File")  # no German: English

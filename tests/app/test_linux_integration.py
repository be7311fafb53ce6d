"""Desktop integration files: one app id everywhere, valid desktop entry, MIME type and AppStream data."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

from gamecraft_desktop import APP_ID

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"


def test_files_are_named_by_the_one_app_id() -> None:
    names = sorted(p.name for p in LINUX.iterdir())
    assert names == sorted([f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", f"{APP_ID}.mime.xml"])


def test_desktop_entry_opens_projects_and_uses_the_app_icon() -> None:
    entry = ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / f"{APP_ID}.desktop")
    section = entry["Desktop Entry"]
    assert section["Icon"] == APP_ID
    assert "application/x-gamecraft-project" in section["MimeType"]
    assert section["Exec"].startswith("gamecraft-desktop")


def test_mime_type_matches_project_files() -> None:
    tree = ET.parse(LINUX / f"{APP_ID}.mime.xml")
    globs = [g.get("pattern") for g in tree.iter("{http://www.freedesktop.org/standards/shared-mime-info}glob")]
    assert globs == ["*.gamecraft.json"]


def test_metainfo_names_the_desktop_file() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_appstream_metainfo_validates() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-validate not installed")
def test_desktop_file_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr

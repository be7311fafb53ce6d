"""The settings file: typed sections, other sections kept, a damaged file read as defaults, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

from gamecraft_desktop.core.connection import ConnectionSettings
from gamecraft_desktop.store.settings import SettingsFile


def test_connection_round_trips_and_other_sections_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"spend": {"monthly_limit": 20}}))
    settings = SettingsFile(path)
    assert settings.connection() == ConnectionSettings()
    wanted = ConnectionSettings(queue_url="http://127.0.0.1:8123", webhook_url="https://hooks.example.com/x")
    settings.save_connection(wanted)
    assert SettingsFile(path).connection() == wanted
    assert json.loads(path.read_text())["spend"] == {"monthly_limit": 20}
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary file left


def test_a_damaged_file_reads_as_defaults_and_is_replaced_on_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    settings = SettingsFile(path)
    assert settings.connection() == ConnectionSettings()
    settings.save_connection(ConnectionSettings(proxy_url="https://proxy.example.com"))
    assert json.loads(path.read_text())["connection"]["proxy_url"] == "https://proxy.example.com"

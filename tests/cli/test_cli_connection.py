"""The CLI finds its server the way the window does (core.connection's one rule): flags, then the
GAMECRAFT_DESKTOP_*_URL environment variables, then the app's Preferences ▸ Connection, then fal."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import KEY, data_uri, json_events
from http_stubs import keyless_proxy, proxy_url

from gamecraft_desktop.cli.main import main
from gamecraft_desktop.core.connection import ConnectionSettings
from gamecraft_desktop.store.paths import AppPaths
from gamecraft_desktop.store.settings import SettingsFile


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def generate(capsys: pytest.CaptureFixture[str], out: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "generate", "--json", "--image", data_uri(), "--prompt", "p", "--actions", "w",
               "--out", str(out), *extra)


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_the_queue_url_from_the_environment_is_used(capsys: pytest.CaptureFixture[str], fal_key: str,
                                                    sandbox: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMECRAFT_DESKTOP_QUEUE_URL", sandbox.base_url)  # REST: the same loopback origin
    code, _, err = generate(capsys, tmp_path / "o.mp4")
    assert code == 0, err
    assert sandbox.counters.submits == 1 and (tmp_path / "o.mp4").exists()


@pytest.mark.slow
def test_preferences_apply_and_the_environment_and_flags_come_first(capsys: pytest.CaptureFixture[str],
                                                                    fal_key: str, sandbox: Any, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    settings = SettingsFile(AppPaths.default().ensure().settings_file)
    settings.save_connection(ConnectionSettings(queue_url=sandbox.base_url))
    assert generate(capsys, tmp_path / "a.mp4")[0] == 0  # from Preferences
    monkeypatch.setenv("GAMECRAFT_DESKTOP_QUEUE_URL", dead_url())
    code, _, err = generate(capsys, tmp_path / "b.mp4", "--retries", "1")
    assert code == 10, err  # the environment beats Preferences: nothing listens there
    assert generate(capsys, tmp_path / "c.mp4", "--queue-url", sandbox.base_url)[0] == 0  # the flag beats both
    assert sandbox.counters.submits == 2


def test_a_bad_url_is_refused_before_anything_is_sent_naming_where_it_came_from(
        capsys: pytest.CaptureFixture[str], fal_key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMECRAFT_DESKTOP_REST_URL", "ftp://files.example.com")
    code, _, err = generate(capsys, tmp_path / "o.mp4")
    assert code == 2 and "GAMECRAFT_DESKTOP_REST_URL" in err and "https://" in err
    monkeypatch.delenv("GAMECRAFT_DESKTOP_REST_URL")
    SettingsFile(AppPaths.default().ensure().settings_file).save_connection(ConnectionSettings(proxy_url="proxy"))
    code, _, err = generate(capsys, tmp_path / "o.mp4")
    assert code == 2 and "Preferences" in err and "proxy" in err


def test_keyless_proxy_mode_from_the_environment(capsys: pytest.CaptureFixture[str], sandbox: Any,
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key on this machine: the proxy adds it (fal's server-proxy pattern), as --proxy-url does."""
    monkeypatch.delenv("FAL_KEY", raising=False)
    with keyless_proxy(sandbox.base_url, KEY) as proxy:
        monkeypatch.setenv("GAMECRAFT_DESKTOP_PROXY_URL", proxy_url(proxy))
        monkeypatch.setenv("GAMECRAFT_DESKTOP_QUEUE_URL", sandbox.base_url)
        code, out, err = generate(capsys, tmp_path / "o.mp4")
    assert code == 0, err
    assert (tmp_path / "o.mp4").exists() and json_events(out)
    assert proxy.seen and all("authorization" not in h for h in proxy.seen)  # no key left this machine
    assert {h["x-fal-target-url"].split("?")[0].rsplit("/", 1)[-1] for h in proxy.seen} >= {"gamecraft"}
    assert sandbox.counters.submits == 1

"""KeyringSecretStore against a real Secret Service (gnome-keyring under its own dbus-run-session) and
with no D-Bus at all. Each case runs in a child process with a fresh HOME so nothing touches the
developer's keyring."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.secret_service, pytest.mark.subprocess]

SECRET = "ss-test-id:ss-test-secret-7f3a"
CHILD = """
import sys
from gamecraft_desktop.fal.secret_store import KeyringSecretStore
s = KeyringSecretStore(service="gamecraft-desktop-test")
op = sys.argv[1]
if op == "set":
    s.set(sys.argv[2])
elif op == "delete":
    s.delete()
print(f"{s.persistent}|{s.backend_name}|{s.warning is not None}|{s.get()}")
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_RUNTIME"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               GAMECRAFT_DESKTOP_HOME=str(home / "app"))
    env.pop("PYTHON_KEYRING_BACKEND", None)
    return env


def _child(*args: str) -> str:
    return " ".join([sys.executable, "-c", _shell_quote(CHILD), *map(_shell_quote, args)])


def _shell_quote(s: str) -> str:
    return "'" + s.replace("'", "'\"'\"'") + "'"


def _no_plaintext(home: Path) -> None:
    for path in home.rglob("*"):
        if path.is_file():
            assert b"ss-test-secret-7f3a" not in path.read_bytes(), f"key found in plain text in {path}"


@pytest.mark.skipif(not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
                    reason="needs dbus-run-session and gnome-keyring-daemon")
@pytest.mark.slow
def test_real_secret_service_persists_across_processes(tmp_path: Path) -> None:
    script = " ; ".join([
        "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1",
        _child("set", SECRET), _child("get"), _child("delete"), _child("get"),
    ])
    out = subprocess.run(["dbus-run-session", "--", "sh", "-c", script], env=_env(tmp_path),
                         capture_output=True, text=True, timeout=60)
    lines = [ln for ln in out.stdout.splitlines() if "|" in ln]
    if lines and lines[0].startswith("False|"):
        pytest.skip(f"the Secret Service did not come up here: {out.stderr[-300:]}")
    assert len(lines) == 4, out.stdout + out.stderr
    assert lines[0].startswith("True|keyring:") and lines[0].endswith(f"|False|{SECRET}")
    assert lines[1].endswith(f"|{SECRET}")  # a second process reads it back from the keyring
    assert lines[2].endswith("|None") and lines[3].endswith("|None")
    _no_plaintext(tmp_path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="other platforms have a keyring without D-Bus")
def test_no_dbus_means_session_only_with_warning_and_no_file(tmp_path: Path) -> None:
    out = subprocess.run(["sh", "-c", f"{_child('set', SECRET)} ; {_child('get')}"], env=_env(tmp_path),
                         capture_output=True, text=True, timeout=60)
    lines = [ln for ln in out.stdout.splitlines() if "|" in ln]
    assert len(lines) == 2, out.stdout + out.stderr
    assert lines[0] == f"False|memory|True|{SECRET}"  # kept for this session only, with a warning
    assert lines[1] == "False|memory|True|None"       # the next process does not find it anywhere
    _no_plaintext(tmp_path)

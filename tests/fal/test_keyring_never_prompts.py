"""Reading the key never creates or unlocks a keyring on its own (a real gnome-keyring under its own D-Bus
session, fresh HOME): on a fresh login without a default keyring, start-up used to open the keyring's "Choose
password for new keyring" prompt before the person asked for anything key-related, and a locked keyring
asked for its password. Only saving (or testing the stored) key may ask."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_secret_service_keyring import _env, _shell_quote

pytestmark = [pytest.mark.secret_service, pytest.mark.subprocess]

SECRET = "np-test-id:np-test-secret-41c2"
CHILD = """
import json, sys
from gamecraft_desktop.fal.secret_store import KeyringSecretStore
s = KeyringSecretStore(service="gamecraft-desktop-test")
op = sys.argv[1]
if op == "set":
    s.set(sys.argv[2])
elif op == "lock":
    import secretstorage
    bus = secretstorage.dbus_init()
    for c in secretstorage.get_all_collections(bus):
        c.lock()
value = s.get()
print("STATE " + json.dumps({"persistent": s.persistent, "backend": s.backend_name, "value": value,
                             "locked": getattr(s, "locked", None), "warning": s.warning}), flush=True)
"""

needs_keyring = pytest.mark.skipif(not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
                                   reason="needs dbus-run-session and gnome-keyring-daemon (bootstrap.sh test)")


def _child(*args: str) -> str:
    return " ".join([_shell_quote(sys.executable), "-c", _shell_quote(CHILD), *map(_shell_quote, args)])


def _run(home: Path, script: str) -> tuple[list[dict[str, object]], str]:
    out = subprocess.run(["dbus-run-session", "--", "sh", "-c", script], env=_env(home), capture_output=True,
                         text=True, timeout=90)
    states = [json.loads(line[6:]) for line in out.stdout.splitlines() if line.startswith("STATE ")]
    return states, out.stdout + out.stderr


def _keyring_files(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "data" / "keyrings").glob("*.keyring"))


@needs_keyring
def test_reading_without_a_default_keyring_creates_nothing_and_asks_nothing(tmp_path: Path) -> None:
    script = "gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; " + _child("get")
    states, log = _run(tmp_path, script)
    assert len(states) == 1, log
    state = states[0]
    if not str(state["backend"]).startswith("keyring:") and state["warning"] and "SystemPrompter" not in log:
        pytest.skip(f"the Secret Service did not come up here: {log[-300:]}")
    assert "SystemPrompter" not in log, "reading the key opened the keyring's password prompt"
    assert state["value"] is None
    assert state["persistent"] is True and str(state["backend"]).startswith("keyring:"), state  # no fallback
    assert _keyring_files(tmp_path) == [], "reading the key created a keyring"


@needs_keyring
def test_a_locked_keyring_is_not_unlocked_by_reading(tmp_path: Path) -> None:
    script = " ; ".join([
        "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1",
        _child("set", SECRET),  # saving: the person asked (the keyring is unlocked here anyway)
        _child("lock"),         # then the keyring is locked, as after a screen lock or a timeout
        _child("get"),
    ])
    states, log = _run(tmp_path, script)
    assert len(states) == 3, log
    if states[0]["value"] != SECRET:
        pytest.skip(f"the Secret Service did not come up here: {log[-300:]}")
    locked_read, later_read = states[1], states[2]
    assert "SystemPrompter" not in log, "reading the key asked to unlock the keyring"
    for state in (locked_read, later_read):
        assert state["value"] is None and state["locked"] is True, state
        assert state["persistent"] is True and state["warning"] and "locked" in str(state["warning"]), state

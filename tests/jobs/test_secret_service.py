"""The key through a REAL Secret Service (gnome-keyring under its own D-Bus session, fresh HOME): it round-trips,
and no file under HOME holds it in plain text."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.secret_service, pytest.mark.subprocess]

SECRET = "ssid-1234:ss-secret-9f8e7d6c5b4a"

SCRIPT = f"""
import sys
from gamecraft_desktop.fal.secret_store import KeyringSecretStore
store = KeyringSecretStore(service="gamecraft-desktop-test")
print("backend", store.backend_name, store.persistent, flush=True)
if not store.persistent:
    sys.exit(3)
import time
# The daemon forks and creates its login collection asynchronously: give it up to 5 s to be ready.
deadline = time.monotonic() + 5
while True:
    store.set({SECRET!r})
    again = KeyringSecretStore(service="gamecraft-desktop-test")
    ok = again.get() == {SECRET!r}
    if ok or time.monotonic() > deadline:
        break
    time.sleep(0.2)
print("roundtrip", ok, flush=True)
import pathlib, os
home = pathlib.Path(os.environ["HOME"])
plain = [str(p) for p in home.rglob("*") if p.is_file() and {SECRET!r}.encode() in p.read_bytes()]
print("plaintext", plain, flush=True)
again.delete()
print("deleted", KeyringSecretStore(service="gamecraft-desktop-test").get() is None, flush=True)
"""


def test_key_round_trips_through_gnome_keyring(tmp_path: Path) -> None:
    if shutil.which("dbus-run-session") is None or shutil.which("gnome-keyring-daemon") is None:
        pytest.skip("dbus-run-session or gnome-keyring-daemon is not installed (packaging/bootstrap.sh test "
                    "installs dbus and gnome-keyring)")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_RUNTIME", "GNOME_KEYRING"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local/share"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), PYTHON_KEYRING_BACKEND="keyring.backends.SecretService.Keyring")
    shell = ("echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
             f'exec "{sys.executable}" -c "$GC_SCRIPT"')
    env["GC_SCRIPT"] = SCRIPT
    out = subprocess.run(["dbus-run-session", "--", "sh", "-c", shell], capture_output=True, text=True, env=env,
                         timeout=60)
    text = out.stdout
    assert "backend keyring:" in text and "True" in text.splitlines()[0], text + out.stderr[-2000:]
    assert out.returncode == 0, text + out.stderr[-2000:]
    assert "roundtrip True" in text
    assert "plaintext []" in text  # gnome-keyring stores it encrypted
    assert "deleted True" in text

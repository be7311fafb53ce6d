"""The second start: `bootstrap.sh app` leaves a launcher on PATH and an applications-menu entry, and a start
that has nothing to install prints nothing but the app's own output.

Was: `gamecraft-desktop` existed only in the repository's .venv/bin, and every start re-ran pip, printing
setuptools' "Editable installation" banner.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gamecraft_desktop import APP_ID, __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent


def _env(prefix: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PREFIX=str(prefix), GAMECRAFT_VENV=str(VENV), QT_QPA_PLATFORM="offscreen")
    return env


@pytest.mark.subprocess
def test_the_launcher_and_menu_entry_start_the_installed_app(tmp_path: Path) -> None:
    prefix = tmp_path / "local"
    out = subprocess.run(["bash", str(ROOT / "packaging" / "install-linux.sh"), "--venv", str(VENV)],
                         env=_env(prefix), capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    launcher = prefix / "bin" / "gamecraft-desktop"
    version = subprocess.run([str(launcher), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"gamecraft-desktop {__version__}"
    entry = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={launcher} %F" in entry.read_text()
    assert (prefix / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(entry)], capture_output=True).returncode == 0


@pytest.mark.subprocess
def test_a_second_start_prints_nothing_of_the_installation(tmp_path: Path) -> None:
    if shutil.which("dpkg-query") is None:
        pytest.skip("bootstrap.sh is for Debian/Ubuntu")
    prefix = tmp_path / "local"
    command = ["bash", str(ROOT / "packaging" / "bootstrap.sh"), "app", "--version"]
    first = subprocess.run(command, env=_env(prefix), capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (prefix / "bin" / "gamecraft-desktop").exists()
    second = subprocess.run(command, env=_env(prefix), capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert second.returncode == 0, second.stderr
    assert second.stdout == f"gamecraft-desktop {__version__}\n"
    assert "Editable installation" not in second.stderr and second.stderr == ""

"""The real-input tier: the real app on Xvfb with a window manager (openbox), driven by real X input (XTest
through xdotool), as the first users used it. One app start covers: shortcuts (undo, redo), F6 / Shift+F6
between the panels, Record mode with
key autorepeat on, a file dropped from another application (XDND), Generate in Sandbox mode through to
playback, and Save video through the Qt file dialog.

These are what offscreen tests cannot see (shortcut clashes, autorepeat, drag and drop). Marked `slow` and
`real_input` (`pytest -m "not slow"` skips them); they take about a minute. bootstrap.sh test installs Xvfb,
openbox, xdotool and xset.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ui"))
from audit_helpers import scene_png
from xvfb_helpers import run_on_xvfb

pytestmark = [pytest.mark.slow, pytest.mark.real_input]
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if shutil.which("xdotool") is None or shutil.which("xset") is None:
        pytest.skip("xdotool and xset are not installed (packaging/bootstrap.sh test installs them)")
    work = tmp_path_factory.mktemp("real-input")
    home = work / "home"
    home.mkdir()
    image = scene_png(work / "dropped scene.png")
    script = (HERE / "driver.py").read_text()
    return run_on_xvfb(script, work, screen="1600x1000x24", window_manager=True, timeout=300,
                       args=[str(work), str(image), str(HERE)],
                       extra_env={"GAMECRAFT_DESKTOP_HOME": str(home), "PYTHONPATH": str(HERE)})


def test_undo_and_redo_shortcuts_work_with_real_keys(run: dict) -> None:
    # d added a move; Ctrl+Z took it back; Ctrl+Shift+Z (ambiguous on X11 before) and Ctrl+Y redo it.
    assert run["shortcuts"] == [2, 1, 2, 2]


def test_f6_and_shift_f6_move_between_panels(run: dict) -> None:
    names = run["panels"]["names"]
    assert run["panels"]["forward"] == [*names, names[0]], run["panels"]
    assert run["panels"]["backward"] == [names[-1], names[-2]], run["panels"]


def test_record_mode_counts_a_held_key_with_autorepeat_on(run: dict) -> None:
    assert run["record"]["recording"]
    assert run["record"]["moves"] == "www"  # W held 3 s: one at once, then one per full 1.375 s


def test_a_file_dropped_from_another_application_is_loaded(run: dict) -> None:
    assert run["drop"] is not None and run["drop"].endswith("dropped scene.png")


def test_generate_in_sandbox_mode_plays_the_result(run: dict) -> None:
    assert run["generate"] == {"jobs": 1, "done": True, "played": True}


def test_save_video_through_the_file_dialog(run: dict) -> None:
    assert run["save"]["dialog"] == {"class": "QFileDialog", "title": "Save video"}  # Qt's own dialog
    assert run["save"]["exists"] and run["save"]["sidecar"], run["save"]

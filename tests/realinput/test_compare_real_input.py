"""Real input for the compare view: the real app on Xvfb with openbox, two sandbox jobs selected with a real
click and Ctrl+click (XTest through xdotool), Compare chosen from the job menu with a right-click, the W key
and a mouse drag on the wipe's divider, Escape to leave. Marked `slow` and `real_input` like the rest of this
tier; bootstrap.sh test installs Xvfb, openbox and xdotool."""

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
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed (packaging/bootstrap.sh test installs it)")
    work = tmp_path_factory.mktemp("real-input-compare")
    home = work / "home"
    home.mkdir()
    image = scene_png(work / "scene.png")
    return run_on_xvfb((HERE / "compare_driver.py").read_text(), work, screen="1600x1000x24", window_manager=True,
                       timeout=300, args=[str(image)],
                       extra_env={"GAMECRAFT_DESKTOP_HOME": str(home), "PYTHONPATH": str(HERE)})


def test_ctrl_click_selects_two_jobs_and_the_job_menu_compares_them(run: dict) -> None:
    assert run["selected"]
    assert run["compare"] == {"opened": True, "jobs": True, "playing": True}


def test_the_w_key_and_a_mouse_drag_work_the_wipe(run: dict) -> None:
    assert run["wipe"]
    assert run["divider"] < 0.3  # dragged from the middle to a fifth of the picture


def test_escape_leaves_comparing(run: dict) -> None:
    assert run["left"]

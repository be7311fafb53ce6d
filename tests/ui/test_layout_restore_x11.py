"""Layout on a real X server with a window manager: the window and every panel fit the screen at 200 %, and a
saved layout with a squeezed panel comes back usable.

Was (QA at 2× on a 1600×1000 screen): the window came up taller than the screen with Generate off it (the
panels' minimum sizes added up to more than 800×500 logical pixels), and a later start restored a 55 px wide
left panel.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from xvfb_helpers import run_on_xvfb

pytestmark = pytest.mark.slow

CHILD = textwrap.dedent("""
    import json, os, sys, time
    from PySide6.QtCore import QByteArray, Qt
    from gamecraft_desktop.app import build_application, create_main_window
    from gamecraft_desktop.app_jobs import JobsRuntime
    from gamecraft_desktop.fal.secret_store import MemorySecretStore
    from gamecraft_desktop.ui.window_layout import STATE_VERSION

    app = build_application([])
    from pathlib import Path
    from PIL import Image
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.media.renderer import render_camera_move
    Image.new("RGB", (640, 360), (40, 90, 160)).save(os.environ["SCRATCH"] + "/in.png")
    clip = render_camera_move(Path(os.environ["SCRATCH"]) / "in.png", CameraPath.of("wwdas", 0.2),
                              Path(os.environ["SCRATCH"]) / "clip.mp4", mark=None)

    def settle(seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def start(state=None):
        window = create_main_window()
        if state is not None:
            window.restoreGeometry(state[0])
            window.restoreState(state[1], STATE_VERSION)
        else:
            window.restore_window_state()
        runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env={})
        window.show()
        runtime.start()
        settle(1.0)
        # A video in the player: its time label ("0:03.0 / 0:06.9 · frame 73 / 165") widens the window's
        # minimum after the first frame; the window must still end up on the screen.
        runtime.player.set_video(clip, frame_count=165, job_id="shown")
        settle(2.0)
        return window, runtime

    def measure(window):
        avail = window.screen().availableGeometry()
        gen = window.generate_bar.generate_button
        corner = gen.mapToGlobal(gen.rect().bottomRight())
        return {"fits": avail.contains(window.frameGeometry()),
                "generate_on_screen": avail.contains(corner),
                "composer": window.composer_dock.width(),
                "composer_min": window.composer.minimumWidth()}

    window, runtime = start()
    first = measure(window)
    # The person squeezes the left panel as far as it goes, and quits.
    window.resizeDocks([window.composer_dock], [55], Qt.Orientation.Horizontal)
    settle(0.5)
    squeezed = measure(window)
    window.save_window_state()
    runtime.shutdown()
    window.hide()
    window.deleteLater()
    settle(0.3)
    window, runtime = start()  # the next start restores that layout
    again = measure(window)
    runtime.shutdown()
    print("RESULT", json.dumps({"first": first, "squeezed": squeezed, "again": again}), flush=True)
""")


def test_window_and_panels_fit_a_small_screen_at_200_percent_and_restore_usable(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = run_on_xvfb(CHILD, tmp_path, screen="1600x1000x24", window_manager=True, timeout=180,
                         extra_env={"QT_SCALE_FACTOR": "2", "GAMECRAFT_DESKTOP_HOME": str(home),
                                    "SCRATCH": str(tmp_path)})
    for when in ("first", "again"):
        assert result[when]["fits"], (when, result)
        assert result[when]["generate_on_screen"], (when, result)
    minimum = result["first"]["composer_min"]
    assert minimum >= 150
    assert result["squeezed"]["composer"] >= minimum  # a drag cannot make it narrower than usable
    assert result["again"]["composer"] >= minimum  # nor can a saved layout

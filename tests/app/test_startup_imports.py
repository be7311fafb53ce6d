"""Start-up stays lean: nothing heavy is imported before the main window is first on screen.

Runs `run_gui` in a child process (this test session has imported everything already) with the jobs
half detached, and records `sys.modules` at the window's first expose.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from app_child import app_child, run_app_child

#: Modules the first frame never needs: the network, the database, the keyring, images, video, validation;
#: and our own that it does not show (the image decoder: made for the first image; the job request: made once
#: the composer's checks pass; the timeline's screen-reader interfaces: installed after it; the presets: their
#: menus fill themselves when opened). No dataclass either: each compiles its methods at import (0.5-1 ms).
HEAVY = ("av", "httpx", "PIL", "numpy", "pydantic", "keyring", "sqlite3", "gamecraft_desktop.composer.image_loader",
         "gamecraft_desktop.composer.job_spec", "dataclasses", "gamecraft_desktop.ui.timeline.accessible",
         "gamecraft_desktop.core.presets")

CHILD = textwrap.dedent("""
    import json, os, sys
    from gamecraft_desktop import app

    HEAVY = {heavy!r}
    seen = {{}}

    def probe(window):
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication

        class Probe(QObject):
            def eventFilter(self, obj, event):
                if (not seen and event.type() == QEvent.Type.Expose
                        and window.windowHandle().isExposed()):
                    seen["heavy"] = sorted(m for m in HEAVY if m in sys.modules)
                    seen["title"] = window.windowTitle()
                    QTimer.singleShot(0, QApplication.quit)
                return False

        window._startup_probe = Probe(window)
        window.winId()
        window.windowHandle().installEventFilter(window._startup_probe)

    def no_expose():
        from PySide6.QtWidgets import QApplication
        seen.setdefault("heavy", None)
        QApplication.quit()

    app._install_startup_probe = probe
    app._attach_jobs = lambda window: None  # the jobs half loads after the first frame by design
    os.environ[app.STARTUP_PROBE_ENV] = "1"
    from PySide6.QtCore import QTimer
    QTimer.singleShot(20000, no_expose)
    app.run_gui([])
    print("RESULT", json.dumps(seen))
""").format(heavy=HEAVY)


@pytest.mark.subprocess
def test_no_heavy_module_is_imported_before_the_window_shows(tmp_path: Path) -> None:
    env = {**os.environ, "GAMECRAFT_DESKTOP_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=60)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, f"rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    seen = json.loads(lines[-1].removeprefix("RESULT "))
    assert seen["heavy"] is not None, "the window was never exposed"
    assert "GameCraft Desktop" in seen["title"]  # it really was the main window
    assert seen["heavy"] == [], f"imported before the first frame: {seen['heavy']}"


#: What the first job would otherwise import on a worker mid-batch (~90 ms with the GIL held: a stall).
STEP_MODULES = ("gamecraft_desktop.fal.queue_client", "gamecraft_desktop.fal.uploads", "gamecraft_desktop.fal.downloads",
                "gamecraft_desktop.engine.run", "httpx", "httpcore", "PIL.WebPImagePlugin")

LOADED_CHILD = app_child(f"""
    WANTED = {STEP_MODULES!r}


    def on_attached(window):
        runtime = window.jobs_runtime

        def loaded():
            from PySide6.QtWidgets import QApplication
            seen["loaded"] = sorted(m for m in WANTED if m in sys.modules)
            seen["jobs"] = len(runtime.manager.job_ids())
            runtime.shutdown()
            QApplication.quit()

        try:
            runtime.stepModulesLoaded.connect(loaded)
        except AttributeError as exc:  # no such signal: say so now instead of waiting for the timeout
            seen["error"] = str(exc)
            give_up()
""")


@pytest.mark.subprocess
def test_the_job_steps_modules_load_after_start_up_not_during_the_first_job(tmp_path: Path) -> None:
    seen = run_app_child(LOADED_CHILD, tmp_path)
    seen.setdefault("loaded", None)
    assert seen["loaded"] is not None, f"the job steps' modules were never loaded {seen.get('error', '')}"
    assert seen["jobs"] == 0  # nothing was generated: loading them did not wait for a job
    assert seen["loaded"] == sorted(STEP_MODULES)

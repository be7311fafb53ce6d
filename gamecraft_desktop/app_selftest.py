"""`gamecraft-desktop --self-test`: one job end to end inside the real window, against the in-process
sandbox whatever key is configured, checking that the video played to its last frame.

Uses a throwaway app home (nothing is added to the user's history) and an in-memory key store (the keyring
is not touched). Prints one JSON summary line and returns 0 (pass) or 1 (fail).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _make_image(path: Path) -> None:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1600, 900), (40, 110, 180))
    draw = ImageDraw.Draw(img)
    for x in range(0, 1600, 80):
        draw.rectangle([x, 520, x + 40, 900], fill=(200, 160, 60))
    draw.ellipse([640, 150, 940, 420], fill=(250, 230, 120))
    img.save(path)


def run_self_test(timeout_s: float = 180.0, actions: str = "wd") -> int:
    home = Path(tempfile.mkdtemp(prefix="gamecraft-selftest-"))
    os.environ["GAMECRAFT_DESKTOP_HOME"] = str(home)
    summary: dict[str, Any] = {"ok": False, "mode": "sandbox"}
    try:
        summary = _run(home, timeout_s, actions)
    except Exception as exc:  # the summary must always be printed
        summary.update(ok=False, error=f"{type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(summary), flush=True)
    return 0 if summary.get("ok") else 1


def _run(home: Path, timeout_s: float, actions: str) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication

    from gamecraft_desktop.app import build_application, create_main_window
    from gamecraft_desktop.app_jobs import JobsRuntime
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.core.job_state import JobState
    from gamecraft_desktop.fal.secret_store import MemorySecretStore
    from gamecraft_desktop.jobs.job_manager import PollTiming

    t0 = time.monotonic()
    build_application([])
    window = create_main_window()
    runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env={}, force_sandbox=True,
                          sandbox_options={"seconds_per_action": 0.5},
                          poll=PollTiming(initial_s=0.1, max_s=0.5))
    frames: set[int] = set()
    finished: list[Any] = []
    runtime.player.frameChanged.connect(frames.add)
    runtime.manager.jobFinished.connect(finished.append)
    window.show()
    runtime.start()
    image = home / "self-test.png"
    _make_image(image)
    window.drop_zone.load_path(image)
    window.composer.prompt_editor.set_texts("Self-test: a sunny harbour town, cinematic",
                                            window.composer.prompt_editor.negative())
    path = CameraPath.of(actions, 0.3)
    window.doc.set_path(path)
    summary: dict[str, Any] = {"ok": False, "mode": "sandbox", "frames_expected": path.frame_count}
    deadline = t0 + timeout_s
    phase = "compose"
    job_ids: list[str] = []
    try:
        while time.monotonic() < deadline:
            QCoreApplication.processEvents()
            if phase == "compose":
                window.refresh_check()
                if window.current_check().ok and runtime.sandbox is not None:
                    window.generate_action.trigger()
                    job_ids = runtime.manager.job_ids()
                    summary["submitted_after_s"] = round(time.monotonic() - t0, 3)
                    phase = "wait"
            elif phase == "wait" and finished:
                ev = finished[0]
                summary.update(job_id=ev.job_id, state=ev.state.value, request_id=ev.request_id, error=ev.error)
                if ev.state != JobState.DONE:
                    break
                summary["done_after_s"] = round(time.monotonic() - t0, 3)
                summary["video_bytes"] = ev.video_path.stat().st_size if ev.video_path else 0
                frames.clear()
                phase = "play"
            elif phase == "play" and runtime.player.job_id == summary.get("job_id") \
                    and path.frame_count - 1 in frames:
                summary["ok"] = True
                break
            time.sleep(0.005)
        summary["phase"] = phase
        summary["distinct_frames_shown"] = len(frames)
        summary["last_frame_seen"] = max(frames) if frames else None
        summary["multimedia"] = runtime.player.multimedia_available
        summary["jobs"] = len(job_ids)
        if not summary["ok"] and "error" not in summary:
            summary["error"] = f"timed out in phase {phase!r} after {timeout_s:.0f} s"
    finally:
        summary["seconds"] = round(time.monotonic() - t0, 3)
        runtime.shutdown()
        window.hide()
    return summary


if __name__ == "__main__":
    sys.exit(run_self_test())

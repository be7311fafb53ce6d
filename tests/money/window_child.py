"""The real app in a child process, for the kill tests: the window (offscreen) with its jobs half attached as
at a normal start (history loaded, every unfinished job picked up). With `--generate IMAGE PROMPT` it then
composes that image, prompt and a one-move path in the real widgets and presses Generate once.

Prints one JSON line per job change (id, state, request id, what it offers, whether it waits for Send or
Discard, its note) and `GENERATED` once Generate was pressed. It runs until killed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generate", nargs=2, metavar=("IMAGE", "PROMPT"))
    args = parser.parse_args(argv)

    from PySide6.QtCore import QTimer

    from gamecraft_desktop.app import build_application, create_main_window, install_diagnostics
    from gamecraft_desktop.app_jobs import attach_jobs
    from gamecraft_desktop.core.camera_path import CameraPath

    app = build_application([])
    window = create_main_window()
    install_diagnostics(window)
    window.show()
    runtime = attach_jobs(window)
    window.jobs_runtime = runtime  # type: ignore[attr-defined]

    def changed(ev: Any) -> None:
        print(json.dumps({"event": "job", "job": ev.job_id, "state": ev.state.value, "request_id": ev.request_id,
                          "offer": ev.offer.value, "held": ev.held, "note": ev.note}), flush=True)

    runtime.manager.jobChanged.connect(changed)
    if args.generate:
        image, prompt = Path(args.generate[0]), args.generate[1]
        state: dict[str, Any] = {"composed": False}

        def tick() -> None:
            if runtime.key.info.loading or runtime.manager.default_mode != "fal":
                return  # the key from the environment makes fal (here: the test's sandbox) the target
            if not state["composed"]:
                window.drop_zone.load_path(image)
                window.composer.prompt_editor.set_texts(prompt, window.composer.prompt_editor.negative())
                window.doc.set_path(CameraPath.of("w", 0.3))
                state["composed"] = True
                return
            window.refresh_check()
            if not window.current_check().ok:
                return
            timer.stop()
            window.generate_action.trigger()
            print("GENERATED", " ".join(runtime.manager.job_ids()), flush=True)

        timer = QTimer(window)
        timer.timeout.connect(tick)
        timer.start(50)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Dev tool: screenshots of the real main window for a visual review, in light and dark, at 100/150/200 %.

    python packaging/screenshots.py [--out /tmp/shots-audit] [--platform offscreen|xcb|both] [--no-job]
                                    [--language en|zh_CN] [--scales 1,2] [--schemes light,dark]

Each shot runs in its own process (QT_SCALE_FACTOR is read once, when the QApplication starts) with a fresh
GAMECRAFT_DESKTOP_HOME: a procedurally drawn scene as the input image, a prompt, a camera path, one finished
sandbox job (so the player and the jobs list show what a person sees after a run), and the key dialog.
`xcb` runs under `xvfb-run` (a real X server and the real platform theme); `offscreen` needs no display.
Files: OUT/<platform>-<scheme>-<scale>x-window.png and …-key-dialog.png (with --language, the language is
the first part of the name: OUT/zh_CN-<platform>-…). Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCHEMES = ("light", "dark")
SCALES = ("1", "1.5", "2")
PROMPT = ("A sunny hillside village with red-roofed cottages along a dirt road, soft morning light, "
          "cinematic, highly detailed")
PATH = "wwdwwa"


def draw_scene(out: Path, size: tuple[int, int] = (1216, 704)) -> Path:
    """A colourful scene: sky gradient, sun, three ranges of hills, a road and a row of houses."""
    from PIL import Image, ImageDraw

    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    horizon = int(h * 0.55)
    for y in range(horizon):
        t = y / horizon
        draw.line([(0, y), (w, y)], fill=(int(40 + 200 * t), int(80 + 110 * t), int(170 + 40 * (1 - t))))
    draw.ellipse([int(w * 0.68), int(h * 0.1), int(w * 0.78), int(h * 0.1) + int(w * 0.1)], fill=(255, 214, 90))
    for i, (base, colour) in enumerate(((0.50, (60, 120, 70)), (0.58, (40, 95, 55)), (0.66, (30, 75, 45)))):
        pts = [(0, h)] + [(x, int(h * base) - (((x * (3 + i)) // 97) % 7) * 4 - ((x // (40 + 17 * i)) % 3) * 9)
                          for x in range(0, w + 1, 16)] + [(w, h)]
        draw.polygon(pts, fill=colour)
    draw.polygon([(int(w * 0.47), horizon), (int(w * 0.53), horizon), (int(w * 0.8), h), (int(w * 0.2), h)],
                 fill=(150, 120, 90))
    for k in range(12):
        x, y = int(w * 0.08 + k * w * 0.075), int(h * 0.70 + (k % 3) * 12)
        draw.rectangle([x, y, x + 34, y + 26], fill=(200 - k * 8, 90 + k * 9, 60 + k * 12))
        draw.polygon([(x - 4, y), (x + 17, y - 18), (x + 38, y)], fill=(150, 40 + k * 6, 40))
    img.save(out, "PNG")
    return out


def _wait(condition: object, timeout_s: float) -> bool:
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if callable(condition) and condition():
            return True
        time.sleep(0.01)
    return False


def shoot_one(out_dir: Path, stem: str, with_job: bool) -> int:
    """Runs inside the child process: the app's own start-up, composed, one sandbox job, grabbed."""
    from gamecraft_desktop.app import build_application, create_main_window, settle
    from gamecraft_desktop.app_jobs import JobsRuntime
    from gamecraft_desktop.core.camera_path import CameraPath
    from gamecraft_desktop.fal.secret_store import MemorySecretStore

    build_application([])
    window = create_main_window()
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        from gamecraft_desktop.ui.window_layout import DEFAULT_SIZE

        window.start_at_size(DEFAULT_SIZE)  # the offscreen screen is 800×800: shoot at the design size
    runtime = JobsRuntime(window, secret_store_factory=MemorySecretStore, env={},
                          sandbox_options={"seconds_per_action": 0.05})
    runtime.ask_quit = lambda _w, _n: True
    window.show()
    runtime.start()
    _wait(lambda: runtime.sandbox is not None and not runtime.key.info.loading, 20)
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    window.drop_zone.load_path(draw_scene(work / "hillside-village.png"))
    _wait(lambda: window.drop_zone.current() is not None, 20)
    window.composer.prompt_editor.set_texts(PROMPT, window.composer.prompt_editor.negative())
    window.doc.set_path(CameraPath.of(PATH))
    settle(window)
    if with_job:
        window.generate_action.trigger()
        ids = runtime.manager.job_ids()
        if ids:
            _wait(lambda: runtime.manager.job_event(ids[0]).state.is_terminal, 60)
            _wait(lambda: runtime.player.frames_seen > 5, 10)
    else:
        _wait(lambda: runtime.player.frames_seen > 5, 20)  # the free path preview
    settle(window)
    window.grab().save(str(out_dir / f"{stem}-window.png"))
    dialog = runtime.open_key_dialog("")
    _wait(lambda: not runtime.key.info.loading, 5)
    settle(window, min_s=0.3)
    dialog.grab().save(str(out_dir / f"{stem}-key-dialog.png"))
    dialog.hide()
    window.hide()
    runtime.shutdown()
    shutil.rmtree(work, ignore_errors=True)
    print(f"{stem}: {window.width()}x{window.height()} logical", flush=True)
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/shots-audit"))
    ap.add_argument("--platform", choices=("offscreen", "xcb", "both"), default="both")
    ap.add_argument("--no-job", action="store_true", help="skip the sandbox job (only the path preview)")
    ap.add_argument("--language", help="the interface language (GAMECRAFT_DESKTOP_LANGUAGE), e.g. zh_CN")
    ap.add_argument("--scales", default=",".join(SCALES), help="comma-separated QT_SCALE_FACTOR values")
    ap.add_argument("--schemes", default=",".join(SCHEMES), help="comma-separated colour schemes")
    ap.add_argument("--one", nargs=3, metavar=("PLATFORM", "SCHEME", "SCALE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.one:
        platform, scheme, scale = args.one
        prefix = f"{args.language}-" if args.language else ""
        return shoot_one(args.out, f"{prefix}{platform}-{scheme}-{scale}x", not args.no_job)

    platforms = ("offscreen", "xcb") if args.platform == "both" else (args.platform,)
    failures = 0
    for platform in platforms:
        if platform == "xcb" and shutil.which("xvfb-run") is None:
            print("xvfb-run not found: skipping xcb", file=sys.stderr)
            continue
        for scheme in args.schemes.split(","):
            for scale in args.scales.split(","):
                home = tempfile.mkdtemp(prefix="gamecraft-shots-home-")
                env = {**os.environ, "GAMECRAFT_DESKTOP_HOME": home, "QT_SCALE_FACTOR": scale,
                       "GAMECRAFT_DESKTOP_COLOR_SCHEME": scheme, "QT_QPA_PLATFORM": platform}
                for var in ("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET"):
                    env.pop(var, None)
                cmd = [sys.executable, __file__, "--out", str(args.out), "--one", platform, scheme, scale]
                if args.language:
                    env["GAMECRAFT_DESKTOP_LANGUAGE"] = args.language
                    cmd += ["--language", args.language]
                if args.no_job:
                    cmd.append("--no-job")
                if platform == "xcb":
                    cmd = ["xvfb-run", "-a", "-s", "-screen 0 3200x2000x24", *cmd]
                proc = subprocess.run(cmd, env=env, timeout=180)
                failures += proc.returncode != 0
                shutil.rmtree(home, ignore_errors=True)
    print(f"screenshots in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

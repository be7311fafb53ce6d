"""`gamecraft-desktop export`: every format from the command line (same engine as the window), frame
numbers from 1, the video's inputs carried into the export's sidecar (from its sidecar or the job
history), and one-line errors with their exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_cli_commands import run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "media"))
from export_samples import barcode_video, decoded_images, pillow_frames, read_index, sidecar_for

from gamecraft_desktop.core.job_state import JobState
from gamecraft_desktop.core.schema import parse_input
from gamecraft_desktop.store.jobs_db import JobRecord, JobStore
from gamecraft_desktop.store.paths import AppPaths


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return barcode_video(tmp_path / "clip.mp4", 66, gop=12, bframes=2)


def sidecar_of(out: Path) -> dict[str, Any]:
    return json.loads(out.with_name(out.name + ".json").read_text(encoding="utf-8"))


def test_gif_range_with_default_name(capsys: pytest.CaptureFixture[str], video: Path) -> None:
    code, out, err = run(capsys, "export", str(video), "--format", "gif", "--from", "10", "--to", "40",
                         "--width", "50%", "--fps", "12")
    target = video.with_name("clip_10-40.gif")
    assert code == 0, err
    assert out.strip() == str(target)
    images, _ = pillow_frames(target)
    assert [read_index(im) for im in images] == list(range(9, 40, 2))  # frames 10, 12, … 40 (1-based)
    assert images[0].size == (128, 72)
    assert "Exporting frames 10–40" in err and "Traceback" not in err


@pytest.mark.parametrize(("fmt", "extra", "count"), [
    ("mp4", ["--from", "13", "--to", "36"], 24),
    ("mp4", ["--from", "14", "--to", "20"], 7),
    ("webp", ["--to", "8"], 8),
])
def test_video_formats_hold_exactly_the_range(capsys: pytest.CaptureFixture[str], video: Path, tmp_path: Path,
                                              fmt: str, extra: list[str], count: int) -> None:
    target = tmp_path / f"out.{fmt}"
    code, _, err = run(capsys, "export", str(video), "--format", fmt, *extra, "--out", str(target))
    assert code == 0, err
    images = decoded_images(target) if fmt == "mp4" else pillow_frames(target)[0]
    first = int(extra[extra.index("--from") + 1]) - 1 if "--from" in extra else 0
    assert [read_index(im) for im in images] == list(range(first, first + count))
    if fmt == "mp4":
        copied = "copied as they are" in err
        assert copied == (extra[1] == "13") and sidecar_of(target)["export"]["reencoded"] is not copied


def test_frame_png_frames_and_contact_sheet(capsys: pytest.CaptureFixture[str], video: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", str(video), "--format", "frame", "--frame", "57")
    from PIL import Image

    assert code == 0, err
    with Image.open(video.with_name("clip_frame57.png")) as im:
        assert read_index(im) == 56
    code, _, err = run(capsys, "export", str(video), "--format", "png-frames", "--from", "64",
                       "--out", str(tmp_path / "frames"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "frames").iterdir()) == ["frame-0064.png", "frame-0065.png",
                                                                     "frame-0066.png"]
    code, out, err = run(capsys, "export", str(video), "--format", "contact-sheet", "--tiles", "6", "--json")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert [e["event"] for e in events] == ["exporting", "warning", "exported"]  # warning: inputs unknown
    assert events[2]["frames"] == 6 and Path(events[2]["path"]) == video.with_name("clip_sheet.png")


def test_the_videos_sidecar_is_carried_into_the_exports(capsys: pytest.CaptureFixture[str], video: Path) -> None:
    own = sidecar_for("ws", prompt="from the sidecar")
    video.with_name(video.name + ".json").write_text(json.dumps(own), encoding="utf-8")
    code, _, err = run(capsys, "export", str(video), "--format", "frame", "--frame", "3")
    assert code == 0 and "warning" not in err
    side = sidecar_of(video.with_name("clip_frame3.png"))
    assert side["input"]["prompt"] == "from the sidecar" and side["request_id"] == own["request_id"]
    assert side["export"]["trim"] == {"from_frame": 3, "to_frame": 3} and side["export"]["format"] == "frame"


def test_a_jobs_video_gets_its_inputs_from_the_history(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    paths = AppPaths.default().ensure()
    job_dir = paths.jobs_dir / "job-1"
    job_dir.mkdir(parents=True)
    video = barcode_video(job_dir / "video.mp4", 66)
    inp = parse_input(sidecar_for("ws", prompt="from the history")["wire_input"])
    with JobStore(paths.database) as store:
        store.create(JobRecord.new(inp, mode="fal", endpoint="anthonywu/gamecraft", state=JobState.DONE,
                                   id="job-1", request_id="req-hist", video_path=str(video)))
    out = tmp_path / "sheet.png"
    code, _, err = run(capsys, "export", str(video), "--format", "contact-sheet", "--out", str(out))
    assert code == 0 and "warning" not in err, err
    side = sidecar_of(out)
    assert side["input"]["prompt"] == "from the history" and side["request_id"] == "req-hist"
    assert side["mode"] == "fal"


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--format", "gif", "--from", "70"], 2, "--from: the range's first frame (70) is outside the video"),
    (["--format", "gif", "--to", "67"], 2, "which has frames 1 to 66"),
    (["--format", "gif", "--from", "0"], 2, "numbered from 1"),
    (["--format", "frame", "--from", "3"], 2, "--frame"),
    (["--format", "mp4", "--fps", "10"], 2, "only for animations"),
    (["--format", "gif", "--width", "wide"], 2, "--width"),
])
def test_usage_and_range_errors_exit_2(capsys: pytest.CaptureFixture[str], video: Path, args: list[str],
                                       code: int, words: str) -> None:
    got, out, err = run(capsys, "export", str(video), *args)
    assert got == code and words in err and err.count("\n") == 1 and out == ""
    assert sorted(p.name for p in video.parent.iterdir()) == ["clip.mp4"]


def test_unusable_video_exits_17(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", str(tmp_path / "missing.mp4"), "--format", "gif")
    assert code == 17 and "does not exist" in err
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00" * 1000)
    code, out, err = run(capsys, "export", str(bad), "--format", "gif", "--json")
    assert code == 17 and json.loads(out)["exit_code"] == 17 and "Traceback" not in err


def test_unwritable_output_exits_18_and_existing_output_needs_force(capsys: pytest.CaptureFixture[str],
                                                                    video: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run(capsys, "export", str(video), "--format", "gif", "--out", str(blocker / "o.gif"))
    assert code == 18 and "error:" in err
    target = tmp_path / "o.png"
    target.write_bytes(b"keep")
    code, _, err = run(capsys, "export", str(video), "--format", "frame", "--out", str(target))
    assert code == 2 and "--force" in err and target.read_bytes() == b"keep"
    code, _, _ = run(capsys, "export", str(video), "--format", "frame", "--out", str(target), "--force")
    assert code == 0 and target.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.subprocess
@pytest.mark.slow
def test_export_as_a_child_process(app_home: Path, video: Path) -> None:
    import os

    env = {**os.environ, "GAMECRAFT_DESKTOP_HOME": str(app_home)}
    proc = subprocess.run([sys.executable, "-m", "gamecraft_desktop", "export", str(video), "--format", "webp",
                           "--from", "2", "--to", "5"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(video.with_name("clip_2-5.webp"))
    proc = subprocess.run([sys.executable, "-m", "gamecraft_desktop", "export", str(video), "--format", "gif",
                           "--to", "99"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stderr.startswith("error: --to:")

"""After the start-up preload, the first job imports no module: a module imported mid-batch runs its code on
a worker with the GIL held while the window waits (issue #16; gui_trace.py's import report found the host
name codecs imported at the first download)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIRST_DOWNLOAD = """
import sys, tempfile
from pathlib import Path
from gamecraft_desktop.engine.preload import load_step_modules
load_step_modules()
before = set(sys.modules)
from gamecraft_desktop.fal.downloads import download, new_client
url = sys.argv[1]
out = Path(tempfile.mkdtemp()) / "video.mp4"
download(url, out, client=new_client(url), allow_loopback_http=True)
assert out.stat().st_size > 0
print(sorted(set(sys.modules) - before))
"""


def test_the_first_download_after_the_preload_imports_nothing(tmp_path: Path) -> None:
    (tmp_path / "video.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 200_000)
    server = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(tmp_path)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split("port ")[1].split()[0])
        done = subprocess.run([sys.executable, "-c", FIRST_DOWNLOAD, f"http://127.0.0.1:{port}/video.mp4"],
                              capture_output=True, text=True, timeout=120)
    finally:
        server.terminate()
        server.wait(10)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

"""engine.lease: "a live program is on this job" means exactly that, whoever holds it and however it ended."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gamecraft_desktop.engine.lease import held_elsewhere, lease_path, take


def test_a_held_lease_is_seen_and_a_released_one_is_gone(tmp_path: Path) -> None:
    assert not held_elsewhere(tmp_path, "job")
    with take(tmp_path, "job") as lease:
        assert lease.held and held_elsewhere(tmp_path, "job")
        assert not take(tmp_path, "job").held  # a second driver of the same job holds nothing
    assert not held_elsewhere(tmp_path, "job") and not lease_path(tmp_path, "job").exists()


@pytest.mark.subprocess
def test_the_lease_of_a_killed_program_is_free_and_cleared(tmp_path: Path) -> None:
    code = ("import sys, time; from pathlib import Path; from gamecraft_desktop.engine.lease import take; "
            "lease = take(Path(sys.argv[1]), 'job'); print(lease.held, flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "True"
        assert held_elsewhere(tmp_path, "job")
    finally:
        child.kill()
        child.wait(30)
    assert lease_path(tmp_path, "job").exists()  # SIGKILL left the file behind, but not the lock
    assert not held_elsewhere(tmp_path, "job")
    assert not lease_path(tmp_path, "job").exists()

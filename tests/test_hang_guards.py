"""The suite's guards against hangs (tests/conftest.py), run on small inner test files in a child pytest:
a modal dialog nobody answers fails its test instead of blocking the run, and a test stuck where
pytest-timeout cannot reach it stops the run with every thread's stack instead of running for hours."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

HERE = Path(__file__).parent


def run_inner(tmp_path: Path, body: str, **env: str) -> tuple[subprocess.CompletedProcess[str], float]:
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_inner.py").write_text(body)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "timeout=120", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=90,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})
    return done, time.monotonic() - started


def test_a_modal_dialog_nobody_answers_fails_its_test_and_the_run_goes_on(tmp_path: Path) -> None:
    done, took = run_inner(tmp_path, """
from PySide6.QtWidgets import QMessageBox

def test_asks(qtbot):
    QMessageBox.information(None, "Nothing to delete", "Every job is starred.")

def test_after():
    assert True
""", GAMECRAFT_TEST_MODAL_LIMIT_S="1")
    assert "2 passed, 1 error" in done.stdout, done.stdout + done.stderr
    assert "a modal dialog stayed open" in done.stdout and "Nothing to delete" in done.stdout
    assert took < 60


def test_a_test_stuck_past_the_hard_limit_stops_the_run_with_its_stacks(tmp_path: Path) -> None:
    done, took = run_inner(tmp_path, """
import threading

def test_stuck():
    threading.Event().wait(60)  # stands for a native wait pytest-timeout cannot interrupt
""", GAMECRAFT_TEST_HARD_LIMIT_S="2")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "test_inner.py::test_stuck still running after 2 s" in done.stderr
    assert "test_stuck" in done.stderr.split("still running", 1)[1]  # the stuck test's own frame
    assert took < 60

"""The real screen-reader tree: the app on Xvfb with Qt's AT-SPI bridge on a real accessibility bus (at-spi2-core
under its own D-Bus session), a sandbox job generated and playing, the tree read from outside by pyatspi as
Orca reads it. It must show the mode (Sandbox: free) and the key button, the labels' real text, the
timeline's moves with their speeds and the selection, and the job rows with the SANDBOX tag and the seed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]

HERE = Path(__file__).parent / "a11y"


def _can_audit() -> str | None:
    for tool in ("dbus-run-session", "xvfb-run"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return "at-spi2-core is not installed"
    probe = subprocess.run(["/usr/bin/python3", "-c", "import pyatspi"], capture_output=True)
    if probe.returncode != 0:
        return "python3-pyatspi is not installed"
    return None


def nodes(node: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    if node is None:
        return
    yield node
    for child in node["children"]:
        yield from nodes(child)


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    why = _can_audit()
    if why:
        pytest.skip(f"{why} (packaging/bootstrap.sh test installs it)")
    out = tmp_path_factory.mktemp("atspi") / "audit.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
           and not k.startswith(("DBUS_", "AT_SPI"))}
    proc = subprocess.Popen(["dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1600x1000x24",
                             sys.executable, str(HERE / "audit.py"), str(out)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        try:  # a daemon outside the group may still hold the pipes: never wait on them unbounded
            stdout, stderr = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            stdout, stderr = "", "(no output: a process outside the group kept the pipes open)"
        pytest.fail(f"the audit did not finish\n{stdout}\n{stderr[-3000:]}")
    assert out.exists(), f"{stdout}\n{stderr[-3000:]}"
    result: dict[str, Any] = json.loads(out.read_text())
    assert result.get("tree"), f"no tree was read: {result}\n{stderr[-2000:]}"
    return result


def _names(result: dict[str, Any]) -> list[str]:
    return [n["name"] for n in nodes(result["tree"])]


def test_the_mode_and_the_key_are_in_the_tree(audit: dict[str, Any]) -> None:
    found = {n["name"]: n for n in nodes(audit["tree"])}
    assert "Mode: Sandbox" in found, "the mode badge is missing from the screen-reader tree"
    assert "free" in found["Mode: Sandbox"]["description"]
    assert any(name.startswith("Set fal key") for name in found), "the key button is missing"
    assert "SANDBOX — simulated" in found  # the player's badge over the sandbox video


def test_labels_say_their_text(audit: dict[str, Any]) -> None:
    labels = {n["name"]: n["description"] for n in nodes(audit["tree"]) if n["role"] == "label"}
    assert "5 words" in labels and labels["5 words"] == "Prompt word count"
    assert any("4 moves" in name and "seed 42" in name for name in labels), sorted(labels)


def test_the_timeline_lists_its_moves(audit: dict[str, Any]) -> None:
    lists = [n for n in nodes(audit["tree"]) if n["role"] == "list" and n["name"] == "Timeline"]
    assert len(lists) == 1
    items = [(c["role"], c["name"], "selected" in c["states"]) for c in lists[0]["children"]]
    assert items == [
        ("list item", "move 1 of 4: W — dolly forward, speed 0.30", False),
        ("list item", "move 2 of 4: D — strafe right, speed 0.30, selected", True),
        ("list item", "move 3 of 4: S — dolly backward, speed 0.30", False),
        ("list item", "move 4 of 4: A — strafe left, speed 0.30", False),
    ]


def test_job_rows_say_sandbox_and_seed(audit: dict[str, Any]) -> None:
    lists = [n for n in nodes(audit["tree"]) if n["role"] == "list" and n["name"] == "Job list"]
    assert len(lists) == 1
    rows = [c["name"] for c in lists[0]["children"]]
    assert rows and all("Sandbox" in row and "seed 42" in row for row in rows), rows
    assert any("Done" in row for row in rows), rows

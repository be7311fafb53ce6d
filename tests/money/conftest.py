"""The money-rules tests: the model-based machine (money_machine.py), real kills of real processes, a full disk,
and the cases the machine found, kept as plain tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "jobs"))
from jobs_helpers import cached_render, image_file, make_manager, make_sandbox, sandbox, spec
from processes import Programs, manager_on
from scenes import make_key

__all__ = ["image_file", "make_manager", "make_programs", "make_sandbox", "sandbox", "spec", "window_on"]


@pytest.fixture
def make_programs(tmp_path: Path) -> Iterator[Any]:
    made: list[tuple[Programs, Any]] = []

    def make(home: Path | None = None, **sandbox: Any) -> Programs:
        from gamecraft_desktop.sandbox import SandboxServer

        options: dict[str, Any] = {"require_key": make_key(), "render": cached_render, "seconds_per_action": 0.3}
        options.update(sandbox)
        server = SandboxServer(**options)
        server.start()
        programs = Programs(home or tmp_path / "home", server)
        made.append((programs, server))
        return programs

    yield make
    for programs, server in made:
        programs.stop_all()
        server.stop()


@pytest.fixture
def window_on(qtbot: Any) -> Iterator[Any]:
    """The window's job manager in this process on a `Programs`' home and sandbox, its history loaded."""
    made: list[Any] = []

    def make(programs: Any) -> Any:
        manager = manager_on(programs)
        made.append(manager)
        with qtbot.waitSignal(manager.historyLoaded, timeout=10_000):
            manager.load_history()
        return manager

    yield make
    for manager in made:
        manager.shutdown()
        manager.store.close()

"""The layer rules live in pyproject.toml's import-linter contracts (`lint-imports`, run by .ci/run). This
checks the one contract type of our own can fail: a lazy `from PySide6.QtWidgets import …` in a layer that
may not use widgets breaks it, a QtCore import does not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CONFIG = """
[tool.importlinter]
root_package = "demo"
include_external_packages = true
contract_types = ["forbidden_external_submodules: tests.layer_contracts.ForbiddenExternalSubmodules"]

[[tool.importlinter.contracts]]
name = "no widgets in models"
type = "forbidden_external_submodules"
source_modules = ["demo.models"]
forbidden_modules = ["PySide6.QtWidgets"]
"""


def lint(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    pkg = tmp_path / "demo"
    (pkg / "models").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "models" / "__init__.py").write_text("")
    (pkg / "models" / "thing.py").write_text(body)
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    lint_imports = Path(sys.executable).with_name("lint-imports")
    if not lint_imports.exists():
        pytest.skip("import-linter is not installed (bootstrap.sh test installs it)")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run([str(lint_imports), "--config", str(tmp_path / "pyproject.toml")], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)


def test_a_lazy_widgets_import_breaks_the_contract(tmp_path: Path) -> None:
    result = lint(tmp_path, "def f():\n    from PySide6.QtWidgets import QWidget\n    return QWidget\n")
    assert result.returncode != 0, result.stdout
    assert "demo.models.thing:2 imports PySide6.QtWidgets" in result.stdout


def test_qt_core_is_allowed(tmp_path: Path) -> None:
    result = lint(tmp_path, "from PySide6.QtCore import QObject\n")
    assert result.returncode == 0, result.stdout + result.stderr

"""The layer rule of architecture.md, checked on every import statement (lazy ones included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gamecraft_desktop"

FORBIDDEN = {
    "core": ("PySide6", "httpx", "sqlite3", "keyring", "av", "gamecraft_desktop.fal", "gamecraft_desktop.store",
             "gamecraft_desktop.sandbox", "gamecraft_desktop.media", "gamecraft_desktop.jobs",
             "gamecraft_desktop.ui"),
    "fal": ("PySide6", "gamecraft_desktop.jobs", "gamecraft_desktop.ui"),
    "store": ("PySide6", "gamecraft_desktop.jobs", "gamecraft_desktop.ui"),
    "sandbox": ("PySide6", "gamecraft_desktop.jobs", "gamecraft_desktop.ui"),
    "media": ("PySide6", "gamecraft_desktop.jobs", "gamecraft_desktop.ui"),
    "jobs": ("PySide6.QtWidgets", "gamecraft_desktop.ui"),
    "composer": ("PySide6.QtWidgets", "gamecraft_desktop.ui", "gamecraft_desktop.jobs"),
    "ui": ("httpx", "sqlite3", "keyring"),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
    return out


def _violations(layer: str) -> list[str]:
    bad: list[str] = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for line, module in imported_modules(path):
            for prefix in FORBIDDEN[layer]:
                if module == prefix or module.startswith(prefix + "."):
                    bad.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    assert _violations(layer) == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert (2, "PySide6.QtCore") in imported_modules(sample)

"""Find user-visible strings that cannot be translated, by reading the source (ast): literals and f-strings
handed straight to Qt's text setters and widget constructors, `tr(variable)` calls lupdate cannot extract,
and home-made `_tr` helpers that pass their text through a variable."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

#: Methods whose first argument people read.
TEXT_SETTERS = {
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle", "setPlaceholderText",
    "setAccessibleName", "setAccessibleDescription", "showMessage", "setTitle", "setLabelText", "setSuffix",
    "setPrefix", "setSpecialValueText", "addSection", "setInformativeText", "setDetailedText", "addItem",
    "setTabText", "setHeaderLabels", "setButtonText", "setFormat", "notify", "show_message", "set_mode_badge",
    "set_key_state", "set_continue_note", "show_status", "addMenu", "addAction", "addTab",
}
#: Widget classes whose first argument is their visible text.
TEXT_CONSTRUCTORS = {"QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton", "QGroupBox",
                     "QAction", "QMenu", "QCommandLinkButton"}
MESSAGE_BOXES = {"information", "warning", "critical", "question", "about"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str  # "literal", "f-string", "tr(variable)", "helper"
    text: str


def _has_words(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return sum(ch.isalpha() for ch in node.value) >= 2
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def _describe(node: ast.expr) -> tuple[str, str]:
    if isinstance(node, ast.JoinedStr):
        return "f-string", ast.unparse(node)[:80]
    return "literal", str(node.value)[:80]  # type: ignore[attr-defined]


def _is_tr(call: ast.Call) -> bool:
    f = call.func
    return (isinstance(f, ast.Attribute) and f.attr in ("tr", "translate")) or \
        (isinstance(f, ast.Name) and f.id in ("tr", "translate"))


def scan_file(path: Path, root: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = str(path.relative_to(root))
    out: list[Finding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in ("_tr", "tr", "_trn"):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _is_tr(inner) and inner.args and \
                        not isinstance(inner.args[-1 if inner.func.attr == "tr" else 1]
                                       if isinstance(inner.func, ast.Attribute) else inner.args[0], ast.Constant):
                    out.append(Finding(rel, node.lineno, "helper", node.name))
                    break
            continue
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if _is_tr(node):
            text_arg = node.args[0] if name == "tr" and node.args else node.args[1] if len(node.args) > 1 else None
            if text_arg is not None and not isinstance(text_arg, ast.Constant):
                out.append(Finding(rel, node.lineno, "tr(variable)", ast.unparse(text_arg)[:80]))
            continue
        if name.startswith("_tr") or name == "_trn":
            out.append(Finding(rel, node.lineno, "helper call", ast.unparse(node)[:80]))
            continue
        args: list[ast.expr] = []
        if name in TEXT_SETTERS or name in TEXT_CONSTRUCTORS:
            args = node.args[:1]
        elif name in MESSAGE_BOXES and isinstance(f, ast.Attribute) and ast.unparse(f.value).endswith("QMessageBox"):
            args = node.args[1:3]
        for arg in args:
            if _has_words(arg):
                kind, text = _describe(arg)
                out.append(Finding(rel, node.lineno, kind, text))
    return out


def scan(root: Path, parts: tuple[str, ...]) -> list[Finding]:
    out: list[Finding] = []
    for part in parts:
        base = root / part
        files = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for path in files:
            out += scan_file(path, root)
    return out


if __name__ == "__main__":
    import sys
    from collections import Counter

    root = Path(sys.argv[1])
    found = scan(root, ("gamecraft_desktop/ui", "gamecraft_desktop/jobs", "gamecraft_desktop/composer",
                        "gamecraft_desktop/app.py", "gamecraft_desktop/app_jobs.py", "gamecraft_desktop/app_export.py",
                        "gamecraft_desktop/app_notify.py", "gamecraft_desktop/app_player.py",
                        "gamecraft_desktop/app_connection.py", "gamecraft_desktop/app_host.py"))
    print(Counter(f.kind for f in found))
    print(Counter(f.path for f in found).most_common())
    if "-v" in sys.argv:
        for f in found:
            print(f"{f.path}:{f.line}: {f.kind}: {f.text}")

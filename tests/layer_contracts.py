"""An import-linter contract type for the one layer rule the built-in types cannot state: "no Qt widgets here"
(PySide6.QtWidgets is a module *inside* an external package, which import-linter's graph keeps as one node).
It reads the import lines the graph records, lazy imports included. Registered in pyproject.toml
(`contract_types`); lint-imports puts the working folder on sys.path, so `tests.layer_contracts` imports."""

from __future__ import annotations

import re
from typing import Any

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class ForbiddenExternalSubmodules(Contract):
    """`source_modules` (and everything in them) may not import any of `forbidden_modules`, each a module
    inside an external package (e.g. PySide6.QtWidgets)."""

    source_modules = fields.ListField(subfield=fields.StringField())
    forbidden_modules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        broken: list[dict[str, Any]] = []
        for forbidden in self.forbidden_modules:  # type: ignore[attr-defined]
            package = forbidden.split(".", 1)[0]
            pattern = re.compile(rf"\b{re.escape(forbidden)}\b|\bfrom {re.escape(package)} import .*\b"
                                 rf"{re.escape(forbidden.rsplit('.', 1)[-1])}\b")
            for source in self.source_modules:  # type: ignore[attr-defined]
                for module in sorted({source, *graph.find_descendants(source)}):
                    for detail in graph.get_import_details(importer=module, imported=package):
                        if pattern.search(detail["line_contents"]):
                            broken.append({"module": module, "line": detail["line_number"],
                                           "contents": detail["line_contents"], "forbidden": forbidden})
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            output.print_error(f"{item['module']}:{item['line']} imports {item['forbidden']}: "
                               f"{item['contents']}", bold=False)
            output.new_line()

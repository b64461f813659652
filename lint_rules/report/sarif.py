"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ..projection import edit_positions
from .base import ReportContext

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _version() -> str:
    try:
        return version("paperlist")
    except PackageNotFoundError:
        return "0.0.0"


def render(ctx: ReportContext) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for fr in ctx.files:
        for f in fr.findings:
            rules.setdefault(f.code, {
                "id": f.code,
                "name": f.name,
                "shortDescription": {"text": f.name.replace("-", " ")},
                "defaultConfiguration": {"level": _LEVEL[f.severity.value]},
            })
            result: dict[str, Any] = {
                "ruleId": f.code,
                "level": _LEVEL[f.severity.value],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": fr.path},
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": max(f.end_column, 1)},
                }}],
            }
            if f.fix is not None and f.fix.edits:
                # One replacement per edit, not the fix's whole lines: a fix on a long line
                # must not carry that line (3,000 fixes on one line would carry it 3,000 times).
                result["fixes"] = [{
                    "description": {"text": f.fix.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": fr.path},
                        "replacements": [{
                            "deletedRegion": {"startLine": e.line, "startColumn": e.column,
                                              "endLine": e.end_line, "endColumn": e.end_column},
                            "insertedContent": {"text": e.text},
                        } for e in edit_positions(fr.source, f.fix)],
                    }],
                }]
            results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "paperlist",
                "version": _version(),
                "rules": list(rules.values()),
            }},
            "results": results,
            # How much of each file was read: a list read as empty must not look clean.
            "properties": {"files": {fr.path: {"entries": fr.entries, "unread": fr.unread}
                                     for fr in ctx.files}},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"

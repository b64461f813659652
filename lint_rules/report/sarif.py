"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ..projection import project_fix
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
            projected = project_fix(fr.source, f) if f.fix else None
            if f.fix is not None and projected is not None:
                end_col = len(fr.source.line_text(projected.end_line)) + 1
                result["fixes"] = [{
                    "description": {"text": f.fix.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": fr.path},
                        "replacements": [{
                            "deletedRegion": {"startLine": projected.line, "startColumn": 1,
                                              "endLine": projected.end_line, "endColumn": end_col},
                            "insertedContent": {"text": projected.replacement},
                        }],
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

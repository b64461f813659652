"""``{"findings": [...], "summary": {...}}`` as in SPEC."""

from __future__ import annotations

import json
from typing import Any

from ..projection import project_fix
from .base import ReportContext


def render(ctx: ReportContext) -> str:
    findings: list[dict[str, Any]] = []
    for fr in ctx.files:
        for f in fr.findings:
            fix = None
            projected = project_fix(fr.source, f) if f.fix else None
            if f.fix is not None and projected is not None:
                fix = {
                    "replacement": projected.replacement,
                    "line": projected.line,
                    "end_line": projected.end_line,
                    "title": f.fix.title,
                    "applicability": f.fix.applicability.value,
                }
            findings.append({
                "path": fr.path,
                "line": projected.line if projected else f.line,
                "end_line": projected.end_line if projected else f.end_line,
                "column": f.column,
                "end_column": f.end_column,
                "rule": f.code,
                "name": f.name,
                "severity": f.severity.value,
                "message": f.message,
                "fix": fix,
                "subject": f.subject,
            })
    counts = ctx.counts()
    summary: dict[str, Any] = {
        "files": len(ctx.files),
        "findings": len(findings),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "info": counts["info"],
        "fixable": ctx.fixable,
        "fixed": sum(fr.fixed for fr in ctx.files),
        "entries": ctx.entries,
        "unread": ctx.unread,
        "files_read": {fr.path: {"entries": fr.entries, "unread": fr.unread}
                       for fr in ctx.files},
        **({"conventions": {fr.path: list(fr.conventions) for fr in ctx.files}}
           if any(fr.conventions for fr in ctx.files) else {}),
        "styles": {fr.path: fr.style for fr in ctx.files},
        "section_styles": {
            fr.path: [{"section": title, "line": line, "style": style}
                      for title, line, style in fr.section_styles]
            for fr in ctx.files
        },
    }
    summary.update(ctx.extra)
    body = {"findings": findings, "summary": summary}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"

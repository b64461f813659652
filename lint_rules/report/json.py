"""``{"findings": [...], "summary": {...}}`` as in SPEC.

A fix carries its exact ``edits`` (lines and columns) and, for lines of ordinary length, the
``replacement`` text of the lines it touches. The replacement repeats whole lines, so on long
lines (one line of 3,000 links, each with a fix) it would make the output grow with findings ×
line length: it is left out past ``MAX_REPLACEMENT_LINES_CHARS`` characters of lines (SPEC
"Additions for 0.2"), and once the replacements of a file reach ``MAX_REPLACEMENTS_CHARS``.
"""

from __future__ import annotations

import json
from typing import Any

from ..findings import Finding
from ..projection import edit_positions, fix_lines, project_fix
from ..source import SourceText
from .base import ReportContext

MAX_REPLACEMENT_LINES_CHARS = 10_000
MAX_REPLACEMENTS_CHARS = 4_000_000  # per file: the output stays in megabytes on any input


def _fix(source: SourceText, f: Finding, budget: list[int]) -> tuple[dict[str, Any], int, int]:
    """The JSON fix of ``f``, and the lines it covers."""
    assert f.fix is not None
    first, last = fix_lines(source, f)
    fix: dict[str, Any] = {}
    size = source.line_end(last) - source.line_start(first)
    if size <= MAX_REPLACEMENT_LINES_CHARS and size <= budget[0]:
        projected = project_fix(source, f)
        if projected is not None:
            fix["replacement"] = projected.replacement
            first, last = projected.line, projected.end_line
            budget[0] -= len(projected.replacement)
    fix.update({
        "line": first,
        "end_line": last,
        "edits": [{"line": e.line, "column": e.column, "end_line": e.end_line,
                   "end_column": e.end_column, "text": e.text}
                  for e in edit_positions(source, f.fix)],
        "title": f.fix.title,
        "applicability": f.fix.applicability.value,
    })
    return fix, first, last


def render(ctx: ReportContext) -> str:
    findings: list[dict[str, Any]] = []
    for fr in ctx.files:
        budget = [MAX_REPLACEMENTS_CHARS]
        for f in fr.findings:
            fix, line, end_line = (_fix(fr.source, f, budget) if f.fix and f.fix.edits
                                   else (None, f.line, f.end_line))
            findings.append({
                "path": fr.path,
                "line": line,
                "end_line": end_line,
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
        # What was read, per file: a list read as empty must never look clean (SPEC 0.2).
        "entries": {fr.path: fr.entries for fr in ctx.files},
        "unread": {fr.path: fr.unread for fr in ctx.files},
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

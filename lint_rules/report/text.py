"""ruff-like text: ``path:line:col: CODE message`` and a one-line summary, colour on a TTY."""

from __future__ import annotations

from ..findings import Applicability
from .base import ReportContext, read_summary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(ctx: ReportContext) -> str:
    lines: list[str] = []
    paint = (lambda code, s: f"{code}{s}{_RESET}") if ctx.color else (lambda code, s: s)
    for fr in ctx.files:
        for f in fr.findings:
            where = paint(_BOLD, f"{fr.path}:{f.line}:{f.column}:")
            code = paint(_COLORS[f.severity.value] + _BOLD, f.code)
            safe = f.fix is not None and f.fix.applicability is Applicability.SAFE
            fixable = paint(_DIM, " [*]") if safe and ctx.show_fixes else ""
            lines.append(f"{where} {code}{fixable} {f.message}")
    counts = ctx.counts()
    total = sum(counts.values())
    fixed = sum(fr.fixed for fr in ctx.files)
    parts = []
    if total:
        by = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}"
                       for s in ("error", "warning", "info") if counts[s])
        parts.append(f"Found {total} finding{'s' if total != 1 else ''} ({by}).")
        if ctx.fixable and ctx.show_fixes:
            parts.append(f"[*] {ctx.fixable} fixable with `paperlist check --fix`.")
        unsafe = sum(1 for fr in ctx.files for f in fr.findings
                     if f.fix is not None and f.fix.applicability is Applicability.UNSAFE)
        if unsafe and ctx.show_fixes:
            parts.append(f"({unsafe} more fix{'es' if unsafe != 1 else ''} with "
                         "`--fix --unsafe-fixes`: review them with `--diff --unsafe-fixes`.)")
    else:
        parts.append("All checks passed!")
    # Say what was read, so a list read as empty never looks clean.
    files = len(ctx.files)
    read = read_summary(ctx.entries, ctx.unread, files)
    if ctx.unread:
        read += " (see PL101, PL119)"
    parts.insert(0, read + ".")
    if fixed:
        parts.insert(0, f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.")
    lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"

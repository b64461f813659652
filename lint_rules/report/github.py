"""GitHub Actions workflow commands: ``::error file=…,line=…::message``."""

from __future__ import annotations

from ..findings import Finding
from .base import ReportContext, read_summary

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(path: str, f: Finding) -> str:
    """One finding as an ``::error``/``::warning``/``::notice`` workflow command."""
    props = (f"file={escape_property(path)},line={f.line},endLine={max(f.end_line, f.line)},"
             f"col={f.column},title={escape_property(f'{f.code} {f.name}')}")
    return f"::{_LEVEL[f.severity.value]} {props}::{escape_data(f.message)}"


def render(ctx: ReportContext) -> str:
    out = [workflow_command(fr.path, f) for fr in ctx.files for f in fr.findings]
    # What was read, so a list read as empty never passes without a word in the job log.
    for fr in ctx.files:
        out.append(f"::notice file={escape_property(fr.path)},title=paperlist::"
                   f"{escape_data(read_summary(fr.entries, fr.unread))}")
    return "\n".join(out) + ("\n" if out else "")

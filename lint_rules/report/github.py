"""GitHub Actions workflow commands: ``::error file=…,line=…::message``."""

from __future__ import annotations

from .base import ReportContext

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(ctx: ReportContext) -> str:
    out = []
    for fr in ctx.files:
        for f in fr.findings:
            props = (f"file={escape_property(fr.path)},line={f.line},endLine={f.end_line},"
                     f"col={f.column},title={escape_property(f'{f.code} {f.name}')}")
            out.append(f"::{_LEVEL[f.severity.value]} {props}::{escape_data(f.message)}")
    return "\n".join(out) + ("\n" if out else "")

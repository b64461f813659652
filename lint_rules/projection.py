"""Fixes seen as whole lines: what SPEC's ``{"replacement": …}`` and GitHub suggestions need.

A fix is edits on offsets; reviewers and scripts think in lines. The projection takes the lines
the edits touch (widened to the finding's own lines) and returns their new text. An empty
replacement of whole lines means the lines are deleted, as in a GitHub suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Finding, Fix
from .source import SourceText


@dataclass(frozen=True, slots=True)
class LineFix:
    line: int
    end_line: int
    replacement: str
    deletes_lines: bool = False


@dataclass(frozen=True, slots=True)
class EditPosition:
    """An edit in 1-based lines and columns, end exclusive: SPEC's ``fix.edits`` items."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


def edit_positions(source: SourceText, fix: Fix) -> list[EditPosition]:
    """The fix's edits as lines and columns: output that grows with the edits, not with the
    length of the lines they sit on."""
    out = []
    for edit in sorted(fix.edits, key=lambda e: (e.start, e.end)):
        line, column = source.position(edit.start)
        end_line, end_column = source.position(edit.end)
        out.append(EditPosition(line, column, end_line, end_column, edit.content))
    return out


def fix_lines(source: SourceText, finding: Finding, fix: Fix | None = None) -> tuple[int, int]:
    """The lines ``(first, last)`` a fix's projection replaces, without building it."""
    fix = fix or finding.fix
    if fix is None or not fix.edits:
        return finding.line, finding.end_line
    first = min(finding.line, source.line_of(fix.start))
    last_offset = max(fix.end - 1, fix.start)
    last = max(finding.end_line, source.line_of(last_offset) if fix.end > fix.start else first)
    return first, min(last, source.line_count)


def project_fix(source: SourceText, finding: Finding, fix: Fix | None = None) -> LineFix | None:
    fix = fix or finding.fix
    if fix is None or not fix.edits:
        return None
    first, last = fix_lines(source, finding, fix)
    region_start = source.line_start(first)
    region_end = source.line_end(last)
    # An edit may consume the line ending after the region (deleting whole lines).
    consumes_newline = fix.end > region_end
    if consumes_newline:
        region_end = min(len(source.text), fix.end)
    pieces: list[str] = []
    cursor = region_start
    for edit in sorted(fix.edits, key=lambda e: e.start):
        if edit.start < region_start or edit.end > region_end:
            return None
        pieces.append(source.text[cursor:edit.start])
        pieces.append(edit.content)
        cursor = edit.end
    pieces.append(source.text[cursor:region_end])
    new = "".join(pieces)
    if consumes_newline:
        new = new.removesuffix("\r\n").removesuffix("\n")
        return LineFix(first, last, new, deletes_lines=new == "")
    return LineFix(first, last, new)

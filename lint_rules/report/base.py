"""What every emitter gets: the findings of each file, with the file's source for projections."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..findings import Applicability, Finding
from ..source import SourceText


def read_summary(entries: int, unread: int, files: int = 1) -> str:
    """``Read 1 entry; 2 items that look like papers were not read``: what a report says it
    read, so a list read as (nearly) empty never passes without a word."""
    read = f"Read {entries} entr{'ies' if entries != 1 else 'y'}"
    if files != 1:
        read += f" in {files} files"
    if unread == 1:
        read += "; 1 item that looks like a paper was not read"
    elif unread:
        read += f"; {unread} items that look like papers were not read"
    return read


@dataclass(frozen=True, eq=False)
class FileReport:
    path: str
    source: SourceText
    findings: list[Finding]
    style: str = ""  # the style most of the file's entries are written in
    # (heading, line, style) of each section holding entries: mixed lists differ by section.
    section_styles: tuple[tuple[str, int, str], ...] = ()
    fixed: int = 0  # fixes applied by --fix
    entries: int = 0  # entries read
    unread: int = 0  # items that look like papers but were not read as entries
    # What was learned of the list's conventions (``--show-style``), one sentence each.
    conventions: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class ReportContext:
    files: list[FileReport]
    color: bool = False
    show_fixes: bool = True
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def entries(self) -> int:
        return sum(fr.entries for fr in self.files)

    @property
    def unread(self) -> int:
        return sum(fr.unread for fr in self.files)

    def counts(self) -> Counter[str]:
        return Counter(f.severity.value for fr in self.files for f in fr.findings)

    @property
    def fixable(self) -> int:
        return sum(1 for fr in self.files for f in fr.findings
                   if f.fix is not None and f.fix.applicability is Applicability.SAFE)

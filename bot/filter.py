"""Findings × a file's diff → findings annotated with where they fall. Annotates, never drops.

A finding belongs to the entry holding it. When the PR adds or changes any line of that entry,
every finding on the entry is the PR's to act on, and the whole entry is the anchor of one review
comment (``Anchor``) when its lines are RIGHT-side lines of one hunk. Everything else
(pre-existing problems, lines outside every hunk, files without a patch) stays for the summary.

Which findings deserve an inline comment is a policy (``InlinePolicy``): by default errors and
warnings about an entry's content — its placement (PL2), duplicates (PL3), venue (PL4) and links
(PL5) — never house-style or whitespace details, which ride along in the entry's combined
suggestion or are counted in the summary.

A finding about a pair (a duplicate names the other copy in ``related_lines``) is moved to the
member the PR wrote (``blame_pr_member``): the contributor who inserts a copy *above* the original
gets the comment, not the line that was already there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.source import SourceText

from .diff import FileDiff


class Placement(StrEnum):
    ADDED = "added"  # on an entry (or line) the PR adds or changes: the PR's to act on
    UNCHANGED = "unchanged"  # shown as context in a hunk, but the PR did not write it
    OUTSIDE = "outside"  # on no line the diff shows
    # On lines the PR writes, but with no anchor GitHub would accept: the finding spans several
    # hunks, or GitHub sent no patch for the file (the changed lines were computed locally).
    UNANCHORED = "unanchored"


class InlinePolicy(StrEnum):
    """``review.inline`` in the config: which findings on the PR's entries get inline comments."""

    NONE = "none"  # summary only
    ERROR = "error"  # errors only
    CONTENT = "content"  # errors, and warnings about content (PL2-PL5): the default
    WARNING = "warning"  # errors and every warning
    ALL = "all"  # info too

    @classmethod
    def of(cls, value: object) -> InlinePolicy:
        return cls(str(value)) if value is not None else cls.CONTENT


# Rule families whose warnings are about what an entry says, not how it is typed.
CONTENT_FAMILIES = ("PL2", "PL3", "PL4", "PL5")
# House conventions: style, never worth a comment of their own by default.
STYLE_FAMILIES = ("PL6",)
# Families whose findings are about a pair of entries, reported on the PR's member.
PAIR_FAMILIES = ("PL3",)


def inline_worthy(finding: Finding, policy: InlinePolicy = InlinePolicy.CONTENT) -> bool:
    severity = finding.severity
    if policy is InlinePolicy.NONE:
        return False
    if severity is Severity.ERROR or policy is InlinePolicy.ALL:
        return True
    if severity is Severity.INFO or policy is InlinePolicy.ERROR:
        return False
    return policy is InlinePolicy.WARNING or finding.code.startswith(CONTENT_FAMILIES)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A review-comment position: ``line``, and ``start_line`` (< line, same hunk) or None."""

    line: int
    start_line: int | None = None

    @property
    def first(self) -> int:
        return self.start_line if self.start_line is not None else self.line


@dataclass(frozen=True, slots=True)
class FilteredFinding:
    finding: Finding
    path: str
    placement: Placement
    anchor: Anchor | None  # set exactly when the finding's entry (or line) may be commented
    entry: tuple[int, int] = (0, 0)  # first and last line of the finding's entry (or its own)
    inline: bool = True  # the policy wants it shown in an inline comment

    @property
    def should_comment(self) -> bool:
        return self.anchor is not None and self.inline

    @property
    def in_diff(self) -> bool:
        """On lines the PR writes (whether or not it could be anchored)."""
        return self.placement in (Placement.ADDED, Placement.UNANCHORED)


def _anchor(diff: FileDiff, first: int, last: int) -> Anchor | None:
    """An anchor over ``first``..``last`` when GitHub shows all of them in one hunk."""
    if not diff.same_hunk(first, last):
        return None
    return Anchor(last, first if first < last else None)


def place(finding: Finding, diff: FileDiff | None, path: str,
          entry: tuple[int, int] | None = None,
          policy: InlinePolicy = InlinePolicy.CONTENT) -> FilteredFinding:
    own = (finding.line, max(finding.end_line, finding.line))
    first, last = entry if entry is not None else own
    first, last = min(first, own[0]), max(last, own[1])
    inline = inline_worthy(finding, policy)
    span = (first, last)
    if diff is None:
        return FilteredFinding(finding, path, Placement.OUTSIDE, None, span, inline)
    touched = diff.touches(first, last)
    if not diff.has_patch:
        return FilteredFinding(finding, path,
                               Placement.UNANCHORED if touched else Placement.OUTSIDE, None,
                               span, inline)
    if not touched:
        shown = diff.shows_any(first, last)
        return FilteredFinding(finding, path,
                               Placement.UNCHANGED if shown else Placement.OUTSIDE, None,
                               span, inline)
    # The whole entry if GitHub shows it in one hunk, else the finding's own lines.
    anchor = _anchor(diff, first, last) or _anchor(diff, *own)
    placement = Placement.ADDED if anchor is not None else Placement.UNANCHORED
    return FilteredFinding(finding, path, placement, anchor, span, inline)


def entry_of(entries: Sequence[tuple[int, int]], starts: Sequence[int],
             line: int) -> tuple[int, int] | None:
    """The entry (first, last line) holding ``line``; ``starts`` are the entries' first lines."""
    i = bisect_right(starts, line) - 1
    if i >= 0 and entries[i][0] <= line <= entries[i][1]:
        return entries[i]
    return None


def filter_findings(findings: Iterable[Finding], diff: FileDiff | None, path: str,
                    entries: Sequence[tuple[int, int]] = (),
                    policy: InlinePolicy = InlinePolicy.CONTENT) -> list[FilteredFinding]:
    """Annotate each finding of ``path`` with its placement in ``diff`` (None: not in the PR).

    ``entries`` are the (first, last) lines of the file's entries, sorted: a finding inside one
    is placed by its whole entry.
    """
    ordered = sorted(entries)
    starts = [e[0] for e in ordered]
    return [place(f, diff, path, entry_of(ordered, starts, f.line), policy) for f in findings]


def blame_pr_member(findings: Sequence[Finding], diff: FileDiff | None,
                    entries: Sequence[tuple[int, int]], source: SourceText) -> list[Finding]:
    """Move each pair finding whose own entry the PR left alone, but whose other member the PR
    wrote, onto the PR's member; its message then names the old copy, and its fix (when it
    removed the reported copy) removes the PR's copy instead."""
    if diff is None or not findings:
        return list(findings)
    ordered = sorted(entries)
    starts = [e[0] for e in ordered]

    def span(line: int) -> tuple[int, int]:
        return entry_of(ordered, starts, line) or (line, line)

    def touched(lines: tuple[int, int]) -> bool:
        return diff.touches(*lines)

    out = []
    for f in findings:
        own = span(f.line)
        other_line = next((n for n in f.related_lines if touched(span(n))), None)
        if (not f.code.startswith(PAIR_FAMILIES) or other_line is None or touched(own)
                or not 1 <= other_line <= source.line_count):
            out.append(f)
            continue
        out.append(_moved(f, span(other_line), source))
    return out


def _moved(f: Finding, target: tuple[int, int], source: SourceText) -> Finding:
    first, last = target
    start, end = source.line_start(first), source.line_end(last)
    # The message names the other copy by its line: now that is the old copy's line.
    message = re.sub(rf"\bline {first}\b", f"line {f.line}", f.message)
    fix = None
    if f.fix is not None and _removes_lines(f.fix, source, f.line, f.end_line):
        fix = Fix(( _remove_lines(source, first, last),), f"Remove this copy of line {f.line}",
                  f.fix.applicability)
    return replace(f, line=first, column=1, end_line=last,
                   end_column=end - source.line_start(last) + 1, start=start, end=end,
                   message=message, fix=fix, related_lines=(f.line,))


def _removes_lines(fix: Fix, source: SourceText, first: int, last: int) -> bool:
    """The fix deletes lines ``first``..``last`` whole (and nothing else)."""
    if len(fix.edits) != 1 or fix.edits[0].content:
        return False
    edit = fix.edits[0]
    removal = _remove_lines(source, first, last)
    return (edit.start, edit.end) == (removal.start, removal.end) or (
        edit.start <= source.line_start(first) and edit.end >= source.line_end(last)
        and edit.end - edit.start <= removal.end - removal.start + 1)


def _remove_lines(source: SourceText, first: int, last: int) -> Edit:
    """Delete whole lines with their line ending (the one before them at the end of a file
    without a final newline)."""
    start = source.line_start(first)
    if last < len(source.line_starts):
        return Edit.delete(start, source.line_start(last + 1))
    return Edit.delete(max(0, start - 1), len(source.text))

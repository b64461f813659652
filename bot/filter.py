"""Findings × a file's diff → findings annotated with where they fall. Annotates, never drops.

A finding may become an inline comment only when its lines are RIGHT-side lines of one hunk and at
least one of them is added by the PR; everything else (pre-existing problems on unchanged lines,
lines outside every hunk, files without a patch) stays for the summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from lint_rules.findings import Finding

from .diff import FileDiff


class Placement(StrEnum):
    ADDED = "added"  # touches a line the PR adds or changes: commentable
    UNCHANGED = "unchanged"  # shown as context in a hunk, but the PR did not write it
    OUTSIDE = "outside"  # on no line the diff shows
    # On lines the PR writes, but with no anchor GitHub would accept: the finding spans several
    # hunks, or GitHub sent no patch for the file (the changed lines were computed locally).
    UNANCHORED = "unanchored"


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
    anchor: Anchor | None  # set exactly when the finding may be commented inline

    @property
    def should_comment(self) -> bool:
        return self.anchor is not None

    @property
    def in_diff(self) -> bool:
        """On lines the PR writes (whether or not it could be anchored)."""
        return self.placement in (Placement.ADDED, Placement.UNANCHORED)


def place(finding: Finding, diff: FileDiff | None, path: str) -> FilteredFinding:
    first, last = finding.line, max(finding.end_line, finding.line)
    if diff is None:
        return FilteredFinding(finding, path, Placement.OUTSIDE, None)
    lines = range(first, last + 1)
    if not diff.has_patch:
        touched = any(n in diff.added_lines for n in lines)
        return FilteredFinding(finding, path,
                               Placement.UNANCHORED if touched else Placement.OUTSIDE, None)
    hunks = {diff.hunk_index(n) for n in lines}
    added = diff.added_lines
    touches_added = any(n in added for n in lines)
    if hunks == {None}:
        return FilteredFinding(finding, path, Placement.OUTSIDE, None)
    if len(hunks) != 1 or None in hunks:
        # Part of the finding lies outside the hunk: it cannot be anchored as one range.
        placement = Placement.UNANCHORED if touches_added else Placement.UNCHANGED
        return FilteredFinding(finding, path, placement, None)
    if not touches_added:
        return FilteredFinding(finding, path, Placement.UNCHANGED, None)
    anchor = Anchor(last, first if first < last else None)
    return FilteredFinding(finding, path, Placement.ADDED, anchor)


def filter_findings(findings: Iterable[Finding], diff: FileDiff | None,
                    path: str) -> list[FilteredFinding]:
    """Annotate each finding of ``path`` with its placement in ``diff`` (None: not in the PR)."""
    return [place(f, diff, path) for f in findings]

"""Apply fixes: edits on the original text, sorted, overlaps skipped, to a fixpoint.

Guard rails, as in ruff's ``apply_fixes``: the text between edits is copied as is; a pass that
would lose a paper is refused whole; a fix that would delete the start of a list item (its
marker, or the line break before it) without deleting the whole line is refused, since it would
merge that item into the line before (a paper nested under another would vanish into it); at
most ``MAX_PASSES`` passes run, so two rules that undo each other cannot loop.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from .findings import Applicability, Edit, Finding, Fix
from .model import Document

MAX_PASSES = 10


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: int  # fixes applied over all passes
    document: Document  # the parse of ``text``
    findings: list[Finding]  # what remains in ``text``
    refused: list[str] = field(default_factory=list)  # why a pass was refused, if any


def apply_edits(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes in order of position; a fix overlapping an earlier one waits
    for the next pass. Returns the new text and how many fixes were applied."""
    ordered = sorted(fixes, key=lambda f: (f.start, f.end))
    out: list[str] = []
    cursor = 0
    applied = 0
    taken_until = -1
    for fix in ordered:
        edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
        if edits[0].start < taken_until or edits[0].start < cursor or _self_overlap(edits):
            continue
        for edit in edits:
            out.append(text[cursor:edit.start])
            out.append(edit.content)
            cursor = edit.end
        taken_until = max(taken_until, edits[-1].end)
        applied += 1
    out.append(text[cursor:])
    return "".join(out), applied


def _self_overlap(edits: Sequence[Edit]) -> bool:
    return any(b.start < a.end for a, b in pairwise(edits))


# A list item's first line: indentation, a bullet or an ordinal, then spacing or the line's end.
_ITEM_HEAD = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|\r?$)", re.MULTILINE)


def merged_item(text: str, fix: Fix) -> int | None:
    """The 0-based offset of a list item whose start the fix deletes (its marker, or the line
    break before it) while keeping part of its line, or None. Replacing a marker with another
    (`*` -> `-`) or deleting whole lines is fine."""
    for edit in fix.edits:
        if edit.start == edit.end:
            continue
        first_line = text.rfind("\n", 0, edit.start) + 1
        for head in _ITEM_HEAD.finditer(text, first_line, min(len(text), edit.end + 16)):
            item = head.start()
            if not (edit.start < head.end() and edit.end > max(item - 1, 0)):
                continue  # neither the marker nor the line break before it is touched
            line_end = text.find("\n", item)
            if edit.start <= item and edit.end >= (len(text) if line_end == -1 else line_end):
                continue  # the whole line goes (or is rewritten whole)
            if not _still_an_item(text, edit, first_line, item, head):
                return item
    return None


def _still_an_item(text: str, edit: Edit, first_line: int, item: int, head: re.Match[str]) -> bool:
    """Whether the item's line still starts with a list marker once ``edit`` is applied."""
    marker = item + len(head.group()) - len(head.group().lstrip(" \t"))
    if edit.end <= marker:  # the marker stays: only spacing may stand before it on its line
        before = text[first_line:edit.start] + edit.content + text[edit.end:marker]
        return not before[before.rfind("\n") + 1:].strip(" \t")
    # The marker is rewritten: its line must still open with one, and still be its own line.
    if first_line != item and "\n" not in edit.content:
        return False
    new = text[first_line:edit.start] + edit.content
    return _ITEM_HEAD.match(new[new.rfind("\n") + 1:] + text[edit.end:edit.end + 16]) is not None


def papers(doc: Document) -> Counter[str]:
    """The papers of a document, by normalised title (or URL for untitled entries)."""
    return Counter(e.title_key or (e.url or "") for e in doc.entries)


def fix_to_fixpoint(
    text: str,
    lint: Callable[[str], tuple[Document, list[Finding]]],
    *,
    unsafe: bool = False,
) -> FixResult:
    """Lint, apply fixes, re-lint, until nothing changes or ``MAX_PASSES`` runs out."""
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    doc, findings = lint(text)
    original = papers(doc)
    applied_total = 0
    refused: list[str] = []
    for _ in range(MAX_PASSES):
        fixes = []
        for f in findings:
            if f.fix is None or f.fix.applicability not in allowed:
                continue
            item = merged_item(text, f.fix)
            if item is not None:
                line = text.count("\n", 0, item) + 1
                reason = (f"the {f.code} fix on line {f.line} would merge the list item on "
                          f"line {line} into the line before; it was not applied")
                if reason not in refused:
                    refused.append(reason)
                continue
            fixes.append(f.fix)
        if not fixes:
            break
        new_text, applied = apply_edits(text, fixes)
        if applied == 0 or new_text == text:
            break
        new_doc, new_findings = lint(new_text)
        now = papers(new_doc)
        # A paper may lose an exact duplicate of itself, never its last copy.
        lost = [p for p in original if now[p] == 0]
        if lost:
            what = "an entry" if len(lost) == 1 else f"{len(lost)} entries"
            refused.append(f"fixes would have lost {what} (e.g. “{lost[0][:60]}”); "
                           "those fixes were not applied")
            break
        text, doc, findings = new_text, new_doc, new_findings
        applied_total += applied
    return FixResult(text, applied_total, doc, findings, refused)

"""Apply fixes: edits on the original text, sorted, overlaps skipped, to a fixpoint.

Guard rails, as in ruff's ``apply_fixes``: the text between edits is copied as is; a pass that
would lose a paper is refused whole; at most ``MAX_PASSES`` passes run, so two rules that undo
each other cannot loop.
"""

from __future__ import annotations

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
        fixes = [f.fix for f in findings if f.fix and f.fix.applicability in allowed]
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

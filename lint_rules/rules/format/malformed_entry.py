from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext
from ..common import clip


class MalformedEntry(Rule):
    """## What it does
    Flags list items among paper entries that cannot be read as an entry in the list's style:
    a bare URL instead of a markdown link, no link at all, an unclosed `[`, a title that is not
    the link, or a missing checkbox where the list's entries have one.

    ## Why is this bad?
    Readers, scripts and every other rule rely on each entry having the same shape. An item
    that does not parse is invisible to duplicate detection, venue checks and link checks.

    ## Example
    ```markdown
    - [ ] https://arxiv.org/abs/2101.05224 Big Self-Supervised Models. arXiv.
    - [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224). arXiv.
    ```

    Use instead:
    ```markdown
    - [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224). arXiv.
    ```

    ## Severity
    An error when the item renders broken (an unclosed `[`, a link split by a space) or is a
    paper with no link at all in a list whose entries have links; otherwise a warning: the item
    is fine for readers, only the linter cannot check it.

    ## Fix safety
    Only a missing checkbox is fixed (by inserting `[ ] `), when most entries of the section
    have one. The fix is unsafe: the checkbox shows on the rendered page. Other malformed items
    need a human.
    """

    code = "PL101"
    name = "malformed-entry"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        linked = ctx.conventions(doc).has_links
        for cand in doc.candidates:
            line = doc.source.line_text(cand.line).strip()
            broken = cand.defect == "broken-markup" or (cand.defect == "no-link" and linked)
            yield self.finding(
                doc, (cand.span.start, doc.source.line_end(cand.line)),
                f"List item {cand.reason}: `{clip(line)}`",
                severity=Severity.ERROR if broken else Severity.WARNING,
            )
        boxed = Counter((e.section, e.checkbox is not None) for e in doc.entries)
        for entry in doc.entries:
            if entry.checkbox is not None or entry.title_span is None:
                continue
            if boxed[(entry.section, True)] <= boxed[(entry.section, False)]:
                continue
            # Before the title link as written (a year-link title "[2020: Title]" starts
            # inside it, so the link's own span is the place, not the title's).
            at = entry.primary.span.start if entry.primary else entry.title_span.start - 1
            yield self.finding(
                doc, (entry.span.start, doc.source.line_end(entry.line)),
                "Entry has no checkbox `[ ]`, unlike the other entries of its section",
                fix=Fix.unsafe("Insert `[ ] `", Edit.insert(at, "[ ] ")),
            )

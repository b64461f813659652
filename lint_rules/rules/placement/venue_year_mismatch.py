from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.model import Document
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.venues.common import heading_of, venue_entries
from lint_rules.venues import VenueKind, table_for

from .common import YearTree


class VenueYearMismatch(Rule):
    """## What it does
    Flags a paper whose venue year differs from the year of the section it sits in, and names
    the section it belongs in.

    ## Why is this bad?
    In a year-sectioned list the section is the paper's year: a `MICCAI 2019` paper under
    `## 2020` is missed by readers of 2019 and misdates the paper for readers of 2020.

    ## Example
    ```markdown
    ## 2020
    - [ ] [How to Learn from Unlabeled Volume Data: Self-supervised 3D Context Feature Learning](https://link.springer.com/chapter/10.1007/978-3-030-32226-7_72). MICCAI 2019.
    ```

    Use instead:
    ```markdown
    ## 2019
    - [ ] [How to Learn from Unlabeled Volume Data: Self-supervised 3D Context Feature Learning](https://link.springer.com/chapter/10.1007/978-3-030-32226-7_72). MICCAI 2019.
    ```

    There is no automatic fix: moving an entry is for a human, who may also find that the year
    is the mistake. Preprints (`arXiv 2020`) are left to `arxiv-year-mismatch`.

    ## Severity
    A warning. Some lists file a paper under the year it appeared on arXiv, a year before its
    venue: when that is the list's habit (a fifth of its dated entries or more sit one year
    before their venue's year), those entries are not reported.
    """

    code = "PL202"
    name = "venue-year-mismatch"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        tree = YearTree.of(doc)
        dated = [(entry, section, reading) for entry, section, reading in venue_entries(doc, table)
                 if section.effective_year is not None and reading.parsed.year is not None
                 and reading.kind is not VenueKind.PREPRINT]
        early = sum(1 for _, s, r in dated if r.parsed.year == (s.effective_year or 0) + 1)
        # The list files papers by their preprint year: a venue one year later is its rule.
        by_preprint = early >= 3 and early * 5 >= len(dated)
        for entry, section, reading in dated:
            expected = section.effective_year
            year = reading.parsed.year
            if expected is None or year is None or year == expected:
                continue
            if by_preprint and year == expected + 1:
                continue
            here = tree.year_section_of(section) or section
            target = tree.sibling_for(here, year)
            where = (f"move it to `{heading_of(target)}` (line {target.line})" if target
                     else f"the list has no `{'#' * max(here.level, 1)} {year}` section yet")
            yield self.finding(
                doc, entry.venue_span or entry.span,
                f"Venue `{entry.venue_text}` is from {year} but the entry is under "
                f"`{heading_of(here)}`; {where}",
                subject=f"{entry.title}|{year}",
                related_lines=(target.line,) if target else (),
            )

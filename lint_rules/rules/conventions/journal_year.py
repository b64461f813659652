from __future__ import annotations

from collections.abc import Iterator

from lint_rules.conventions import WITH_YEAR, journal_year_conventions, without_year
from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.venues import table_for

from .common import share, thresholds


class InconsistentJournalYear(Rule):
    """## What it does
    Flags a journal venue written with a year in a list whose journals carry none (`TMI 2021`
    among `TMI`, `Medical Image Analysis`), or without one in a list whose journals carry it.

    ## Why is this bad?
    Lists settle this one way: the year heading already dates a journal paper, or every venue
    names its year. A mix makes readers wonder whether the missing years mean something.

    ## Example
    ```markdown
    ## 2021
    - [ ] [SMORE: A Self-Supervised Anti-Aliasing and Super-Resolution Algorithm for MRI Using Deep Learning](https://ieeexplore.ieee.org/document/9253710). TMI 2021.
    - [ ] [Transferable Visual Words: Exploiting the Semantics of Anatomical Patterns for Self-supervised Learning](https://ieeexplore.ieee.org/document/9359803). TMI.
    ```

    Use instead:
    ```markdown
    ## 2021
    - [ ] [SMORE: A Self-Supervised Anti-Aliasing and Super-Resolution Algorithm for MRI Using Deep Learning](https://ieeexplore.ieee.org/document/9253710). TMI.
    - [ ] [Transferable Visual Words: Exploiting the Semantics of Anatomical Patterns for Self-supervised Learning](https://ieeexplore.ieee.org/document/9359803). TMI.
    ```

    ## Fix safety
    Dropping a year is offered as an unsafe fix (it removes information a reader may want);
    adding one uses the year of the entry's year heading, also unsafe, and is not offered
    outside year sections.

    ## Options
    `conventions.min_share` (default 0.7) and `conventions.min_count` (default 3).
    """

    code = "PL603"
    name = "inconsistent-journal-year"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        for convention in journal_year_conventions(doc, table, thresholds(ctx.config)):
            for obs in convention.deviations:
                written = obs.entry.venue_text or ""
                span = obs.span
                if convention.majority == WITH_YEAR:
                    year = doc.section_of(obs.entry).effective_year
                    new = f"{written} {year}" if year else None
                    message = f"Journal `{written}` has no year, unlike {share(convention)}"
                else:
                    new = without_year(written)
                    message = f"Journal `{written}` has a year, unlike {share(convention)}"
                fix = (Fix.unsafe(f"Replace with `{new}`", Edit(span.start, span.end, new))
                       if new else None)
                yield self.finding(doc, span, f"{message} with a journal venue", fix=fix,
                                   subject=written)

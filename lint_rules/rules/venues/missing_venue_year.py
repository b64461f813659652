from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.venues import MatchKind, table_for

from .common import venue_entries


class MissingVenueYear(Rule):
    """## What it does
    Flags a conference or workshop venue written without its year. Journals by most lists'
    convention carry no year (`TMI.`, `Medical Image Analysis.`); the config decides which
    kinds need one.

    ## Why is this bad?
    A conference is held every year: `MICCAI` alone does not say which proceedings hold the
    paper, and the year is what places the entry in a year-sectioned list.

    ## Example
    ```markdown
    ## 2020
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI.
    ```

    Use instead:
    ```markdown
    ## 2020
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI 2020.
    ```

    ## Fix safety
    Under a year section the fix adds that year; it is unsafe, because the section may be the
    thing that is wrong.

    ## Options
    `venues.year_required`: the venue kinds written with a year. Default:
    `[conference, workshop]`; add `journal` for lists that write `Medical Image Analysis 2021`.
    """

    code = "PL403"
    name = "missing-venue-year"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        for entry, section, reading in venue_entries(doc, table):
            match = reading.match
            if match is None or match.how in (MatchKind.PREFIX, MatchKind.IGNORED):
                continue
            if reading.parsed.year is not None or entry.year is not None:
                continue
            kind = match.venue.kind
            if not table.requires_year(kind):
                continue
            written = entry.venue_text or ""
            span = entry.venue_span
            year = section.effective_year
            fix = None
            if year is not None and span is not None:
                fixed = reading.parsed.render() if reading.parsed.year else f"{written} {year}"
                fix = Fix.unsafe(f"Add the year `{year}`", Edit(span.start, span.end, fixed))
            yield self.finding(
                doc, span or entry.span,
                f"{kind.value.capitalize()} venue `{written}` has no year",
                fix=fix,
                subject=written,
            )

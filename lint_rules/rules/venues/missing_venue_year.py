from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.model import Document
from lint_rules.rule import Rule, RuleContext
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

    Under a year heading (`## 2020`) the heading is the year, and a list that writes most of
    its conference venues without one keeps the year elsewhere (a column, a date line): neither
    is reported.

    ## Example
    ```markdown
    ## Segmentation
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI.
    - [ ] [Leveraging Self-supervised Denoising for Image Segmentation](https://ieeexplore.ieee.org/document/9098559). ISBI 2020.
    ```

    Use instead:
    ```markdown
    ## Segmentation
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI 2020.
    - [ ] [Leveraging Self-supervised Denoising for Image Segmentation](https://ieeexplore.ieee.org/document/9098559). ISBI 2020.
    ```

    ## Options
    `venues.year_required`: the venue kinds written with a year. Default:
    `[conference, workshop]`; add `journal` for lists that write `Medical Image Analysis 2021`.
    """

    code = "PL403"
    name = "missing-venue-year"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        readings = [r for r in venue_entries(doc, table)
                    if r[2].match is not None
                    and r[2].match.how not in (MatchKind.PREFIX, MatchKind.IGNORED)
                    and table.requires_year(r[2].match.venue.kind)]
        # A list that writes most conference venues without a year has a year elsewhere (a
        # column, a date line): its convention, not a slip.
        dated = sum(1 for e, _, r in readings if r.parsed.year is not None or e.year is not None)
        configured = ctx.config.get("venues.year_required", None) is not None
        if dated * 2 < len(readings) and not configured:
            return
        for entry, section, reading in readings:
            assert reading.match is not None
            if reading.parsed.year is not None or entry.year is not None:
                continue
            if section.effective_year is not None:
                continue  # the year heading above it is the entry's year
            kind = reading.match.venue.kind
            written = entry.venue_text or ""
            span = entry.venue_span
            yield self.finding(
                doc, span or entry.span,
                f"{kind.value.capitalize()} venue `{written}` has no year, unlike "
                f"{dated} of the list's {len(readings)} conference venues",
                subject=written,
            )

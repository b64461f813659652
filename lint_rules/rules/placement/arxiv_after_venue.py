from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.identifiers import arxiv_year
from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Document
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip
from lint_rules.rules.venues.common import venue_entries
from lint_rules.venues import VenueKind, table_for

_MONTH = lazy_compile(r"\d{2}(\d{2})\.")  # new-style ids: YYMM.NNNNN
_LATE_MONTH = 3


class ArxivAfterVenue(Rule):
    """## What it does
    Flags an entry whose arXiv id was issued a year or more after the conference its venue
    names: `ECCV 2018` with an arXiv `1907.…` link.

    ## Why is this bad?
    Conference papers reach arXiv before or around the conference, rarely a year later. A link
    to a later preprint is most often another paper's link pasted onto this entry, or an old
    entry given a new paper's link, and readers who click it land on the wrong paper.

    ## Example
    ```markdown
    - The Sound of Pixels
      [[pdf]](https://arxiv.org/abs/1907.11879)
      - Hang Zhao, Chuang Gan, Andrew Rouditchenko. *ECCV 2018*
    ```

    Use instead:
    ```markdown
    - The Sound of Pixels
      [[pdf]](https://arxiv.org/abs/1804.03160)
      - Hang Zhao, Chuang Gan, Andrew Rouditchenko. *ECCV 2018*
    ```

    ## Severity
    A warning: a paper can reach arXiv late, so a preprint from January or February after the
    conference year is not reported. Journals are not checked, since a journal
    version often follows its preprint by years either way.
    """

    code = "PL205"
    name = "arxiv-after-venue"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        for entry, _section, reading in venue_entries(doc, table):
            venue_year = reading.parsed.year
            if entry.arxiv_id is None or venue_year is None:
                continue
            if reading.kind not in (VenueKind.CONFERENCE, VenueKind.WORKSHOP):
                continue
            year = arxiv_year(entry.arxiv_id)
            if year is None or year <= venue_year:
                continue
            month = _MONTH.match(entry.arxiv_id)
            # A camera-ready posted in the first months after a December conference is usual.
            if year == venue_year + 1 and month and int(month.group(1)) < _LATE_MONTH:
                continue
            link = next((lk for lk in entry.links if entry.arxiv_id in lk.url), entry.primary)
            yield self.finding(
                doc, link.url_span if link else entry.span,
                f"arXiv `{entry.arxiv_id}` is from {year}, after `{clip(entry.venue_text or '', 30)}`: "
                "is it this paper's link?",
                subject=f"{entry.arxiv_id}|{entry.venue_text}",
            )

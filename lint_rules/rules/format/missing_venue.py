from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...model import Document
from ...rule import Rule, RuleContext
from ...styles import writes_venue
from ..common import clip


class MissingVenue(Rule):
    """## What it does
    Flags paper entries without a venue in sections whose entries name one (by default the year
    and topic sections where most entries write a venue).

    ## Why is this bad?
    The venue tells readers where a paper was published and whether it was peer-reviewed; the
    list's year sections promise it for every paper.

    ## Example
    ```markdown
    ## 2020
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54)
    ```

    Use instead:
    ```markdown
    ## 2020
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI 2020.
    ```

    Styles that have no place for a venue (`- **Title** (2015), A. Author et al.`) are not
    asked for one, and neither are sections where most entries name none: there a missing
    venue is the section's format (a preprint list, a list of arXiv links), not a slip.

    ## Severity
    A warning: an entry without a venue is incomplete, not broken.

    ## Options
    `sections.require_venue`: the section kinds (`year`, `papers`, `resources`) whose entries
    need a venue. Default: year and topic sections where most entries write one. Set in the
    config, it applies to every section of those kinds, whatever the list does.
    """

    code = "PL105"
    name = "missing-venue"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        configured = ctx.config.get("sections.require_venue", None)
        # Unconfigured, any paper section that writes venues is held to it.
        kinds = set(configured if configured is not None else ["year", "papers"])
        conventions = ctx.conventions(doc)
        for entry in doc.entries:
            section = doc.section_of(entry)
            if section.kind.value not in kinds or entry.venue_text or not writes_venue(entry.style):
                continue
            if configured is None and not conventions.writes_venues(entry.section):
                continue
            yield self.finding(
                doc, (entry.span.start, doc.source.line_end(entry.line)),
                f"Entry `{clip(entry.title, 50)}` has no venue; entries under "
                f"`{section.title}` name where the paper appeared (e.g. `MICCAI 2020`, `arXiv`)",
                subject=entry.title,
            )

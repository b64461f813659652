from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.rules.common import clip
from lint_rules.venues import table_for


class PreprintPublished(Rule):
    """## What it does
    Flags a preprint entry (its venue is arXiv, bioRxiv, "preprint" or missing) whose paper has
    since been published in a venue the venue table knows, and offers the venue in the list's
    own spelling (`check --links`, which asks arXiv for the paper's `journal_ref` and DOI, and
    Crossref for that DOI's `container-title` and publication date).

    ## Why is this bad?
    Lists are read to find where a paper stands; `arXiv` next to a paper that appeared at
    MICCAI undersells it, and the entry keeps pointing readers at an unreviewed version. Nobody
    goes back to check by hand.

    ## Example
    ```markdown
    - [ ] [Contrastive learning of global and local features for medical image segmentation with limited annotations](https://arxiv.org/abs/2006.10511). arXiv.
    ```

    Use instead:
    ```markdown
    - [ ] [Contrastive learning of global and local features for medical image segmentation with limited annotations](https://arxiv.org/abs/2006.10511). NeurIPS 2020.
    ```

    ## Fix safety
    The fix replaces the written venue and is unsafe: a `journal_ref` is the authors' own
    free text and may name a workshop or a later extended version. An entry with no written
    venue gets no fix (where a venue goes differs by style). Moving the entry to the venue
    year's section is left to `/paperlist update-venues`, which follows the list's year rule.

    ## Options
    `published.mailto` (Crossref's polite pool), `published.recheck_days` (how often an
    unpublished preprint is asked about again, default 7), `published.enabled`.
    """

    code = "PL506"
    name = "preprint-published"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    needs_links = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        records = getattr(ctx, "publications", None)
        if not records:
            return
        # Imported here: the rule runs only with live links, and start-up is paid per commit.
        from lint_rules.publication import (
            VenueStyle,
            preprint_entries,
            publication_for,
            record_keys,
        )

        table = table_for(ctx.venues, ctx.config)
        style: VenueStyle | None = None
        for entry in preprint_entries(doc, table):
            record = next((records[k] for k in record_keys(entry) if k in records), None)
            publication = publication_for(record, table) if record is not None else None
            if publication is None:
                continue
            style = style or VenueStyle.learn(doc, table)
            venue = style.render(publication) or publication.name
            where = doc.sections[entry.section].effective_year
            moved = (f"; it was published in {publication.year}, its section is {where}"
                     if where and publication.year and where != publication.year else "")
            fix = None
            if entry.venue_span is not None:
                fix = Fix.unsafe(f"Replace `{clip(entry.venue_text or '')}` with `{venue}`",
                                 Edit(entry.venue_span.start, entry.venue_span.end, venue))
            yield self.finding(
                doc, entry.venue_span or entry.title_span or entry.span,
                f"Preprint `{clip(entry.title)}` has since been published in `{venue}` "
                f"(from {publication.source}){moved}",
                fix=fix,
                subject=f"{record_keys(entry)[0]}|{venue}",
            )

from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.venues import MatchKind, table_for

from .common import venue_entries


class VenueAlias(Rule):
    """## What it does
    Flags venues written another way than the list's canonical form: an alias (`NIPS`,
    `IEEE Transactions on Medical Imaging`, `Medical Image Anal.`), a case slip (`Neurips`),
    or a year written as `MICCAI'20`, `MICCAI2020` or `Nature Medicine, 2023`.

    ## Why is this bad?
    One venue under several names splits it when readers search or sort the list, and makes
    the list look careless. The canonical form is `Name Year`, with the name the list prefers
    (or `Name, Year` in a list that writes most of its venues that way).

    ## Example
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). Neurips 2020.
    - [ ] [SALAD: Self-supervised Aggregation Learning for Anomaly Detection on X-Rays](https://link.springer.com/chapter/10.1007/978-3-030-59710-8_46). MICCAI'20.
    ```

    Use instead:
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). NeurIPS 2020.
    - [ ] [SALAD: Self-supervised Aggregation Learning for Anomaly Detection on X-Rays](https://link.springer.com/chapter/10.1007/978-3-030-59710-8_46). MICCAI 2020.
    ```

    ## Fix safety
    The fix is safe: it rewrites only the venue, to the form the venue table and the list's
    config name, and keeps a note such as `(Oral)`.

    ## Options
    `venues.prefer`: the spellings the list writes, e.g. `[TMI, Medical Image Analysis]`;
    `venues.add`: venues and aliases the shipped table lacks; `venues.ignore`: names accepted
    as written.
    """

    code = "PL401"
    name = "venue-alias"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        readings = list(venue_entries(doc, table))
        # A list that writes `MICCAI, 2023` throughout keeps its comma; the house form otherwise.
        with_year = [r.parsed for _, _, r in readings if r.parsed.year and r.parsed.name]
        comma = sum(p.comma for p in with_year) * 2 > len(with_year)
        for entry, _section, reading in readings:
            match = reading.match
            if match is None or match.how not in (MatchKind.EXACT, MatchKind.CASE,
                                                  MatchKind.ALIAS):
                continue
            written = entry.venue_text or ""
            canonical = reading.parsed.render(match.venue.name, comma=comma)
            span = entry.venue_span
            if canonical == written or span is None or doc.text[span.start:span.end] != written:
                continue
            if match.how is MatchKind.ALIAS:
                why = f"is an alias of `{match.venue.name}`"
            elif match.how is MatchKind.CASE:
                why = f"is spelled `{match.venue.name}`"
            else:
                form = "Name, Year" if comma else "Name Year"
                why = f"writes its year differently from the list's `{form}`"
            yield self.finding(
                doc, span,
                f"Venue `{written}` {why}; the list writes `{canonical}`",
                fix=Fix.safe(f"Replace with `{canonical}`", Edit(span.start, span.end, canonical)),
                subject=f"{written}->{canonical}",
            )

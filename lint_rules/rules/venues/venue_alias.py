from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.venues import MatchKind, Venue, table_for, venue_key

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

    Only a spelling the list itself writes, more often than the one flagged, is proposed (or
    the one the config prefers): a list that writes `TMI` throughout is never pushed to
    `IEEE TMI`. A venue's former name stays right for the papers of its years: `NIPS 2016` is
    not an alias of `NeurIPS`, whatever the list writes for later years.

    ## Example
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). Neurips 2020.
    - [ ] [Contrastive learning of global and local features for medical image segmentation with limited annotations](https://arxiv.org/abs/2006.10511). NeurIPS 2020.
    - [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224). NeurIPS 2021.
    ```

    Use instead:
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). NeurIPS 2020.
    - [ ] [Contrastive learning of global and local features for medical image segmentation with limited annotations](https://arxiv.org/abs/2006.10511). NeurIPS 2020.
    - [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224). NeurIPS 2021.
    ```

    ## Fix safety
    The fix is unsafe: it rewrites only the venue, to the form the list itself writes (or its
    config names), and keeps a note such as `(Oral)`; a renamed venue is visible, so a human
    accepts it.

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
        # Most venues written `Name Year` (as their canonical form): the house form to hold to.
        standard = sum(p.render(comma=comma) == p.text for p in with_year) * 2 > len(with_year)
        preferred = {venue_key(s) for s in ctx.config.get("venues.prefer", []) or []}
        written: dict[str, Counter[str]] = defaultdict(Counter)
        for _, _, reading in readings:
            if reading.match is not None and reading.match.how in _NAMED and reading.parsed.name:
                written[reading.match.venue.name][reading.parsed.name] += 1
        for entry, section, reading in readings:
            match = reading.match
            name = reading.parsed.name
            if match is None or match.how not in _NAMED or not name:
                continue
            year = reading.parsed.year or entry.year or section.effective_year
            target, count = _target(match.venue, name, year, written[match.venue.name], preferred)
            if target != name:
                why = (f"is an alias of `{target}`" if match.how is MatchKind.ALIAS
                       else f"is spelled `{target}`")
            elif standard and reading.parsed.year:
                why = f"writes its year differently from the list's `{'Name, Year' if comma else 'Name Year'}`"
            else:
                continue
            written_text = entry.venue_text or ""
            canonical = reading.parsed.render(target, comma=comma and bool(reading.parsed.year))
            span = entry.venue_span
            if canonical == written_text or span is None or doc.text[span.start:span.end] != written_text:
                continue
            if target != name:
                source = ("the config prefers it" if count is None
                          else f"the list writes it {count}×")
            else:
                source = f"like most of the list's {len(with_year)} dated venues"
            yield self.finding(
                doc, span,
                f"Venue `{written_text}` {why} ({source})",
                fix=Fix.unsafe(f"Replace with `{canonical}`", Edit(span.start, span.end, canonical)),
                subject=f"{written_text}->{canonical}",
            )


_NAMED = (MatchKind.EXACT, MatchKind.CASE, MatchKind.ALIAS)


def _target(
    venue: Venue, name: str, year: int | None, written: Counter[str], preferred: set[str]
) -> tuple[str, int | None]:
    """The spelling an entry should use, and how often the list writes it (None: the config's
    choice). Only a spelling the list itself writes, more often than this one, is proposed; a
    venue's former name (`NIPS`) stays right for the papers of its years."""
    if venue.era_name(name, year):
        return name, 0
    if venue_key(venue.name) in preferred:
        return venue.name, None
    choices = [(n, c) for n, c in written.items()
               if not any(venue_key(n) == venue_key(old) for old, _ in venue.former)
               or venue.era_name(n, year)]
    if not choices:
        return name, 0
    best, count = max(choices, key=lambda nc: (nc[1], nc[0] == venue.name))
    if best == name or count <= written.get(name, 0):
        return name, 0
    return best, count

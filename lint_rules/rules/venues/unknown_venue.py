from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.venues import table_for

from .common import venue_entries

_ACRONYM = lazy_compile(r"[A-Z][A-Z0-9&-]{1,5}")


def _slip(written: str, known: str) -> bool:
    """A short acronym one letter from a known one is a typo when a letter is missing, doubled
    or swapped (`MICAI` for `MICCAI`); a different letter (`IJCB`, `ICCP`, `PMLR`) usually names
    another venue."""
    a, b = written.casefold(), known.casefold()
    return len(a) != len(b) or sorted(a) == sorted(b)

class UnknownVenue(Rule):
    """## What it does
    Flags venues that are in neither the shipped venue table nor the list's config, and names
    the closest known venue when the name looks like a typo of one (`MICAI` for `MICCAI`).

    ## Why is this bad?
    A misspelt venue hides the paper from readers who search for the venue, and an unknown one
    cannot be checked for its year or its canonical spelling.

    ## Example
    ```markdown
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICAI 2020.
    ```

    Use instead:
    ```markdown
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI 2020.
    ```

    A venue that is right but unknown belongs in the config's `venues.add`.

    ## Fix safety
    The fix to the closest known name is unsafe: a name one letter away from a known venue may
    still be another venue, so a human accepts it.

    ## Options
    `venues.add` declares venues (with kind and aliases); `venues.ignore` accepts names as
    written.

    ## Severity
    A warning when the name is one edit or so from a known venue (a likely typo, with a fix);
    info when it is merely unknown. A name the list writes two or more times is the list's own
    and is not reported.
    """

    code = "PL402"
    name = "unknown-venue"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        spellings = ctx.conventions(doc).venue_spellings
        for entry, _section, reading in venue_entries(doc, table):
            name = reading.parsed.name
            if reading.match is not None or name is None:
                continue
            if spellings[name] >= 2:
                continue  # a venue the list writes again and again is the list's own name
            written = entry.venue_text or ""
            span = entry.venue_span
            closest = table.closest(name)
            if closest is not None and _ACRONYM.fullmatch(name) and not _slip(name, closest[0]):
                closest = None
            if closest is None or span is None:
                yield self.finding(
                    doc, span or entry.span,
                    f"Venue `{written}` is not a known venue; if it is right, declare it under "
                    f"`venues.add` in the config",
                    subject=written,
                    severity=Severity.INFO,
                )
                continue
            replacement = reading.parsed.render(closest[0])
            yield self.finding(
                doc, span,
                f"Venue `{written}` is not a known venue; did you mean `{closest[0]}`?",
                fix=Fix.unsafe(f"Replace with `{replacement}`",
                               Edit(span.start, span.end, replacement)),
                subject=written,
            )

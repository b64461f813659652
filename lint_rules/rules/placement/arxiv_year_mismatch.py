from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.identifiers import arxiv_year
from lint_rules.model import Document, Entry, Section
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.venues.common import PAPER_SECTIONS, heading_of
from lint_rules.venues import VenueKind, VenueTable, table_for

from .common import YearTree


class ArxivYearMismatch(Rule):
    """## What it does
    Flags an arXiv-only entry (its venue is arXiv or missing) whose arXiv id was issued in
    another year than its section's. A hint, not an error.

    ## Why is this bad?
    An arXiv id carries its year and month (`2010.05352` is October 2020). A preprint from
    2020 under `## 2021` may be misfiled, or may have been published since, in which case the
    venue should say where. Gaps between preprint and publication are normal, so this is only a
    warning.

    ## Example
    ```markdown
    ## 2021
    - [ ] [MoCo-CXR: MoCo Pretraining Improves Representation and Transferability of Chest X-ray Models](https://arxiv.org/abs/2010.05352). arXiv.
    ```

    Use instead:
    ```markdown
    ## 2020
    - [ ] [MoCo-CXR: MoCo Pretraining Improves Representation and Transferability of Chest X-ray Models](https://arxiv.org/abs/2010.05352). arXiv.
    ```

    or name the venue that published it in 2021. An entry that writes the section's year
    itself (`arXiv 2021`) is taken at its word.

    A list where a fifth or more of its arXiv-linked entries sit under another year than their
    preprint's files papers by another rule (the year it added them, their venue's year): it is
    not asked to move them.
    """

    code = "PL203"
    name = "arxiv-year-mismatch"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        tree: YearTree | None = None  # built for the first finding only
        found = list(self._mismatches(doc, table))
        dated = sum(1 for e in doc.entries if e.arxiv_id and doc.section_of(e).effective_year)
        # A list where many preprints sit under a later year files papers by the year it added
        # them (or their venue's): that is its rule, not a slip.
        if len(found) >= 3 and len(found) * 5 >= dated:
            return
        for entry, here_section, year, expected in found:
            tree = tree or YearTree.of(doc)
            here = tree.year_section_of(here_section) or here_section
            yield self.finding(
                doc, entry.primary.url_span if entry.primary else entry.span,
                f"arXiv preprint `{entry.arxiv_id}` is from {year} but sits under "
                f"`{heading_of(here)}`; file it under {year}, or name the venue that "
                f"published it in {expected}",
                subject=f"{entry.arxiv_id}|{expected}",
            )

    @staticmethod
    def _mismatches(doc: Document, table: VenueTable) -> Iterator[tuple[Entry, Section, int, int]]:
        for entry in doc.entries:
            section = doc.section_of(entry)
            expected = section.effective_year
            if entry.arxiv_id is None or expected is None or section.kind not in PAPER_SECTIONS:
                continue
            reading = table.read(entry.venue_text) if entry.venue_text else None
            if reading is not None and (reading.kind is not VenueKind.PREPRINT
                                        or reading.parsed.year == expected):
                continue
            year = arxiv_year(entry.arxiv_id)
            if year is None or year == expected:
                continue
            yield entry, section, year, expected

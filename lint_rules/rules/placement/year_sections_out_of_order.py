from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from lint_rules.findings import Finding, Severity
from lint_rules.model import Document, Section, SectionKind
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.venues.common import heading_of

from .common import YearTree


class YearSectionsOutOfOrder(Rule):
    """## What it does
    Flags a year section that breaks the order of the year sections around it (newest first,
    or oldest first when the list runs that way), or repeats a year.

    ## Why is this bad?
    Readers scan a year-sectioned list by year; a `## 2019` above `## 2020`, or a second
    `## 2020`, hides papers where nobody looks for them.

    ## Example
    ```markdown
    ## 2021
    ## 2019
    ## 2020
    ```

    Use instead:
    ```markdown
    ## 2021
    ## 2020
    ## 2019
    ```
    """

    code = "PL201"
    name = "year-sections-out-of-order"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        # Year headings are compared with their siblings only: `### 2021` under `## Journals`
        # and `### 2021` under `## Conferences` are two runs of years, not a repeat.
        tree = YearTree.of(doc)
        groups: dict[tuple[int, int], list[Section]] = {}
        for section in doc.sections:
            if section.kind is SectionKind.YEAR and section.year is not None:
                groups.setdefault((tree.parent[section.index], section.level), []).append(section)
        for sections in groups.values():
            yield from self._check_group(doc, sections)

    def _check_group(self, doc: Document, sections: list[Section]) -> Iterator[Finding]:
        years = [s.year or 0 for s in sections]
        steps = [b - a for a, b in pairwise(years) if a != b]
        # The list's own direction: most lists run newest first, so a tie means descending.
        descending = sum(s < 0 for s in steps) >= sum(s > 0 for s in steps)
        seen: dict[int, Section] = {}
        previous: Section | None = None
        for section in sections:
            year = section.year or 0
            first = seen.get(year)
            span = (doc.source.line_start(section.line), doc.source.line_end(section.line))
            if first is not None:
                yield self.finding(
                    doc, span,
                    f"Year section `{heading_of(section)}` repeats `{heading_of(first)}` of "
                    f"line {first.line}; merge them",
                    subject=f"repeat:{year}", related_lines=(first.line,),
                )
            elif previous is not None and previous.year is not None and (
                (year > previous.year) if descending else (year < previous.year)
            ):
                order = "newest first" if descending else "oldest first"
                yield self.finding(
                    doc, span,
                    f"Year section `{heading_of(section)}` comes after "
                    f"`{heading_of(previous)}` (line {previous.line}); the year sections run "
                    f"{order}",
                    subject=f"order:{year}", related_lines=(previous.line,),
                )
            seen.setdefault(year, section)
            if first is None:
                previous = section

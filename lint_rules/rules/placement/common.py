"""Year sections and their places in the heading tree, shared by the placement rules."""

from __future__ import annotations

from dataclasses import dataclass

from lint_rules.model import Document, Section, SectionKind


@dataclass(frozen=True, eq=False)
class YearTree:
    """Each section's parent section, and the year sections under each parent."""

    doc: Document
    parent: tuple[int, ...]  # parent section index per section, -1 at the top
    years: dict[tuple[int, int], Section]  # (parent index, year) -> first such section

    @classmethod
    def of(cls, doc: Document) -> YearTree:
        parent: list[int] = []
        years: dict[tuple[int, int], Section] = {}
        stack: list[Section] = []
        for section in doc.sections:
            while stack and stack[-1].level >= section.level:
                stack.pop()
            parent.append(stack[-1].index if stack else -1)
            if section.kind is SectionKind.YEAR and section.year is not None:
                years.setdefault((parent[-1], section.year), section)
            if section.level > 0:
                stack.append(section)
        return cls(doc, tuple(parent), years)

    def year_section_of(self, section: Section) -> Section | None:
        """The year section an entry of ``section`` is under: itself or its nearest ancestor."""
        current: Section | None = section
        while current is not None and current.year is None:
            up = self.parent[current.index]
            current = self.doc.sections[up] if up >= 0 else None
        return current

    def sibling_for(self, section: Section, year: int) -> Section | None:
        """The section for ``year`` beside ``section`` (same parent), else any with that year."""
        found = self.years.get((self.parent[section.index], year))
        if found is not None:
            return found
        return next((s for (_, y), s in self.years.items() if y == year), None)

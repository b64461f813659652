"""The rule contract: metadata as class variables, ``check(doc, ctx)`` yielding findings."""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .config import Config
from .findings import Finding, Fix, Severity
from .learn import ListConventions, learn
from .model import Document, Span


class FixAvailability:
    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


@dataclass(frozen=True, eq=False)
class RuleContext:
    """What a rule may know besides the document: config, venue table, live-link verdicts."""

    config: Config = field(default_factory=Config)
    venues: Any = None  # lint_rules.venues.VenueTable, read once at the edge
    # url -> lint_rules.links result; only present when live links were checked.
    link_verdicts: Mapping[str, Any] | None = None
    path: str = ""
    # record key ("arxiv:ID", "doi:DOI") -> lint_rules.publication.PublishedRecord; only
    # present when live links were checked (`published-since-listed` lookups).
    publications: Mapping[str, Any] | None = None
    # What the list does on purpose, learned once per document and shared by the rules.
    _learned: list[tuple[Document, ListConventions]] = field(default_factory=list, repr=False,
                                                              compare=False)

    def conventions(self, doc: Document) -> ListConventions:
        """The list's learned conventions (:mod:`lint_rules.learn`), computed once per document."""
        for seen, value in self._learned:
            if seen is doc:
                return value
        value = learn(doc, self.config)
        # One document at a time: the fixer re-lints a new text with the same context.
        self._learned[:] = [(doc, value)]
        return value


class Rule:
    """Base class of every rule. Subclasses set the metadata and implement :meth:`check`.

    The class docstring is the rule's documentation, with the sections ``## What it does``,
    ``## Why is this bad?``, ``## Example`` and ``Use instead:``.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fix_availability: ClassVar[str] = FixAvailability.NONE
    # Rules that need live link verdicts run only when links were checked.
    needs_links: ClassVar[bool] = False

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    def finding(
        self,
        doc: Document,
        span: Span | tuple[int, int],
        message: str,
        *,
        fix: Fix | None = None,
        severity: Severity | None = None,
        subject: str = "",
        related_lines: tuple[int, ...] = (),
    ) -> Finding:
        """A finding over ``span``; the span may be empty (a point)."""
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        line, column = doc.source.position(start)
        # A span that ends on a line ending belongs to the line it ends.
        end_line, end_column = doc.source.position(max(start, end - 1) if end > start else start)
        if end > start:
            end_column += 1
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            start=start,
            end=end,
            fix=fix,
            subject=subject,
            related_lines=related_lines,
        )

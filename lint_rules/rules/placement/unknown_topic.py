from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document, SectionKind, Span
from lint_rules.rule import FixAvailability, Rule, RuleContext


class UnknownTopic(Rule):
    """## What it does
    Flags a topic subheading (`*Segmentation*` under a year, or a heading nested in a year
    section) that is not one of the topics the list's config names. Does nothing when the
    config names none.

    ## Why is this bad?
    A list that promises a fixed set of topics lets readers jump to `Segmentation` in every
    year; a new spelling (`*Segmentaion*`, `*Segmentation methods*`) breaks that.

    ## Example
    ```markdown
    ## 2020
    *Segmentaion*
    ```

    Use instead:
    ```markdown
    ## 2020
    *Segmentation*
    ```

    ## Fix safety
    When a configured topic is close, the fix renames the subheading to it; it is unsafe,
    because the new name may be deliberate (then add it to the config).

    ## Options
    `sections.topics`: the allowed topic names, e.g. `[Feature Learning, Segmentation]`.
    """

    code = "PL204"
    name = "unknown-topic"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        allowed = [str(t) for t in ctx.config.get("sections.topics") or []]
        if not allowed:
            return
        known = {" ".join(t.casefold().split()) for t in allowed}
        for name, span in _topic_headings(doc):
            if " ".join(name.casefold().split()) in known:
                continue
            from rapidfuzz import fuzz, process  # only for a topic the config does not know

            best = process.extractOne(name, allowed, scorer=fuzz.ratio, score_cutoff=80)
            at = doc.text.find(name, span.start, span.end)
            if best is None or at < 0:
                yield self.finding(
                    doc, span,
                    f"Topic `{name}` is not one of the configured topics; add it to "
                    f"`sections.topics` or file these entries under an existing topic",
                    subject=name,
                )
                continue
            yield self.finding(
                doc, span,
                f"Topic `{name}` is not one of the configured topics; did you mean `{best[0]}`?",
                fix=Fix.unsafe(f"Rename to `{best[0]}`", Edit(at, at + len(name), best[0])),
                subject=name,
            )


def _topic_headings(doc: Document) -> Iterator[tuple[str, Span]]:
    """Topic subheadings in document order: emphasis paragraphs and headings nested in a year."""
    found = [(t.line, t.name, t.span) for t in doc.topics
             if doc.sections[t.section].kind in (SectionKind.YEAR, SectionKind.PAPERS)]
    for section in doc.sections:
        if section.parent_year is not None and section.year is None and section.line > 0:
            span = Span(doc.source.line_start(section.line), doc.source.line_end(section.line))
            found.append((section.line, section.title, span))
    for _line, name, span in sorted(found, key=lambda item: item[0]):
        yield name, span

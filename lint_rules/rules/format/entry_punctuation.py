from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...lazy_regex import lazy_compile
from ...model import Document, Entry
from ...rule import FixAvailability, Rule, RuleContext
from ..common import clip

_SEPARATOR = lazy_compile(r"[ \t]*\.?[ \t]*")


class MissingPeriod(Rule):
    """## What it does
    Flags an entry whose venue is not set off by periods: `[Title](url). Venue.` is the
    checkbox style's shape, and a period is missing after the link or after the venue.

    ## Why is this bad?
    The periods are what separates title, venue and extra links; without them the venue runs
    into the title or the code link, for readers and for the parser alike.

    ## Example
    ```markdown
    - [ ] [Self-Supervised Representation Learning for Ultrasound Video](https://arxiv.org/abs/2003.00105) ISBI 2020
    ```

    Use instead:
    ```markdown
    - [ ] [Self-Supervised Representation Learning for Ultrasound Video](https://arxiv.org/abs/2003.00105). ISBI 2020.
    ```

    ## Fix safety
    The fix is unsafe: the period it adds is visible text, so a human accepts it.
    """

    code = "PL106"
    name = "missing-period"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        text = doc.text
        for entry in _venued(doc):
            assert entry.venue_span is not None and entry.primary is not None
            link_end = entry.primary.span.end
            between = text[link_end:entry.venue_span.start]
            edits = []
            if "." not in between:
                edits.append(Edit(link_end, entry.venue_span.start, ". "))
            if not text.startswith(".", entry.venue_span.end):
                edits.append(Edit.insert(entry.venue_span.end, "."))
            if not edits:
                continue
            yield self.finding(
                doc, (link_end, entry.venue_span.end),
                f"Venue `{clip(entry.venue_text or '', 40)}` is not set off by periods "
                "(`[Title](url). Venue.`)",
                fix=Fix.unsafe("Add the missing period", *edits),
                subject=entry.title,
            )


class ExtraPeriod(Rule):
    """## What it does
    Flags doubled periods around an entry's venue, such as `(url).. MICCAI 2020..`.

    ## Why is this bad?
    A stray period is a typo readers notice, and it breaks the list's uniform look.

    ## Example
    ```markdown
    - [ ] [Self-supervised Discovery of Anatomical Shape Landmarks](https://link.springer.com/chapter/10.1007/978-3-030-59719-1_61). MICCAI 2020..
    ```

    Use instead:
    ```markdown
    - [ ] [Self-supervised Discovery of Anatomical Shape Landmarks](https://link.springer.com/chapter/10.1007/978-3-030-59719-1_61). MICCAI 2020.
    ```

    ## Fix safety
    The fix is unsafe: the periods it removes are visible text, so a human accepts it.
    """

    code = "PL107"
    name = "extra-period"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        text = doc.text
        for entry in _venued(doc):
            assert entry.venue_span is not None and entry.primary is not None
            spans = []
            m = re.match(r"\.{2,}", text[entry.primary.span.end:entry.venue_span.start])
            if m:
                spans.append((entry.primary.span.end, entry.primary.span.end + m.end()))
            m = re.match(r"\.{2,}", text[entry.venue_span.end:entry.span.end])
            if m:
                spans.append((entry.venue_span.end, entry.venue_span.end + m.end()))
            if not spans:
                continue
            yield self.finding(
                doc, (spans[0][0], spans[-1][1]),
                f"Entry `{clip(entry.title, 40)}` has a doubled period",
                fix=Fix.unsafe("Remove the extra period", *(Edit(s, e, ".") for s, e in spans)),
                subject=entry.title,
            )


def _venued(doc: Document) -> Iterator[Entry]:
    """Checkbox-style entries with a venue after their link."""
    for entry in doc.entries:
        if entry.style == "checkbox" and entry.venue_span and entry.primary is not None:
            yield entry

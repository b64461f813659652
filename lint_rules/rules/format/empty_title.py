from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...model import Document
from ...rule import Rule, RuleContext


class EmptyTitle(Rule):
    """## What it does
    Flags entries whose title (the link text) is empty or only spaces.

    ## Why is this bad?
    The title is what a reader scans for; an entry without one is a bare link nobody can judge
    without clicking, and duplicate detection by title cannot see it.

    ## Example
    ```markdown
    - [ ] [](https://arxiv.org/abs/2101.05224). arXiv.
    ```

    Use instead:
    ```markdown
    - [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224). arXiv.
    ```
    """

    code = "PL102"
    name = "empty-title"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for entry in doc.entries:
            if entry.title.strip() or entry.title_span is None:
                continue
            yield self.finding(
                doc, (entry.title_span.start - 1, entry.title_span.end + 1),
                f"Entry has an empty title (link to `{entry.url or 'nothing'}`)",
            )

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...model import Document
from ...rule import Rule, RuleContext
from ..common import broken_links, clip


class BrokenLinkMarkup(Rule):
    """## What it does
    Flags link markup inside an entry that renders as raw text: a label missing its `]`
    before the URL (`[[Paper(https://…)]`), or a space between the label and the URL
    (`[[pdf]] (https://…)`).

    ## Why is this bad?
    The page shows the brackets and the bare URL instead of a link, and the entry's paper link
    is invisible to readers and to every link check.

    ## Example
    ```markdown
    arXiv 2023. [[Paper(https://arxiv.org/abs/2303.16852)] \\
    ```

    Use instead:
    ```markdown
    arXiv 2023. [[Paper](https://arxiv.org/abs/2303.16852)] \\
    ```
    """

    code = "PL120"
    name = "broken-link-markup"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        text = doc.text
        for entry in doc.entries:
            for start, end in broken_links(text, entry.span.start, entry.span.end):
                yield self.finding(
                    doc, (start, end),
                    f"Link `{clip(text[start:end], 60)}` is broken and renders as raw text",
                    subject=f"{entry.title}|{text[start:end]}",
                )

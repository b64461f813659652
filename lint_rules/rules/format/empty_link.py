from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...model import Document
from ...rule import Rule, RuleContext
from ..common import clip


class EmptyLink(Rule):
    """## What it does
    Flags entry links with an empty destination, such as `[Title]()`.

    ## Why is this bad?
    An empty link renders as a link that goes nowhere: the reader cannot reach the paper, and
    nothing identifies it for duplicate or link checks.

    ## Example
    ```markdown
    - [ ] [Self-supervised Depth Estimation to Regularise Semantic Segmentation in Knee Arthroscopy](). MICCAI 2020.
    ```

    Use instead:
    ```markdown
    - [ ] [Self-supervised Depth Estimation to Regularise Semantic Segmentation in Knee Arthroscopy](https://link.springer.com/chapter/10.1007/978-3-030-59710-8_58). MICCAI 2020.
    ```
    """

    code = "PL103"
    name = "empty-link"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for entry in doc.entries:
            for link in entry.links:
                if link.url.strip():
                    continue
                label = link.label.strip() or "link"
                yield self.finding(
                    doc, link.span,
                    f"Link `{clip(label)}` has an empty URL",
                    subject=f"{entry.title}|{link.label}",
                )

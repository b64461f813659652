from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...model import Document
from ...rule import Rule, RuleContext
from ...styles.parts import is_placeholder
from ..common import clip


class EmptyLink(Rule):
    """## What it does
    Flags entry links with an empty destination, such as `[Title]()`, or a placeholder where
    the link will go: `[Title](#)`, `- Paper: None`, `TBD`, `coming soon`.

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
                label = link.label.strip() or "link"
                if not link.url.strip():
                    message = f"Link `{clip(label)}` has an empty URL"
                elif is_placeholder(link.url):
                    message = (f"Link `{clip(label)}` points to the placeholder "
                               f"`{clip(link.url.strip(), 20)}`, not to the paper")
                else:
                    continue
                yield self.finding(doc, link.span, message, subject=f"{entry.title}|{link.label}")

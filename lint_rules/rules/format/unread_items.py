from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ...findings import Finding, Severity
from ...model import Candidate, Document
from ...rule import Rule, RuleContext

# Fewer stray paper-like paragraphs than this in a section that has entries are notes, not a
# shape the linter missed.
MIN_UNREAD = 3


class UnreadItems(Rule):
    """## What it does
    Flags a section where items that look like papers (a paper link, an arXiv id, a `[pdf]`
    button) fit no entry style, so the linter read none of them: it says how many and where
    the first ones are.

    ## Why is this bad?
    Every other rule is blind to items it cannot read. Without this warning a list of 200
    papers in an unfamiliar shape would be read as an empty list and pass as clean.

    ## Example
    ```markdown
    ## Segmentation
    Contrastive learning of global and local features for medical image segmentation
    🕝 **[NeurIPS'20]** **[[PDF]](https://arxiv.org/abs/2006.10511)**
    ```

    Use instead: pin a style that reads the list (`style:` in `.paperlist.yml`, see
    `paperlist check --show-style`), or write the entries in one of the supported shapes:
    ```markdown
    ## Segmentation
    - [ ] [Contrastive learning of global and local features for medical image segmentation](https://arxiv.org/abs/2006.10511). NeurIPS 2020.
    ```
    """

    code = "PL119"
    name = "unread-items"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        per_section: dict[int, list[Candidate]] = defaultdict(list)
        for item in doc.unread:
            per_section[item.section].append(item)
        for index, items in sorted(per_section.items()):
            # A few paper-like notes beside entries are prose; in a list read as empty, even
            # one is worth saying.
            if len(items) < MIN_UNREAD and doc.entries:
                continue
            section = doc.sections[index]
            where = f"under `{section.title}`" if section.title else "before the first heading"
            lines = ", ".join(str(c.line) for c in items[:5])
            src = doc.source
            anchor = ((src.line_start(section.line), src.line_end(section.line)) if section.line
                      else (items[0].span.start, src.line_end(items[0].line)))
            yield self.finding(
                doc, anchor,
                (f"1 item {where} looks like a paper but fits no entry style and was not "
                 f"checked (line {lines})" if len(items) == 1 else
                 f"{len(items)} items {where} look like papers but fit no entry style and were "
                 f"not checked (lines {lines}{', …' if len(items) > 5 else ''})"),
                subject=f"unread:{section.title}",
            )

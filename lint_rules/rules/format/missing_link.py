from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...model import Document, SectionKind
from ...rule import Rule, RuleContext
from ..common import broken_links, clip

# A section of this many entries none of which has a link is link-less on purpose.
LINKLESS_SECTION = 3


class MissingLink(Rule):
    """## What it does
    Flags a paper entry with no link at all, in a list whose entries have links.

    ## Why is this bad?
    The reader cannot reach the paper: the entry names it and stops there. Usually the link
    line was forgotten when the entry was added, while every neighbour has its `[[pdf]]`.

    ## Example
    ```markdown
    - SCOPS: Self-Supervised Co-Part Segmentation.
      - Wei-Chih Hung, Varun Jampani, Sifei Liu. *CVPR 2019*
    ```

    Use instead:
    ```markdown
    - SCOPS: Self-Supervised Co-Part Segmentation.
      [[pdf]](https://arxiv.org/abs/1905.01298)
      - Wei-Chih Hung, Varun Jampani, Sifei Liu. *CVPR 2019*
    ```

    ## Severity
    An error, but only where links are the list's convention: at least 80 % of its entries have
    one. A list of titles without links is not asked for any, nor is a section of three or more
    entries none of which has a link.
    """

    code = "PL118"
    name = "missing-link"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        if not ctx.conventions(doc).has_links:
            return
        linked: dict[int, list[int]] = {}
        for entry in doc.entries:
            counts = linked.setdefault(entry.section, [0, 0])
            counts[1] += 1
            counts[0] += bool(entry.links)
        for entry in doc.entries:
            if entry.links or broken_links(doc.text, entry.span.start, entry.span.end):
                continue  # a broken link is broken-link-markup's
            section = doc.section_of(entry)
            with_links, total = linked[entry.section]
            if section.kind not in (SectionKind.YEAR, SectionKind.PAPERS):
                continue
            if with_links == 0 and total >= LINKLESS_SECTION:
                continue
            yield self.finding(
                doc, (entry.span.start, doc.source.line_end(entry.line)),
                f"Entry `{clip(entry.title, 60)}` has no link, unlike {with_links} of the "
                f"{total} entries of its section",
                subject=entry.title,
            )

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext
from ..common import clip


class PaddedLinkDestination(Rule):
    """## What it does
    Flags spaces between a link's parentheses and its URL: `[[pdf]]( https://… )`.

    ## Why is this bad?
    Markdown renders the link, but the padding is a slip other tools trip on (link checkers,
    scripts that read the list, GitHub's own autolinker in some contexts), and it makes the
    entry look unlike its neighbours.

    ## Example
    ```markdown
    - The Sound of Pixels
      [[pdf]]( https://arxiv.org/abs/1804.03160 )
    ```

    Use instead:
    ```markdown
    - The Sound of Pixels
      [[pdf]](https://arxiv.org/abs/1804.03160)
    ```

    ## Fix safety
    The fix is safe: it removes whitespace only, which no reader sees.
    """

    code = "PL121"
    name = "padded-link-destination"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        text = doc.text
        for link in doc.links:
            if link.bare or not link.url or text[link.span.end - 1:link.span.end] != ")":
                continue
            open_at = text.rfind("(", link.span.start, link.url_span.start)
            if open_at == -1:
                continue
            before = text[open_at + 1:link.url_span.start]
            after = text[link.url_span.end:link.span.end - 1]
            # Only the padding: a `"title"` after the URL is the link's title, not a slip.
            if before.strip(" \t") or after.strip(" \t") or not (before or after):
                continue
            edits = [Edit(open_at + 1, link.url_span.start, ""),
                     Edit(link.url_span.end, link.span.end - 1, "")]
            yield self.finding(
                doc, (open_at, link.span.end),
                f"Link to `{clip(link.url, 60)}` has spaces inside its parentheses",
                fix=Fix.safe("Remove the spaces", *(e for e in edits if e.start < e.end)),
                subject=link.url,
            )

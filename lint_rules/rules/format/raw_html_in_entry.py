from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Finding, Severity
from ...lazy_regex import lazy_compile
from ...model import Document
from ...rule import Rule, RuleContext

_TAG = lazy_compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<(?=[A-Za-z])[^>\n]*$")
_ALLOWED = lazy_compile(r"^</?(?:br|sup|sub|b|i|em|strong|code|kbd)\s*/?>$", re.IGNORECASE)


class RawHtmlInEntry(Rule):
    """## What it does
    Flags raw HTML tags inside an entry, and `<` that opens a tag never closed, except simple
    inline tags (`<br>`, `<sup>`, `<b>`, `<i>`, `<code>`…).

    ## Why is this bad?
    A stray `<div>` or an unclosed tag swallows the rest of the list when GitHub renders it,
    and HTML hides the entry's parts from every tool that reads the list.

    ## Example
    ```markdown
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI 2020. <div align="right">
    ```

    Use instead:
    ```markdown
    - [ ] [Contrastive Rendering for Ultrasound Image Segmentation](https://link.springer.com/chapter/10.1007/978-3-030-59716-0_54). MICCAI 2020.
    ```
    """

    code = "PL117"
    name = "raw-html-in-entry"
    severity = Severity.WARNING

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        text = doc.text
        for entry in doc.entries:
            body = text[entry.span.start:entry.span.end]
            for m in _TAG.finditer(body):
                tag = m.group(0)
                if _ALLOWED.match(tag) or tag.startswith("<!--") or tag.startswith("<http"):
                    continue
                start = entry.span.start + m.start()
                yield self.finding(
                    doc, (start, entry.span.start + m.end()),
                    f"Raw HTML `{tag[:40]}` in an entry",
                    subject=f"{entry.title}|{tag}",
                )

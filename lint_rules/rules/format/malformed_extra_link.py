from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...lazy_regex import lazy_compile
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext

_CLOSE = lazy_compile(r"[ \t]*\]")


class MalformedExtraLink(Rule):
    """## What it does
    Flags extra links after an entry (code, project page, slides) that are not written as
    `[[Code](url)]`: `[Code](url)`, `[[Code]](url)` or `[ [Code](url) ]`.

    ## Why is this bad?
    The double brackets set the extra links apart from the venue; mixed spellings make the list
    look careless and hide code links from tools that read them.

    ## Example
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). NeurIPS 2020. [Code](https://github.com/ShreyasFadnavis/patch2self)
    ```

    Use instead:
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). NeurIPS 2020. [[Code](https://github.com/ShreyasFadnavis/patch2self)]
    ```

    ## Fix safety
    The fix is unsafe: the brackets it adds or moves are visible text, so a human accepts it.
    """

    code = "PL108"
    name = "malformed-extra-link"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        text = doc.text
        for entry in doc.entries:
            if entry.style != "checkbox":
                continue
            for link in entry.extra_links:
                if link.bare:
                    continue
                s, e = link.span.start, link.span.end
                label = link.label.strip()
                inner = re.fullmatch(r"\[\s*(.*?)\s*\]", label)
                if inner:  # [[Code]](url)
                    label = inner.group(1)
                elif text[s - 1 : s] == "[" and text[e : e + 1] == "]":
                    continue  # already [[Code](url)]
                else:
                    # [ [Code](url) ]: take the padded outer brackets with it. Scanned from
                    # the link outwards: slicing the entry per link is quadratic on one line.
                    b = s
                    while b > entry.span.start and text[b - 1] in " \t":
                        b -= 1
                    after = _CLOSE.match(text, e, entry.span.end)
                    if b > entry.span.start and text[b - 1] == "[" and after:
                        s = b - 1
                        e = after.end()
                new = f"[[{label}]({link.url})]"
                yield self.finding(
                    doc, (s, e),
                    f"Extra link `{text[s:e]}` is not written as `[[{label}](url)]`",
                    fix=Fix.unsafe(f"Replace with `{new}`", Edit(s, e, new)),
                    subject=f"{entry.title}|{link.url}",
                )

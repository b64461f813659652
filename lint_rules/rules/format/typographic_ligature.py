from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...lazy_regex import lazy_compile
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext

_LIGATURES = lazy_compile("[\ufb00-\ufb06\u0132\u0133\u01c4-\u01cc\u01f1-\u01f3]")


class TypographicLigature(Rule):
    """## What it does
    Flags typographic ligatures such as `ﬁ`, `ﬂ` or `ﬀ`, usually pasted from a PDF, and
    replaces each with its plain letters.

    ## Why is this bad?
    `Classiﬁcation` with a ligature is not the word `Classification` to search engines,
    GitHub's search, browser find or duplicate detection.

    ## Example
    ```markdown
    - [ ] [A Survey on Semi-, Self- and Unsupervised Learning in Image Classiﬁcation](https://arxiv.org/abs/2002.08721). 2020.
    ```

    Use instead:
    ```markdown
    - [ ] [A Survey on Semi-, Self- and Unsupervised Learning in Image Classification](https://arxiv.org/abs/2002.08721). 2020.
    ```
    """

    code = "PL110"
    name = "typographic-ligature"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for m in _LIGATURES.finditer(doc.text):
            if doc.source.line_of(m.start()) in doc.opaque_lines:
                continue
            plain = unicodedata.normalize("NFKC", m.group(0))
            yield self.finding(
                doc, (m.start(), m.end()),
                f"Ligature `{m.group(0)}` (U+{ord(m.group(0)):04X}) should be the plain letters "
                f"`{plain}`",
                fix=Fix.safe(f"Replace with `{plain}`", Edit(m.start(), m.end(), plain)),
                subject=doc.source.line_text(doc.source.line_of(m.start())).strip(),
            )

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...model import Document
from ...rule import FixAvailability, Rule, RuleContext


class MissingFinalNewline(Rule):
    """## What it does
    Flags a file whose last line does not end with a newline.

    ## Why is this bad?
    Tools that append to the list (and `cat`, and git's diffs) join the next line onto the
    last entry; git shows `\\ No newline at end of file` on every change to it.

    ## Example
    ```markdown
    - [ ] [LeCun - Self-Supervised Learning](https://www.youtube.com/watch?v=SaJL4SLfrcY)⏎(missing)
    ```

    Use instead: end the file with a newline.
    """

    code = "PL116"
    name = "missing-final-newline"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        text = doc.text
        if not text or text.endswith("\n"):
            return
        end = len(text)
        yield self.finding(
            doc, (end, end), "File does not end with a newline",
            fix=Fix.safe("Add a final newline", Edit.insert(end, doc.source.newline)),
        )

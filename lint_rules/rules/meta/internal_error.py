from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...model import Document
from ...rule import Rule, RuleContext


class InternalError(Rule):
    """## What it does
    Reports a rule that crashed on this list, instead of stopping the whole run.

    ## Why is this bad?
    A crash is a bug in paperlist, not in your list; the other rules' findings are still shown,
    and this one tells you which rule failed and where, so it can be reported.

    ## Example
    ```text
    README.md:1:1: PL001 Rule PL301 (duplicate-entry) crashed: KeyError: 'x'
    ```

    Use instead:
    Nothing to change in the list; report the message to paperlist's issue tracker.
    """

    code = "PL001"
    name = "internal-error"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        return iter(())

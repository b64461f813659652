from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.model import Document
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip
from lint_rules.rules.links.common import links_with


class LinkTimeout(Rule):
    """## What it does
    Flags links whose server accepted no connection or sent no answer within the timeout,
    even when asked again (`check --links`).

    ## Why is this bad?
    A reader waits and gets nothing. A server that hangs once may be busy, so this is a
    warning rather than an error; a link that times out run after run is as good as dead.

    ## Example
    ```markdown
    - [ ] [Self-Supervised Representation Learning for Ultrasound Video](http://lab.example.edu/~someone/ssl-ultrasound/). ISBI 2020.
    ```

    Use instead:
    ```markdown
    - [ ] [Self-Supervised Representation Learning for Ultrasound Video](https://arxiv.org/abs/2003.00105). ISBI 2020.
    ```

    ## Options
    `links.timeout` (seconds per request), `links.timeout_retries`, `links.budget` (the
    whole run).
    """

    code = "PL502"
    name = "link-timeout"
    severity = Severity.WARNING
    needs_links = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        from lint_rules.links.verdict import Verdict  # only --links runs this rule

        for link, result in links_with(doc, ctx, Verdict.TIMEOUT):
            how = f"HTTP {result.status}" if result.status is not None else "no answer"
            yield self.finding(
                doc,
                link.url_span,
                f"Link `{clip(link.url)}` timed out ({how})",
                subject=link.url,
            )

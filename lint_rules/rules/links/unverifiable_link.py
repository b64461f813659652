from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.model import Document
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip
from lint_rules.rules.links.common import links_with, status_text


class UnverifiableLink(Rule):
    """## What it does
    Notes links whose state could not be established live: the host refuses automated
    requests (403, 418, a Cloudflare challenge) even to a browser-like second attempt,
    keeps rate-limiting, or breaks the connection.

    ## Why is this bad?
    It may not be: publishers such as ScienceDirect, IEEE and ACM block link checkers while
    serving readers fine. The note says the link was not verified, so that a reader of the
    report does not take silence for a check. It is information, never an error.

    ## Example
    ```markdown
    - [ ] [Self-supervised learning for medical image analysis using image context restoration](https://www.sciencedirect.com/science/article/pii/S1361841518304699). MedIA 2019.
    ```

    Use instead:
    ```markdown
    - [ ] [Self-supervised learning for medical image analysis using image context restoration](https://doi.org/10.1016/j.media.2019.101539). MedIA 2019.
    ```

    ## Options
    `links.hosts.<host>.headers` (for hosts that let a known client in),
    `links.hosts.<host>.accept`, `links.skip`.
    """

    code = "PL504"
    name = "unverifiable-link"
    severity = Severity.INFO
    needs_links = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        from lint_rules.links.verdict import Verdict  # only --links runs this rule

        for link, result in links_with(doc, ctx, Verdict.UNVERIFIABLE):
            reason = result.detail or status_text(result)
            if result.status is not None and str(result.status) not in reason:
                reason = f"{reason}, HTTP {result.status}"
            yield self.finding(
                doc,
                link.url_span,
                f"Link `{clip(link.url)}` could not be verified ({reason})",
                subject=link.url,
            )

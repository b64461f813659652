from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.model import Document
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip
from lint_rules.rules.links.common import links_with, status_text


class DeadLink(Rule):
    """## What it does
    Flags links that are dead when checked live (`check --links`): the server answers 404 or
    410, refuses the connection, the host name does not exist, or the redirects loop.

    ## Why is this bad?
    A reader who follows the link finds nothing. A dead paper link usually means the paper
    moved: its arXiv, DOI or proceedings page is the durable address.

    Bot blocks (403, 418, challenge pages) and flaky servers are never reported here: a link
    is dead only when the server itself says so, after retries and a browser-like attempt.

    ## Example
    ```markdown
    - [ ] [Contrastive learning of global and local features for medical image segmentation with limited annotations](https://arxiv.org/abs/2006.10511). NeurIPS 2020. [[Code](https://github.com/krishnabits001/domain_specific_cl_removed)]
    ```

    Use instead:
    ```markdown
    - [ ] [Contrastive learning of global and local features for medical image segmentation with limited annotations](https://arxiv.org/abs/2006.10511). NeurIPS 2020. [[Code](https://github.com/krishnabits001/domain_specific_cl)]
    ```

    ## Options
    `links.timeout`, `links.retries`, `links.hosts.<host>.accept` (statuses that count as
    alive on a host), `links.skip` (URL patterns never checked).
    """

    code = "PL501"
    name = "dead-link"
    severity = Severity.ERROR
    needs_links = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        from lint_rules.links.verdict import Verdict  # only --links runs this rule

        for link, result in links_with(doc, ctx, Verdict.DEAD):
            reason = status_text(result)
            if result.detail and result.status is not None:
                reason = f"{reason}, {result.detail}"
            yield self.finding(
                doc,
                link.url_span,
                f"Link `{clip(link.url)}` is dead ({reason})",
                subject=link.url,
            )

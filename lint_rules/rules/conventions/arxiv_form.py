from __future__ import annotations

from collections.abc import Iterator

from lint_rules.conventions import arxiv_conventions, rewrite_arxiv
from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext

from .common import thresholds

_FORMS = {"pdf": "`arxiv.org/pdf/ID`", "pdf.pdf": "`arxiv.org/pdf/ID.pdf`"}


class InconsistentArxivLinkForm(Rule):
    """## What it does
    In a list that links arXiv papers by their PDF, flags a PDF link written in another form
    than most: `arxiv.org/pdf/2008.01064` among `arxiv.org/pdf/ID.pdf` links, or the other way
    round. Abstract links are left alone (they are the canonical form; see
    `non-canonical-arxiv-link`), and a list that mostly links abstract pages has no finding here.

    ## Why is this bad?
    Links written alike are easy to check, de-duplicate and rewrite in bulk.

    ## Example
    ```markdown
    - A Theoretical Analysis of Contrastive Unsupervised Representation Learning.
      [[pdf]](https://arxiv.org/pdf/1902.09229)
    ```

    Use instead (the list writes `.pdf` links elsewhere):
    ```markdown
    - A Theoretical Analysis of Contrastive Unsupervised Representation Learning.
      [[pdf]](https://arxiv.org/pdf/1902.09229.pdf)
    ```

    ## Fix safety
    The fix is safe: both forms open the same PDF.

    ## Options
    `conventions.min_share` (default 0.7) and `conventions.min_count` (default 3).
    """

    code = "PL605"
    name = "inconsistent-arxiv-link-form"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for convention in arxiv_conventions(doc, thresholds(ctx.config)):
            for obs in convention.deviations:
                url = doc.text[obs.span.start:obs.span.end]
                new = rewrite_arxiv(url, convention.majority)
                fix = (Fix.safe(f"Replace with `{new}`", Edit(obs.span.start, obs.span.end, new))
                       if new else None)
                yield self.finding(
                    doc, obs.span,
                    f"arXiv link `{url}` is not written {_FORMS[convention.majority]} like "
                    f"{convention.count} of the list's {convention.total} arXiv links",
                    fix=fix, subject=url,
                )

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from lint_rules.findings import Applicability, Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.rules.common import clip
from lint_rules.rules.links.common import links_with


class PermanentRedirect(Rule):
    """## What it does
    Flags links that answer with a permanent redirect (301 or 308) and offers the address it
    leads to. Temporary redirects (302, 303, 307) are not flagged: `doi.org` links answer
    302 to the publisher, and the DOI is the address to keep.

    ## Why is this bad?
    The server says the page has moved for good. The old address costs every reader a round
    trip and breaks when the redirect is dropped; renamed GitHub repositories are the usual case.

    ## Example
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). NeurIPS 2020. [[Code](https://github.com/ShreyasFadnavis/patch2self)]
    ```

    Use instead:
    ```markdown
    - [ ] [Patch2Self: Denoising Diffusion MRI with Self-Supervised Learning](https://arxiv.org/abs/2011.01355). NeurIPS 2020. [[Code](https://github.com/dipy/patch2self)]
    ```

    ## Fix safety
    The fix replaces the URL with where the permanent redirects lead (a fragment of the
    original is kept) and is safe. It is unsafe when the redirect leads from a page to a
    site's front page, which is how some sites hide a removed page.
    """

    code = "PL503"
    name = "permanent-redirect"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    needs_links = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        from lint_rules.links.verdict import Verdict  # only --links runs this rule

        for link, result in links_with(doc, ctx, Verdict.REDIRECT):
            if not result.final_url:
                continue
            target = _with_fragment(result.final_url, link.url)
            edit = Edit(link.url_span.start, link.url_span.end, target)
            applicability = (
                Applicability.UNSAFE if _to_front_page(link.url, target) else (Applicability.SAFE)
            )
            yield self.finding(
                doc,
                link.url_span,
                f"Link `{clip(link.url)}` permanently redirects to `{clip(target)}`",
                fix=Fix((edit,), f"Replace with `{clip(target)}`", applicability),
                subject=link.url,
            )


def _with_fragment(target: str, original: str) -> str:
    fragment = urlsplit(original).fragment
    if not fragment or "#" in target:
        return target
    return f"{target}#{fragment}"


def _to_front_page(original: str, target: str) -> bool:
    return urlsplit(original).path.strip("/") != "" and urlsplit(target).path.strip("/") == ""

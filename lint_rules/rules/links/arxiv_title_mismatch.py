from __future__ import annotations

import re
from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.identifiers import normalize_title
from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Document, Entry, Link, LinkRole
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip

# Labels of extra links that name the paper itself rather than code, slides or a video.
_PAPER_LABEL = lazy_compile(r"arxiv|paper|pdf|preprint|abs", re.IGNORECASE)


class ArxivTitleMismatch(Rule):
    """## What it does
    Compares an entry's title with the title arXiv gives for the paper its link points to
    (`check --links`, which asks the arXiv API for every linked id in batches).

    ## Why is this bad?
    A live link to a different paper is worse than a dead one: nothing looks wrong. A
    mistyped arXiv id (`2101.05224` for `2101.05244`) sends every reader to someone else's work.

    ## Example
    ```markdown
    - [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05244). arXiv.
    ```

    Use instead:
    ```markdown
    - [ ] [Big Self-Supervised Models Advance Medical Image Classification](https://arxiv.org/abs/2101.05224). arXiv.
    ```

    ## Options
    `links.title_similarity` (0-100, default 80): how alike the titles must be, compared
    case-, punctuation- and word-order-insensitively; a title that is a shortened form of
    the arXiv title matches.
    """

    code = "PL505"
    name = "arxiv-title-mismatch"
    severity = Severity.WARNING
    needs_links = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        if not ctx.link_verdicts:
            return
        threshold = float(ctx.config.get("links.title_similarity", 80))
        for entry in doc.entries:
            if not entry.title_key:
                continue
            for link in _paper_links(entry):
                result = ctx.link_verdicts.get(link.url)
                arxiv_title = getattr(result, "arxiv_title", None)
                if not arxiv_title or _similarity(entry.title, arxiv_title) >= threshold:
                    continue
                yield self.finding(
                    doc,
                    link.url_span,
                    f"Link `{clip(link.url)}` is arXiv:{result.arxiv_id}, titled "
                    f"`{clip(arxiv_title)}`, not `{clip(entry.title)}`",
                    subject=f"{entry.title}|{link.url}",
                )


def _paper_links(entry: Entry) -> Iterator[Link]:
    for link in entry.links:
        if link.role is LinkRole.PRIMARY or _PAPER_LABEL.search(link.label):
            yield link


def _similarity(title: str, arxiv_title: str) -> float:
    a, b = normalize_title(title), normalize_title(arxiv_title)
    from rapidfuzz import fuzz  # the rule runs only with live links

    return max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b))

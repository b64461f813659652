from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.identifiers import normalize_title
from lint_rules.model import Document, Entry
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip

from .common import GENERIC_TITLES, allow_across, distinct_works, identity_keys, scope_of


class DuplicateTitle(Rule):
    """## What it does
    Flags an entry whose title is the same as an earlier entry's once case, Unicode form
    (NFKC), curly or straight quotes, punctuation and spacing are set aside, while its links
    differ (same links are `duplicate-entry`).

    ## Why is this bad?
    The same title behind two links is almost always one paper listed twice, for example once
    from arXiv and once from the publisher; readers get two entries that drift apart.

    ## Example
    ```markdown
    - [ ] [Self-Supervised Learning for Cardiac MR Image Segmentation by Anatomical Position Prediction](https://link.springer.com/chapter/10.1007/978-3-030-32245-8_60). MICCAI 2019.
    - [ ] [Self-supervised learning for cardiac MR image segmentation by anatomical position prediction](https://arxiv.org/abs/1907.02757). arXiv.
    ```

    Use instead:
    ```markdown
    - [ ] [Self-Supervised Learning for Cardiac MR Image Segmentation by Anatomical Position Prediction](https://link.springer.com/chapter/10.1007/978-3-030-32245-8_60). MICCAI 2019.
    ```

    There is no automatic fix: which copy to keep (the published one, the one with code) is
    for a human. Entries whose first authors differ, or whose years are two or more apart,
    are different works that share a title (`Deep learning`, LeCun 2015 and Goodfellow 2016).

    ## Options
    `duplicates.allow_across_sections`: allow the same title in different sections or topics.
    """

    code = "PL302"
    name = "duplicate-title"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        across = allow_across(ctx.config)
        first: dict[tuple[object, str], Entry] = {}
        for entry in doc.entries:
            title = normalize_title(entry.title)
            if title in GENERIC_TITLES:
                continue
            key = (scope_of(doc, entry, across), title)
            prev = first.setdefault(key, entry)
            if prev is entry:
                continue
            if set(identity_keys(prev)) & set(identity_keys(entry)):
                continue  # the same links: duplicate-entry reports it
            if distinct_works(prev, entry):
                continue
            yield self.finding(
                doc, entry.title_span or entry.span,
                f"Title `{clip(entry.title, 60)}` is the same as line {prev.line}'s",
                subject=title,
                related_lines=(prev.line,),
            )

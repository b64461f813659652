from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.lazy_regex import lazy_compile
from lint_rules.learn import unit
from lint_rules.model import Document, Entry
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip

from .common import (
    distinct_works,
    generic_title,
    identity_keys,
    in_scope,
    repeat_severity,
    where,
)


def _versions(a: Entry, b: Entry) -> bool:
    """`ISS` and `ISS++`: titles that differ only in symbols a title normaliser folds away,
    on two entries whose arXiv ids or DOIs say they are two papers."""
    ids_a, ids_b = {a.arxiv_id, a.doi} - {None}, {b.arxiv_id, b.doi} - {None}
    if not ids_a or not ids_b or ids_a & ids_b:
        return False
    return _SYMBOLS.findall(a.title) != _SYMBOLS.findall(b.title)


_SYMBOLS = lazy_compile(r"[+#*]+|\d+")


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

    ## Severity
    As for `duplicate-entry`: an error in one section, or in two sections of a list that does
    not file papers under several topics; info, naming the other section, in a list that does.

    ## Options
    `duplicates.allow_across_sections`: `true` or `false` overrides what is learned from the
    list about filing a paper under several topics.
    """

    code = "PL302"
    name = "duplicate-title"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        conventions = ctx.conventions(doc)
        first: dict[str, Entry] = {}
        first_here: dict[tuple[tuple[int, str], str], Entry] = {}
        for entry in doc.entries:
            title = entry.title_key
            if generic_title(title) or not in_scope(doc, entry):
                continue
            earliest = first.setdefault(title, entry)
            # A copy in the same section and topic, if any, is the one to name.
            prev = first_here.setdefault((unit(entry), title), entry)
            if prev is entry:
                prev = earliest
            if prev is entry:
                continue
            if set(identity_keys(prev)) & set(identity_keys(entry)):
                continue  # the same links: duplicate-entry reports it
            if distinct_works(prev, entry) or _versions(prev, entry):
                continue
            severity = repeat_severity(conventions, prev, entry)
            if severity is Severity.INFO:
                message = (f"Title `{clip(entry.title, 60)}` is also listed at "
                           f"{where(doc, prev)}, with another link")
            else:
                message = f"Title `{clip(entry.title, 60)}` is the same as line {prev.line}'s"
            yield self.finding(
                doc, entry.title_span or entry.span, message, severity=severity,
                subject=title,
                related_lines=(prev.line,),
            )

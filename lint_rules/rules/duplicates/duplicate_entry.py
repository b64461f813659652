from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.model import Document
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip

from .common import link_pairs, repeat_severity, same_work, where


class DuplicateEntry(Rule):
    """## What it does
    Flags an entry that points to the same paper as an earlier one: the same arXiv id (in any
    form: `/pdf/X.pdf`, `/abs/Xv2`), the same DOI (`doi.org` or a publisher URL embedding it), or
    the same link once scheme, `www.`, trailing slash, tracking parameters and fragment are set
    aside. Query parameters that identify the page (`?doi=`, `?v=`) are kept, so four CiteSeerX
    `download?doi=…` links to four papers stay four papers.

    ## Why is this bad?
    A paper listed twice wastes the reader's time, and the two copies drift apart as one gets
    corrected and the other does not.

    ## Example
    ```markdown
    - [ ] [MoCo-CXR: MoCo Pretraining Improves Representation and Transferability of Chest X-ray Models](https://arxiv.org/pdf/2010.05352.pdf). arXiv.
    - [ ] [MoCo-CXR](https://arxiv.org/abs/2010.05352v2). arXiv.
    ```

    Use instead:
    ```markdown
    - [ ] [MoCo-CXR: MoCo Pretraining Improves Representation and Transferability of Chest X-ray Models](https://arxiv.org/abs/2010.05352). arXiv.
    ```

    ## Severity
    The same paper twice in one section is an error. In two different sections it is an
    error too, unless the list files papers under several topics on purpose: a list where
    several papers sit in more than one section (learned from the list, or set by
    `duplicates.allow_across_sections`), or a section that mostly re-lists papers filed
    elsewhere (a "Benchmarks" or "Highlights" section). Then the repeat is reported as info,
    naming the other section, and never fails a build.

    There is no fix: which copy to keep (the one with the code link, the published venue) is
    for a human, and no fix ever deletes an entry.

    ## Options
    `duplicates.allow_across_sections`: `true` or `false` overrides what is learned from the
    list about filing a paper under several topics.
    """

    code = "PL301"
    name = "duplicate-entry"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        conventions = ctx.conventions(doc)
        for pair in link_pairs(doc):
            entry, prev = pair.entry, pair.prev
            if not same_work(prev, entry):
                continue  # two papers behind one link: shared-paper-link reports it
            severity = repeat_severity(conventions, prev, entry)
            if severity is Severity.INFO:
                message = (f"Entry `{clip(entry.title, 50)}` is also listed at "
                           f"{where(doc, prev)}: same {pair.kind} `{clip(pair.value, 60)}`")
            else:
                message = (f"Entry `{clip(entry.title, 50)}` duplicates line {prev.line}: "
                           f"same {pair.kind} `{clip(pair.value, 60)}`")
            yield self.finding(
                doc, entry.span, message, severity=severity,
                subject=f"{pair.kind}:{pair.value}",
                related_lines=(prev.line,),
            )

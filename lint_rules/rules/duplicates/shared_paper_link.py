from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Severity
from lint_rules.model import Document
from lint_rules.rule import Rule, RuleContext
from lint_rules.rules.common import clip

from .common import link_pairs, same_work


class SharedPaperLink(Rule):
    """## What it does
    Flags an entry whose paper link (the same arXiv id, DOI or paper URL) is already the link
    of an earlier entry with a different title: two papers, one link.

    ## Why is this bad?
    This is the copy-paste slip of a growing list: a new entry made from an old one keeps the
    old link. Readers who click the second title get the first paper, and the second paper is
    nowhere in the list. Deleting either entry would be wrong; the later entry needs its own
    link.

    ## Example
    ```markdown
    - [ ] [PonderV2: Pave the Way for 3D Foundation Model with A Universal Pre-training Paradigm](https://arxiv.org/abs/2310.08586). arXiv 2023.
    - [ ] [UniPAD: A Universal Pre-training Paradigm for Autonomous Driving](https://arxiv.org/abs/2310.08586). arXiv 2023.
    ```

    Use instead:
    ```markdown
    - [ ] [PonderV2: Pave the Way for 3D Foundation Model with A Universal Pre-training Paradigm](https://arxiv.org/abs/2310.08586). arXiv 2023.
    - [ ] [UniPAD: A Universal Pre-training Paradigm for Autonomous Driving](https://arxiv.org/abs/2310.08585). arXiv 2023.
    ```

    ## Severity
    An error when the shared link is an arXiv id or a DOI, which name exactly one paper; a
    warning for other links, which may be a page for several papers. A plain link shared by
    three or more differently titled entries (a conference programme, a dataset, an author's
    profile) is nobody's identity and is not reported.
    """

    code = "PL304"
    name = "shared-paper-link"
    severity = Severity.ERROR

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        conventions = ctx.conventions(doc)
        for pair in link_pairs(doc):
            entry, prev = pair.entry, pair.prev
            if same_work(prev, entry):
                continue  # one paper twice: duplicate-entry reports it
            if conventions.in_view(prev) or conventions.in_view(entry):
                continue  # a "Benchmarks" section may name a paper by its project
            yield self.finding(
                doc, (entry.span.start, doc.source.line_end(entry.line)),
                f"Entry `{clip(entry.title, 50)}` links the same {pair.kind} "
                f"`{clip(pair.value, 60)}` as line {prev.line} (`{clip(prev.title, 50)}`): "
                "one of the two links is probably wrong",
                severity=Severity.ERROR if pair.strong else Severity.WARNING,
                subject=f"{pair.kind}:{pair.value}|{entry.title}",
                related_lines=(prev.line,),
            )

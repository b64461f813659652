from __future__ import annotations

from collections.abc import Iterator

from lint_rules.findings import Finding, Fix, Severity
from lint_rules.model import Document, Entry
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.rules.common import clip

from .common import allow_across, identity_keys, removal, same_text, scope_of


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

    ## Fix safety
    When the later entry is written exactly like the earlier one, the fix removes it and is
    safe. Otherwise the fix, which removes the later entry, is unsafe: the later copy may hold
    something (a code link, a venue) worth moving to the earlier one first.

    ## Options
    `duplicates.allow_across_sections`: allow the same paper in different sections or topics,
    for lists that file a paper under several topics on purpose.
    """

    code = "PL301"
    name = "duplicate-entry"
    severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        across = allow_across(ctx.config)
        first: dict[tuple[object, str, str], Entry] = {}
        for entry in doc.entries:
            scope = scope_of(doc, entry, across)
            keys = identity_keys(entry)
            earlier: tuple[Entry, str, str] | None = None
            for kind, value in keys:
                prev = first.get((scope, kind, value))
                if prev is not None and (earlier is None or prev.line < earlier[0].line):
                    earlier = (prev, kind, value)
            for kind, value in keys:
                first.setdefault((scope, kind, value), entry)
            if earlier is not None:
                yield self._report(doc, entry, *earlier)

    def _report(self, doc: Document, entry: Entry, prev: Entry, kind: str, value: str) -> Finding:
        title = f"Remove this duplicate of line {prev.line}"
        edit = removal(doc, entry)
        fix = Fix.safe(title, edit) if same_text(doc, prev, entry) else Fix.unsafe(title, edit)
        return self.finding(
            doc, entry.span,
            f"Entry `{clip(entry.title, 50)}` duplicates line {prev.line}: same {kind} "
            f"`{clip(value, 60)}`",
            fix=fix,
            subject=f"{kind}:{value}",
            related_lines=(prev.line,),
        )

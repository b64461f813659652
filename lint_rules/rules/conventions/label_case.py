from __future__ import annotations

from collections.abc import Iterator

from lint_rules.conventions import label_conventions
from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext

from .common import thresholds


class InconsistentLabelCase(Rule):
    """## What it does
    Flags a link label cased differently from the way most of the list cases it: `[code]` in a
    list that writes `[Code]`, `[[PDF]]` in a list that writes `[[pdf]]`.

    ## Why is this bad?
    The list reads as one document when its link buttons look alike; a stray casing is usually
    a copy from another list.

    ## Example
    ```markdown
    - [ ] [Contrastive learning of global and local features for medical image segmentation with limited annotations](https://arxiv.org/abs/2006.10511). NeurIPS 2020. [[code](https://github.com/krishnabits001/domain_specific_cl)]
    ```

    Use instead (the list writes `[Code]` elsewhere):
    ```markdown
    - [ ] [Contrastive learning of global and local features for medical image segmentation with limited annotations](https://arxiv.org/abs/2006.10511). NeurIPS 2020. [[Code](https://github.com/krishnabits001/domain_specific_cl)]
    ```

    ## Fix safety
    The fix is safe: it changes only the label's letters to the list's majority casing.

    ## Options
    `conventions.min_share` (default 0.7) and `conventions.min_count` (default 3).
    """

    code = "PL602"
    name = "inconsistent-label-case"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for convention in label_conventions(doc, thresholds(ctx.config)):
            for obs in convention.deviations:
                yield self.finding(
                    doc, obs.span,
                    f"Link label `{obs.form}` is written `{convention.majority}` in "
                    f"{convention.count} of the list's {convention.total} such labels",
                    fix=Fix.safe(f"Replace with `{convention.majority}`",
                                 Edit(obs.span.start, obs.span.end, convention.majority)),
                    subject=f"{obs.form}->{convention.majority}",
                )

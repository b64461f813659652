from __future__ import annotations

from collections.abc import Iterator

from lint_rules.conventions import PERIOD, period_conventions
from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.rules.common import clip

from .common import share, thresholds


class InconsistentTrailingPeriod(Rule):
    """## What it does
    Flags an entry that ends its title (or its emphasised venue) with a period where most of
    the list's entries of that style do not, or the other way round. Checkbox entries are held
    to `[Title](url). Venue.` by `missing-period` and `extra-period` instead.

    ## Why is this bad?
    Small differences in punctuation make a list look unedited and get copied by the next
    contributor.

    ## Example
    ```markdown
    - Understanding the Behaviour of Contrastive Loss.
      [[pdf]](https://arxiv.org/pdf/2012.09740.pdf)
      - Feng Wang and Huaping Liu. *CVPR 2021*.
    ```

    Use instead (the list's other venues have no period):
    ```markdown
    - Understanding the Behaviour of Contrastive Loss.
      [[pdf]](https://arxiv.org/pdf/2012.09740.pdf)
      - Feng Wang and Huaping Liu. *CVPR 2021*
    ```

    ## Fix safety
    The fix is unsafe: it adds or removes the one period, which readers see.

    ## Options
    `conventions.min_share` (default 0.7) and `conventions.min_count` (default 3).
    """

    code = "PL604"
    name = "inconsistent-trailing-period"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for convention in period_conventions(doc, thresholds(ctx.config)):
            place = convention.aspect.split(" (")[0]
            for obs in convention.deviations:
                title = clip(obs.entry.title, 50)
                if convention.majority == PERIOD:
                    message = f"Entry `{title}` has no {place}, unlike {share(convention)}"
                    fix = Fix.unsafe("Add the period", Edit.insert(obs.span.start, "."))
                else:
                    message = f"Entry `{title}` has a {place}, unlike {share(convention)}"
                    fix = Fix.unsafe("Remove the period", Edit(obs.span.start, obs.span.end, ""))
                yield self.finding(doc, obs.span, message, fix=fix, subject=obs.entry.title)

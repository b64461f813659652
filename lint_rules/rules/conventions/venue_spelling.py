from __future__ import annotations

from collections.abc import Iterator

from lint_rules.conventions import venue_conventions
from lint_rules.findings import Edit, Finding, Fix, Severity
from lint_rules.model import Document
from lint_rules.rule import FixAvailability, Rule, RuleContext
from lint_rules.venues import table_for

from .common import share, thresholds


class InconsistentVenueSpelling(Rule):
    """## What it does
    Flags a venue spelled differently from the way most of the list spells it, when the venue
    table does not know the venue: `T-PAMI` in a list that writes `TPAMI`, `Ieee Access` in a
    list that writes `IEEE Access`.

    ## Why is this bad?
    One venue under several spellings splits it when readers search or sort the list. For the
    venues the table knows, `venue-alias` enforces the canonical name; for the others the list's
    own majority is the convention.

    ## Example
    ```markdown
    - Representation Learning: A Review and New Perspectives.
      [[pdf]](https://arxiv.org/pdf/1206.5538.pdf)
      - Bengio, Yoshua and Courville, Aaron and Vincent, Pascal. *T-PAMI 2013*
    ```

    Use instead (the list writes `TPAMI` elsewhere):
    ```markdown
    - Representation Learning: A Review and New Perspectives.
      [[pdf]](https://arxiv.org/pdf/1206.5538.pdf)
      - Bengio, Yoshua and Courville, Aaron and Vincent, Pascal. *TPAMI 2013*
    ```

    ## Fix safety
    The fix is unsafe: it rewrites only the venue's name, to the spelling the list uses most,
    but that changes what readers see, so a human accepts it.

    ## Options
    `conventions.min_share` (default 0.7) and `conventions.min_count` (default 3): how clear a
    majority must be before it is the list's convention.
    """

    code = "PL601"
    name = "inconsistent-venue-spelling"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        table = table_for(ctx.venues, ctx.config)
        for convention in venue_conventions(doc, table, thresholds(ctx.config)):
            for obs in convention.deviations:
                yield self.finding(
                    doc, obs.span,
                    f"Venue `{obs.form}` is spelled `{convention.majority}` by "
                    f"{share(convention)} of the list",
                    fix=Fix.unsafe(f"Replace with `{convention.majority}`",
                                 Edit(obs.span.start, obs.span.end, convention.majority)),
                    subject=f"{obs.form}->{convention.majority}",
                )

"""``--dry-run``: the review and the summary printed as they would be posted."""

from __future__ import annotations

from .inline import ReviewPlan
from .summary import SummaryPlan


def render(plan: ReviewPlan, summary: SummaryPlan, *, pr: int) -> str:
    out = [f"# paperlist review of pull request #{pr} at {plan.commit_id[:7]} (dry run)", ""]
    if plan.comments:
        out.append(f"## Review ({plan.event}) with {len(plan.comments)} inline comment(s)")
        for c in plan.comments:
            where = f"{c.path}:{c.start_line}-{c.line}" if c.start_line else f"{c.path}:{c.line}"
            out += ["", f"### {where}", c.body]
    else:
        out.append("## No new inline comments")
    if plan.already_commented:
        out.append(f"\n{len(plan.already_commented)} finding(s) already commented on earlier runs")
    if plan.delete:
        out.append(f"{len(plan.delete)} outdated comment(s) of ours would be deleted")
    out += ["", "## Summary comment", summary.body, ""]
    return "\n".join(out)

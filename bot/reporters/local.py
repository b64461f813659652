"""``--dry-run``: the review and the summary printed as they would be posted."""

from __future__ import annotations

import secrets

from .inline import ReviewPlan
from .summary import SummaryPlan


def guarded(text: str, token: str | None = None) -> str:
    """``text`` between ``::stop-commands::`` and its resume token, as GitHub Actions documents
    for printing untrusted text: a suggestion quotes the PR's lines verbatim, and a line such as
    ``::add-mask::`` must not become a workflow command."""
    token = token or secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text.rstrip(chr(10))}\n::{token}::\n"


def render(plan: ReviewPlan, summary: SummaryPlan, *, pr: int, in_actions: bool = False) -> str:
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
    text = "\n".join(out)
    return guarded(text) if in_actions else text

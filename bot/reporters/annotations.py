"""Workflow-command annotations: the fallback when the token may not comment (fork PRs).

They need no token. GitHub shows at most 10 errors and 10 warnings per step, so the findings on
the PR's own entries come first — those the review would comment inline, then the rest, worst
first; pre-existing ones are only counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from lint_rules.report.github import escape_data, escape_property, workflow_command

from . import Item, severity_order

__all__ = ["annotation", "escape_data", "escape_property", "render"]


def annotation(item: Item) -> str:
    return workflow_command(item.path, item.filtered.finding)


def render(items: Sequence[Item]) -> str:
    # What an inline comment would have shown first (GitHub shows 10 errors and 10 warnings).
    in_diff = sorted((i for i in items if i.filtered.in_diff),
                     key=lambda i: (not i.filtered.inline, severity_order(i)))
    lines = [annotation(i) for i in in_diff]
    outside = sum(1 for i in items if not i.filtered.in_diff)
    if outside:
        lines.append("::notice::" + escape_data(
            f"{outside} pre-existing finding(s) on lines this pull request does not change; "
            "run `paperlist check` to see them"))
    return "\n".join(lines) + ("\n" if lines else "")

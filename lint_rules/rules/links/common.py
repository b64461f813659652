"""What the PL5xx rules share: walking a document's links with their live verdicts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lint_rules.model import Document, Link
from lint_rules.rule import RuleContext

if TYPE_CHECKING:  # the PL5xx rules run only with --links: a plain check never loads links/
    from lint_rules.links.verdict import LinkResult, Verdict


def links_with(
    doc: Document, ctx: RuleContext, verdict: Verdict
) -> Iterator[tuple[Link, LinkResult]]:
    """Each link of ``doc`` with this live verdict; nothing when links were not checked."""
    if not ctx.link_verdicts:
        return
    for link in doc.links:
        result = ctx.link_verdicts.get(link.url)
        if result is not None and result.verdict is verdict:
            yield link, result


def status_text(result: LinkResult) -> str:
    """``HTTP 404``, or the reason there was no answer."""
    if result.status is not None:
        return f"HTTP {result.status}"
    return result.detail.split(":", 1)[0] or "no answer"

"""The digest issue's title and body. Pure.

Each suggestion's first line is a paste-ready entry in the list's style,
``- [ ] [Title](https://arxiv.org/abs/ID). arXiv.``, so the curator copies one line; the
sub-bullets say where it goes and why it was chosen. Text from arXiv (titles, authors, abstracts)
is neutralised: no ``@mentions`` that would ping strangers, no raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.digest.dedupe import format_marker
from bot.digest.rank import Placement, Ranked
from lint_rules.arxiv_atom import ArxivEntry

MAX_BODY = 65_536
TITLE_PREFIX = "arXiv digest"
_EXCERPT = 220
_AUTHORS = 4
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Suggestion:
    ranked: Ranked
    placement: Placement

    @property
    def paper(self) -> ArxivEntry:
        return self.ranked.paper  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class DigestSummary:
    week: str
    since: datetime
    until: datetime
    found: int
    already_listed: int
    suggested_before: int
    warnings: tuple[str, ...] = ()


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def issue_title(week: str) -> str:
    return f"{TITLE_PREFIX} {week}"


def neutralise(text: str) -> str:
    text = " ".join(text.split())
    # "&" stays: the line is pasted into the list as is, and "&amp;" there would be a wart.
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width joiner after "@" stops GitHub from mentioning (and notifying) a user.
    return re.sub(r"@(?=\w)", "@\u2060", text)


def entry_line(paper: ArxivEntry) -> str:
    # Backslashes first, so the escapes added for brackets and backticks stay escapes.
    title = re.sub(r"([\\\[\]`])", r"\\\1", neutralise(paper.title))
    return f"- [ ] [{title}](https://arxiv.org/abs/{paper.id}). arXiv."


def excerpt(summary: str, limit: int = _EXCERPT) -> str:
    text = " ".join(summary.split())
    first = _SENTENCE.split(text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def _authors(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_AUTHORS])
    return shown + (" et al." if len(names) > _AUTHORS else "")


def _placement(p: Placement) -> str:
    parts = []
    if p.year is not None:
        parts.append(f"`## {p.year}`" + ("" if p.year_heading_exists else " (new section)"))
    if p.topic:
        parts.append(f"topic *{neutralise(p.topic)}*")
    return " › ".join(parts) if parts else "no year sections in the list"


def render_suggestion(s: Suggestion) -> str:
    paper, ranked = s.paper, s.ranked
    nearest = "; ".join(
        f"{neutralise(nb.entry.title)} ({nb.similarity:.2f})" for nb in ranked.nearest
    )
    matched = ", ".join(ranked.matched) or "none"
    lines = [
        entry_line(paper),
        f"  - **Goes under:** {_placement(s.placement)}",
        f"  - **Authors:** {neutralise(_authors(paper.authors))}",
        f"  - **Abstract:** {neutralise(excerpt(paper.summary))}",
        f"  - **Closest in the list:** {nearest or 'nothing similar'}",
        f"  - **Score** {ranked.score:.2f}: fit {ranked.fit:.2f}, keywords "
        f"{ranked.keyword:.2f} ({neutralise(matched)})",
    ]
    return "\n".join(lines)


def render_body(summary: DigestSummary, suggestions: Sequence[Suggestion]) -> str:
    """The whole issue body; suggestions that do not fit GitHub's size limit are left out."""
    since = f"{summary.since:%Y-%m-%d %H:%M}"
    until = f"{summary.until:%Y-%m-%d %H:%M}"
    head = [
        "",
        f"New arXiv papers submitted {since} – {until} UTC that match this list's query, "
        "are not in the list yet and were not suggested before, best fit first.",
        "Each first line is ready to paste into the list under the section it names.",
        "",
        f"Found {summary.found}; {summary.already_listed} already in the list, "
        f"{summary.suggested_before} suggested in earlier digests.",
    ]
    for warning in summary.warnings:
        head.append(f"\n> [!WARNING]\n> {neutralise(warning)}")
    head.append("")
    shown: list[Suggestion] = []
    blocks: list[str] = []
    budget = MAX_BODY - 400 - sum(len(line) + 1 for line in head)
    for s in suggestions:
        block = render_suggestion(s)
        # The marker grows with every id too; count both against the limit.
        cost = len(block) + 2 + len(s.paper.id) + 1
        if cost > budget:
            break
        budget -= cost
        shown.append(s)
        blocks.append(block)
    marker = format_marker(summary.week, (s.paper.id for s in shown))
    tail = []
    if len(shown) < len(suggestions):
        tail.append(f"\n{len(suggestions) - len(shown)} more left out to fit GitHub's size limit.")
    tail.append("\n<sub>Opened by `paperlist digest`; a rerun this week updates it.</sub>")
    return "\n".join([marker, *head, "\n\n".join(blocks), *tail]) + "\n"

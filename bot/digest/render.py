"""The digest issue's title and body. Pure.

Each suggestion's first line is a paste-ready entry in the list's style,
``- [ ] [Title](https://arxiv.org/abs/ID). arXiv.``, so the curator copies one line; the
sub-bullets say where it goes and why it was chosen. Text from arXiv is hostile input: the title
sits in link text with its brackets escaped, and every other field (authors, abstract, comments,
journal reference) goes through :func:`prose`, so nothing in it renders as an image, link, HTML,
mention or issue reference.
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
_DETAIL = 300  # comments and journal references: enough to say where it was published
_MENTION = re.compile(r"@(?=\w)")
# Backslash-escaped, these are literal: no emphasis, code, links, images, tables, math.
_MARKUP = re.compile(r"([\\`*_{}\[\]()!|~$])")
_REFERENCE = re.compile(r"(?<=#)(?=\d)|(?<=\bGH-)(?=\d)", re.IGNORECASE)
_AUTOLINK = re.compile(r"\b(https?|ftp|www)(://|\.)", re.IGNORECASE)


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
    """A title for the paste-ready entry line: it sits inside link text, where GitHub renders no
    mention, reference or autolink, so only HTML and ``@`` need care; the caller escapes the
    brackets. Kept readable because it is pasted into the list as is."""
    text = " ".join(text.split())
    # "&" stays: the line is pasted into the list as is, and "&amp;" there would be a wart.
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    # A word joiner after "@" stops GitHub from mentioning (and notifying) a user.
    return _MENTION.sub("@\u2060", text)


def prose(text: str) -> str:
    """Text from arXiv (abstract, authors, comments, journal reference) as literal prose.

    Anyone can submit to arXiv, so these fields are hostile input in our issue: nothing in them
    may render as an image, link, HTML or formatting, ping a user, or cross-reference an issue.
    ``&`` is escaped too, because ``&#64;`` would otherwise turn back into a mention. The
    invisible word joiner (U+2060) breaks mentions, ``#1``/``owner/repo#1``/``GH-1``
    references and bare-URL autolinks without changing what a reader sees.
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKUP.sub(r"\\\1", text)
    text = _MENTION.sub("@\u2060", text)
    text = _REFERENCE.sub("\u2060", text)
    return _AUTOLINK.sub(lambda m: f"{m.group(1)}\u2060{m.group(2)}", text)


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
        parts.append(f"topic *{prose(p.topic)}*")
    return " › ".join(parts) if parts else "no year sections in the list"


def render_suggestion(s: Suggestion) -> str:
    paper, ranked = s.paper, s.ranked
    nearest = "; ".join(f"{prose(nb.entry.title)} ({nb.similarity:.2f})" for nb in ranked.nearest)
    matched = ", ".join(ranked.matched) or "none"
    lines = [
        entry_line(paper),
        f"  - **Goes under:** {_placement(s.placement)}",
        f"  - **Authors:** {prose(_authors(paper.authors))}",
        f"  - **Abstract:** {prose(excerpt(paper.summary))}",
    ]
    # Where it was published is what a curator needs for the entry's venue.
    if paper.journal_ref:
        lines.append(f"  - **Journal ref:** {prose(excerpt(paper.journal_ref, _DETAIL))}")
    if paper.comment:
        lines.append(f"  - **Comments:** {prose(excerpt(paper.comment, _DETAIL))}")
    lines += [
        f"  - **Closest in the list:** {nearest or 'nothing similar'}",
        f"  - **Score** {ranked.score:.2f}: fit {ranked.fit:.2f}, keywords "
        f"{ranked.keyword:.2f} ({prose(matched)})",
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
        head.append(f"\n> [!WARNING]\n> {prose(warning)}")
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

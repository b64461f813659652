"""``paperlist links --output-format markdown``: the link report as a GitHub issue body. Pure.

Dead links come first, as a table a maintainer can work through (file and line, the entry's
title, the link, what the server said). Links that moved permanently follow with the address to
use instead. Everything that says nothing certain about a link (timeouts, hosts that refuse
bots, links not fetched) sits in a collapsed ``<details>``: never a failure, but not hidden.

The first line is a hidden marker by which the bot finds its own issue again. Text taken from
the list (titles, URLs, details) is escaped: it renders as written, never as markup, mentions or
issue references. The body is kept under GitHub's 65,536-character limit by leaving rows out
and saying how many.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from lint_rules.model import Document

from .verdict import LinkResult, Verdict

MARKER = "<!-- paperlist:link-report -->"
MAX_BODY = 65_536
_RESERVE = 1_500  # head, section titles, closing line
_TITLE_CHARS = 120
_URL_CHARS = 200
_DETAIL_CHARS = 160
_MARKUP = re.compile(r"([\\`*_{}\[\]()!|~$])")
_MENTION = re.compile(r"@(?=\w)")
_REFERENCE = re.compile(r"(?<=#)(?=\d)|(?<=\bGH-)(?=\d)", re.IGNORECASE)
_AUTOLINK = re.compile(r"\b(https?|ftp|www)(://|\.)", re.IGNORECASE)
_NOT_VERIFIED = (Verdict.TIMEOUT, Verdict.UNVERIFIABLE, Verdict.SKIPPED)


@dataclass(frozen=True, slots=True)
class ReportRow:
    path: str
    line: int
    url: str
    entry: str  # the title of the entry holding the link, "" for a link outside entries
    result: LinkResult


@dataclass(frozen=True, slots=True)
class Counts:
    links: int
    dead: int
    moved: int
    not_verified: int


def report_rows(
    paths: Sequence[str], docs: Sequence[Document], verdicts: Mapping[str, LinkResult]
) -> list[ReportRow]:
    """One row per http(s) link occurrence that has a verdict, in file and line order."""
    rows = []
    for path, doc in zip(paths, docs, strict=True):
        titles = {link.span.start: entry.title for entry in doc.entries for link in entry.links}
        for link in doc.links:
            result = verdicts.get(link.url)
            if result is not None:
                rows.append(ReportRow(path, link.line, link.url,
                                      titles.get(link.span.start, ""), result))
    return rows


def counts(rows: Sequence[ReportRow]) -> Counts:
    return Counts(
        links=len({r.url for r in rows}),
        dead=sum(r.result.verdict is Verdict.DEAD for r in rows),
        moved=sum(r.result.verdict is Verdict.REDIRECT for r in rows),
        not_verified=sum(r.result.verdict in _NOT_VERIFIED for r in rows),
    )


def issue_title(c: Counts) -> str:
    if c.dead:
        return f"Link report: {c.dead} dead link{'s' if c.dead != 1 else ''}"
    return "Link report: no dead links"


def render_markdown(
    rows: Sequence[ReportRow],
    *,
    checked_at: datetime | None = None,
    source_url: str | None = None,
    max_chars: int = MAX_BODY,
) -> str:
    """The report. ``source_url`` (``https://github.com/o/r/blob/SHA/``) makes each
    ``file:line`` a link to that line; ``checked_at`` (UTC) is shown when given."""
    c = counts(rows)
    files = sorted({r.path for r in rows})
    when = f" on {checked_at:%Y-%m-%d %H:%M} UTC" if checked_at else ""
    where = ", ".join(_code(f) for f in files) or "the list"
    head = [MARKER]
    head.append(f"### {c.dead} dead link{'s' if c.dead != 1 else ''}" if c.dead
                else "### No dead links")
    head.append("")
    head.append(
        f"Checked {c.links} distinct link{'s' if c.links != 1 else ''} in {where}{when}: "
        f"{c.dead} dead, {c.moved} moved permanently, {c.not_verified} not verified."
    )
    budget = max_chars - _RESERVE - sum(len(line) + 1 for line in head)

    dead = [r for r in rows if r.result.verdict is Verdict.DEAD]
    moved = [r for r in rows if r.result.verdict is Verdict.REDIRECT]
    unsure = [r for r in rows if r.result.verdict in _NOT_VERIFIED]
    sections: list[str] = []
    for title, chosen, columns, cells, collapsed in (
        ("Dead links", dead, ("Status",), _dead_cells, False),
        ("Moved permanently", moved, ("Use instead",), _moved_cells, False),
        ("Not verified", unsure, ("Verdict", "Why"), _unsure_cells, True),
    ):
        if not chosen:
            continue
        table, budget = _table(chosen, columns, cells, source_url, budget)
        sections.append(_section(title, len(chosen), table, collapsed))
    tail = [
        "",
        "<sub>Kept by `paperlist link-report`: every run updates this issue, and it is closed "
        "once no link is dead. Timeouts and links that could not be verified are never counted "
        "as dead. A link that should not be checked goes in the config's `links.skip`.</sub>",
    ]
    return "\n".join([*head, *sections, *tail]) + "\n"


def _section(title: str, count: int, table: str, collapsed: bool) -> str:
    if not collapsed:
        hint = ""
        if title == "Moved permanently":
            hint = "These links still work through a permanent redirect; " \
                   "`paperlist check --links --fix` rewrites them.\n\n"
        return f"\n#### {title} ({count})\n\n{hint}{table}"
    why = "timeouts, hosts that refuse bots, links not fetched: not failures"
    return (f"\n<details><summary>{title} ({count}): {why}</summary>\n\n{table}\n</details>")


def _table(
    rows: Sequence[ReportRow],
    columns: tuple[str, ...],
    cells: Callable[[ReportRow], list[str]],
    source_url: str | None,
    budget: int,
) -> tuple[str, int]:
    header = ["Where", "Entry", "Link", *columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    budget -= sum(len(line) + 1 for line in lines)
    shown = 0
    for row in rows:
        line = "| " + " | ".join([_where(row, source_url), _text(row.entry, _TITLE_CHARS) or "—",
                                  _code(_clip(row.url, _URL_CHARS)), *cells(row)]) + " |"
        if len(line) + 1 > budget - 80:  # keep room for the "left out" line
            break
        lines.append(line)
        budget -= len(line) + 1
        shown += 1
    if shown < len(rows):
        note = f"\n{len(rows) - shown} more left out to fit GitHub's size limit."
        lines.append(note)
        budget -= len(note) + 1
    return "\n".join(lines), budget


def _dead_cells(row: ReportRow) -> list[str]:
    return [_status(row.result)]


def _moved_cells(row: ReportRow) -> list[str]:
    return [_code(_clip(row.result.final_url or "", _URL_CHARS))]


def _unsure_cells(row: ReportRow) -> list[str]:
    return [row.result.verdict.value, _status(row.result)]


def _status(result: LinkResult) -> str:
    parts = [str(result.status)] if result.status is not None else []
    if result.detail and result.detail != str(result.status):
        parts.append(_clip(result.detail, _DETAIL_CHARS))
    return _text(" ".join(parts)) or "—"


def _where(row: ReportRow, source_url: str | None) -> str:
    label = f"{row.path}:{row.line}"
    if source_url and not row.path.startswith("/") and ".." not in row.path.split("/"):
        target = html.escape(f"{source_url}{row.path}#L{row.line}".replace(" ", "%20"),
                             quote=True).replace(")", "%29")
        return f"[{_text(label)}]({target})"
    return _text(label)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(text: str, limit: int | None = None) -> str:
    """Literal text in a table cell: no markup, HTML, mentions, references or autolinks."""
    text = " ".join(text.split())
    if limit is not None:
        text = _clip(text, limit)
    text = html.escape(text, quote=False)
    text = _MARKUP.sub(r"\\\1", text)
    # The invisible word joiner keeps GitHub from pinging users, linking issues and URLs.
    text = _MENTION.sub("@\u2060", text)
    text = _REFERENCE.sub("\u2060", text)
    return _AUTOLINK.sub(lambda m: f"{m.group(1)}\u2060{m.group(2)}", text)


def _code(text: str) -> str:
    """Inline code as ``<code>`` with entities: a markdown code span cannot hold a backtick
    run safely, and ``|`` must not end the table cell."""
    text = html.escape(" ".join(text.split()), quote=False).replace("|", "&#124;")
    return f"<code>{text}</code>"

"""Style 6: one paper per table row, the columns named by the header row in any order::

    | Title | Venue | Date | Code |
    |---|---|---|---|
    | [Title](url) | MICCAI 2020 | 2020-07 | [code](url) |

Recognised column names: title (``Title``, ``Paper``, ``Name``), venue (``Venue``,
``Conference``, ``Journal``, ``Publication``), ``Year``, ``Date``, code (``Code``, ``GitHub``,
``Repo``), ``Authors`` and a link column (``Link``, ``PDF``, ``URL``, ``arXiv``).
"""

from __future__ import annotations

from lint_rules.inline import link_at
from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Span

from .base import Block, SectionContext
from .parts import build_entry, candidate, links_between, trim, with_roles

_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper", "papers", "name", "paper title", "paper name", "article"),
    "venue": ("venue", "conference", "journal", "publication", "published", "pub", "conf",
              "conf/journal", "journal/conference", "source", "published in"),
    "year": ("year",),
    "date": ("date", "time", "release", "published date", "release date", "month"),
    "code": ("code", "github", "repo", "repository", "implementation", "official code",
             "project", "project page"),
    "authors": ("author", "authors", "first author"),
    "link": ("link", "links", "pdf", "url", "arxiv", "paper link", "download"),
}
_ROLE_OF = {name: role for role, names in _COLUMNS.items() for name in names}
_DELIMITER = lazy_compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_YEAR = lazy_compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_HEADER_MARKUP = " \t*_`"


class TableStyle:
    name = "table"
    description = "| [Title](url) | Venue | Date | [code](url) | rows under a header"

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        out: list[Entry | Candidate] = []
        for block in blocks:
            if block.kind == "table":
                out.extend(self._table(block, ctx))
        return out

    def _table(self, block: Block, ctx: SectionContext) -> list[Entry | Candidate]:
        source = ctx.source
        text = source.text
        if block.end_line - block.line < 2:
            return []
        header = _cells(text, source.line_start(block.line), source.line_end(block.line))
        roles: dict[str, int] = {}
        for i, (s, e) in enumerate(header):
            name = " ".join(text[s:e].strip(_HEADER_MARKUP).casefold().split())
            role = _ROLE_OF.get(name)
            if role is not None and role not in roles:
                roles[role] = i
        if "title" not in roles:
            return []
        out: list[Entry | Candidate] = []
        for line in range(block.line + 1, block.end_line + 1):
            start, end = source.line_start(line), source.line_end(line)
            if _DELIMITER.match(text, start, end) or not text[start:end].strip():
                continue
            cells = _cells(text, start, end)
            row = _Row(self.name, line, Span(start, end), cells, roles, ctx)
            out.append(row.read())
        return out


class _Row:
    def __init__(self, style: str, line: int, span: Span, cells: list[tuple[int, int]],
                 roles: dict[str, int], ctx: SectionContext) -> None:
        self.style, self.line, self.span, self.cells, self.roles, self.ctx = (
            style, line, span, cells, roles, ctx)
        self.text = ctx.source.text

    def cell(self, role: str) -> tuple[int, int] | None:
        i = self.roles.get(role)
        if i is None or i >= len(self.cells):
            return None
        s, e = self.cells[i]
        return (s, e) if s < e else None

    def read(self) -> Entry | Candidate:
        text, ctx = self.text, self.ctx
        title_cell = self.cell("title")
        block = Block("item", self.line, self.line, self.span.start, self.span.end)
        if title_cell is None:
            return candidate(block, ctx, "has an empty title cell")
        s, e = trim(text, *title_cell, " \t*_")
        primary = link_at(text, s, e) if text.startswith("[", s) else None
        if primary is not None and not primary.image:
            t_start, t_end = trim(text, primary.label_start, primary.label_end, " \t*_")
        else:
            primary = None
            t_start, t_end = s, e
            # `Title [(paper)](url)`: the links after the title are not part of it.
            inner = links_between(text, s, e)
            if inner and inner[0].start > s:
                t_start, t_end = trim(text, s, inner[0].start, " \t*_-–—:,;")
                primary = inner[0]
        raws = links_between(text, self.span.start, self.span.end)
        if primary is None:
            link_cell = self.cell("link")
            if link_cell is not None:
                primary = next((r for r in raws if link_cell[0] <= r.start < link_cell[1]), None)
        venue_cell = self.cell("venue")
        venue = Span(*trim(text, *venue_cell, " \t*_")) if venue_cell else None
        if venue is not None and (venue.start >= venue.end or text.startswith("[", venue.start)):
            venue = None
        year = None
        for role in ("year", "date"):
            c = self.cell(role)
            m = _YEAR.search(text, *c) if c else None
            if m and year is None:
                year = int(m.group(1))
        date_cell = self.cell("date")
        authors_cell = self.cell("authors")
        return build_entry(
            self.style, self.line, self.line, self.span, ctx,
            title=text[t_start:t_end], title_span=Span(t_start, t_end),
            links=with_roles(ctx, raws, primary=primary), venue_span=venue, year=year,
            authors=text[slice(*authors_cell)].strip() if authors_cell else None,
            date=text[slice(*date_cell)].strip() if date_cell else None,
        )


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Trimmed cell spans of one table row; ``\\|`` and pipes inside code spans do not split."""
    s, e = trim(text, start, end, " \t")
    if s < e and text[s] == "|":
        s += 1
    if e > s and text[e - 1] == "|" and text[e - 2:e - 1] != "\\":
        e -= 1
    cells = []
    cell_start = s
    i = s
    in_code = False
    while i < e:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            in_code = not in_code
        elif c == "|" and not in_code:
            cells.append(trim(text, cell_start, i, " \t"))
            cell_start = i + 1
        i += 1
    cells.append(trim(text, cell_start, e, " \t"))
    return cells

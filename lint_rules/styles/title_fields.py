"""Style 7: a bold title, then one labelled line per part::

    **Self-Path: Self-supervision for Classification of Pathology Images**
    - Paper: https://ieeexplore.ieee.org/document/9343323
    - Code: https://github.com/...
    - Venue: TMI 2021

The title may also be a list item with the fields as its sub-items, or a paragraph whose
following lines are the fields without list markers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lint_rules.inline import RawLink
from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Link, LinkRole, Span

from .base import Block, SectionContext
from .common import item_body
from .parts import PAPER_LABELS, build_entry, is_placeholder, links_between, to_link, trim

# `- Paper: url`, `- Paper(Oral): url`, `- 论文: url`: a label in any script, an optional note.
_FIELD = lazy_compile(
    r"[ \t]*(?:[-*+][ \t]+)?(?P<label>[^\W\d_][\w ./-]{0,24}?)(?:[ \t]*\([^()\n]{0,30}\))?"
    r"[ \t]*[:：](?!//)[ \t]*"
)
_BOLD_LINE = lazy_compile(r"(\*\*|__)(?P<title>(?:(?!\1).)+?)\1[ \t:]*$")
# `**1. Title**`: the number orders the list, it is not part of the title.
_NUMBERED = lazy_compile(r"\d{1,4}[.)][ \t]+")

_VENUE = frozenset({"venue", "conference", "journal", "published", "publication", "published in",
                    "in", "where"})
_AUTHORS = frozenset({"authors", "author", "by"})


class TitleFieldsStyle:
    name = "title-fields"
    description = "**Title** then - Paper: url / - Code: url lines"

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        text = ctx.source.text
        out: list[Entry | Candidate] = []
        claimed: set[int] = set()
        i = 0
        while i < len(blocks):
            block = blocks[i]
            i += 1
            if block.kind in ("topic", "paragraph"):
                body: tuple[int, int] | None = (block.start, block.end)
            elif block.kind == "item" and block.depth == 0:
                body = item_body(text, block)
            else:
                continue
            if body is None or not text.startswith(("**", "__"), body[0]):
                continue
            first_end = text.find("\n", body[0], body[1])
            first_end = body[1] if first_end == -1 else first_end
            m = _BOLD_LINE.match(text, body[0], first_end)
            if m is None:
                continue
            fields = _field_lines(text, first_end, body[1])
            last = block
            if block.kind != "item":
                # The fields are the list that follows the title line.
                while i < len(blocks) and blocks[i].kind == "item":
                    item = blocks[i]
                    found = _field_lines(text, item.start - 1, item.end) if item.depth == 0 else []
                    if item.depth == 0 and (not found or found[0][1] > _eol(text, item.start)):
                        break  # an item whose first line is no field starts something else
                    fields.extend(found)
                    last = item
                    i += 1
            else:
                while i < len(blocks) and blocks[i].kind == "item" and blocks[i].depth > 0:
                    i += 1
            entry = self._entry(block, last, m, fields, ctx, claimed)
            if entry is not None:
                claimed.add(block.line)
                out.append(entry)
        return out

    def _entry(self, first: Block, last: Block, title: re.Match[str],
               fields: list[tuple[str, int, int]], ctx: SectionContext,
               claimed: set[int]) -> Entry | None:
        text = ctx.source.text
        raws: list[tuple[RawLink, LinkRole]] = []
        venue: Span | None = None
        authors = date = None
        year = None
        placeholder: Link | None = None
        for label, s, e in fields:
            key = label.casefold()
            found = links_between(text, s, e)
            if not found and key in PAPER_LABELS and is_placeholder(text[s:e]):
                placeholder = Link(label, text[s:e], ctx.source.line_of(s), Span(s, e),
                                   Span(s, e), LinkRole.PRIMARY)
                continue
            if found:
                paper = key in PAPER_LABELS and not any(r is LinkRole.PRIMARY for _, r in raws)
                raws.extend((r, LinkRole.PRIMARY if paper and j == 0 else LinkRole.EXTRA)
                            for j, r in enumerate(found))
            elif key in _VENUE and venue is None:
                venue = Span(s, e)
            elif key in _AUTHORS:
                authors = text[s:e]
            elif key == "date":
                date = text[s:e]
            elif key == "year" and text[s:e].isdigit():
                year = int(text[s:e])
        paper = any(r is LinkRole.PRIMARY for _, r in raws)
        # "**Community**" / "- Discord: url" is no paper: one field must name the paper (or its
        # venue or authors).
        if not (raws or placeholder) or not (paper or placeholder or venue or authors):
            return None
        links = [to_link(ctx, r, role) for r, role in raws]
        if placeholder is not None and not paper:
            links = [placeholder, *(replace(lk, role=LinkRole.EXTRA) for lk in links)]
        elif not paper:
            links[0] = replace(links[0], role=LinkRole.PRIMARY)
        t_start, t_end = trim(text, title.start("title"), title.end("title"))
        numbered = _NUMBERED.match(text, t_start, t_end)
        if numbered:
            t_start = numbered.end()
        # The topic is the last bold line above that is not itself an entry's title.
        topics = [(line, name) for line, name in ctx.topics
                  if line < first.line and line not in claimed]
        topic = topics[-1][1] if topics else None
        entry = build_entry(
            self.name, first.line, last.end_line, Span(first.start, last.end), ctx,
            title=text[t_start:t_end], title_span=Span(t_start, t_end),
            links=links,
            venue_span=venue, year=year, authors=authors, date=date,
        )
        return replace(entry, topic=topic)


def _field_lines(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """``(label, value start, value end)`` of each ``Label: value`` line in ``(start, end]``."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos + 1, end)
        line_stop = end if nl == -1 else nl
        line_start = pos + 1 if text[pos] == "\n" else pos
        m = _FIELD.match(text, line_start, line_stop)
        if m is not None:
            s, e = trim(text, m.end(), line_stop)
            if s < e:
                out.append((m.group("label").strip(), s, e))
        pos = line_stop
    return out


def _eol(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl

"""Style 4: a bold title with its details on the following lines::

    **Title**<br>
    *Authors*<br>
    [12th Sep., 2023] [arXiv, 2023]<br>
    [[Paper](url)] [[GitHub](url)]<br>

Lines may end in ``<br>``, a backslash, two spaces or nothing; the parts may also sit on one
line separated by ``<br>``. A bracketed date and venue are told apart by the date's month or
day; authors are the line in single emphasis.
"""

from __future__ import annotations

import re

from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Span

from .base import Block, SectionContext
from .common import item_body
from .parts import (
    build_entry,
    candidate,
    is_button,
    links_between,
    skip_checkbox,
    skip_markers,
    trim,
    with_roles,
)

_SEGMENT = lazy_compile(r"<br\s*/?>|\n", re.IGNORECASE)
_DECOR = " \t\\"
_GROUP = lazy_compile(r"\[([^\[\]\n]+)\](?![(\[])")
_MONTH = lazy_compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b|\b\d{1,2}(?:st|nd|rd|th)\b"
    r"|\b\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b",
    re.IGNORECASE,
)
# Bracketed groups (a date, a venue) after the bold title on its own line, then punctuation.
_TITLE_GROUPS = lazy_compile(
    r"(?:[\s.,;:]*\[[^\[\]\n]{1,60}\](?![(\[]))+[\s.,;:\\]*(?:<[^>]*>)?\s*")
# A venue written before the links: a short name, maybe a year, no sentence.
_PLAIN_VENUE = lazy_compile(
    r"[A-Z][\w&'’/+-]*(?:[ \t]+(?:[A-Z(][\w&'’/()+-]*|(?:19|20)\d{2}|'\d{2})){0,5}"
    r"|[A-Za-z][\w&'’/+-]*(?:[ \t]+[\w&'’/()+-]+){0,4}[ \t,]+(?:19|20)\d{2}"
)
# Emoji, symbols and markup that may trail a title line without being part of the entry.
_TRAILER = lazy_compile(r"[\s\\]*(?:[^\w\s\[\]()]|<[^>]*>)*[\s\\]*")


class BoldBlockStyle:
    name = "bold-block"
    description = "**Title** / *Authors* / [date] [Venue, Year] / [[Paper](url)] lines"

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        out: list[Entry | Candidate] = []
        text = ctx.source.text
        for block in blocks:
            if block.kind == "paragraph":
                body: tuple[int, int] | None = (block.start, block.end)
            elif block.kind == "item" and block.depth == 0:
                body = item_body(text, block)
            else:
                continue
            if body is None:
                continue
            start = skip_markers(text, skip_checkbox(text, *body)[0], body[1])
            if not text.startswith("**", start):
                continue
            parsed = self._parse(block, ctx, *body)
            if parsed is not None:
                out.append(parsed)
        return out

    def _parse(
        self, block: Block, ctx: SectionContext, pos: int, end: int
    ) -> Entry | Candidate | None:
        text = ctx.source.text
        pos, checkbox = skip_checkbox(text, pos, end)
        pos = skip_markers(text, pos, end)
        segments = _segments(text, pos, end)
        if len(segments) < 2:
            return None
        first_start, first_end = segments[0]
        close = text.find("**", first_start + 2, first_end)
        if close == -1:
            return None
        t_start, t_end = trim(text, first_start + 2, close, " \t.")
        if t_start >= t_end:
            return None
        rest = segments[1:]
        tail = _TRAILER.match(text, close + 2, first_end)
        if tail is None or tail.end() != first_end:
            groups = _TITLE_GROUPS.match(text, close + 2, first_end)
            if groups is None or groups.end() != first_end:
                return None  # "**Note:** some prose" is not a title line
            # `**Title.** [20th Nov., 2020] [BIBM, 2020].`: date and venue on the title line.
            rest = [(close + 2, first_end), *rest]
        authors = date = None
        venue: Span | None = None
        raws = []
        for s, e in rest:
            if text[s] in "*_" and not text.startswith("**", s) and text[e - 1] == text[s]:
                a, b = trim(text, s + 1, e - 1)
                authors = authors or text[a:b]
                continue
            found = links_between(text, s, e)
            raws.extend(found)
            if venue is None and found and found[0].start > s and is_button(text, found[0]):
                # `CVPR 2023. [[Paper](url)] [[Github](url)]`: the venue leads the links line.
                v_start, v_end = trim(text, s, found[0].start, " \t.,;:[\\")
                if _PLAIN_VENUE.fullmatch(text, v_start, v_end):
                    venue = Span(v_start, v_end)
            for m in _GROUP.finditer(text, s, e):
                if any(r.start <= m.start() < r.end for r in found):
                    continue
                value = m.group(1).strip()
                if _MONTH.search(value) and date is None:
                    date = value
                elif venue is None:
                    venue = Span(*trim(text, m.start(1), m.end(1)))
        # "**Note**<br>see [the wiki](url)" is prose: an entry names its venue or authors, or
        # links its paper as a button.
        if not (venue or authors or any(is_button(text, r) for r in raws)):
            if not raws and len(segments) > 1 and block.kind == "paragraph":
                # A bold title over lines that hold nothing of an entry: reported only when
                # its neighbours are entries (the parser drops it otherwise).
                return candidate(block, ctx, "has no link, venue or authors", "no-link")
            return None
        return build_entry(
            self.name, block.line, block.end_line, Span(block.start, block.end), ctx,
            title=text[t_start:t_end], title_span=Span(t_start, t_end),
            links=with_roles(ctx, raws), venue_span=venue, authors=authors, date=date,
            checkbox=checkbox,
        )


def _segments(text: str, pos: int, end: int) -> list[tuple[int, int]]:
    """The block's parts, split at line breaks and ``<br>``, trimmed; empty parts dropped."""
    out = []
    for m in _SEGMENT.finditer(text, pos, end):
        s, e = trim(text, pos, m.start(), _DECOR + "\r\n")
        if s < e:
            out.append((s, e))
        pos = m.end()
    s, e = trim(text, pos, end, _DECOR + "\r\n")
    if s < e:
        out.append((s, e))
    return out

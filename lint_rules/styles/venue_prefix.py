"""Style 3: the venue in brackets before the title, in its three common forms::

    1. [MICCAI 2020] **Title** [[paper]](url) [[code]](url)
    - [[MICCAI 2020](paper-url)] Title. [[code](url)]
    - **[MICCAI'20]** Title [[paper]](url)

The title may also be a link (``[MICCAI 2020] [Title](url)``) or plain text up to the links.
"""

from __future__ import annotations

from lint_rules.inline import RawLink, link_at, match_bracket
from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Span

from .base import Block, SectionContext
from .common import inline_end, item_body
from .parts import (
    build_entry,
    candidate,
    links_between,
    skip_checkbox,
    skip_markers,
    trim,
    with_roles,
)

_VENUE_TEXT = lazy_compile(r"[^\[\]\n]{0,80}[A-Za-z0-9][^\[\]\n]{0,80}")
_DATE = lazy_compile(r"[ \t]*\d{1,4}(?:[ \t]*[./\-][ \t]*\d{1,4}){1,2}[ \t]*")
_LINK_START = lazy_compile(r"\[[^\[\]\n]*\]\(")
_TITLE_END = " \t.,;:-–—"


class VenuePrefixStyle:
    name = "venue-prefix"
    description = (
        "[Venue Year] **Title** [[paper]](url) / [[Venue](url)] Title / **[Venue'YY]** Title"
    )

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        out: list[Entry | Candidate] = []
        text = ctx.source.text
        for block in blocks:
            if block.kind == "item" and block.depth == 0:
                body = item_body(text, block)
                body = (body[0], inline_end(text, *body)) if body else None
            elif block.kind == "paragraph":
                body = (block.start, block.end)
            else:
                continue
            if body is None:
                continue
            parsed = self._parse(block, ctx, *body)
            if (isinstance(parsed, Entry) and block.kind == "paragraph"
                    and not _entry_like(text, parsed)):
                continue  # "[Notice] see [here](url)" is prose
            if parsed is not None:
                out.append(parsed)
        return out

    def _parse(
        self, block: Block, ctx: SectionContext, pos: int, end: int
    ) -> Entry | Candidate | None:
        text = ctx.source.text
        pos, checkbox = skip_checkbox(text, pos, end)
        pos = skip_markers(text, pos, end)
        if pos >= end or text[pos] not in "[*":
            return None
        primary = None
        if text.startswith("**[", pos):
            close = text.find("]**", pos + 3, end)
            if close == -1:
                return None
            venue = (pos + 3, close)
            rest = close + 3
        elif text.startswith("[[", pos):
            link = link_at(text, pos + 1, end)
            if link is None or not text.startswith("]", link.end):
                return None
            primary = link
            venue = (link.label_start, link.label_end)
            rest = link.end + 1
        elif text[pos] == "[":
            if _LINK_START.match(text, pos, end):
                return None  # "[Title](url)": a link, not a bracketed venue
            close = match_bracket(text, pos, end)
            if close == -1 or text.startswith("(", close + 1):
                return None
            venue = (pos + 1, close)
            rest = close + 1
        else:
            return None
        venue = trim(text, *venue)
        if not _VENUE_TEXT.fullmatch(text, *venue) or _DATE.fullmatch(text, *venue):
            return None  # "* [24.1] We released …" is news with a date, not a venue
        title = _title(text, skip_markers(text, rest, end), end)
        if title is None:
            return None
        (t_start, t_end), title_link, after = title
        raws = links_between(text, after, end)
        if title_link is not None:
            primary = title_link
            raws.insert(0, title_link)
        elif primary is not None:
            raws.insert(0, primary)
        if not raws:
            # "[Notice] This list is no longer maintained." is prose; an item among entries
            # with a venue and a bold title but no link is a broken entry.
            if block.kind == "item" and text.startswith("**", t_start - 2):
                return candidate(block, ctx, "has no link", "no-link")
            return None
        links = with_roles(ctx, raws, primary=primary)
        return build_entry(
            self.name, block.line, block.end_line, Span(block.start, block.end), ctx,
            title=text[t_start:t_end], title_span=Span(t_start, t_end), links=links,
            venue_span=Span(*venue), checkbox=checkbox,
        )


def _title(text: str, pos: int, end: int) -> tuple[tuple[int, int], RawLink | None, int] | None:
    """((start, end), title link or None, where the rest of the entry starts)."""
    while pos < end and text[pos] in " \t:-–—":
        pos += 1
    if text.startswith("**", pos):
        close = text.find("**", pos + 2, end)
        if close == -1:
            return None
        s, e = trim(text, pos + 2, close)
        return ((s, e), None, close + 2) if s < e else None
    if text.startswith("[", pos) and not text.startswith("[[", pos):
        link = link_at(text, pos, end)
        if link is not None:
            s, e = trim(text, link.label_start, link.label_end)
            return ((s, e), link, link.end) if s < e else None
    stop = text.find("[", pos, end)
    nl = text.find("\n", pos, end)
    stop = min(x for x in (stop, nl, end) if x != -1)
    s, e = trim(text, pos, stop, " \t" + _TITLE_END)
    s, e = trim(text, s, e, " \t*_")
    return ((s, e), None, stop) if s < e else None


def _entry_like(text: str, entry: Entry) -> bool:
    """A paragraph is an entry when its title is bold or a link, or it links its paper as a
    button (`[[paper]](url)`)."""
    span = entry.title_span
    assert span is not None
    if text[span.start - 2:span.start] == "**" or text[span.start - 1:span.start] == "[":
        return True
    return any(lk.label.startswith("[") or text[lk.span.start - 1:lk.span.start] == "["
               for lk in entry.links)

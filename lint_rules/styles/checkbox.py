"""Style 1: ``- [ ] [Title](url). Venue Year. [[Code](url)]`` — the user's list."""

from __future__ import annotations

from dataclasses import replace

from ..inline import find_links, link_at, match_bracket
from ..lazy_regex import lazy_compile
from ..model import Candidate, Entry, LinkRole, Span
from .base import Block, SectionContext, split_venue_year
from .common import identifiers_of, inline_end, item_body
from .parts import candidate, skip_markers, strip_trailing_markers, to_link

_BOX = lazy_compile(r"\[(?P<state>[ xX])\][ \t]+")


class CheckboxStyle:
    name = "checkbox"
    description = "- [ ] [Title](url). Venue Year. [[Code](url)]"

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        text = ctx.source.text
        # A checkbox paper nested under another (`  - [ ] [B](url). Venue.`) is an entry of its
        # own, and the entry above it ends where it starts.
        nested = [b for b in blocks if b.kind == "item" and b.depth > 0 and _boxed_link(text, b)]
        starts = sorted(b.start for b in nested)
        out: list[Entry | Candidate] = []
        for block in sorted([b for b in blocks if b.kind == "item" and b.depth == 0] + nested,
                            key=lambda b: b.start):
            inner = next((s for s in starts if block.start < s < block.end), None) \
                if starts else None
            if inner is not None:
                block = _ending_before(ctx, block, inner)
            parsed = self.parse_item(block, ctx)
            if parsed is not None and (block.depth == 0 or isinstance(parsed, Entry)):
                out.append(parsed)
        return out

    def parse_item(self, block: Block, ctx: SectionContext) -> Entry | Candidate | None:
        text = ctx.source.text
        body = item_body(text, block)
        if body is None:
            return None
        pos, end = body[0], inline_end(text, *body)
        checkbox = None
        m = _BOX.match(text, pos, end)
        if m:
            checkbox = m.group("state").lower()
            pos = m.end()
        pos = skip_markers(text, pos, end)
        if pos >= end:
            return candidate(block, ctx, "is empty")
        if text[pos] != "[":
            return _not_a_link(text, pos, end, block, ctx)
        primary = link_at(text, pos, end)
        while primary is not None and primary.label.lstrip().startswith("!["):
            # A badge (`[![stars](shield)](repo)`) before the title: a marker, not the title.
            pos = skip_markers(text, primary.end, end)
            while pos < end and text[pos] in " \t":
                pos += 1
            primary = link_at(text, pos, end) if text.startswith("[", pos) else None
        if primary is None:
            if match_bracket(text, pos, end) == -1:
                return candidate(block, ctx, "has an unclosed `[`", "broken-markup")
            return _not_a_link(text, pos, end, block, ctx)
        if primary.url.startswith("#") and primary.url.strip() != "#":
            return None  # a table-of-contents item, not an entry
        trailer_links = find_links(text, primary.end, end)
        links = [to_link(ctx, primary, LinkRole.PRIMARY),
                 *(to_link(ctx, raw, LinkRole.EXTRA) for raw in trailer_links)]
        venue_end = end
        if trailer_links:
            first = trailer_links[0].start
            # "[[Code](url)]": the venue stops at the outer bracket.
            venue_end = first - 1 if first > 0 and text[first - 1] == "[" else first
        venue_text, venue_span = _venue(text, primary.end, venue_end)
        venue, year = split_venue_year(venue_text) if venue_text else (None, None)
        arxiv, doi = identifiers_of(links)
        return Entry(
            line=block.line,
            end_line=block.end_line,
            span=Span(block.start, block.end),
            style=self.name,
            section=ctx.section,
            title=primary.label,
            title_span=Span(primary.label_start, primary.label_end),
            checkbox=checkbox,
            url=primary.url,
            url_span=links[0].url_span,  # one object with the link's: a long list holds many
            venue_text=venue_text,
            venue_span=venue_span,
            venue=venue,
            year=year,
            links=tuple(links),
            topic=ctx.topic_at(block.line),
            arxiv_id=arxiv,
            doi=doi,
        )


def _boxed_link(text: str, block: Block) -> bool:
    body = item_body(text, block)
    if body is None:
        return False
    m = _BOX.match(text, *body)
    return m is not None and text.startswith("[", m.end())


def _ending_before(ctx: SectionContext, block: Block, at: int) -> Block:
    """``block`` cut before the line holding ``at``, trailing blank lines left out."""
    source = ctx.source
    last = source.line_of(at) - 1
    while last > block.line and not source.line_text(last).strip():
        last -= 1
    return replace(block, end_line=last, end=source.line_end(last))


def _venue(text: str, start: int, end: int) -> tuple[str | None, Span | None]:
    """The venue between the primary link and the extra links, without separators."""
    s, e = start, end
    while True:  # separators and markers, in any order: ` :fire:. NeurIPS`
        s = skip_markers(text, s, e)
        if s >= e or text[s] not in " \t.,;:-–—":
            break
        s += 1
    while e > s and text[e - 1] in " \t\r\n":
        e -= 1
    while e > s and text[e - 1] in ".,;":
        e -= 1
    e = strip_trailing_markers(text, s, e)
    while e > s and text[e - 1] in " \t.,;":
        e -= 1
    if s >= e:
        return None, None
    return text[s:e], Span(s, e)


def _not_a_link(text: str, pos: int, end: int, block: Block, ctx: SectionContext) -> Candidate:
    links = find_links(text, pos, end)
    if not links:
        return candidate(block, ctx, "has no link", "no-link")
    if all(lk.bare for lk in links):
        return candidate(block, ctx, "has a bare URL instead of a markdown link `[Title](url)`")
    return candidate(block, ctx, "does not start with its title as a link `[Title](url)`")

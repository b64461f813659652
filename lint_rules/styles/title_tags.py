"""Style 9: a paragraph per paper, its title on the first line and its tags on the next::

    Contrastive learning of global and local features for medical image segmentation␠␠
    🕝 **[NeurIPS'20]** **[[PDF]](https://arxiv.org/abs/2006.10511)** **[[Code]](https://github.com/…)**

The title line ends in a hard break (two spaces, a backslash or ``<br>``) or nothing; the tag
line holds markers, the venue in brackets (bold or not) and the links as buttons.
"""

from __future__ import annotations

import re

from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Span

from .base import Block, SectionContext
from .parts import (
    PAPER_LABELS,
    build_entry,
    is_button,
    label_word,
    links_between,
    skip_markers,
    strip_trailing_markers,
    trim,
    with_roles,
)

_BR = lazy_compile(r"<br\s*/?>", re.IGNORECASE)
_VENUE = lazy_compile(r"(?:\*\*|__)?\[(?P<venue>[^\[\]\n]{1,60})\](?:\*\*|__)?(?![(\[])")
_NUMBER = lazy_compile(r"\d{1,4}[.)][ \t]+")


class TitleTagsStyle:
    name = "title-tags"
    description = "Title line, then a tag line: **[Venue'YY]** **[[PDF]](url)** **[[Code]](url)**"

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        out: list[Entry | Candidate] = []
        for block in blocks:
            if block.kind != "paragraph" or block.end_line <= block.line:
                continue
            parsed = self._parse(block, ctx)
            if parsed is not None:
                out.append(parsed)
        return out

    def _parse(self, block: Block, ctx: SectionContext) -> Entry | None:
        text = ctx.source.text
        first_end = text.find("\n", block.start, block.end)
        if first_end == -1:
            return None
        t_start, t_end = block.start, first_end
        t_end = _before_break(text, t_start, t_end)
        t_start = skip_markers(text, t_start, t_end)
        t_end = strip_trailing_markers(text, t_start, t_end)
        if links_between(text, t_start, t_end):
            return None  # a title line with a link is another style's
        t_start, t_end = trim(text, t_start, t_end, " \t*_")
        number = _NUMBER.match(text, t_start, t_end)
        if number:
            t_start = number.end()
        t_start, t_end = trim(text, t_start, t_end, " \t*_.")
        if t_end - t_start < 8:
            return None
        tags_start = first_end + 1
        raws = links_between(text, tags_start, block.end)
        if not raws or not any(is_button(text, r) or label_word(r.label) in PAPER_LABELS
                               for r in raws):
            return None  # prose over a link is not an entry
        venue: Span | None = None
        first_link = raws[0].start
        pos = skip_markers(text, tags_start, first_link)
        m = _VENUE.match(text, pos, first_link)
        if m is not None and not any(r.start <= m.start("venue") < r.end for r in raws):
            venue = Span(*trim(text, m.start("venue"), m.end("venue")))
        return build_entry(
            self.name, block.line, block.end_line, Span(block.start, block.end), ctx,
            title=text[t_start:t_end], title_span=Span(t_start, t_end),
            links=with_roles(ctx, raws), venue_span=venue,
        )


def _before_break(text: str, start: int, end: int) -> int:
    """``end`` moved back over the hard break ending a title line (``<br>``, a backslash or
    spacing), read from the end: a pattern searched for it is retried at every space of a
    run, quadratic on a title line of 20,000 spaces."""
    if text.startswith("\\", end - 1) and end > start:
        return end - 1
    q = text.rfind("<", start, end)
    if q != -1 and text[end - 1:end] == ">" and _BR.fullmatch(text, q, end):
        end = q
    while end > start and text[end - 1] in " \t":
        end -= 1
    return end

"""Style 9: a paragraph per paper, its title on the first line and its tags on the next::

    Contrastive learning of global and local features for medical image segmentation␠␠
    🕝 **[NeurIPS'20]** **[[PDF]](https://arxiv.org/abs/2006.10511)** **[[Code]](https://github.com/…)**

The title line ends in a hard break (two spaces, a backslash or ``<br>``) or nothing; the tag
line holds markers, the venue in brackets (bold or not) and the links as buttons.
"""

from __future__ import annotations

import re

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

_BREAK = re.compile(r"(?:[ \t]*<br\s*/?>|\\|[ \t]+)$", re.IGNORECASE)
_VENUE = re.compile(r"(?:\*\*|__)?\[(?P<venue>[^\[\]\n]{1,60})\](?:\*\*|__)?(?![(\[])")
_NUMBER = re.compile(r"\d{1,4}[.)][ \t]+")


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
        brk = _BREAK.search(text, t_start, t_end)
        if brk is not None:
            t_end = brk.start()
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

"""Style 5: the title on the item's first line, links on the next lines, authors in a sub-item
ending with the venue in emphasis::

    - A Theoretical Analysis of Contrastive Unsupervised Representation Learning.
      [[pdf]](https://arxiv.org/pdf/1902.09229.pdf)
      [[code]](https://github.com/...)
      - Sanjeev Arora, Hrishikesh Khandeparkar, and Nikunj Saunshi. *ICML 2019*

The links may also follow the title on its own line (``- Title [[pdf]](url): notes``).
"""

from __future__ import annotations

from dataclasses import replace

from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Span

from .base import Block, SectionContext
from .common import item_body
from .parts import (
    ItemStyle,
    build_entry,
    candidate,
    is_button,
    line_end,
    links_between,
    trim,
    with_roles,
)

_SUBITEM = lazy_compile(r"\n[ \t]+[-*+][ \t]+")
_VENUE_EM = lazy_compile(r"(\*|_)(?P<venue>[^*_\n]+?)\1[ \t]*\.?[ \t]*$")
_NOT_TITLE = "[!<|>#`*"
_BUTTON_LINE = lazy_compile(r"\n[ \t]*\[\[[^\]\n]{1,20}\]\]?\(|\n[ \t]*\[\[[^\]\n]{1,20}\]\(")


def _nested_paper(text: str, block: Block) -> bool:
    """A nested item shaped like an entry: a title line, then a `[[pdf]](url)` button line."""
    body = item_body(text, block)
    if body is None:
        return False
    own_end = text.find("\n", body[0], body[1])
    if own_end == -1 or text[body[0]] in _NOT_TITLE:
        return False
    sub = _SUBITEM.search(text, own_end, body[1])
    return _BUTTON_LINE.match(text, own_end, sub.start() if sub else body[1]) is not None


class TitleLinesStyle(ItemStyle):
    name = "title-lines"
    description = "Title / [[pdf]](url) lines / - Authors. *Venue Year*"

    reject = _NOT_TITLE

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        """Top-level items, and papers indented by mistake under another entry (a title with
        its own `[[pdf]]` line, nested one level too deep): those are entries of their own,
        and the entry above them ends where they start."""
        text = ctx.source.text
        nested = [b for b in blocks if b.kind == "item" and b.depth > 0
                  and _nested_paper(text, b)]
        if not nested:
            return super().parse_section(blocks, ctx)
        starts = sorted(b.start for b in nested)
        out: list[Entry | Candidate] = []
        for block in sorted([b for b in blocks if b.kind == "item" and b.depth == 0] + nested,
                            key=lambda b: b.start):
            body = item_body(text, block)
            if body is None or body[0] >= body[1] or text[body[0]] in self.reject:
                continue
            inner = next((s for s in starts if block.start < s < block.end), None)
            if inner is not None:  # stop before the paper nested inside it
                end_line = ctx.source.line_of(inner) - 1
                last, stop = end_line, ctx.source.line_end(end_line)
                while last > block.line and not text[ctx.source.line_start(last):stop].strip():
                    last -= 1
                    stop = ctx.source.line_end(last)
                block = replace(block, end_line=last, end=stop)
                body = (body[0], min(body[1], stop))
            parsed = self._parse(block, ctx, *body)
            if parsed is not None:
                out.append(parsed)
        return out

    def _parse(
        self, block: Block, ctx: SectionContext, pos: int, end: int
    ) -> Entry | Candidate | None:
        text = ctx.source.text
        sub = _SUBITEM.search(text, pos, end)
        main_end = sub.start() if sub else end
        first_end = line_end(text, pos, main_end)
        raws = links_between(text, pos, main_end)
        title_stop = raws[0].start if raws and raws[0].start < first_end else first_end
        t_start, t_end = trim(text, pos, title_stop, " \t.,;:")
        authors = None
        venue: Span | None = None
        if sub is not None:
            a_start, a_end = trim(text, sub.end(), end)
            m = _VENUE_EM.search(text, a_start, a_end)
            if m is not None:
                venue = Span(*trim(text, m.start("venue"), m.end("venue")))
                a_end = m.start()
            a_start, a_end = trim(text, a_start, a_end, " \t\r\n.,;")
            authors = " ".join(text[a_start:a_end].split()) or None
        if t_start >= t_end or not (raws or authors):
            return candidate(block, ctx, "has no link", "no-link")
        # "Add your paper [here](url)" is prose: an entry's links stand on their own lines,
        # or are written as link buttons (`[[pdf]](url)`, `[[pdf](url)]`), or it has authors.
        if not (authors or raws[0].start > first_end or any(is_button(text, r) for r in raws)):
            return None
        return build_entry(
            self.name, block.line, block.end_line, Span(block.start, block.end), ctx,
            title=text[t_start:t_end], title_span=Span(t_start, t_end),
            links=with_roles(ctx, raws), venue_span=venue, authors=authors,
        )

"""Style 2: the year inside the link text, ``- [ ] [2020: Title](url). Venue.``

The entry is read as a checkbox entry; the leading year (``2020:``, ``(2020)``, ``2020 -``)
then comes out of the title and becomes the entry's year where the venue names none.
"""

from __future__ import annotations

from dataclasses import replace

from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Span

from .base import Block, SectionContext
from .checkbox import CheckboxStyle
from .common import item_body
from .parts import skip_checkbox

# "2020: Title", "2020 - Title", "(2020) Title", "[2020] Title".
_YEAR_LABEL = lazy_compile(
    r"[ \t]*(?:[(\[](?P<boxed>(?:19|20)\d{2})[)\]][ \t]*[:\-–—|]?"
    r"|(?P<bare>(?:19|20)\d{2})[ \t]*[:\-–—|])[ \t]*"
)
_SAMPLE = 12


class YearLinkStyle:
    name = "year-link"
    description = "- [ ] [2020: Title](url). Venue."
    # It reads the same items as checkbox, more exactly: on an equal reading it wins.
    refinement = 1

    def __init__(self) -> None:
        self._checkbox = CheckboxStyle()

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        text = ctx.source.text
        items = [b for b in blocks if b.kind == "item" and b.depth == 0]
        # Cheap rejection: unless most of the first items carry a year in their link text,
        # this is not the style, and the checkbox reading is not repeated.
        sample = items[:_SAMPLE]
        if not sample or 2 * sum(map(lambda b: _has_year_label(text, b), sample)) < len(sample):
            return []
        out: list[Entry | Candidate] = []
        for block in items:
            parsed = self._checkbox.parse_item(block, ctx)
            if isinstance(parsed, Entry):
                parsed = _lift_year(parsed, text, self.name)
            if parsed is not None:
                out.append(parsed)
        return out


def _has_year_label(text: str, block: Block) -> bool:
    body = item_body(text, block)
    if body is None:
        return False
    pos, _ = skip_checkbox(text, *body)
    return text.startswith("[", pos) and _YEAR_LABEL.match(text, pos + 1, body[1]) is not None


def _lift_year(entry: Entry, text: str, style: str) -> Entry:
    span = entry.title_span
    if span is None:
        return replace(entry, style=style)
    m = _YEAR_LABEL.match(text, span.start, span.end)
    if m is None or m.end() >= span.end:
        return replace(entry, style=style)
    title_span = Span(m.end(), span.end)
    year = entry.year if entry.year is not None else int(m.group("boxed") or m.group("bare"))
    return replace(entry, style=style, title=text[title_span.start:title_span.end],
                   title_span=title_span, year=year)

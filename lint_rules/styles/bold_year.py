"""Style 8: ``- **Title** (YYYY), A. Author et al. [[pdf]](url)``.

The bold is optional (``- Title (2017), A. Author et al. [[pdf]](url)``), and so is the year
(``- Title, A. Author and B. Author. [[pdf]](url)``); an item without a year needs a
``[[label]](url)`` link to count as an entry, so prose list items are left alone.
"""

from __future__ import annotations

import re

from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Span

from .base import Block, SectionContext
from .parts import ItemStyle, build_entry, candidate, links_between, trim, with_roles

# "(2015)", "(Book, 2016)", "(Book, Jan 2017)", and the unclosed "(2014, C. Dong et al.".
# Searched without the spacing before the "(": a pattern opening with `[ \t]*` is retried at
# every space of a run (quadratic on 20,000 spaces); `_year_paren` takes the spacing back.
_YEAR_PAREN = lazy_compile(
    r"\((?:[A-Za-z][^()\n,]*,[ \t]*)?(?:[A-Z][a-z]{2,8}\.?[ \t]+)?((?:19|20)\d{2})"
    r"(?:\)|(?=,))"
)
# Where the authors begin in a title without a year: ", G. Hinton", ", Chen and Manning".
_AUTHORS = lazy_compile(r",[ \t]+(?=[A-Z][A-Za-z'-]*\.?[ \t]+(?:[A-Z]|and\b|et\b)|[A-Z]\.)")
_SPACED_LINK = lazy_compile(r"\][ \t]+\((?:https?:|www\.)")
_NOT_TITLE = "[!<|>#`"
_LEAD = " \t,;:.-–—"


_QUOTED = lazy_compile(r'[ \t]*[:\-–—][ \t]*["“](?P<title>[^"”\n]{4,300})["”]')

class BoldYearStyle(ItemStyle):
    name = "bold-year"
    # `- **Title** (2015), A. Author et al.`: the style has no place for a venue.
    writes_venue = False
    description = "- **Title** (YYYY), A. Author et al. [[pdf]](url)"

    reject = _NOT_TITLE

    def _parse(
        self, block: Block, ctx: SectionContext, pos: int, end: int
    ) -> Entry | Candidate | None:
        text = ctx.source.text
        nl = text.find("\n", pos, end)
        end = end if nl == -1 else nl  # sub-items and continuation lines are not the entry's
        raws = links_between(text, pos, end)
        links_at = raws[0].start if raws else end
        bold = text.startswith("**", pos)
        if bold:
            close = text.find("**", pos + 2, links_at)
            if close == -1:
                return None
            t_start, t_end = trim(text, pos + 2, close)
            rest = close + 2
            # `- **MoCo**: "Momentum Contrast for …", CVPR, 2020`: the bold is the method's
            # name, the quoted text is the title.
            quoted = _QUOTED.match(text, rest, links_at)
            if quoted is not None:
                t_start, t_end = quoted.span("title")
                rest = quoted.end()
        else:
            t_start, t_end, rest = pos, links_at, links_at
        year_m = _year_paren(text, rest if bold else pos, links_at)
        if year_m is not None and bold and year_m[0] != rest:
            year_m = None  # in a bold entry the year follows the title
        year = year_m[2] if year_m else None
        if not bold:
            if year_m is not None:
                t_end, rest = year_m[0], year_m[1]
            else:
                a = _last(_AUTHORS, text, pos, links_at)
                if a is not None:
                    t_end, rest = a, a
        elif year_m is not None:
            rest = year_m[1]
        t_start, t_end = trim(text, t_start, t_end, " \t.,;:")
        doubled = any(r.label.startswith("[") for r in raws)
        if t_start >= t_end:
            return candidate(block, ctx, "has no title")
        if year is None and not doubled and not (bold and raws):
            if _SPACED_LINK.search(text, pos, end):
                return candidate(block, ctx, "has a link broken by a space: `[[pdf]] (url)`",
                                 "broken-markup")
            return candidate(block, ctx, "has no year `(YYYY)` and no `[[pdf]](url)` link",
                             "" if raws else "no-link")
        a_start, a_end = trim(text, rest, links_at, _LEAD + "\r\n")
        authors = text[a_start:a_end] if a_start < a_end else None
        return build_entry(
            self.name, block.line, block.end_line, Span(block.start, block.end), ctx,
            title=text[t_start:t_end], title_span=Span(t_start, t_end),
            links=with_roles(ctx, raws), year=year, authors=authors,
        )


def _year_paren(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """``(start, end, year)`` of the first ``(YYYY)`` in ``text[start:end]``, its start moved
    back over the spacing before it."""
    m = _YEAR_PAREN.search(text, start, end)
    if m is None:
        return None
    s = m.start()
    while s > start and text[s - 1] in " \t":
        s -= 1
    return s, m.end(), int(m.group(1))


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    found = None
    for m in pattern.finditer(text, start, end):
        found = m.start()
    return found

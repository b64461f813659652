"""Pieces the entry styles share: links with roles, trimmed spans, entry and candidate builders.

Every offset is into the original text, so a rule can point at (and fix) exactly the part of an
entry it is about, whatever the style.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lint_rules.inline import RawLink, find_links, link_of
from lint_rules.lazy_regex import lazy_compile
from lint_rules.model import Candidate, Entry, Link, LinkRole, Span

from .base import Block, SectionContext, split_venue_year
from .common import identifiers_of, item_body

# Labels that name the paper itself rather than its code, slides or project page.
PAPER_LABELS = frozenset({
    "paper", "pdf", "arxiv", "link", "html", "web", "doi", "article", "abs", "abstract",
    "openreview", "publication", "proceedings", "url", "springer", "ieee", "acm", "nature",
    "science", "journal", "conference", "preprint", "biorxiv", "medrxiv", "pubmed",
})

# Highlight markers lists put before or after a title: `:star:`, `:fire:`, emoji, `[NEW]`,
# `**[NEW]**`, `(NEW)`, `NEW!`. A bounded vocabulary, so a venue in brackets stays a venue.
# Case-insensitive in the words only: IGNORECASE over the emoji ranges costs compile time.
_MARKER_WORD = (r"(?i:new|hot|updated?|latest|recommended|must[- ]read|highlights?|important"
                r"|star|top|classic|favou?rite)")
_EMOJI = r"[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]"
_ONE_MARKER = (
    r"(?::[a-z0-9_+\-]{1,40}:"
    r"|\*\*\[" + _MARKER_WORD + r"!?\]\*\*|\[" + _MARKER_WORD + r"!?\](?!\()"
    r"|\(" + _MARKER_WORD + r"!?\)|\*\*" + _MARKER_WORD + r"!?\*\*|" + _MARKER_WORD + r"!"
    r"|" + _EMOJI + r"[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d" + _EMOJI
    + r"[\ufe0e\ufe0f]*)*)"
)
# One pattern for both ends: each costs a millisecond to compile at every start-up.
_MARKERS = lazy_compile(r"(?:" + _ONE_MARKER + r"[ \t]*)+")


def skip_markers(text: str, pos: int, end: int) -> int:
    """``pos`` past any highlight markers (and the spaces around them)."""
    start = pos
    while start < end and text[start] in " \t":
        start += 1
    m = _MARKERS.match(text, start, end)
    return m.end() if m else pos


def strip_trailing_markers(text: str, start: int, end: int) -> int:
    """``end`` moved back over highlight markers (and spaces) at the end of ``[start, end)``."""
    while True:
        while end > start and text[end - 1] in " \t":
            end -= 1
        # Markers are short: look at the tail only, so a long line stays linear.
        tail_start = max(start, end - 64)
        last = None
        for m in _MARKERS.finditer(text, tail_start, end):
            last = m
        if last is None or last.end() < end:
            return end
        end = last.start()


# What a list writes where a link will go: a paper field that is no link yet.
_PLACEHOLDERS = frozenset({"none", "null", "n/a", "na", "tbd", "todo", "to do", "coming soon",
                          "soon", "-", "--", "—", "...", "…", "xxx", "url", "link", "#",
                          "to be released", "to appear", "unavailable", "not available"})


def is_placeholder(url: str) -> bool:
    """Whether a link's destination is a stand-in for a link to come (`#`, `TBD`, `None`)."""
    return url.strip().casefold() in _PLACEHOLDERS


_INNER_YEAR = lazy_compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
_BOX = lazy_compile(r"\[[ xX]\][ \t]+")
_WS = " \t\r\n"


def label_word(label: str) -> str:
    """``[pdf]`` (from ``[[pdf]](url)``) and ``Paper`` alike -> ``pdf`` / ``paper``."""
    return label.strip().strip("[]").strip().casefold()


def to_link(ctx: SectionContext, raw: RawLink, role: LinkRole) -> Link:
    return link_of(raw, ctx.source, role)


def with_roles(
    ctx: SectionContext, raws: Iterable[RawLink], *, primary: RawLink | None = None
) -> list[Link]:
    """Links in text order; ``primary`` if given, else the first paper-labelled link, else the
    first link, is the entry's PRIMARY link; the others are EXTRA."""
    raws = [r for r in raws if not r.image]
    if primary is None:
        primary = next((r for r in raws if label_word(r.label) in PAPER_LABELS), None)
        if primary is None and raws:
            primary = raws[0]
    at = primary.start if primary is not None else -1
    return [to_link(ctx, r, LinkRole.PRIMARY if r.start == at else LinkRole.EXTRA)
            for r in raws]


def is_button(text: str, raw: RawLink) -> bool:
    """A link written as a button: ``[[pdf]](url)`` or ``[[Paper](url)]``, not prose."""
    return raw.label.startswith("[") or (text[raw.start - 1:raw.start] == "["
                                         and text[raw.end:raw.end + 1] == "]")


def links_between(text: str, start: int, end: int) -> list[RawLink]:
    return [r for r in find_links(text, start, end) if not r.image]


def trim(text: str, start: int, end: int, chars: str = _WS) -> tuple[int, int]:
    """``[start, end)`` without ``chars`` at either edge."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def skip_checkbox(text: str, pos: int, end: int) -> tuple[int, str | None]:
    m = _BOX.match(text, pos, end)
    if m is None:
        return pos, None
    return m.end(), text[m.start() + 1].lower()


def line_end(text: str, pos: int, end: int) -> int:
    nl = text.find("\n", pos, end)
    return end if nl == -1 else nl


def build_entry(
    style: str, block_line: int, end_line: int, span: Span, ctx: SectionContext, *,
    title: str, title_span: Span | None, links: list[Link],
    venue_span: Span | None = None, year: int | None = None, authors: str | None = None,
    date: str | None = None, checkbox: str | None = None, topic_line: int | None = None,
) -> Entry:
    """An entry from its located parts; venue name and year are read from the venue text, and
    ``year`` (written elsewhere in the entry) fills in where the venue has none."""
    text = ctx.source.text
    venue_text = text[venue_span.start:venue_span.end] if venue_span else None
    venue, venue_year = split_venue_year(venue_text) if venue_text else (None, None)
    if venue and venue_year is None:
        # "ICML 2020 Workshop": the year sits inside the name.
        inner = _INNER_YEAR.search(venue)
        if inner is not None:
            venue_year = int(inner.group(1))
            venue = " ".join((venue[:inner.start()] + venue[inner.end():]).split()) or None
    primary = next((lk for lk in links if lk.role is LinkRole.PRIMARY), None)
    arxiv, doi = identifiers_of(lk for lk in links if not lk.url.startswith("#"))
    return Entry(
        line=block_line,
        end_line=end_line,
        span=span,
        style=style,
        section=ctx.section,
        title=title,
        title_span=title_span,
        checkbox=checkbox,
        url=primary.url if primary else None,
        url_span=primary.url_span if primary else None,
        venue_text=venue_text,
        venue_span=venue_span,
        venue=venue,
        year=venue_year if venue_year is not None else year,
        links=tuple(links),
        authors=authors or None,
        date=date or None,
        topic=ctx.topic_at(block_line if topic_line is None else topic_line),
        arxiv_id=arxiv,
        doi=doi,
    )


def candidate(block: Block, ctx: SectionContext, reason: str, defect: str = "") -> Candidate:
    """A block that should be an entry and is not; ``defect`` says what a reader sees wrong
    (see :class:`~lint_rules.model.Candidate`)."""
    return Candidate(block.line, block.end_line, Span(block.start, block.end), ctx.section,
                     reason, defect)


def top_items(blocks: list[Block], text: str, reject: str = "") -> Iterator[tuple[Block, int, int]]:
    """Top-level list items with the offsets of their body (after the marker), skipping empty
    items and those whose body starts with one of the ``reject`` characters."""
    for block in blocks:
        if block.kind != "item" or block.depth != 0:
            continue
        body = item_body(text, block)
        if body is None or body[0] >= body[1] or text[body[0]] in reject:
            continue
        yield block, body[0], body[1]


class ItemStyle:
    """A style whose entries are top-level list items, one each: subclasses read one item in
    ``_parse`` and name in ``reject`` the characters no entry of theirs starts with."""

    reject: str = ""

    def parse_section(self, blocks: list[Block], ctx: SectionContext) -> list[Entry | Candidate]:
        items = top_items(blocks, ctx.source.text, reject=self.reject)
        parsed = (self._parse(block, ctx, pos, end) for block, pos, end in items)
        return [p for p in parsed if p is not None]

    def _parse(
        self, block: Block, ctx: SectionContext, pos: int, end: int
    ) -> Entry | Candidate | None:
        raise NotImplementedError

"""House conventions: what a list does consistently, learned from its own majority.

Pure functions over a parsed :class:`Document`. Each ``*_conventions`` function observes one
aspect of every entry that shows it (how a venue is spelled, how a link label is cased, whether
a journal carries its year, whether a period follows the title or venue, how arXiv is linked),
groups the observations, and returns a :class:`Convention` for each group in which one form holds
a clear majority, with the observations that break it. A list that is consistent yields no
deviations; a list that is split evenly has no convention to enforce.

    venue_conventions(doc, table)   # `T-PAMI` x5, `TPAMI` x1 -> TPAMI breaks the `T-PAMI` rule
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .identifiers import arxiv_id
from .model import Document, Entry, Link, LinkRole, Span
from .venues import VenueKind, VenueTable, parse_venue

DEFAULT_MIN_SHARE = 0.7
DEFAULT_MIN_COUNT = 3


@dataclass(frozen=True, slots=True, eq=False)
class Observation:
    """One entry showing one aspect: the ``form`` it uses, written at ``span``."""

    entry: Entry
    form: str
    span: Span


@dataclass(frozen=True, slots=True, eq=False)
class Convention:
    aspect: str  # what is compared, e.g. "venue `T-PAMI`" or "period after the title"
    majority: str  # the form most entries use
    count: int  # entries using it
    total: int  # entries showing the aspect
    deviations: tuple[Observation, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Thresholds:
    """A form is the house convention when at least ``min_count`` entries use it and they are at
    least ``min_share`` of the entries that show the aspect."""

    min_share: float = DEFAULT_MIN_SHARE
    min_count: int = DEFAULT_MIN_COUNT


def establish(
    aspect: str, observations: Iterable[Observation], thresholds: Thresholds
) -> Convention | None:
    """The convention among ``observations``, or None when no form clearly wins."""
    seen = list(observations)
    if not seen:
        return None
    counts = Counter(o.form for o in seen)
    (form, count), *rest = counts.most_common()
    if rest and rest[0][1] == count:
        return None
    if count < thresholds.min_count or count < thresholds.min_share * len(seen):
        return None
    return Convention(aspect, form, count, len(seen),
                      tuple(o for o in seen if o.form != form))


def _grouped(
    groups: dict[str, list[Observation]], thresholds: Thresholds
) -> Iterator[Convention]:
    for aspect, seen in groups.items():
        convention = establish(aspect, seen, thresholds)
        if convention is not None and convention.deviations:
            yield convention


# --- venue spelling -------------------------------------------------------------------------
def spelling_key(name: str) -> str:
    """Spellings of one name compare equal: case, spacing, hyphens and dots folded."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name).casefold())


def venue_conventions(
    doc: Document, table: VenueTable | None, thresholds: Thresholds = Thresholds()
) -> Iterator[Convention]:
    """Venues the list spells several ways (`T-PAMI`, `TPAMI`, `T-Pami`). Venues the venue table
    knows are left to the venue rules, which spell them the table's (or the config's) way."""
    groups: dict[str, list[Observation]] = defaultdict(list)
    text = doc.text
    for entry in doc.entries:
        if entry.venue_span is None or not entry.venue:
            continue
        name = entry.venue
        if table is not None and table.lookup(name) is not None:
            continue
        at = text.find(name, entry.venue_span.start, entry.venue_span.end)
        if at == -1:
            continue
        groups[spelling_key(name)].append(Observation(entry, name, Span(at, at + len(name))))
    for convention in _grouped(groups, thresholds):
        yield Convention(f"venue `{convention.majority}`", convention.majority, convention.count,
                         convention.total, convention.deviations)


# --- link label case ------------------------------------------------------------------------
def label_conventions(doc: Document, thresholds: Thresholds = Thresholds()) -> Iterator[Convention]:
    """Extra-link labels written in several cases: `[Code]` and `[code]`, `[[PDF]]`, `[[pdf]]`."""
    groups: dict[str, list[Observation]] = defaultdict(list)
    text = doc.text
    for entry in doc.entries:
        for link in entry.links:
            if link.bare or link.role is LinkRole.OTHER or text[link.span.start] != "[":
                continue
            start = link.span.start + 1
            end = start + len(link.label)
            while start < end and text[start] in "[ \t":
                start += 1
            while end > start and text[end - 1] in "] \t":
                end -= 1
            word = text[start:end]
            if not word or not any(c.isalpha() for c in word) or len(word) > 20:
                continue
            groups[word.casefold()].append(Observation(entry, word, Span(start, end)))
    yield from _grouped(groups, thresholds)


# --- journal years --------------------------------------------------------------------------
WITH_YEAR = "with a year"
WITHOUT_YEAR = "without a year"


def journal_year_conventions(
    doc: Document, table: VenueTable, thresholds: Thresholds = Thresholds()
) -> Iterator[Convention]:
    """Whether the list writes journals with their year (`TMI 2021`) or without (`TMI`)."""
    seen = []
    for entry in doc.entries:
        if entry.venue_text is None or entry.venue_span is None:
            continue
        reading = table.read(entry.venue_text)
        if reading.kind is not VenueKind.JOURNAL or reading.parsed.name is None:
            continue
        form = WITH_YEAR if reading.parsed.year is not None else WITHOUT_YEAR
        seen.append(Observation(entry, form, entry.venue_span))
    convention = establish("journal year", seen, thresholds)
    if convention is not None and convention.deviations:
        yield convention


def without_year(venue_text: str) -> str | None:
    """``TMI 2021`` -> ``TMI``; None when the text has no year to drop."""
    parsed = parse_venue(venue_text)
    if parsed.year is None or parsed.name is None:
        return None
    return " ".join(p for p in (parsed.name, parsed.note) if p)


# --- trailing periods -----------------------------------------------------------------------
PERIOD = "with a period"
NO_PERIOD = "without a period"
_TERMINAL = ".?!…"
_PLAIN_TITLE_STYLES = frozenset({"title-lines", "venue-prefix"})


def period_conventions(
    doc: Document, thresholds: Thresholds = Thresholds()
) -> Iterator[Convention]:
    """Whether a period follows a plain-text title or an emphasised venue, per style. Checkbox
    entries are left out: `missing-period` and `extra-period` hold them to `[Title](url). Venue.`

    The observation's span is the period (present) or the point where it would go (absent)."""
    groups: dict[str, list[Observation]] = defaultdict(list)
    text = doc.text
    for entry in doc.entries:
        if entry.style == "checkbox":
            continue
        # Only where the title stands alone as plain text does a period after it mean anything.
        obs = _title_period(text, entry) if entry.style in _PLAIN_TITLE_STYLES else None
        if obs is not None:
            groups[f"period after the title ({entry.style} entries)"].append(obs)
        obs = _venue_period(text, entry)
        if obs is not None:
            groups[f"period after the venue ({entry.style} entries)"].append(obs)
    yield from _grouped(groups, thresholds)


def _rest_of_line(text: str, pos: int, end: int) -> str:
    nl = text.find("\n", pos, end)
    return text[pos:end if nl == -1 else nl]


def _title_period(text: str, entry: Entry) -> Observation | None:
    span = entry.title_span
    if span is None or span.end >= entry.span.end or text[span.end] in "*_]`":
        return None
    if text[span.start - 1:span.start] in ("[", "*", "_") or entry.title[-1:] in _TERMINAL + ",;:":
        return None
    has = text[span.end] == "."
    rest = _rest_of_line(text, span.end + has, entry.span.end).strip()
    if rest and not rest.startswith("["):
        return None  # the title runs on into authors or notes: no slot for a period
    return Observation(entry, PERIOD if has else NO_PERIOD, Span(span.end, span.end + has))


def _venue_period(text: str, entry: Entry) -> Observation | None:
    span = entry.venue_span
    if span is None or not entry.venue_text or entry.venue_text[-1:] in _TERMINAL:
        return None
    close = span.end
    while close < entry.span.end and text[close] in "*_":
        close += 1
    if close == span.end:
        return None  # only an emphasised venue (`*ICML 2019*`) ends where a period may follow
    has = text[close:close + 1] == "."
    rest = _rest_of_line(text, close + has, entry.span.end).strip()
    if rest:
        return None
    return Observation(entry, PERIOD if has else NO_PERIOD, Span(close, close + has))


# --- arXiv link form ------------------------------------------------------------------------
ABS = "abs"
_ARXIV_PATH = re.compile(r"(?P<kind>abs|pdf)/(?P<id>[^?#\s]+?)(?P<suffix>\.pdf)?(?=$|[?#])")


def arxiv_form(url: str) -> str | None:
    """``abs``, ``pdf`` (``/pdf/ID``) or ``pdf.pdf`` (``/pdf/ID.pdf``); None for other links."""
    if "arxiv.org/" not in url or arxiv_id(url) is None:
        return None
    return _form(url)


def link_arxiv_form(link: Link) -> str | None:
    """:func:`arxiv_form` of a link of the model, reading its identity (derived once)."""
    if "arxiv.org/" not in link.url or link.identity.arxiv_id is None:
        return None
    return _form(link.url)


def _form(url: str) -> str | None:
    m = _ARXIV_PATH.search(url)
    if m is None:
        return None
    return m.group("kind") + (m.group("suffix") or "")


def arxiv_conventions(doc: Document, thresholds: Thresholds = Thresholds()) -> Iterator[Convention]:
    """How the list links arXiv papers. When most links are abstract pages the
    `non-canonical-arxiv-link` rule already covers the rest; otherwise the PDF links are held
    to the majority's form (`/pdf/ID` or `/pdf/ID.pdf`), and abstract links are never pushed
    away from the canonical form."""
    seen = []
    for entry in doc.entries:
        for link in entry.links:
            form = link_arxiv_form(link)
            if form is not None:
                seen.append(Observation(entry, form, link.url_span))
    convention = establish("arXiv link form", seen, thresholds)
    if convention is None or convention.majority == ABS:
        return
    deviations = tuple(o for o in convention.deviations if o.form != ABS)
    if deviations:
        yield Convention(convention.aspect, convention.majority, convention.count,
                         convention.total, deviations)


def links_to_pdfs(doc: Document, thresholds: Thresholds = Thresholds()) -> bool:
    """Whether the list's own convention is to link arXiv papers by their PDF (in either form);
    `non-canonical-arxiv-link` then leaves PDF links alone, as the list chose them."""
    seen = [
        Observation(entry, "pdf" if form.startswith("pdf") else form, link.url_span)
        for entry in doc.entries
        for link in entry.links
        if (form := link_arxiv_form(link)) is not None
    ]
    convention = establish("arXiv link kind", seen, thresholds)
    return convention is not None and convention.majority == "pdf"


def rewrite_arxiv(url: str, form: str) -> str | None:
    """``url`` in ``form`` (``pdf`` or ``pdf.pdf``), keeping scheme, host and version."""
    m = _ARXIV_PATH.search(url)
    if m is None or m.group("kind") != "pdf":
        return None
    suffix = ".pdf" if form == "pdf.pdf" else ""
    return url[:m.start()] + "pdf/" + m.group("id") + suffix + url[m.end():]

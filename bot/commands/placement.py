"""Where a new paper goes in the list: its year section by the list's rule, its topic by the
entries it is closest to. Pure.

A *slot* is a place entries sit together: a section and, inside it, a topic subheading (the
``*Segmentation*`` paragraphs of a year section) or none. Each slot has a year (its section's, or
the enclosing year heading's) and a *topic key*: the non-year headings above it and its topic,
e.g. ``("Segmentation",)`` under ``## 2020`` and ``("Segmentation",)`` under ``## 2019`` share a
key. The paper's year comes from the list's year rule; its topic key from a similarity-weighted
vote of its nearest entries (the digest's :class:`~bot.digest.rank.Ranker`), so the PR can say
"closest to …" exactly as the digest issue does.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.digest.rank import Neighbour, Paperlike, Ranker, tokens
from lint_rules.identifiers import arxiv_year
from lint_rules.model import Document, Entry, Section, SectionKind
from lint_rules.publication import PAPER_SECTIONS, Publication, entry_arxiv_id
from lint_rules.venues import VenueTable

# Topic names a list uses for "everything else": the fallback when no neighbour has a topic.
_MISC = ("others", "other", "misc", "miscellaneous", "general")
NEIGHBOURS = 7
# A topic the paper's own words name counts as much as an identical neighbour (tuned by
# benchmarks/add/placement.py: 0.3 -> 1.0 lifts the user's list from 79% to 88% at k=7).
TOPIC_NAME_WEIGHT = 1.0
# A topic the year has no subheading for is created only when it outvotes the year's best
# existing topic this many times over.
NEW_TOPIC_MARGIN = 2.0


@dataclass(frozen=True, slots=True)
class YearRule:
    """How the list files a published paper: by the venue's year (``venue``) or the preprint's
    (``preprint``), with the evidence."""

    by: str  # "venue" | "preprint"
    agree_venue: int
    agree_preprint: int

    def explain(self) -> str:
        if self.by == "preprint":
            return (f"the list files published papers by their arXiv year "
                    f"({self.agree_preprint} entries do, {self.agree_venue} by venue year)")
        if self.agree_venue or self.agree_preprint:
            return (f"the list files published papers by their venue year "
                    f"({self.agree_venue} entries do, {self.agree_preprint} by arXiv year)")
        return "published papers go under their venue year, preprints under their arXiv year"

    @classmethod
    def learn(cls, doc: Document, table: VenueTable) -> YearRule:
        venue = preprint = 0
        for entry in doc.entries:
            section = doc.sections[entry.section]
            year = section.effective_year
            identifier = entry_arxiv_id(entry)
            if year is None or identifier is None or not entry.venue_text:
                continue
            reading = table.read(entry.venue_text)
            venue_year = reading.parsed.year
            first = arxiv_year(identifier)
            if venue_year is None or first is None or venue_year == first:
                continue
            venue += venue_year == year
            preprint += first == year
        return cls("preprint" if preprint > venue else "venue", venue, preprint)

    def year_for(self, publication: Publication | None, preprint_year: int | None,
                 venue_written_with_year: bool) -> int | None:
        # A venue written with its year pins the section (venue-year-mismatch would flag
        # anything else); a year-less journal follows the list's habit.
        if (publication is not None and publication.year is not None
                and (self.by == "venue" or venue_written_with_year or preprint_year is None)):
            return publication.year
        return preprint_year


@dataclass(frozen=True, slots=True)
class Slot:
    section: int
    topic: str | None
    year: int | None
    key: tuple[str, ...]
    last_entry: Entry | None  # None: a topic subheading with no entry yet
    topic_end: int = 0  # where that subheading ends


@dataclass(frozen=True, slots=True)
class Decision:
    """Where the paper goes. ``slot`` is an existing slot, or None when a year section
    (``new_year``) and/or topic (``new_topic``) must be created first."""

    year: int | None
    key: tuple[str, ...]
    slot: Slot | None
    new_year: bool
    new_topic: str | None
    nearest: tuple[Neighbour, ...]
    reasons: tuple[str, ...]
    parent: int | None = None  # for a new year subsection under a topic: the topic section


def topic_key(doc: Document, entry: Entry, parents: Sequence[int]) -> tuple[str, ...]:
    """The non-year headings above an entry, then its topic subheading."""
    names = _headings_above(doc, entry.section, parents)
    if entry.topic:
        names.append(entry.topic)
    return tuple(names)


def section_parents(doc: Document) -> list[int]:
    parents: list[int] = []
    stack: list[Section] = []
    for section in doc.sections:
        while stack and stack[-1].level >= section.level:
            stack.pop()
        parents.append(stack[-1].index if stack else -1)
        if section.level > 0:
            stack.append(section)
    return parents


def slots_of(doc: Document) -> list[Slot]:
    """Every slot holding paper entries, in document order, with its last entry."""
    parents = section_parents(doc)
    found: dict[tuple[int, str | None], Slot] = {}
    for entry in doc.entries:
        section = doc.sections[entry.section]
        if section.kind not in PAPER_SECTIONS:
            continue
        found[(entry.section, entry.topic)] = Slot(
            entry.section, entry.topic, section.effective_year,
            topic_key(doc, entry, parents), entry)
    # A year or topic heading with no entry under it yet is a place too.
    holders = {e.section for e in doc.entries}
    for section in doc.sections:
        has_children = any(parents[s.index] == section.index for s in doc.sections)
        if (section.kind in PAPER_SECTIONS and section.index not in holders and not has_children
                and not any(t.section == section.index for t in doc.topics)):
            heading = next((h for h in doc.headings if h.line == section.line), None)
            if heading is not None:
                found[(section.index, None)] = Slot(
                    section.index, None, section.effective_year,
                    tuple(_headings_above(doc, section.index, parents)), None, heading.span.end)
    for topic in doc.topics:
        section = doc.sections[topic.section]
        if section.kind in PAPER_SECTIONS and (topic.section, topic.name) not in found:
            key = (*_headings_above(doc, topic.section, parents), topic.name)
            found[(topic.section, topic.name)] = Slot(topic.section, topic.name,
                                                      section.effective_year, key, None,
                                                      topic.span.end)
    return sorted(found.values(), key=_slot_position)


def _slot_position(slot: Slot) -> int:
    return slot.last_entry.span.start if slot.last_entry is not None else slot.topic_end


def _headings_above(doc: Document, index: int, parents: Sequence[int]) -> list[str]:
    names: list[str] = []
    while index >= 0:
        section = doc.sections[index]
        # Year headings are the year rule's business; a level-1 heading is the list's title.
        if (section.kind in (SectionKind.PAPERS, SectionKind.OTHER) and section.year is None
                and section.level > 1):
            names.append(section.title.strip())
        index = parents[index]
    return names[::-1]


def decide(doc: Document, paper: Paperlike, ranker: Ranker, year: int | None) -> Decision:
    """The slot for ``paper`` filed under ``year`` (None: the list's year does not matter).

    Where year headings sit above the topics (``## 2020`` › ``*Segmentation*``), the year picks
    the section first and the topic is chosen among that year's. Where they sit below the
    topics (``### Image Representation Learning`` › ``#### 2020``), the topic is chosen first
    and the year picks its subsection, added if missing; topics with no year subsections take
    the paper as they are."""
    slots = slots_of(doc)
    parents = section_parents(doc)
    explained = ranker.explain(paper)
    nearest = explained.nearest
    votes: Counter[tuple[str, ...]] = Counter()
    for nb in nearest:
        votes[topic_key(doc, nb.entry, parents)] += nb.similarity
    for key in topics_named_in(paper, {s.key for s in slots}):
        votes[key] += TOPIC_NAME_WEIGHT
    ranked_keys = [k for k, _ in votes.most_common()]
    reasons: list[str] = []
    if nearest:
        reasons.append("closest entries: " + "; ".join(
            f"{nb.entry.title} ({nb.similarity:.2f}, {_where(doc, nb.entry)})"
            for nb in nearest[:3]))
    if files_by_year(doc) and not years_below_topics(doc, parents):
        return _year_first(doc, slots, votes, year, nearest, reasons)
    key = ranked_keys[0] if ranked_keys else (
        _fallback_key(slots, ranked_keys) or (slots[-1].key if slots else ()))
    matching = [s for s in slots if s.key == key]
    dated = [s for s in matching if s.year is not None]
    if year is not None and dated:
        slot = next((s for s in reversed(dated) if s.year == year), None)
        if slot is None:
            reasons.append(f"the topic has no {year} subsection yet: a new one is added")
            parent = parents[dated[0].section]
            return Decision(year, key, None, True, None, nearest, tuple(reasons), parent)
        return Decision(year, key, slot, False, None, nearest, tuple(reasons))
    slot = matching[-1] if matching else (slots[-1] if slots else None)
    return Decision(slot.year if slot else None, slot.key if slot else key, slot, False, None,
                    nearest, tuple(reasons))


def _year_first(doc: Document, slots: Sequence[Slot], votes: Counter[tuple[str, ...]],
                year: int | None, nearest: tuple[Neighbour, ...], reasons: list[str]
                ) -> Decision:
    ranked_keys = [k for k, _ in votes.most_common()]
    in_year = [s for s in slots if s.year == year]
    if not in_year:
        reasons.append(f"the list has no {year} section yet: a new one is added")
        return Decision(year, ranked_keys[0] if ranked_keys else (), None, True, None, nearest,
                        tuple(reasons))
    keys_here = {s.key for s in in_year}
    key = next((k for k in ranked_keys if k in keys_here), None)
    top = ranked_keys[0] if ranked_keys else None
    if (key is not None and top is not None and top not in keys_here and top
            and any(s.topic for s in in_year) and votes[top] >= NEW_TOPIC_MARGIN * votes[key]):
        # A topic this year lacks fits much better than any it has: give it a subheading.
        key = top
    elif key is None:
        key = _fallback_key(in_year, ranked_keys)
        if key is None or key not in keys_here:
            key = ranked_keys[0] if ranked_keys else in_year[-1].key
    slot = next((s for s in reversed(in_year) if s.key == key), None)
    new_topic = None
    if slot is None:
        # The topic the neighbours share has no subheading in this year: the year's sections
        # decide whether a subheading is created or the entry joins the year's flat list.
        if any(s.topic for s in in_year) and key and key[-1]:
            new_topic = key[-1]
        else:
            slot = ([s for s in in_year if s.topic is None] or in_year)[-1]
            key = slot.key
    return Decision(year, key, slot, False, new_topic, nearest, tuple(reasons))


def years_below_topics(doc: Document, parents: Sequence[int]) -> bool:
    """Whether most year headings sit under a topic heading rather than at the top."""
    years = [s for s in doc.sections if s.kind is SectionKind.YEAR and s.year is not None]
    below = sum(1 for s in years if parents[s.index] >= 0
                and doc.sections[parents[s.index]].level > 1)
    return bool(years) and below * 2 > len(years)


def files_by_year(doc: Document) -> bool:
    """Whether the list is filed by year: most of its paper entries sit under year headings
    (a few year subsections deep inside one topic do not make a year-filed list)."""
    papers = [e for e in doc.entries if doc.sections[e.section].kind in PAPER_SECTIONS]
    dated = sum(1 for e in papers if doc.sections[e.section].effective_year is not None)
    return bool(papers) and dated * 2 >= len(papers)


def topics_named_in(paper: Paperlike, keys: set[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Topic keys whose subheading the paper's title or abstract names: every word of one of
    its comma-separated phrases (`Denoising, Super Resolution`), as a curator reading the
    title would file "… for Cardiac MR Image Segmentation" under *Segmentation*."""
    words = {w for w in tokens(f"{paper.title} {paper.summary}") if "_" not in w}
    found = []
    for key in keys:
        if not key or key[-1].casefold() in _MISC:
            continue
        for phrase in re.split(r"[,/:&]| and ", key[-1]):
            wanted = {w for w in tokens(phrase) if "_" not in w}
            if wanted and wanted <= words:
                found.append(key)
                break
    return found


def _fallback_key(slots: Sequence[Slot], ranked: Sequence[tuple[str, ...]]
                  ) -> tuple[str, ...] | None:
    for s in slots:
        if s.topic and s.topic.casefold() in _MISC:
            return s.key
    return None


def _where(doc: Document, entry: Entry) -> str:
    section = doc.sections[entry.section]
    place = section.title.strip()
    return f"{place} › {entry.topic}" if entry.topic else place


def slot_counts(doc: Document) -> dict[tuple[str, ...], int]:
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    parents = section_parents(doc)
    for entry in doc.entries:
        if doc.sections[entry.section].kind in PAPER_SECTIONS:
            counts[topic_key(doc, entry, parents)] += 1
    return counts

"""What a list does on purpose, learned from the list itself before any rule judges it.

A rule that relies on a convention asks :func:`learned` instead of assuming one: whether the list
files a paper under several topics (cross-listing), which sections write venues, whether its
entries carry links, which venue spellings it uses. Each fact comes with the number of entries it
was learned from, so ``--show-style`` can say why, and the config overrides what was learned.

Pure: a :class:`~lint_rules.model.Document` in, a :class:`ListConventions` out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import Document, Entry, LinkRole, SectionKind

# A list cross-lists on purpose when this many papers (and this share of its entries) sit in two
# or more sections: one repeat is a slip, dozens are a filing scheme.
CROSSLIST_MIN_PAPERS = 3
CROSSLIST_MIN_SHARE = 0.01
# A section is a deliberate "view" (Benchmarks, Highlights) when at least half of its entries
# (and two or more) are papers the list files elsewhere too.
VIEW_MIN_SHARE = 0.5
# A section writes venues when this share of its entries do, or the list as a whole writes them
# on this share of its entries; below both, a missing venue is the format, not a slip.
VENUE_MIN_SHARE = 0.5
LIST_VENUE_MIN_SHARE = 0.7
# Entries of a list "have links" when this share of them do: then a link-less entry is broken.
LINKED_MIN_SHARE = 0.8
LINKED_MIN_COUNT = 5
# Titles this short are generic enough ("Deep learning") for two works to share them.
GENERIC_TITLE_WORDS = 3


@dataclass(frozen=True, eq=False)
class ListConventions:
    """Facts about one list, each with the evidence it was learned from."""

    entries: int = 0
    # Cross-listing: papers filed in two or more sections, and whether that is on purpose.
    crosslisted_papers: int = 0
    crosslists: bool = False
    crosslists_configured: bool = False
    # Filing units (section index, topic) that mostly re-list papers filed elsewhere.
    view_sections: frozenset[tuple[int, str]] = frozenset()
    # Sections (by index) whose entries write venues, with (with venue, entries) counts.
    venue_counts: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    # Whether the list's entries carry links, and how many of them do.
    linked_entries: int = 0
    # Venue spellings the list writes (as written, without the year), with how often.
    venue_spellings: Counter[str] = field(default_factory=Counter)

    def writes_venues(self, section: int) -> bool:
        with_venue, total = self.venue_counts.get(section, (0, 0))
        if total > 0 and with_venue >= VENUE_MIN_SHARE * total:
            return True
        listed = sum(n for n, _ in self.venue_counts.values())
        entries = sum(t for _, t in self.venue_counts.values())
        return entries >= LINKED_MIN_COUNT and listed >= LIST_VENUE_MIN_SHARE * entries

    @property
    def has_links(self) -> bool:
        return (self.linked_entries >= LINKED_MIN_COUNT
                and self.linked_entries >= LINKED_MIN_SHARE * self.entries)

    def deliberate_repeat(self, a: Entry, b: Entry) -> bool:
        """Whether the same paper in ``a``'s and ``b``'s sections (or topics) is the list's
        own filing."""
        if unit(a) == unit(b):
            return False
        return self.crosslists or bool({unit(a), unit(b)} & self.view_sections)

    def in_view(self, entry: Entry) -> bool:
        return unit(entry) in self.view_sections

    def describe(self, doc: Document) -> Iterator[str]:
        """One line per learned fact, for ``--show-style``."""
        how = "configured" if self.crosslists_configured else (
            f"learned: {self.crosslisted_papers} paper(s) filed under several sections")
        yield f"cross-lists papers on purpose: {'yes' if self.crosslists else 'no'} ({how})"
        for index, topic in sorted(self.view_sections):
            section = doc.sections[index]
            name = f"{section.title} / {topic}" if topic else section.title
            yield (f"section `{name}` (line {section.line}) re-lists papers filed elsewhere "
                   "on purpose")
        venue_sections = [i for i in self.venue_counts if self.writes_venues(i)]
        quiet = [i for i in self.venue_counts if not self.writes_venues(i)]
        yield (f"sections writing venues: {len(venue_sections)} of {len(self.venue_counts)}"
               + (f" (not: {', '.join(f'`{doc.sections[i].title}`' for i in quiet[:5])}"
                  f"{', …' if len(quiet) > 5 else ''})" if quiet else ""))
        yield (f"entries with links: {self.linked_entries} of {self.entries}"
               f" ({'a link-less entry is an error' if self.has_links else 'links optional'})")
        if self.venue_spellings:
            common = ", ".join(f"`{v}` ×{n}" for v, n in self.venue_spellings.most_common(8))
            yield f"venue spellings: {common}"


def unit(entry: Entry) -> tuple[int, str]:
    """Where a list files an entry: its section, and the topic subheading inside it."""
    return entry.section, entry.topic or ""


def paper_key(entry: Entry) -> str | None:
    """The paper an entry is about, for telling repeats apart: its arXiv id, its DOI, or its
    title when the title is specific enough to name one work."""
    if entry.arxiv_id:
        return f"arxiv:{entry.arxiv_id}"
    if entry.doi:
        return f"doi:{entry.doi}"
    title = entry.title_key
    if len(title.split()) > GENERIC_TITLE_WORDS:
        return f"title:{title}"
    return None


def _crosslisting(doc: Document) -> tuple[int, frozenset[tuple[int, str]]]:
    sections_of: dict[str, set[tuple[int, str]]] = defaultdict(set)
    keys: list[str | None] = []
    for entry in doc.entries:
        key = paper_key(entry)
        keys.append(key)
        if key is not None:
            sections_of[key].add(unit(entry))
    repeated = {k for k, secs in sections_of.items() if len(secs) > 1}
    papers_in: dict[tuple[int, str], set[str | None]] = defaultdict(set)
    repeats_in: dict[tuple[int, str], set[str]] = defaultdict(set)
    for entry, key in zip(doc.entries, keys, strict=True):
        papers_in[unit(entry)].add(key if key is not None else f"#{entry.line}")
        if key in repeated:
            repeats_in[unit(entry)].add(key)
    views = frozenset(u for u, ks in repeats_in.items()
                      if len(ks) >= 2 and len(ks) >= VIEW_MIN_SHARE * len(papers_in[u]))
    # Papers whose repeats a view section explains (a copy filed in one ordinary section, the
    # others in views) do not make the list a cross-lister; papers filed only in "views" do.
    real = sum(1 for k in repeated if len(sections_of[k] - views) != 1)
    return real, views


def learn(doc: Document, config: Any = None) -> ListConventions:
    """Learn a list's conventions; ``config`` (a :class:`~lint_rules.config.Config`) overrides."""
    entries = doc.entries
    crosslisted, views = _crosslisting(doc)
    crosslists = (crosslisted >= CROSSLIST_MIN_PAPERS
                  and crosslisted >= CROSSLIST_MIN_SHARE * len(entries))
    configured = False
    get = getattr(config, "get", None)
    if get is not None:
        explicit = get("duplicates.allow_across_sections", None)
        if explicit is not None:
            crosslists, configured = bool(explicit), True
    venue_counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    spellings: Counter[str] = Counter()
    linked = 0
    for entry in entries:
        if doc.sections[entry.section].kind in (SectionKind.YEAR, SectionKind.PAPERS):
            counts = venue_counts[entry.section]
            counts[1] += 1
            if entry.venue_text:
                counts[0] += 1
        if entry.venue:
            spellings[entry.venue] += 1
        if any(lk.url.strip() for lk in entry.links if lk.role is not LinkRole.OTHER):
            linked += 1
    return ListConventions(
        entries=len(entries),
        crosslisted_papers=crosslisted,
        crosslists=crosslists,
        crosslists_configured=configured,
        # In a list that files papers under several topics every section is a view.
        view_sections=frozenset() if crosslists else views,
        venue_counts={k: (v[0], v[1]) for k, v in venue_counts.items()},
        linked_entries=linked,
        venue_spellings=spellings,
    )


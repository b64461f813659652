"""Drop the papers the list already has or an earlier digest already suggested. Pure.

A paper is "already in the list" when an entry has its arXiv id, its DOI (the published version
an entry links to, e.g. a Springer chapter), or the same normalised title — the common case of a
paper listed under its journal link whose arXiv preprint reappears in a new version. Near-equal
titles (punctuation, British/American spelling, a dropped subtitle word) count too, above a high
similarity bar, so a genuinely different paper sharing a prefix is not hidden.

Each digest issue keeps the ids it suggested in a hidden marker; every id found in any earlier
issue, open or closed, is skipped, so a suggestion the curator declined is not made again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from lint_rules.arxiv_atom import ArxivEntry
from lint_rules.identifiers import arxiv_id, doi, normalize_title
from lint_rules.model import Entry

MARKER_PREFIX = "paperlist-digest"
_MARKER = re.compile(
    r"<!--\s*paperlist-digest\s+week=(?P<week>\d{4}-W\d{2})\s+ids=(?P<ids>[^\s>]*)\s*-->"
)
# ratio on normalised titles; 96 lets "Self-Supervised" vs "Self Supervised" and a typo through
# but not "… for CT" vs "… for MRI" on titles of ordinary length.
TITLE_SIMILARITY = 96.0
_MIN_FUZZY_LENGTH = 25


@dataclass(frozen=True, slots=True)
class DigestMarker:
    week: str
    ids: tuple[str, ...]


def format_marker(week: str, ids: Iterable[str]) -> str:
    return f"<!-- {MARKER_PREFIX} week={week} ids={','.join(ids)} -->"


def parse_marker(body: str) -> DigestMarker | None:
    m = _MARKER.search(body or "")
    if m is None:
        return None
    ids = tuple(i for i in m.group("ids").split(",") if i)
    return DigestMarker(week=m.group("week"), ids=ids)


@dataclass(frozen=True, slots=True)
class ListIndex:
    """The identities of the list's entries, for membership tests."""

    arxiv_ids: dict[str, Entry] = field(default_factory=dict)
    dois: dict[str, Entry] = field(default_factory=dict)
    titles: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> ListIndex:
        ids: dict[str, Entry] = {}
        dois: dict[str, Entry] = {}
        titles: dict[str, Entry] = {}
        for entry in entries:
            urls = [entry.url or "", *(link.url for link in entry.links)]
            for found in {entry.arxiv_id, *(arxiv_id(u) for u in urls)} - {None}:
                ids.setdefault(str(found).lower(), entry)
            for found in {entry.doi, *(doi(u) for u in urls)} - {None}:
                dois.setdefault(str(found).lower(), entry)
            if entry.title and (key := normalize_title(entry.title)):
                titles.setdefault(key, entry)
        return cls(arxiv_ids=ids, dois=dois, titles=titles)

    def match(self, paper: ArxivEntry) -> tuple[str, Entry] | None:
        """Why ``paper`` is already listed, and the entry that lists it; None if it is not."""
        if (hit := self.arxiv_ids.get(paper.id.lower())) is not None:
            return f"arXiv id {paper.id} is already listed", hit
        if paper.doi and (hit := self.dois.get(paper.doi.lower())) is not None:
            return f"DOI {paper.doi} (its published version) is already listed", hit
        key = normalize_title(paper.title)
        if (hit := self.titles.get(key)) is not None:
            return "the same title is already listed", hit
        if len(key) >= _MIN_FUZZY_LENGTH:
            for other, entry in self.titles.items():
                if fuzz.ratio(key, other) >= TITLE_SIMILARITY:
                    return "a near-identical title is already listed", entry
        return None


@dataclass(frozen=True, slots=True)
class Dropped:
    paper: ArxivEntry
    reason: str
    entry: Entry | None = None


@dataclass(frozen=True, slots=True)
class DedupeResult:
    kept: list[ArxivEntry]
    dropped: list[Dropped]


def suggested_before(bodies: Iterable[str], *, except_week: str | None = None) -> set[str]:
    """Ids held in the markers of earlier digest issues (not the week being rewritten)."""
    ids: set[str] = set()
    for body in bodies:
        marker = parse_marker(body)
        if marker is not None and marker.week != except_week:
            ids.update(i.lower() for i in marker.ids)
    return ids


def dedupe(
    papers: Iterable[ArxivEntry], index: ListIndex, already_suggested: set[str] = frozenset()
) -> DedupeResult:
    kept: list[ArxivEntry] = []
    dropped: list[Dropped] = []
    seen: set[str] = set()
    for paper in papers:
        if paper.id in seen:
            dropped.append(Dropped(paper, "returned twice by arXiv"))
            continue
        seen.add(paper.id)
        if paper.id.lower() in already_suggested:
            dropped.append(Dropped(paper, "suggested in an earlier digest"))
            continue
        listed = index.match(paper)
        if listed is not None:
            dropped.append(Dropped(paper, listed[0], listed[1]))
            continue
        kept.append(paper)
    return DedupeResult(kept=kept, dropped=dropped)

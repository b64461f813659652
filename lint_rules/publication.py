"""Where a paper was published, and how this list writes a venue. Pure.

Two questions the bot's ``/paperlist add`` and the ``preprint-published`` rule share:

- *Which known venue is this?* arXiv's free-text ``journal_ref`` ("Medical Image Analysis 71
  (2021) 102062", "Accepted at MICCAI 2021") and Crossref's ``container-title`` ("Lecture Notes in
  Computer Science", "Medical Image Computing and Computer Assisted Intervention – MICCAI 2020")
  are cut into candidate names, and the first one the venue table knows wins. Nothing is guessed:
  a reference no candidate of which is known gives ``None``.
- *How does the list write it?* :class:`VenueStyle` is learned from the list's own entries:
  whether journals and conferences carry their year (`TMI.` but `MICCAI 2020.`), `Name, Year` or
  `Name Year`, and what the list writes for a preprint (`arXiv.`, `arXiv 2021.`, nothing).

    find_venue("IEEE Transactions on Medical Imaging 40(10), 2021", table)
        -> Publication(name="TMI", kind=journal, year=2021)
    VenueStyle.learn(doc, table).render(publication)  -> "TMI"
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .identifiers import arxiv_id
from .model import Document, Entry, SectionKind
from .venues import MatchKind, VenueKind, VenueTable, parse_venue

_YEAR = re.compile(r"(?<![\d./-])((?:19|20)\d{2})(?![\d])")
_PAREN_YEAR = re.compile(r"\(((?:19|20)\d{2})\)")
_LEAD = re.compile(
    r"^(?:(?:accepted|published|to appear|appeared|appearing|presented|oral|poster|"
    r"camera[- ]ready|final version|full version|extended version|paper)\b[\s,:]*)+"
    r"(?:(?:at|in|to|by|for|as|on)\b\s*)*(?:the\s+)?",
    re.IGNORECASE,
)
_IN = re.compile(r"^(?:in|proc\.?|proceedings of)[:\s]+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[,;:()\[\]]|\s[-–—]\s|\bvol\b|\bvolume\b|\bpp\b|\bno\b)\s*",
                         re.IGNORECASE)
_ACRONYM = re.compile(r"\b([A-Z][A-Za-z]*[A-Z][A-Za-z-]*)\b")
_WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)
# A reference that says the paper is not (yet) there: nothing is read from it.
_NOT_THERE = re.compile(
    r"\b(?:submitted|submission|under (?:review|revision)|in review|in revision|rejected|"
    r"withdrawn|extended version of|extension of|preliminary version)\b", re.IGNORECASE)
# DOI prefixes of preprint servers: a DOI there is not a publication.
PREPRINT_DOI_PREFIXES = ("10.48550/", "10.1101/", "10.21203/", "10.20944/", "10.31219/",
                         "10.36227/", "10.2139/ssrn")


@dataclass(frozen=True, slots=True)
class Publication:
    """A known venue (its name as the table spells it for this list), its kind and year."""

    name: str
    kind: VenueKind
    year: int | None
    source: str = ""  # where it was read, e.g. "arXiv journal_ref `…`"


def year_in(text: str) -> int | None:
    """The publication year in a reference: one in parentheses first, else the last one."""
    m = _PAREN_YEAR.search(text)
    if m:
        return int(m.group(1))
    years = _YEAR.findall(text)
    return int(years[-1]) if years else None


def _candidates(text: str) -> Iterator[str]:
    text = " ".join(text.split())
    text = _IN.sub("", _LEAD.sub("", text)).strip()
    yield text
    name = parse_venue(text).name
    if name:
        yield name
    parts = [p for p in _SEPARATORS.split(text) if p and p.strip()]
    # Longest leading runs first: "Medical Image Analysis" before "Medical".
    for end in range(len(parts), 0, -1):
        joined = " ".join(parts[:end])
        yield joined
        cut = re.split(r"\s\d", joined, maxsplit=1)[0]
        if cut != joined:
            yield cut
    for part in parts:
        yield _IN.sub("", _LEAD.sub("", part)).strip()
        if (name := parse_venue(part).name) is not None:
            yield name
    yield from _ACRONYM.findall(text)


def find_venue(reference: str, table: VenueTable, *, source: str = "") -> Publication | None:
    """The known venue a free-text reference names, or None. Preprint servers are not venues."""
    if not reference or not reference.strip() or _NOT_THERE.search(reference):
        return None
    year = year_in(reference)
    workshop = bool(_WORKSHOP.search(reference))
    seen: set[str] = set()
    for candidate in _candidates(reference):
        candidate = candidate.strip(" .,;:-–—")
        if len(candidate) < 2 or candidate.casefold() in seen or candidate.isdigit():
            continue
        seen.add(candidate.casefold())
        match = table.lookup(candidate)
        if match is None or match.how in (MatchKind.IGNORED, MatchKind.PREFIX):
            continue
        venue = match.venue
        if venue.kind is VenueKind.PREPRINT:
            return None
        if match.how is MatchKind.WORKSHOP:
            return Publication(candidate, VenueKind.WORKSHOP, year, source)
        if workshop and venue.kind is VenueKind.CONFERENCE:
            # "MICCAI 2021 Workshop on …" is not the main conference.
            return Publication(f"{venue.name} Workshop", VenueKind.WORKSHOP, year, source)
        return Publication(venue.name, venue.kind, year, source)
    return None


def is_preprint_doi(doi: str) -> bool:
    return doi.lower().startswith(PREPRINT_DOI_PREFIXES)


# --- how the list writes venues -------------------------------------------------------------
PAPER_SECTIONS = (SectionKind.YEAR, SectionKind.PAPERS)


@dataclass(frozen=True, slots=True)
class VenueStyle:
    """The list's venue habits, each the majority of the entries that show it."""

    has_venues: bool  # do the list's paper entries carry a venue at all?
    year_by_kind: dict[VenueKind, bool]  # conference -> True: `MICCAI 2020`
    year_by_venue: dict[str, bool]  # per known venue name, where the list is consistent
    comma: bool  # `Name, 2020`
    preprint: str | None  # the list's preprint venue name (`arXiv`), None: it writes none
    preprint_year: bool
    spelling: dict[str, str] = field(default_factory=dict)  # table name -> the list's spelling

    @classmethod
    def learn(cls, doc: Document, table: VenueTable) -> VenueStyle:
        entries = [e for e in doc.entries if doc.sections[e.section].kind in PAPER_SECTIONS]
        with_venue = [e for e in entries if e.venue_text]
        by_kind: dict[VenueKind, Counter[bool]] = {}
        by_venue: dict[str, Counter[bool]] = {}
        comma: Counter[bool] = Counter()
        preprint_names: Counter[str] = Counter()
        preprint_year: Counter[bool] = Counter()
        written: dict[str, Counter[str]] = {}
        for entry in with_venue:
            reading = table.read(entry.venue_text or "")
            has_year = reading.parsed.year is not None
            if reading.match is not None and reading.parsed.name:
                written.setdefault(reading.match.venue.name, Counter())[reading.parsed.name] += 1
            if reading.kind is VenueKind.PREPRINT or (reading.match is not None and
                                                      reading.match.how is MatchKind.PREFIX):
                if reading.match is not None and reading.match.how is not MatchKind.PREFIX:
                    preprint_names[reading.parsed.name or reading.match.venue.name] += 1
                elif reading.match is not None:
                    preprint_names[reading.match.venue.name] += 1
                preprint_year[has_year] += 1
                continue
            if reading.kind is not None:
                by_kind.setdefault(reading.kind, Counter())[has_year] += 1
            if reading.match is not None:
                by_venue.setdefault(reading.match.venue.name, Counter())[has_year] += 1
            if has_year:
                comma[reading.parsed.comma] += 1
        defaults = {VenueKind.CONFERENCE: True, VenueKind.WORKSHOP: True,
                    VenueKind.JOURNAL: True}
        year_by_kind = {k: _majority(by_kind.get(k), default) for k, default in defaults.items()}
        year_by_venue = {name: c.most_common(1)[0][0] for name, c in by_venue.items()
                         if len(c) == 1}
        has_venues = len(with_venue) * 2 >= len(entries) if entries else True
        preprint = preprint_names.most_common(1)[0][0] if preprint_names else (
            "arXiv" if has_venues else None)
        # The list's own spelling of a venue it writes one way more than any other (`Arxiv`,
        # `Neurips`): the linter holds new entries to the list's majority, not the table's.
        spelling = {name: c.most_common(1)[0][0] for name, c in written.items()
                    if len(c) == 1 or c.most_common(2)[0][1] > c.most_common(2)[1][1]}
        return cls(has_venues, year_by_kind, year_by_venue, _majority(comma, False), preprint,
                   # With no preprint to learn from, one is written like the conferences.
                   _majority(preprint_year, year_by_kind[VenueKind.CONFERENCE]), spelling)

    def render(self, publication: Publication | None, preprint_year: int | None = None
               ) -> str | None:
        """The venue text for an entry: the publication, else the list's preprint form."""
        if not self.has_venues:
            return None
        if publication is None:
            if self.preprint is None:
                return None
            year = preprint_year if self.preprint_year else None
            sep = "," if self.comma else ""
            return f"{self.preprint}{sep} {year}" if year else self.preprint
        wants_year = self.year_by_venue.get(
            publication.name, self.year_by_kind.get(publication.kind, True))
        name = self.spelling.get(publication.name, publication.name)
        if wants_year and publication.year:
            sep = "," if self.comma else ""
            return f"{name}{sep} {publication.year}"
        return name


def _majority(counts: Counter[bool] | None, default: bool) -> bool:
    if not counts:
        return default
    (value, n), *rest = counts.most_common()
    return default if rest and rest[0][1] == n else value


def preprint_entries(doc: Document, table: VenueTable) -> Iterable[Entry]:
    """Paper entries whose venue is a preprint server or missing, that have an arXiv id or DOI."""
    for entry in doc.entries:
        if doc.sections[entry.section].kind not in PAPER_SECTIONS:
            continue
        if entry.arxiv_id is None and entry.doi is None and not any(
                arxiv_id(link.url) for link in entry.links):
            continue
        if entry.venue_text:
            reading = table.read(entry.venue_text)
            if reading.kind is not VenueKind.PREPRINT:
                continue
        yield entry


def entry_arxiv_id(entry: Entry) -> str | None:
    if entry.arxiv_id:
        return entry.arxiv_id
    return next((i for link in entry.links if (i := arxiv_id(link.url))), None)


# --- what the network said about a listed preprint --------------------------------------------
@dataclass(frozen=True, slots=True)
class PublishedRecord:
    """What arXiv and Crossref say about one listed preprint, keyed by its arXiv id or DOI.

    Plain data gathered at the edge (:mod:`lint_rules.links.publications`) and handed to the
    rules through ``RuleContext.publications``; a rule never asks the network itself."""

    key: str  # "arxiv:2010.05352" or "doi:10.1101/…"
    journal_ref: str | None = None  # arXiv's free text
    doi: str | None = None  # of the published version
    container: tuple[str, ...] = ()  # Crossref container-title, then event name
    year: int | None = None  # Crossref's published year
    checked_at: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "journal_ref": self.journal_ref, "doi": self.doi,
                "container": list(self.container), "year": self.year,
                "checked_at": self.checked_at}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PublishedRecord:
        container = data.get("container") or []
        year = data.get("year")
        return cls(str(data["key"]), _opt(data.get("journal_ref")), _opt(data.get("doi")),
                   tuple(str(c) for c in container) if isinstance(container, list) else (),
                   int(year) if isinstance(year, int) else None,
                   float(data.get("checked_at") or 0.0))  # type: ignore[arg-type]


def _opt(value: object) -> str | None:
    return str(value) if value else None


def record_keys(entry: Entry) -> list[str]:
    """The keys a preprint entry's records are filed under: its arXiv id, then its DOI."""
    keys = []
    identifier = entry_arxiv_id(entry)
    if identifier:
        keys.append(f"arxiv:{identifier.lower()}")
    if entry.doi:
        keys.append(f"doi:{entry.doi.lower()}")
    return keys


def publication_for(record: PublishedRecord, table: VenueTable) -> Publication | None:
    """The venue a record names: Crossref's structured answer first, else arXiv's free text."""
    for name in record.container:
        found = find_venue(name, table, source=f"Crossref (`{name}`)")
        if found is not None:
            year = record.year or found.year
            return Publication(found.name, found.kind, year, found.source)
    if record.journal_ref:
        found = find_venue(record.journal_ref, table,
                           source=f"arXiv journal_ref `{record.journal_ref}`")
        if found is not None:
            return found if found.year or not record.year else Publication(
                found.name, found.kind, record.year, found.source)
    return None

"""The venue table: canonical names, kinds and aliases, and how a list writes a venue.

The shipped table is package data (``data/venues.yml``); the list's config chooses its own
canonical spellings and may add venues (``venues:`` in ``.paperlist.yml``). Building a table is
the only place that reads the package data, once at the edge; lookups are pure.

    parse_venue("MICCAI'20")        -> ParsedVenue(name="MICCAI", year=2020)
    table.lookup("Neurips")         -> Match(venue=NeurIPS, how=CASE)
    table.closest("MICAI")          -> ("MICCAI", MICCAI)
    table.canonical_text("NIPS 2019") -> "NeurIPS 2019"
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .lazy_regex import lazy_compile


class VenueKind(StrEnum):
    CONFERENCE = "conference"
    JOURNAL = "journal"
    WORKSHOP = "workshop"
    PREPRINT = "preprint"


class MatchKind(StrEnum):
    EXACT = "exact"  # written exactly as the canonical name
    CASE = "case"  # the canonical name with other case, punctuation or spacing: `Neurips`
    ALIAS = "alias"  # another name of the venue: `NIPS`, `IEEE Transactions on Medical Imaging`
    WORKSHOP = "workshop"  # a workshop held at a known conference: `MICCAI Workshop`
    PREFIX = "prefix"  # a preprint server followed by an id: `arXiv preprint arXiv:2010.05352`
    IGNORED = "ignored"  # a spelling the list's config accepts as is


DEFAULT_YEAR_REQUIRED = frozenset({VenueKind.CONFERENCE, VenueKind.WORKSHOP})


@dataclass(frozen=True, slots=True, eq=False)
class Venue:
    name: str
    kind: VenueKind
    aliases: tuple[str, ...] = ()
    # Names the venue had until a year: (`NIPS`, 2017). Right for the papers of those years.
    former: tuple[tuple[str, int], ...] = ()

    def era_name(self, spelling: str, year: int | None) -> bool:
        """Whether ``spelling`` is the name the venue had in ``year`` (`NIPS 2015`)."""
        key = venue_key(spelling)
        return year is not None and any(
            venue_key(name) == key and year <= until for name, until in self.former)


@dataclass(frozen=True, slots=True, eq=False)
class Match:
    venue: Venue
    how: MatchKind

    @property
    def is_alias(self) -> bool:
        """Written another way than the canonical name, in a way that a fix can correct."""
        return self.how in (MatchKind.CASE, MatchKind.ALIAS)


@dataclass(frozen=True, slots=True, eq=False)
class VenueReading:
    """One entry's venue as the rules see it: the parsed text, its match and its kind (guessed
    from the name when the table does not know it)."""

    parsed: ParsedVenue
    match: Match | None
    kind: VenueKind | None


@dataclass(frozen=True, slots=True, eq=False)
class ParsedVenue:
    """A venue as written: ``name`` without the year, the ``year``, and a trailing ``note``
    such as ``(Oral)`` that belongs to neither."""

    text: str
    name: str | None
    year: int | None
    note: str = ""
    comma: bool = False  # written `Name, Year`, a convention some lists keep throughout

    def render(self, name: str | None = None, *, comma: bool = False) -> str:
        """The venue as ``Name Year[ note]`` (``Name, Year`` with ``comma``), with ``name``
        instead of the written one if given."""
        name = name or self.name
        if name and self.year:
            head = f"{name}{',' if comma else ''} {self.year}"
        else:
            head = name or (str(self.year) if self.year else "")
        return f"{head} {self.note}" if self.note and head else head or self.note


_YEAR_NOTE = lazy_compile(r"\((?:19|20)\d{2}\)")
# A year, not the first half of an arXiv id such as 2010.05352.
_YEAR = lazy_compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d|\.\d)")
# Without the spacing before it: a pattern opening with `\s*` is retried at every space of a
# run (quadratic on 40,000 spaces); the spacing is taken back by hand.
_SHORT_YEAR = lazy_compile(r"[‘’'](\d{2})(?![\w])")


def _note(body: str) -> tuple[int, str] | None:
    """The trailing ``(note)`` of a venue (not a ``(2020)`` year), with where its spacing
    starts."""
    if not body.endswith(")"):
        return None
    q = body.rfind("(", 0, len(body) - 1)
    if q == -1 or body.find(")", q + 1, len(body) - 1) != -1 or _YEAR_NOTE.fullmatch(body, q):
        return None
    return len(body[:q].rstrip()), body[q:]
_EDGE = " \t,;:-–—/."


def parse_venue(text: str) -> ParsedVenue:
    """Split a venue as written into name, year and note.

    ``MICCAI 2020``, ``MICCAI2020``, ``MICCAI'20``, ``MICCAI ’20``, ``Nature Medicine, 2023``,
    ``NeurIPS (2020)``, ``CVPR 2020 (Oral)``, ``MICCAI 2020 Workshop``, ``TMI``, ``2019``.
    """
    raw = text.strip().rstrip(".").strip()
    body, note = raw, ""
    found = _note(body)
    if found is not None and found[0] > 0:
        body, note = body[: found[0]], found[1]
    year: int | None = None
    comma = False
    years = list(_YEAR.finditer(body))
    if years:
        last = years[-1]
        year = int(last.group(1))
        comma = not body[last.end():].strip() and body[: last.start()].rstrip().endswith(",")
        body = _cut(body, last.start(), last.end())
    else:
        short = _SHORT_YEAR.search(body)
        if short:
            year = 2000 + int(short.group(1))
            body = _cut(body, len(body[: short.start()].rstrip()), short.end())
    name = " ".join(body.split()).strip(_EDGE).strip()
    return ParsedVenue(raw, name or None, year, note, comma)


def _cut(text: str, start: int, end: int) -> str:
    """Remove ``text[start:end]`` and the brackets or separator that held it."""
    if start > 0 and end < len(text) and text[start - 1] == "(" and text[end] == ")":
        start, end = start - 1, end + 1
    left, right = text[:start].rstrip(" \t,'’"), text[end:].lstrip()
    return f"{left} {right}".strip() if right else left


_PREFIXES = lazy_compile(
    r"^(?:the |in |proc |proceedings |of |\d+(?:st|nd|rd|th) |annual |ieee cvf |ieee |acm )+"
)
_PUNCT = lazy_compile(r"[^\w]+")


def venue_key(name: str) -> str:
    """How names are compared: NFKC, case-folded, ``&`` as ``and``, punctuation and spacing
    folded, so `Neurips`, `NeurIPS.` and `Physics in Medicine & Biology` find their venue."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    text = text.replace(".", "").replace("'", "").replace("’", "")
    return " ".join(_PUNCT.sub(" ", text).split())


def _loose_key(key: str) -> str:
    """A key without the words lists add in front of a name: `Proceedings of the`, `IEEE`."""
    return _PREFIXES.sub("", key)


_WORKSHOP = lazy_compile(r"^(?P<base>.+?)\s+workshops?$|^workshops? (?:at|of|on) (?P<base2>.+)$")
_PREPRINT_SERVERS = ("arxiv", "biorxiv", "medrxiv")


class VenueTable:
    """Known venues, with lookups by any of their spellings. Immutable once built."""

    def __init__(
        self,
        venues: Iterable[Venue],
        *,
        year_required: Iterable[VenueKind] = DEFAULT_YEAR_REQUIRED,
        ignore: Iterable[str] = (),
    ) -> None:
        self.venues: tuple[Venue, ...] = tuple(venues)
        self.year_required = frozenset(year_required)
        self._ignored = frozenset(venue_key(s) for s in ignore)
        self._by_key: dict[str, tuple[Venue, bool]] = {}  # key -> (venue, is the name itself)
        self._spellings: dict[str, tuple[str, Venue]] = {}
        for venue in self.venues:
            for spelling in (venue.name, *venue.aliases):
                key = venue_key(spelling)
                if key and key not in self._by_key:
                    self._by_key[key] = (venue, spelling == venue.name)
                self._spellings.setdefault(key, (spelling, venue))
        self._keys = list(self._spellings)
        # Lists repeat a few venue texts thousands of times (`MICCAI 2020`): each is read once
        # per table. The table is built per run, so this holds no state across runs.
        self._reads: dict[str, VenueReading] = {}

    # --- building -----------------------------------------------------------------------------
    @classmethod
    def from_data(cls, data: Mapping[str, Any], config: Mapping[str, Any] | None = None,
                  *, config_path: str = "") -> VenueTable:
        """The table from the shipped data, adjusted by the ``venues:`` block of a config."""
        venues = [_venue_from(item) for item in data.get("venues", [])]
        config = config or {}
        for item in config.get("add", []) or []:
            venues = _merge(venues, _venue_from(item))
        for i, spelling in enumerate(config.get("prefer", []) or []):
            venues = _prefer(venues, spelling, key=f"venues.prefer[{i}]", path=config_path)
        year_required = config.get("year_required")
        kinds = DEFAULT_YEAR_REQUIRED if year_required is None else {
            VenueKind(k) for k in year_required
        }
        return cls(venues, year_required=kinds, ignore=config.get("ignore", []) or [])

    # --- lookups ------------------------------------------------------------------------------
    def lookup(self, name: str) -> Match | None:
        """The venue a name (without its year) denotes, and how it was written."""
        key = venue_key(name)
        if not key:
            return None
        if key in self._ignored:
            return Match(Venue(name, guess_kind(name)), MatchKind.IGNORED)
        found = self._by_key.get(key) or self._by_key.get(_loose_key(key))
        if found:
            venue, is_name = found
            if name == venue.name:
                return Match(venue, MatchKind.EXACT)
            return Match(venue, MatchKind.CASE if is_name else MatchKind.ALIAS)
        m = _WORKSHOP.match(key)
        if m:
            base = self._by_key.get(m.group("base") or m.group("base2") or "")
            if base:
                return Match(Venue(name, VenueKind.WORKSHOP), MatchKind.WORKSHOP)
        for server in _PREPRINT_SERVERS:
            if key.startswith(server + " ") and server in self._by_key:
                return Match(self._by_key[server][0], MatchKind.PREFIX)
        return None

    def closest(self, name: str) -> tuple[str, Venue] | None:
        """The known spelling nearest to an unknown name, when it is close enough to be a typo:
        one edit (a transposition counts as one) for short names, up to three for long ones."""
        key = venue_key(name)
        if len(key) < 4:
            return None
        limit = 1 if len(key) <= 8 else 2 if len(key) <= 20 else 3
        # Imported here: most runs never meet an unknown venue, and start-up is paid per commit.
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        best = process.extractOne(key, self._keys, scorer=OSA.distance, score_cutoff=limit)
        if best is None:
            return None
        _, venue = self._spellings[best[0]]
        return venue.name, venue

    def read(self, text: str) -> VenueReading:
        """An entry's venue text, parsed and looked up."""
        known = self._reads.get(text)
        if known is not None:
            return known
        parsed = parse_venue(text)
        match = self.lookup(parsed.name) if parsed.name else None
        kind = match.venue.kind if match else guess_kind(parsed.name) if parsed.name else None
        reading = self._reads[text] = VenueReading(parsed, match, kind)
        return reading

    def requires_year(self, kind: VenueKind) -> bool:
        return kind in self.year_required

    def canonical_text(self, text: str) -> str | None:
        """``text`` in the list's canonical form, or None when its venue is unknown."""
        parsed = parse_venue(text)
        if parsed.name is None:
            return None
        match = self.lookup(parsed.name)
        if match is None:
            return None
        name = match.venue.name if match.is_alias or match.how is MatchKind.EXACT else parsed.name
        return parsed.render(name)


def guess_kind(name: str) -> VenueKind:
    """A kind for a venue the table does not know, from the words in its name."""
    key = venue_key(name)
    if "workshop" in key:
        return VenueKind.WORKSHOP
    if any(w in key for w in ("journal", "transactions", "letters", "review")):
        return VenueKind.JOURNAL
    if any(w in key for w in ("arxiv", "rxiv", "preprint")):
        return VenueKind.PREPRINT
    return VenueKind.CONFERENCE


def _venue_from(item: Mapping[str, Any]) -> Venue:
    return Venue(
        str(item["name"]),
        VenueKind(item.get("kind", "conference")),
        tuple(str(a) for a in item.get("aliases", []) or ()),
        tuple((str(k), int(v)) for k, v in (item.get("former") or {}).items()),
    )


def _merge(venues: Sequence[Venue], new: Venue) -> list[Venue]:
    """Add ``new``; when it names a known venue, its aliases (and kind) join that one."""
    keys = {venue_key(s) for s in (new.name, *new.aliases)}
    out: list[Venue] = []
    merged = False
    for venue in venues:
        if not merged and keys & {venue_key(s) for s in (venue.name, *venue.aliases)}:
            aliases = tuple(dict.fromkeys((*venue.aliases, *new.aliases)))
            out.append(replace(venue, kind=new.kind, aliases=aliases))
            merged = True
        else:
            out.append(venue)
    return out if merged else [new, *out]


def _prefer(venues: Sequence[Venue], spelling: str, *, key: str, path: str) -> list[Venue]:
    """Make ``spelling`` the canonical name of the venue it already names."""
    wanted = venue_key(spelling)
    for i, venue in enumerate(venues):
        spellings = (venue.name, *venue.aliases)
        if wanted in {venue_key(s) for s in spellings}:
            aliases = tuple(s for s in spellings if s != spelling)
            out = list(venues)
            out[i] = replace(venue, name=spelling, aliases=aliases)
            return out
    raise ConfigError(path, key, None, f"`{spelling}` is not a known venue or alias; "
                      "declare it under `venues.add` first")


def load_venue_table(config: Any = None) -> VenueTable:
    """Read the shipped table and apply the config's ``venues:`` block (a :class:`Config`, a
    mapping, or None). The one function here that reads a file: call it once, at the edge."""
    data = _shipped_data()
    block: Mapping[str, Any] | None
    path = ""
    if config is None:
        block = None
    elif isinstance(config, Mapping):
        block = config.get("venues")
    else:
        block = config.get("venues")
        path = getattr(config, "path", "") or ""
    try:
        return VenueTable.from_data(data, block, config_path=path)
    except ConfigError as err:
        line_of = getattr(config, "line_of", None)
        if err.line is not None or line_of is None:
            raise
        raise ConfigError(err.path, err.key, line_of(err.key), err.reason) from None


DATA = Path(__file__).parent / "data"


@cache
def _shipped_data() -> Any:
    """The shipped table, read once per process, never mutated. ``venues.yml`` (commented, for
    people) is its source; ``venues.json`` is the same data for the machine: JSON loads without
    importing a YAML parser, which a plain ``check`` with no config otherwise never needs."""
    # A path next to this module (every install has one): importlib.resources would cost
    # every start-up tempfile, shutil and the compression modules.
    return json.loads((DATA / "venues.json").read_text("utf-8"))


def venues_json(yaml_text: str) -> str:
    """``venues.json`` as built from ``venues.yml``: ``python -m lint_rules.venues``."""
    import yaml

    return json.dumps(yaml.safe_load(yaml_text), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    (DATA / "venues.json").write_text(venues_json((DATA / "venues.yml").read_text("utf-8")),
                                      "utf-8")


def table_for(venues: VenueTable | None, config: Any) -> VenueTable:
    """The table a rule uses: the one the edge built and put in the context, else the shipped
    table with the config's ``venues:`` block (for callers that built no context table)."""
    return venues if isinstance(venues, VenueTable) else load_venue_table(config)


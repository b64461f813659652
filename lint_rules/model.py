"""The document model the rules see: frozen data, built once per text by :mod:`parse`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from . import identifiers
from .source import SourceText


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range of offsets ``[start, end)`` into the source text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


class LinkRole(StrEnum):
    PRIMARY = "primary"  # the entry's paper link: [Title](url)
    EXTRA = "extra"  # [[Code](url)] and the like
    OTHER = "other"  # any other link in the document


@dataclass(frozen=True, slots=True, eq=False)
class LinkIdentity:
    """What a link's URL names, derived once per link (:attr:`Link.identity`).

    - ``arxiv_id``: the arXiv id without version (``2010.05352``), or None;
    - ``arxiv_version``: the ``vN`` the link pins, or None;
    - ``doi``: the DOI, lower-cased, or None;
    - ``url_key``: the URL's identity for duplicate detection (:func:`identifiers.normalize_url`:
      ``arxiv.org/abs/ID``, ``doi.org/DOI``, else host and path without scheme, ``www.``,
      tracking parameters and fragment); the URL stripped when it is not http(s).
    """

    arxiv_id: str | None
    arxiv_version: int | None
    doi: str | None
    url_key: str

    @classmethod
    def of(cls, url: str) -> LinkIdentity:
        found = identifiers.arxiv_parts(url)
        arxiv, version = found if found else (None, None)
        return cls(
            arxiv_id=arxiv,
            arxiv_version=version,
            doi=None if arxiv else identifiers.doi(url),
            url_key=f"arxiv.org/abs/{arxiv}" if arxiv else identifiers.normalize_url(url),
        )


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str
    line: int
    span: Span  # the whole link as written
    url_span: Span  # the destination only
    role: LinkRole = LinkRole.OTHER
    bare: bool = False  # an autolink or bare URL rather than [label](url)
    _identity: LinkIdentity | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def identity(self) -> LinkIdentity:
        """The arXiv id, DOI and normalised URL of this link, derived on first use, once.

        Derived lazily because the parse builds (and drops) links for every candidate style;
        the model is frozen, so the value is stored past the dataclass's back.
        """
        found = self._identity
        if found is None:
            found = LinkIdentity.of(self.url)
            object.__setattr__(self, "_identity", found)
        return found


class SectionKind(StrEnum):
    YEAR = "year"  # a year heading such as "## 2021": paper entries with venues
    PAPERS = "papers"  # a topic heading holding paper entries
    RESOURCES = "resources"  # reviews, other lists, blogs: looser conventions
    OTHER = "other"  # intro, contents, licence, contributing


@dataclass(frozen=True, slots=True, eq=False)
class Heading:
    level: int
    text: str
    line: int
    span: Span  # the heading's whole line
    year: int | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Section:
    """The text under one heading, up to the next heading of the same or a higher level."""

    index: int
    title: str
    level: int
    line: int  # the heading's line (0 for text before the first heading)
    end_line: int
    kind: SectionKind
    year: int | None = None
    # Year of the nearest enclosing year heading, for topic headings nested under one.
    parent_year: int | None = None
    after_break: bool = False  # after a thematic break ("----")
    style: str = ""

    @property
    def effective_year(self) -> int | None:
        return self.year if self.year is not None else self.parent_year


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper (or resource) entry, with where each part of it stands in the text."""

    line: int
    end_line: int
    span: Span
    style: str
    section: int  # index into Document.sections
    title: str
    title_span: Span | None = None
    checkbox: str | None = None  # " " or "x" where the style has one
    url: str | None = None
    url_span: Span | None = None
    venue_text: str | None = None  # as written, without the closing period
    venue_span: Span | None = None
    venue: str | None = None  # the venue name without its year
    year: int | None = None  # the year written with the venue (or in the entry)
    links: tuple[Link, ...] = ()
    authors: str | None = None
    date: str | None = None
    topic: str | None = None  # the topic subheading the entry sits under
    # The first arXiv id and the first DOI among the entry's links (styles fill them in from
    # the links' identities: `styles.common.identifiers_of`).
    arxiv_id: str | None = None
    doi: str | None = None
    _title_key: str | None = field(default=None, init=False, repr=False, compare=False)
    _url_key: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def title_key(self) -> str:
        """The title's identity (:func:`identifiers.normalize_title`: NFKC, case-folded,
        punctuation and spacing folded), derived once; ``""`` for an untitled entry."""
        found = self._title_key
        if found is None:
            found = identifiers.normalize_title(self.title)
            object.__setattr__(self, "_title_key", found)
        return found

    @property
    def url_key(self) -> str:
        """The primary link's :attr:`LinkIdentity.url_key` (``""`` without a link), derived
        once."""
        found = self._url_key
        if found is None:
            primary = self.primary
            if primary is not None and primary.url == self.url:
                found = primary.identity.url_key
            else:
                found = LinkIdentity.of(self.url).url_key if self.url else ""
            object.__setattr__(self, "_url_key", found)
        return found

    @property
    def primary(self) -> Link | None:
        for link in self.links:  # a loop, not next(generator): rules ask this per entry often
            if link.role is LinkRole.PRIMARY:
                return link
        return None

    @property
    def extra_links(self) -> tuple[Link, ...]:
        return tuple(lk for lk in self.links if lk.role is LinkRole.EXTRA)


@dataclass(frozen=True, slots=True, eq=False)
class Topic:
    """A topic subheading inside a section (``*Segmentation*`` paragraphs, or deeper headings)."""

    name: str
    line: int
    span: Span
    section: int


@dataclass(frozen=True, slots=True, eq=False)
class Candidate:
    """A block that sits among entries but does not parse as one: reported, never dropped."""

    line: int
    end_line: int
    span: Span
    section: int
    reason: str
    # What is wrong with it for a reader: "" (it only fits no style), "broken-markup" (it renders
    # broken: an unclosed `[`, a link split by a space), "no-link" (a paper with no link at all).
    defect: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    source: SourceText
    sections: tuple[Section, ...]
    headings: tuple[Heading, ...]
    entries: tuple[Entry, ...]
    topics: tuple[Topic, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    # Blocks that look like papers (a paper link, an arXiv id, a bold title with a link) but that
    # no entry style read and that sit apart from entries: counted, so a list is never silently
    # read as empty.
    unread: tuple[Candidate, ...] = ()
    links: tuple[Link, ...] = ()  # every link in the document, entries' included
    thematic_breaks: tuple[int, ...] = ()
    # Lines that are code blocks, HTML blocks or front matter: rules leave them alone.
    opaque_lines: frozenset[int] = field(default_factory=frozenset)
    code_lines: frozenset[int] = field(default_factory=frozenset)  # fenced and indented code
    styles: tuple[str, ...] = ()  # detected style per section, by section index

    @property
    def text(self) -> str:
        return self.source.text

    def section_of(self, entry: Entry) -> Section:
        return self.sections[entry.section]

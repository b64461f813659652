"""The document model the rules see: frozen data, built once per text by :mod:`parse`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

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


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str
    line: int
    span: Span  # the whole link as written
    url_span: Span  # the destination only
    role: LinkRole = LinkRole.OTHER
    bare: bool = False  # an autolink or bare URL rather than [label](url)


class SectionKind(StrEnum):
    YEAR = "year"  # a year heading such as "## 2021": paper entries with venues
    PAPERS = "papers"  # a topic heading holding paper entries
    RESOURCES = "resources"  # reviews, other lists, blogs: looser conventions
    OTHER = "other"  # intro, contents, licence, contributing


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int
    span: Span  # the heading's whole line
    year: int | None = None


@dataclass(frozen=True, slots=True)
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
    arxiv_id: str | None = None
    doi: str | None = None

    @property
    def primary(self) -> Link | None:
        return next((lk for lk in self.links if lk.role is LinkRole.PRIMARY), None)

    @property
    def extra_links(self) -> tuple[Link, ...]:
        return tuple(lk for lk in self.links if lk.role is LinkRole.EXTRA)


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic subheading inside a section (``*Segmentation*`` paragraphs, or deeper headings)."""

    name: str
    line: int
    span: Span
    section: int


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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

"""arXiv query-API Atom feeds → :class:`Feed`. Pure: bytes or text in, frozen data out.

The parser is namespace-aware and never relies on element order, because the 2016-era responses
declare namespaces per element and order children differently from the 2025+ ones. Titles and
summaries are whitespace-normalised: old responses hard-wrap them.

An error answer (HTTP 400 with a feed holding one entry titled ``Error``) raises
:class:`ArxivError` carrying the API's message, so callers cannot mistake it for an empty result.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime

from .errors import PaperlistError

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_SPACE = re.compile(r"\s+")
_ABS_ID = re.compile(
    r"/abs/(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v(?P<version>\d+))?/?$",
    re.IGNORECASE,
)
_ERROR_ID = "arxiv.org/api/errors"


class ArxivError(PaperlistError):
    """The arXiv API answered with an error feed; ``message`` is its own explanation."""

    def __init__(self, message: str, *, error_id: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.error_id = error_id

    def __str__(self) -> str:
        return f"arXiv API error: {self.message}"


class ArxivFeedError(ArxivError):
    """The bytes are not an Atom feed at all (truncated answer, HTML error page, …)."""


class ArxivEncodingError(ArxivFeedError):
    """The feed declares an XML encoding Python cannot decode: asking again will not help."""


# The largest page arXiv serves (2000 entries) is a few MB; a larger answer is not a feed.
MAX_FEED_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ArxivEntry:
    id: str  # unversioned: ``2202.12139``, ``cond-mat/0412498``
    version: int
    title: str
    summary: str
    authors: tuple[str, ...]
    published: datetime | None
    updated: datetime | None
    primary_category: str
    categories: tuple[str, ...]
    doi: str | None
    journal_ref: str | None
    comment: str | None
    abs_url: str  # canonical, unversioned https URL
    pdf_url: str | None

    @property
    def versioned_id(self) -> str:
        return f"{self.id}v{self.version}"


@dataclass(frozen=True, slots=True)
class Feed:
    total_results: int
    start_index: int
    items_per_page: int
    entries: list[ArxivEntry] = field(default_factory=list)
    title: str = ""


def normalize_space(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def parse_feed(data: bytes | str) -> Feed:
    """Parse one query-API response. Raises :class:`ArxivError` for error feeds,
    :class:`ArxivFeedError` for anything that is not a readable Atom feed."""
    if len(data) > MAX_FEED_BYTES:
        raise ArxivFeedError(f"response of {len(data)} bytes is over the {MAX_FEED_BYTES}-byte cap")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArxivFeedError(f"response is not XML ({exc})") from exc
    except (LookupError, ValueError, UnicodeError) as exc:
        # expat hands an encoding it does not know to Python's codecs, which raise these.
        raise ArxivEncodingError(
            f"response declares an XML encoding that cannot be read ({exc}); "
            "the arXiv API sends UTF-8, so this answer did not come from it"
        ) from exc
    if root.tag != f"{_ATOM}feed":
        raise ArxivFeedError(f"response root is <{root.tag}>, not an Atom <feed>")

    raw_entries = root.findall(f"{_ATOM}entry")
    for raw in raw_entries:
        _raise_if_error(raw)
    entries = [e for e in (_entry(raw) for raw in raw_entries) if e is not None]
    return Feed(
        total_results=_int(root.findtext(f"{_OPENSEARCH}totalResults"), len(entries)),
        start_index=_int(root.findtext(f"{_OPENSEARCH}startIndex"), 0),
        items_per_page=_int(root.findtext(f"{_OPENSEARCH}itemsPerPage"), len(entries)),
        entries=entries,
        title=normalize_space(root.findtext(f"{_ATOM}title")),
    )


def _raise_if_error(raw: ET.Element) -> None:
    raw_id = (raw.findtext(f"{_ATOM}id") or "").strip()
    title = normalize_space(raw.findtext(f"{_ATOM}title"))
    if _ERROR_ID in raw_id or (title == "Error" and raw.find(f"{_ATOM}published") is None):
        message = normalize_space(raw.findtext(f"{_ATOM}summary")) or raw_id or "unknown error"
        raise ArxivError(message, error_id=raw_id)


def _entry(raw: ET.Element) -> ArxivEntry | None:
    raw_id = (raw.findtext(f"{_ATOM}id") or "").strip()
    m = _ABS_ID.search(raw_id)
    if m is None:
        return None  # not a paper (an id we cannot place); skipping beats inventing one
    identifier = m.group("id").lower()
    version = int(m.group("version") or 1)

    doi: str | None = normalize_space(raw.findtext(f"{_ARXIV}doi")) or None
    pdf_url: str | None = None
    for link in raw.findall(f"{_ATOM}link"):
        title = link.get("title", "")
        href = link.get("href", "")
        if title == "pdf" or link.get("type") == "application/pdf":
            pdf_url = _https(href)
        elif title == "doi" and doi is None:
            doi = _doi_from_url(href)

    primary = raw.find(f"{_ARXIV}primary_category")
    categories = tuple(
        term for c in raw.findall(f"{_ATOM}category") if (term := c.get("term", "").strip())
    )
    primary_category = primary.get("term", "") if primary is not None else ""
    if not primary_category and categories:
        primary_category = categories[0]

    return ArxivEntry(
        id=identifier,
        version=version,
        title=normalize_space(raw.findtext(f"{_ATOM}title")),
        summary=normalize_space(raw.findtext(f"{_ATOM}summary")),
        authors=tuple(
            name
            for a in raw.findall(f"{_ATOM}author")
            if (name := normalize_space(a.findtext(f"{_ATOM}name")))
        ),
        published=_date(raw.findtext(f"{_ATOM}published")),
        updated=_date(raw.findtext(f"{_ATOM}updated")),
        primary_category=primary_category,
        categories=categories,
        doi=doi.lower() if doi else None,
        journal_ref=normalize_space(raw.findtext(f"{_ARXIV}journal_ref")) or None,
        comment=normalize_space(raw.findtext(f"{_ARXIV}comment")) or None,
        abs_url=f"https://arxiv.org/abs/{identifier}",
        pdf_url=pdf_url,
    )


def _https(url: str) -> str | None:
    url = url.strip()
    if not url:
        return None
    return "https://" + url.removeprefix("http://") if url.startswith("http://") else url


def _doi_from_url(url: str) -> str | None:
    m = re.search(r"(10\.\d{4,9}/\S+)$", url.strip())
    return m.group(1) if m else None


def _int(text: str | None, default: int) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return default


def _date(text: str | None) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None

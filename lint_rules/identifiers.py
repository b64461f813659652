"""Paper identifiers from links: arXiv ids, DOIs and normalised URLs. Pure functions.

Every function takes a URL as written in a list and returns ``None`` (or the input, for
:func:`normalize_url`) when it does not recognise it: a list full of odd links must never make
them raise.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from lint_rules.lazy_regex import lazy_compile

_ARXIV_HOSTS = frozenset({
    "arxiv.org", "www.arxiv.org", "export.arxiv.org", "browse.arxiv.org", "xxx.lanl.gov",
    "ar5iv.org", "ar5iv.labs.arxiv.org", "www.ar5iv.org",
})
_NEW_ID = r"\d{4}\.\d{4,5}"
# Old-style ids: archive, optional subject class, then YYMMNNN: hep-th/9901001, math.GT/0309136.
_OLD_ID = r"[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7}"
_ARXIV_PATH = lazy_compile(
    rf"^/(?:abs|pdf|html|format|ps|labs/html)/(?:arxiv:)?(?P<id>{_NEW_ID}|{_OLD_ID})"
    r"(?P<version>v\d+)?(?:\.pdf)?/?$",
    re.IGNORECASE | re.ASCII,  # URLs: ASCII case folding compiles in a third of the time
)
_ARXIV_TEXT = lazy_compile(
    rf"(?<![\w./])(?:arxiv:\s*)?(?P<id>{_NEW_ID}|{_OLD_ID})(?:v\d+)?(?![\w/])", re.IGNORECASE
)
_DOI = lazy_compile(r"10\.\d{4,9}/[^\s?#]+")
_DOI_ONLY = lazy_compile(r"^10\.\d{4,9}/\S+$")
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org", "hdl.handle.net"})
# Path segments after which publishers put a DOI: /doi/10.x/y, /doi/full/10.x/y,
# /chapter/10.x/y (Springer), /articles/10.x/y (Frontiers), /content/10.1101/... (bioRxiv).
_DOI_IN_PATH = lazy_compile(
    r"/(?:doi|chapter|article|articles|book|content|abs|full|pdf|epdf|referenceworkentry)"
    r"(?:/[a-z]+)?/10\.\d",
    re.IGNORECASE | re.ASCII,
)
_DOI_QUERY_KEYS = frozenset({"doi", "id"})
# Page suffixes publishers put after a DOI (``/abs``, ``.pdf``, ``/full``), matched on the
# reversed DOI: one anchored match strips any number of them, where a pattern ending in ``$``
# would be searched again for each one (quadratic on ``/abs`` × 40,000).
_DOI_SUFFIXES = (".pdf", ".full", "/full", "/abstract", "/abs", "/pdf", "/epdf", "/html", "/meta",
                 "/fulltext", "/summary")
_DOI_SUFFIX_REVERSED = lazy_compile(
    r"[/.]*(?:(?:" + "|".join(re.escape(x[::-1]) for x in _DOI_SUFFIXES) + r")[/.]*)*",
    re.IGNORECASE,
)
# bioRxiv and medRxiv append a version to the DOI in their URLs: 10.1101/2020.01.01.123456v2.
_PREPRINT_VERSION = lazy_compile(r"^(10\.1101/[\d.]+)v\d+$")
# Query parameters that never identify the page.
_TRACKING = lazy_compile(
    r"^(utm_.*|fbclid|gclid|dclid|mc_cid|mc_eid|ref|ref_src|referrer|source|via|_ga|share)$",
    re.IGNORECASE,
)


def _split(url: str) -> tuple[str, str, str, str, str] | None:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment


def _host(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1]
    return host.split(":", 1)[0]


def _canonical_id(raw: str) -> str:
    """``math.GT/0309136`` -> ``math/0309136``; new ids unchanged. Lower case."""
    raw = raw.lower()
    if "/" in raw:
        archive, number = raw.split("/", 1)
        return f"{archive.split('.', 1)[0]}/{number}"
    return raw


# The usual arXiv link, read without the URL parser (same result as the general path).
_ARXIV_SIMPLE = lazy_compile(
    rf"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?P<id>{_NEW_ID})(?P<version>v\d+)?"
    r"(?:\.pdf)?/?",
    re.IGNORECASE,
)


def arxiv_parts(url: str) -> tuple[str, int | None] | None:
    """The arXiv id a link points to and the version it pins: ``(2010.05352, 2)``; None for a
    link that is not arXiv's. See :func:`arxiv_id`."""
    if not _maybe_arxiv(url):
        return None
    m = _ARXIV_SIMPLE.fullmatch(url)
    if m is None:
        parts = _split(url)
        if parts is None or _host(parts[1]) not in _ARXIV_HOSTS:
            return None
        m = _ARXIV_PATH.match(unquote(parts[2]))
        if m is None:
            return None
    version = m.group("version")
    return _canonical_id(m.group("id")), int(version[1:]) if version else None


def arxiv_id(url: str) -> str | None:
    """The arXiv id a link points to, without its version: ``2010.05352``, ``cs/0112017``.

    Accepts ``/abs/``, ``/pdf/``, ``.pdf``, ``vN`` versions, ``http``/``www``/``export.`` hosts,
    ar5iv mirrors and old-style ids with or without a subject class.
    """
    found = arxiv_parts(url)
    return found[0] if found else None


def _maybe_arxiv(url: str) -> bool:
    # Most links of a list are not arXiv's: a substring test spares them the URL parser.
    low = url.lower()
    return "arxiv" in low or "lanl.gov" in low


def arxiv_id_in_text(text: str) -> str | None:
    """An arXiv id written as text, such as ``arXiv:2010.05352v2`` or ``cs/0112017``."""
    m = _ARXIV_TEXT.search(text)
    return _canonical_id(m.group("id")) if m else None


def arxiv_version(url: str) -> int | None:
    """The ``vN`` version a link pins, if any."""
    found = arxiv_parts(url)
    return found[1] if found else None


def arxiv_year(identifier: str) -> int | None:
    """The year an arXiv id was issued: ``2010.05352`` -> 2020, ``cs/9912017`` -> 1999."""
    m = re.search(r"(\d{2})\d{2}(?:\.\d{4,5}|\d{3})$", identifier)
    if m is None:
        return None
    yy = int(m.group(1))
    # arXiv opened in 1991: two-digit years from 91 on are the 1990s.
    return 1900 + yy if yy >= 91 else 2000 + yy


def canonical_arxiv_url(identifier: str) -> str:
    return f"https://arxiv.org/abs/{identifier}"


def doi(url: str) -> str | None:
    """The DOI a link names, lower-cased: doi.org links, publisher URLs that embed one, and
    ``?doi=``/``?id=`` parameters holding a real DOI (``10.NNNN/…``; CiteSeerX's ``10.1.1.x``
    document numbers are not DOIs)."""
    if "10." not in url and "10%2" not in url.lower():
        return None
    parts = _split(url)
    if parts is None:
        return None
    _, netloc, path, query, _ = parts
    host = _host(netloc)
    path = unquote(path)
    if host in _DOI_HOSTS:
        candidate = path.lstrip("/")
        return _clean_doi(candidate) if _DOI_ONLY.match(candidate) else None
    if _DOI_IN_PATH.search(path):
        m = _DOI.search(path)
        if m:
            return _clean_doi(m.group(0))
    for key, value in parse_qsl(query):
        if key.lower() in _DOI_QUERY_KEYS and _DOI_ONLY.match(value.strip()):
            return _clean_doi(value.strip())
    return None


def _clean_doi(value: str) -> str:
    tail = _DOI_SUFFIX_REVERSED.match(value[::-1])
    if tail is not None and tail.end():
        value = value[: len(value) - tail.end()]
    m = _PREPRINT_VERSION.match(value)
    if m:
        value = m.group(1)
    return value.lower()


def normalize_url(url: str) -> str:
    """A URL's identity for duplicate detection.

    arXiv and doi.org links become ``arxiv.org/abs/ID`` and ``doi.org/DOI``. Otherwise the
    scheme, ``www.``, ports, trailing slashes, tracking parameters (``utm_*``, …) and
    fragments are dropped; query parameters that identify the page (``?v=``, ``?doi=``) are kept,
    sorted. Something that is not an http(s) URL comes back stripped, unchanged.
    """
    # Most links have no query, fragment, escape, port or id: plain string work suffices, with
    # the same result as the general path below (tests hold the two together).
    if _maybe_arxiv(url):
        found = arxiv_parts(url)
        if found is not None:
            return f"arxiv.org/abs/{found[0]}"
        return _normalize_url_parsed(url)
    m = _SIMPLE_URL.match(url)
    if m:
        host = m.group(1).lower().removeprefix("www.")
        if host not in _DOI_HOSTS:
            path = m.group(2) or ""
            if "//" in path:
                path = re.sub(r"/{2,}", "/", path)
            return host + path.rstrip("/")
    return _normalize_url_parsed(url)


_SIMPLE_URL = lazy_compile(r"[ \t]*https?://([A-Za-z0-9.\-]+)(/[^?#%\s]*)?[ \t]*$",
                           re.IGNORECASE | re.ASCII)


def _normalize_url_parsed(url: str) -> str:
    parts = _split(url)
    if parts is None:
        return url.strip()
    identifier = arxiv_id(url)
    if identifier:
        return f"arxiv.org/abs/{identifier}"
    _, netloc, path, query, _ = parts
    host = _host(netloc).removeprefix("www.")
    if host in _DOI_HOSTS:
        found = doi(url)
        if found:
            return f"doi.org/{found}"
    path = re.sub(r"/{2,}", "/", unquote(path)).rstrip("/")
    kept = sorted(
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    return urlunsplit(("", host, path, urlencode(kept), "")).lstrip("/")


_WORD = lazy_compile(r"[^\W_]+")
_QUOTES = str.maketrans({
    "‘": "'", "’": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
})


def normalize_title(title: str) -> str:
    """A title's identity: NFKC (ligatures such as ``ﬁ`` unfold), case-folded, curly and
    straight quotes alike, apostrophes dropped (``Rubik’s`` = ``Rubiks``), other punctuation
    and runs of spacing folded to one space."""
    # ASCII is already in NFKC; most titles are ASCII, and NFKC is the slow step.
    text = title if title.isascii() else unicodedata.normalize("NFKC", title)
    text = text.translate(_QUOTES).casefold().replace("'", "")
    return " ".join(_WORD.findall(text))

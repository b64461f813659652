"""Paper identifiers from links: arXiv ids, DOIs and normalised URLs. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

_ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org", "xxx.lanl.gov"}
_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z.\-]*/\d{7}"
_ARXIV_PATH = re.compile(
    rf"^/(?:abs|pdf|html|format|ps)/(?P<id>{_NEW_ID}|{_OLD_ID})(?:v\d+)?(?:\.pdf)?/?$",
    re.IGNORECASE,
)
_DOI = re.compile(r"(10\.\d{4,9}/[^\s?#]+)")
_DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}
# Query parameters that never identify the page.
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|ref|ref_src|source)$", re.IGNORECASE)
_STRIP_DOI_SUFFIX = re.compile(r"(\.pdf|/full|/abstract|/pdf|/epdf|/html)$", re.IGNORECASE)


def _split(url: str) -> tuple[str, str, str, str, str] | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment


def arxiv_id(url: str) -> str | None:
    """The arXiv id a link points to, without its version: ``2010.05352``, ``cs/0112017``."""
    parts = _split(url)
    if parts is None or parts[1].split(":")[0] not in _ARXIV_HOSTS:
        return None
    m = _ARXIV_PATH.match(parts[2])
    return m.group("id").lower() if m else None


def arxiv_version(url: str) -> int | None:
    parts = _split(url)
    if parts is None:
        return None
    m = re.search(r"v(\d+)(?:\.pdf)?/?$", parts[2])
    return int(m.group(1)) if m and arxiv_id(url) else None


def canonical_arxiv_url(identifier: str) -> str:
    return f"https://arxiv.org/abs/{identifier}"


def doi(url: str) -> str | None:
    """The DOI a link names: doi.org links and publisher URLs that embed one, lower-cased."""
    parts = _split(url)
    if parts is None:
        return None
    _, host, path, query, _ = parts
    path = unquote(path)
    if host in _DOI_HOSTS:
        candidate = path.lstrip("/")
        return _clean_doi(candidate) if candidate.startswith("10.") else None
    # Publisher paths: /doi/10.x/y, /chapter/10.x/y, /article/10.x/y, /content/10.x/...
    m = _DOI.search(path)
    if m and re.search(r"/(doi|chapter|article|book|content|abs|full|pdf)(/\w+)?/10\.", path):
        return _clean_doi(m.group(1))
    for key, value in parse_qsl(query):
        if key.lower() == "doi" and value.startswith("10."):
            return _clean_doi(value)
    return None


def _clean_doi(value: str) -> str:
    value = value.rstrip("/.")
    while True:
        stripped = _STRIP_DOI_SUFFIX.sub("", value)
        if stripped == value:
            return value.lower()
        value = stripped


def normalize_url(url: str) -> str:
    """A URL's identity for duplicate detection.

    Scheme, ``www.``, default ports, trailing slashes, tracking parameters and fragments are
    dropped; query parameters that identify the page (``?v=``, ``?doi=``) are kept, sorted.
    """
    parts = _split(url)
    if parts is None:
        return url.strip()
    _, host, path, query, _ = parts
    host = host.removeprefix("www.")
    for port in (":80", ":443"):
        host = host.removesuffix(port)
    path = re.sub(r"/{2,}", "/", unquote(path)).rstrip("/")
    kept = sorted((k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _TRACKING.match(k))
    return urlunsplit(("", host, path, urlencode(kept), "")).lstrip("/")


_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalize_title(title: str) -> str:
    """A title's identity: NFKC, case-folded, quotes unified, punctuation and spacing folded."""
    text = unicodedata.normalize("NFKC", title).translate(_QUOTES).casefold()
    text = _PUNCT.sub(" ", text.replace("'", ""))
    return _SPACE.sub(" ", text).strip()

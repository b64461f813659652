"""What the duplicate rules share: identity keys, scopes and the removal of an entry."""

from __future__ import annotations

from lint_rules.findings import Edit
from lint_rules.identifiers import normalize_url
from lint_rules.model import Document, Entry

# Labels that name a kind of link rather than a paper: never compared as titles.
GENERIC_TITLES = frozenset({
    "", "pdf", "paper", "code", "link", "arxiv", "project", "project page", "website", "slides",
    "video", "here", "url", "github", "blog", "demo", "dataset", "poster",
})


def identity_keys(entry: Entry) -> tuple[tuple[str, str], ...]:
    """What makes two entries the same paper: its arXiv id, its DOI, its primary link."""
    keys: list[tuple[str, str]] = []
    if entry.arxiv_id:
        keys.append(("arXiv id", entry.arxiv_id))
    if entry.doi:
        keys.append(("DOI", entry.doi))
    url = (entry.url or "").strip()
    if url.lower().startswith(("http://", "https://")):
        normal = normalize_url(url)
        # arXiv and doi.org links are already keyed by their id.
        if not normal.startswith(("arxiv.org/abs/", "doi.org/")):
            keys.append(("link", normal))
    return tuple(keys)


def scope_of(doc: Document, entry: Entry, allow_across: bool) -> tuple[int, str] | None:
    """Entries compare within one scope: the whole list, or (when the config allows a paper
    under several topics) one section and topic."""
    return (entry.section, entry.topic or "") if allow_across else None


def allow_across(config: object) -> bool:
    get = getattr(config, "get", None)
    return bool(get("duplicates.allow_across_sections", False)) if get else False


def same_text(doc: Document, a: Entry, b: Entry) -> bool:
    """Whether two entries are written identically, spacing aside."""
    text = doc.text
    return text[a.span.start:a.span.end].split() == text[b.span.start:b.span.end].split()


def removal(doc: Document, entry: Entry) -> Edit:
    """An edit deleting the entry's lines with their line ending."""
    source = doc.source
    start = source.line_start(entry.line)
    if entry.end_line < len(source.line_starts):
        return Edit.delete(start, source.line_start(entry.end_line + 1))
    # The last line of a file without a final newline: take the newline before it instead.
    return Edit.delete(max(0, start - 1), len(doc.text))


def _first_author(entry: Entry) -> str:
    names = (entry.authors or "").replace(" and ", ",").split(",")
    words = names[0].replace(".", " ").split() if names else []
    # The surname is the last word before "et al": "Y. LeCun" -> "lecun".
    words = [w for w in words if w.casefold() not in ("et", "al")]
    return words[-1].casefold() if words else ""


def distinct_works(a: Entry, b: Entry) -> bool:
    """Evidence that two entries with one title are different works: different first authors
    (terryum's two "Deep learning": LeCun 2015 and Goodfellow 2016), or years two or more
    apart (a journal paper reusing a conference title years later)."""
    first_a, first_b = _first_author(a), _first_author(b)
    if first_a and first_b and first_a != first_b:
        return True
    return a.year is not None and b.year is not None and abs(a.year - b.year) >= 2

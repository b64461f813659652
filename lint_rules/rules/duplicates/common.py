"""What the duplicate rules share: identity keys, the pairs of entries that share one, scopes,
and the severity policy for a paper listed twice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lint_rules.findings import Edit, Severity
from lint_rules.lazy_regex import lazy_compile
from lint_rules.learn import GENERIC_TITLE_WORDS, ListConventions, unit
from lint_rules.model import Document, Entry, SectionKind

# Labels that name a kind of link rather than a paper: never compared as titles.
GENERIC_TITLES = frozenset({
    "", "pdf", "paper", "code", "link", "arxiv", "project", "project page", "website", "slides",
    "video", "here", "url", "github", "blog", "demo", "dataset", "poster",
})


# Pages about people, events or projects: shared by many entries, never a paper's identity.
_NOT_A_PAPER = lazy_compile(
    r"^(?:scholar\.google\.[a-z.]+|(?:[a-z]+\.)?twitter\.com|x\.com|(?:[a-z]+\.)?linkedin\.com"
    r"|(?:[a-z]+\.)?youtube\.com|youtu\.be|(?:[a-z]+\.)?facebook\.com|orcid\.org"
    r"|dblp\.org/pid|researchgate\.net/profile|semanticscholar\.org/author"
    r"|github\.com/[^/]+$|huggingface\.co/(?:datasets/)?[^/]+$|[^/]+$)",
    re.IGNORECASE | re.ASCII,  # URLs: ASCII case folding compiles in a third of the time
)
# A link shared by this many entries with different titles is a program, dataset or profile page.
SHARED_PAGE_MIN_TITLES = 3


def identity_keys(entry: Entry) -> tuple[tuple[str, str], ...]:
    """What makes two entries the same paper: its arXiv id, its DOI, its primary link (unless
    that link is a page about a person, an event or a site rather than a paper)."""
    keys: list[tuple[str, str]] = []
    if entry.arxiv_id:
        keys.append(("arXiv id", entry.arxiv_id))
    if entry.doi:
        keys.append(("DOI", entry.doi))
    url = (entry.url or "").strip()
    if url.lower().startswith(("http://", "https://")):
        normal = entry.url_key  # the model derives it once per entry
        # arXiv and doi.org links are already keyed by their id.
        if not normal.startswith(("arxiv.org/abs/", "doi.org/")) and not _NOT_A_PAPER.match(
            normal
        ):
            keys.append(("link", normal))
    return tuple(keys)


def in_scope(doc: Document, entry: Entry) -> bool:
    """Only papers are compared: talks, blog posts and tools may share a paper's title."""
    return doc.section_of(entry).kind is not SectionKind.RESOURCES


@dataclass(frozen=True, slots=True, eq=False)
class LinkPair:
    """``entry`` shares the identity ``kind``/``value`` with the earlier ``prev``."""

    entry: Entry
    prev: Entry
    kind: str
    value: str

    @property
    def strong(self) -> bool:
        """An arXiv id or a DOI names exactly one paper; a web page may not."""
        return self.kind != "link"


def link_pairs(doc: Document) -> Iterator[LinkPair]:
    """Each entry that shares an identity with an earlier entry, paired with the earliest one.
    A plain link that several differently titled entries share is a page about something else
    (a programme, a dataset, a profile), not the identity of any of them."""
    entries = [e for e in doc.entries if in_scope(doc, e)]
    # The titles under each plain link: the first as it is, a set once another differs (nearly
    # every link has one entry, and a set each is 9 MiB of a 50,000-entry list).
    titles: dict[tuple[str, str], str | set[str]] = {}
    keyed = [(e, identity_keys(e)) for e in entries]
    for entry, keys in keyed:
        for key in keys:
            if key[0] != "link":
                continue
            seen = titles.setdefault(key, entry.title_key)
            if isinstance(seen, set):
                seen.add(entry.title_key)
            elif seen != entry.title_key:
                titles[key] = {seen, entry.title_key}
    shared_pages = {k for k, t in titles.items()
                    if isinstance(t, set) and len(t) >= SHARED_PAGE_MIN_TITLES}
    first: dict[tuple[str, str], Entry] = {}
    # The first copy filed in the same section and topic: a repeat there is the worse slip.
    first_here: dict[tuple[tuple[int, str], str, str], Entry] = {}
    for entry, keys in keyed:
        keys = tuple(k for k in keys if k not in shared_pages)
        earlier: tuple[Entry, str, str] | None = None
        here: tuple[Entry, str, str] | None = None
        for kind, value in keys:
            prev = first.get((kind, value))
            if prev is not None and (earlier is None or prev.line < earlier[0].line):
                earlier = (prev, kind, value)
            prev = first_here.get((unit(entry), kind, value))
            if prev is not None and (here is None or prev.line < here[0].line):
                here = (prev, kind, value)
        for key in keys:
            first.setdefault(key, entry)
            first_here.setdefault((unit(entry), *key), entry)
        found = here or earlier
        if found is not None:
            yield LinkPair(entry, *found)


def generic_title(title: str) -> bool:
    return title in GENERIC_TITLES or not title


def same_work(a: Entry, b: Entry) -> bool:
    """Whether two entries that share a link can be one paper: equal titles, one a short form
    of the other (`MoCo-CXR` and `MoCo-CXR: MoCo Pretraining …`), a near spelling, or the same
    first author (a paper retitled between versions keeps its authors; a link copied onto
    another paper's entry does not)."""
    ta, tb = a.title_key, b.title_key
    if generic_title(ta) or generic_title(tb) or ta == tb:
        return True
    # `DDPM`, `MoCo`: a one-word name cannot be told from its paper's full title.
    if " " not in ta or " " not in tb:
        return True
    from rapidfuzz import fuzz  # only lists with repeated links get this far

    if fuzz.token_set_ratio(ta, tb) >= 80:
        return True
    first_a, first_b = _first_author(a), _first_author(b)
    return bool(first_a) and first_a == first_b


def repeat_severity(conventions: ListConventions, a: Entry, b: Entry) -> Severity:
    """The policy for one paper listed twice: in one section it is a slip (error); in two
    sections of a list that files papers under several topics it is the list's own choice
    (info); in two sections of a list that does not, a slip again."""
    return Severity.INFO if conventions.deliberate_repeat(a, b) else Severity.ERROR


def where(doc: Document, entry: Entry) -> str:
    """`line 12 under `Segmentation``, naming the section (and topic) the entry is filed in."""
    section = doc.section_of(entry)
    parts = [section.title, entry.topic if entry.topic != section.title else None]
    name = " / ".join(p for p in parts if p)
    return f"line {entry.line}" + (f" under `{name}`" if name else "")


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
    """Evidence that two entries with one title are different works: a title short enough to
    be shared (two books called "Deep learning", LeCun 2015 and Goodfellow 2016) by different
    first authors, or years two or more apart (a journal paper reusing a conference title
    years later). Two author lists under one long, specific title are more likely a title
    copied onto the wrong entry."""
    if a.year is not None and b.year is not None and abs(a.year - b.year) >= 2:
        return True
    first_a, first_b = _first_author(a), _first_author(b)
    short = len(a.title_key.split()) <= GENERIC_TITLE_WORDS
    return short and bool(first_a and first_b and first_a != first_b)

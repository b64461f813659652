"""Rank new arXiv papers by how well they fit the list. Pure and explainable.

The score has two parts, each shown in the issue:

- **fit**: TF-IDF (sublinear tf, smoothed idf, unigrams and bigrams) cosine similarity of the
  paper to each of the list's paper entries (titles; the list has no abstracts). The paper's own
  title counts more than its abstract, because list titles are compared with titles best. Each
  entry's similarity is weighted up the more recent its year, as recent additions show where the
  list is going. The mean of the ``k`` best weighted similarities is the fit, and those entries
  are the "nearest entries" the issue names.
- **keyword**: the share of the query's term groups (the keywords, then each required group) the
  title or abstract matches; an excluded term zeroes it.

``score = fit_weight * fit + (1 - fit_weight) * keyword``.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from bot.arxiv.query import QuerySpec
from lint_rules.model import Document, Entry, SectionKind

_WORD = re.compile(r"[a-z0-9]+")
# fmt: off
_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
    "its", "of", "on", "or", "our", "the", "their", "this", "to", "towards", "toward", "via",
    "with", "without", "we", "using", "based", "new", "approach", "method", "methods", "study",
})
# fmt: on


class Paperlike(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def summary(self) -> str: ...


def tokens(text: str) -> list[str]:
    """Lower-cased words without stop words, plurals folded, plus adjacent-word bigrams."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    words = [_stem(w) for w in _WORD.findall(text) if w not in _STOP]
    return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]


def _stem(word: str) -> str:
    # Plural folding only: enough for "images"/"image", safe for "analysis", "ct", "mrs".
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _norm_phrase(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


@dataclass(frozen=True, slots=True)
class Neighbour:
    entry: Entry
    similarity: float  # weighted cosine


@dataclass(frozen=True, slots=True)
class Ranked:
    paper: Paperlike
    score: float
    fit: float
    keyword: float
    matched: tuple[str, ...]  # query terms found in the title or abstract
    nearest: tuple[Neighbour, ...]


@dataclass(frozen=True, slots=True)
class Placement:
    year: int | None
    year_heading_exists: bool
    topic: str | None


class KeywordMatcher:
    def __init__(self, spec: QuerySpec) -> None:
        self.groups: list[tuple[str, ...]] = []
        if spec.keywords:
            self.groups.append(spec.keywords)
        self.groups.extend(spec.required)
        self.excluded = spec.excluded

    @staticmethod
    def _has(haystack: str, term: str) -> bool:
        needle = _norm_phrase(term)
        return bool(needle) and f" {needle} " in haystack

    def score(self, title: str, summary: str) -> tuple[float, tuple[str, ...]]:
        haystack = f" {_norm_phrase(title)} {_norm_phrase(summary)} "
        if any(self._has(haystack, t) for t in self.excluded):
            return 0.0, ()
        matched: list[str] = []
        satisfied = 0
        for group in self.groups:
            hits = [t for t in group if self._has(haystack, t)]
            satisfied += bool(hits)
            matched.extend(h for h in hits if h not in matched)
        if not self.groups:
            return 0.0, ()
        return satisfied / len(self.groups), tuple(matched)


class Ranker:
    def __init__(
        self,
        entries: Sequence[Entry],
        spec: QuerySpec,
        *,
        fit_weight: float = 0.6,
        title_weight: float = 0.7,
        recency_boost: float = 0.5,
        k: int = 3,
    ) -> None:
        self.entries = [e for e in entries if e.title]
        self.keywords = KeywordMatcher(spec)
        self.fit_weight = fit_weight
        self.title_weight = title_weight
        self.k = k
        docs = [Counter(tokens(e.title)) for e in self.entries]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = len(docs)
        self._idf_oov = math.log(n + 1) + 1.0
        self._idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
        self._vectors = [self._vector(doc) for doc in docs]
        years = [e.year for e in self.entries if e.year is not None]
        lo, hi = (min(years), max(years)) if years else (0, 0)
        self._weights = [
            1.0 + recency_boost * ((e.year - lo) / (hi - lo))
            if e.year is not None and hi > lo
            else 1.0
            for e in self.entries
        ]

    @classmethod
    def from_document(cls, doc: Document, spec: QuerySpec, **options: float) -> Ranker:
        """Rank against the list's paper entries; resource sections (blogs, videos) are not
        what the digest looks for. Entries take their section's year when they have none."""
        papers = [
            _with_year(e, doc)
            for e in doc.entries
            if doc.sections[e.section].kind in (SectionKind.YEAR, SectionKind.PAPERS)
        ]
        return cls(papers or list(doc.entries), spec, **options)  # type: ignore[arg-type]

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        vec = {t: (1.0 + math.log(c)) * self._idf.get(t, self._idf_oov) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def _similarities(self, text: str) -> list[float]:
        vec = self._vector(Counter(tokens(text)))
        return [sum(w * other.get(t, 0.0) for t, w in vec.items()) for other in self._vectors]

    def explain(self, paper: Paperlike) -> Ranked:
        by_title = self._similarities(paper.title)
        if paper.summary:
            by_all = self._similarities(f"{paper.title} {paper.summary}")
            sims = [
                self.title_weight * a + (1 - self.title_weight) * b
                for a, b in zip(by_title, by_all, strict=True)
            ]
        else:
            sims = by_title
        weighted = sorted(
            (
                Neighbour(entry, s * w)
                for entry, s, w in zip(self.entries, sims, self._weights, strict=True)
            ),
            key=lambda nb: nb.similarity,
            reverse=True,
        )
        nearest = tuple(nb for nb in weighted[: self.k] if nb.similarity > 0)
        fit = sum(nb.similarity for nb in weighted[: self.k]) / self.k if weighted else 0.0
        keyword, matched = self.keywords.score(paper.title, paper.summary)
        score = self.fit_weight * fit + (1 - self.fit_weight) * keyword
        return Ranked(paper, score, fit, keyword, matched, nearest)

    def rank(self, papers: Iterable[Paperlike]) -> list[Ranked]:
        """Best first; ties keep arXiv's order (newest first)."""
        ranked = [self.explain(p) for p in papers]
        return sorted(ranked, key=lambda r: r.score, reverse=True)


def _with_year(entry: Entry, doc: Document) -> Entry:
    if entry.year is not None:
        return entry
    year = doc.sections[entry.section].effective_year
    if year is None:
        return entry
    return replace(entry, year=year)


def keyword_only(papers: Iterable[Paperlike], spec: QuerySpec) -> list[tuple[Paperlike, float]]:
    """The baseline: rank by the keyword share alone, more matched terms first on ties."""
    matcher = KeywordMatcher(spec)
    scored = []
    for p in papers:
        share, matched = matcher.score(p.title, p.summary)
        scored.append((p, share + 0.001 * len(matched)))
    return sorted(scored, key=lambda item: item[1], reverse=True)


def placement(ranked: Ranked, doc: Document, published_year: int | None) -> Placement:
    """Where the paper would go: its year's section and the topic most of its neighbours share."""
    years = {s.year for s in doc.sections if s.kind is SectionKind.YEAR and s.year is not None}
    votes: Counter[str] = Counter()
    for nb in ranked.nearest:
        if nb.entry.topic:
            votes[nb.entry.topic] += nb.similarity
    topic = votes.most_common(1)[0][0] if votes else None
    if not years:
        return Placement(None, False, topic)
    return Placement(published_year, published_year in years, topic)

"""Build the arXiv ``search_query`` for a list's digest config. Pure.

The query is ``(any keyword) AND (each required group) AND (any category) AND submittedDate:[…]
ANDNOT (any excluded term)``. Every term is searched in titles and abstracts (``ti:``/``abs:``),
not ``all:``, which also matches author names and comments. Terms with spaces or hyphens are
quoted as phrases: arXiv tokenises ``self-supervised`` as the phrase ``self supervised``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

_SAFE_TERM = re.compile(r"^[\w.*]+$", re.UNICODE)
# Quotes and parentheses would break out of the phrase or the group the term sits in.
_UNSAFE_CHARS = re.compile(r'["()]')


@dataclass(frozen=True, slots=True)
class QuerySpec:
    """The digest's query settings, from ``digest:`` in ``.paperlist.yml``."""

    keywords: tuple[str, ...] = ()  # any of these (phrases included)
    required: tuple[tuple[str, ...], ...] = ()  # every group must match with at least one term
    excluded: tuple[str, ...] = ()  # none of these
    categories: tuple[str, ...] = ()  # any of these arXiv categories

    @classmethod
    def from_config(cls, digest: dict) -> QuerySpec:
        keywords = [*_strings(digest.get("keywords")), *_strings(digest.get("phrases"))]
        required = []
        for group in digest.get("required") or ():
            terms = _strings(group if isinstance(group, list) else [group])
            if terms:
                required.append(tuple(terms))
        return cls(
            keywords=tuple(dict.fromkeys(keywords)),
            required=tuple(required),
            excluded=tuple(_strings(digest.get("excluded"))),
            categories=tuple(_strings(digest.get("categories"))),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.keywords or self.required or self.categories)


def _strings(values: object) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, Iterable):
        return []
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def term(text: str, fields: Sequence[str] = ("ti", "abs")) -> str:
    """One term searched in each of ``fields``: ``(ti:"x y" OR abs:"x y")``."""
    cleaned = " ".join(_UNSAFE_CHARS.sub(" ", text).split())
    if not cleaned:
        raise ValueError(f"empty search term {text!r}")
    value = cleaned if _SAFE_TERM.match(cleaned) else f'"{cleaned}"'
    parts = [f"{field}:{value}" for field in fields]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def any_of(terms: Iterable[str], fields: Sequence[str] = ("ti", "abs")) -> str:
    parts = [term(t, fields) for t in terms]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def submitted_window(since: datetime, until: datetime) -> str:
    """``submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]`` in GMT, the only date form arXiv takes."""
    lo, hi = as_utc(since), as_utc(until)
    if lo > hi:
        raise ValueError(f"window starts after it ends: {lo.isoformat()} > {hi.isoformat()}")
    return f"submittedDate:[{lo:%Y%m%d%H%M} TO {hi:%Y%m%d%H%M}]"


def as_utc(moment: datetime) -> datetime:
    # A naive datetime is taken as UTC: the CLI parses --since/--until that way.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC)


def build_search_query(
    spec: QuerySpec, since: datetime | None = None, until: datetime | None = None
) -> str:
    if spec.is_empty:
        raise ValueError("digest query is empty: set digest.keywords, required or categories")
    clauses: list[str] = []
    if spec.keywords:
        clauses.append(any_of(spec.keywords))
    clauses.extend(any_of(group) for group in spec.required)
    if spec.categories:
        clauses.append(any_of(spec.categories, fields=("cat",)))
    if since is not None and until is not None:
        clauses.append(submitted_window(since, until))
    query = " AND ".join(clauses)
    if spec.excluded:
        query = f"{query} ANDNOT {any_of(spec.excluded)}"
    return query

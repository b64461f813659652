"""arXiv links checked in batches through the query API's ``id_list``. Pure.

One API request answers for up to ``size`` papers, with their titles, instead of one page
request per link — and arXiv asks for at most one request every three seconds. An id the API
does not return is not declared dead here: its link goes back to the ordinary HTTP check, so a
dead verdict always rests on the page's own 404.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlencode

from lint_rules.arxiv_atom import ArxivEntry, parse_feed
from lint_rules.identifiers import arxiv_version

from .verdict import LinkResult, Verdict


def batches(ids: Iterable[str], size: int) -> list[list[str]]:
    """Unique ids in first-seen order, cut into lists of at most ``size``."""
    unique = list(dict.fromkeys(ids))
    size = max(1, size)
    return [unique[i : i + size] for i in range(0, len(unique), size)]


def query_url(base: str, ids: Sequence[str]) -> str:
    separator = "&" if "?" in base else "?"
    query = urlencode({"id_list": ",".join(ids), "max_results": len(ids)}, safe=",/")
    return f"{base}{separator}{query}"


def entries_by_id(body: bytes | str, ids: Sequence[str]) -> dict[str, ArxivEntry]:
    """The batch's answer, by unversioned id. Raises ``ArxivError`` on an error feed."""
    wanted = set(ids)
    return {e.id: e for e in parse_feed(body).entries if e.id in wanted}


def result_for(url: str, identifier: str, entry: ArxivEntry, now: float) -> LinkResult | None:
    """The verdict for ``url`` from its API entry; ``None`` when only the page can tell.

    A link to a version newer than the latest one does not exist on arXiv, but that is for
    the page's own answer to show.
    """
    version = arxiv_version(url)
    if version is not None and version > entry.version:
        return None
    return LinkResult(
        url,
        Verdict.OK,
        200,
        None,
        f"arXiv {entry.versioned_id}",
        arxiv_id=identifier,
        arxiv_title=entry.title,
        checked_at=now,
    )


def split_answer(
    urls_by_id: Mapping[str, Sequence[str]], found: Mapping[str, ArxivEntry], now: float
) -> tuple[dict[str, LinkResult], list[str]]:
    """(results for links the API vouches for, links that need an HTTP check)."""
    results: dict[str, LinkResult] = {}
    unresolved: list[str] = []
    for identifier, urls in urls_by_id.items():
        entry = found.get(identifier)
        for url in urls:
            result = result_for(url, identifier, entry, now) if entry else None
            if result is None:
                unresolved.append(url)
            else:
                results[url] = result
    return results, unresolved

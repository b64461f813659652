"""Helpers shared by the entry styles."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..identifiers import arxiv_id, doi
from .base import Block

_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def item_body(text: str, block: Block) -> tuple[int, int] | None:
    """Offsets of a list item's content after its marker, up to the end of the block."""
    m = _MARKER.match(text, block.start, block.end)
    if m is None:
        return None
    return m.end(), block.end


def identifiers_of(urls: Iterable[str]) -> tuple[str | None, str | None]:
    """The first arXiv id and the first DOI found among the links."""
    found_arxiv = found_doi = None
    for url in urls:
        if found_arxiv is None:
            found_arxiv = arxiv_id(url)
        if found_doi is None:
            found_doi = doi(url)
    return found_arxiv, found_doi

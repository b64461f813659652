"""Helpers shared by the entry styles."""

from __future__ import annotations

from collections.abc import Iterable

from ..lazy_regex import lazy_compile
from ..model import Link
from .base import Block

_MARKER = lazy_compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
# The line break before a nested list item.
_NESTED_ITEM = lazy_compile(r"\n[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t]|\r?\n|$)")


def item_body(text: str, block: Block) -> tuple[int, int] | None:
    """Offsets of a list item's content after its marker, up to the end of the block."""
    m = _MARKER.match(text, block.start, block.end)
    if m is None:
        return None
    return m.end(), block.end


def inline_end(text: str, pos: int, end: int) -> int:
    """Where an item's own text ends: before its first nested list item, if any. A paper
    nested under another is not part of it: its links, venue and punctuation must not be read
    (and fixed) as the parent's."""
    m = _NESTED_ITEM.search(text, pos, end)
    return end if m is None else m.start()


def identifiers_of(links: Iterable[Link]) -> tuple[str | None, str | None]:
    """The first arXiv id and the first DOI found among the links (their identities, derived
    once per link and kept for the rules)."""
    found_arxiv = found_doi = None
    for link in links:
        identity = link.identity
        if found_arxiv is None:
            found_arxiv = identity.arxiv_id
        if found_doi is None:
            found_doi = identity.doi
    return found_arxiv, found_doi

"""What an entry style sees and returns.

The parser cuts each section into blocks (list items, paragraphs, table rows) using markdown-it's
source maps; a style turns a section's blocks into entries, candidates (blocks that look like they
should be entries but do not parse) and nothing (blocks that are not entries at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..lazy_regex import lazy_compile
from ..model import Candidate, Entry
from ..source import SourceText


@dataclass(frozen=True, slots=True, eq=False)
class Block:
    kind: str  # "item" (list item), "paragraph", "table", "html", "code", "blockquote"
    line: int  # 1-based, first line
    end_line: int  # 1-based, last line (inclusive)
    start: int  # offset of the first line's start
    end: int  # offset of the last line's end (before its line ending)
    depth: int = 0  # list nesting depth for items (0 = top level)
    ordered: bool = False
    children: tuple[Block, ...] = field(default=())  # nested items of an item


@dataclass(frozen=True, slots=True, eq=False)
class SectionContext:
    source: SourceText
    section: int
    # (line, topic name) pairs for the topic subheadings of this section, in order.
    topics: tuple[tuple[int, str], ...] = ()

    def topic_at(self, line: int) -> str | None:
        current = None
        for topic_line, name in self.topics:
            if topic_line > line:
                break
            current = name
        return current


class Style(Protocol):
    name: str
    description: str

    def parse_section(
        self, blocks: list[Block], ctx: SectionContext
    ) -> list[Entry | Candidate]: ...


_YEAR_TAIL = lazy_compile(r"(?:^|(?<=[\s'’,(])|(?<=[A-Za-z]))(?P<year>(?:19|20)\d{2})\)?$")
_SHORT_YEAR = lazy_compile(r"['’](?P<yy>\d{2})$")


def split_venue_year(text: str) -> tuple[str | None, int | None]:
    """``"MICCAI 2020"`` -> ``("MICCAI", 2020)``; ``"TMI"`` -> ``("TMI", None)``;
    ``"2019"`` -> ``(None, 2019)``; ``"MICCAI'20"`` -> ``("MICCAI", 2020)``."""
    text = text.strip().rstrip(".").strip()
    if not text:
        return None, None
    m = _YEAR_TAIL.search(text)
    if m:
        name = text[: m.start()].rstrip(" ,('’").strip()
        return (name or None), int(m.group("year"))
    m = _SHORT_YEAR.search(text)
    if m:
        name = text[: m.start()].strip()
        return (name or None), 2000 + int(m.group("yy"))
    return text, None

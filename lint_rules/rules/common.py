"""Small helpers shared by rules."""

from __future__ import annotations

import re

from lint_rules.lazy_regex import lazy_compile


def clip(text: str, width: int = 70) -> str:
    """Shorten a quoted value for a message."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# Link markup that renders as raw text: `[[Paper(https://…)]` (no `]` before the URL) and
# `[[pdf]] (https://…)` (a space between label and URL).
_BROKEN_LINK = lazy_compile(
    r"\[\[?[^\[\]\n()]{0,39}[^\s\[\]()]\((?:https?://|www\.)[^\s)]*\)?\]?"
    r"|\[[^\[\]\n]{1,200}\]\][ \t]+\((?:https?://|www\.)[^\s)]*\)"
    r"|\[[^\[\]\n]{1,40}\][ \t]+\((?:https?://|www\.)[^\s)]*\)(?=\s*(?:\\|$|\[))",
    re.IGNORECASE | re.MULTILINE,
)


def broken_links(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of link markup between ``start`` and ``end`` that renders as raw text."""
    return [m.span() for m in _BROKEN_LINK.finditer(text, start, end)]

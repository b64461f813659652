"""Scanning inline markdown links with exact offsets.

markdown-it-py's inline tokens carry no columns, and rules need the exact offsets of a title or a
URL to fix it; so links are scanned here, leniently: a destination with spaces is still returned
(as CommonMark would not) so that a rule can report it instead of losing the link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Link, LinkRole, Span
from .source import SourceText

_BARE_URL = re.compile(r"(?<![(<\w/])(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"*_]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>")


@dataclass(frozen=True, slots=True)
class RawLink:
    label: str
    label_start: int
    label_end: int
    url: str  # the destination as written, without a title and the angle brackets
    url_start: int
    url_end: int
    start: int  # at the "["
    end: int  # just past the ")"
    bare: bool = False
    image: bool = False


def _closing(text: str, i: int, end: int, opener: str, closer: str, *, in_label: bool) -> int:
    """Index of the ``closer`` matching the ``opener`` at ``i``, or -1.

    Backslash escapes and nesting are honoured. In a link label a code span hides brackets; a
    destination cannot run over a blank line.
    """
    depth = 0
    j = i
    while j < end:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "`" and in_label:
            run = j
            while run < end and text[run] == "`":
                run += 1
            close = text.find("`" * (run - j), run, end)
            if close != -1:
                j = close + (run - j)
                continue
        if c == opener:
            depth += 1
        elif c == closer:
            depth -= 1
            if depth == 0:
                return j
        elif c == "\n" and not in_label and j + 1 < end and text[j + 1] == "\n":
            return -1
        j += 1
    return -1


def match_bracket(text: str, i: int, end: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``i``, or -1."""
    return _closing(text, i, end, "[", "]", in_label=True)


_TITLE = re.compile(r"""\s+("[^"]*"|'[^']*'|\([^)]*\))\s*$""")


# Most links have a plain label and destination: matched by one regex, without the scanner.
_SIMPLE_LINK = re.compile(r"\[([^\[\]\\`\n]*)\]\(([^()\s\\<>\"']*)\)")


def link_at(text: str, i: int, end: int) -> RawLink | None:
    """The inline link whose ``[`` is at ``i``, if one starts there."""
    simple = _SIMPLE_LINK.match(text, i, end)
    if simple is not None:
        image = i > 0 and text[i - 1] == "!"
        return RawLink(simple.group(1), i + 1, simple.end(1), simple.group(2), simple.start(2),
                       simple.end(2), i - 1 if image else i, simple.end(), image=image)
    close = match_bracket(text, i, end)
    if close == -1 or close + 1 >= end or text[close + 1] != "(":
        return None
    paren_close = _closing(text, close + 1, end, "(", ")", in_label=False)
    if paren_close == -1:
        return None
    dest_start, dest_end = close + 2, paren_close
    dest = text[dest_start:dest_end]
    lead = len(dest) - len(dest.lstrip())
    dest_start += lead
    dest = dest.strip()
    dest_end = dest_start + len(dest)
    title = _TITLE.search(dest)
    if title and not dest.startswith("<"):
        dest = dest[: title.start()]
        dest_end = dest_start + len(dest)
    if dest.startswith("<") and dest.endswith(">"):
        dest_start += 1
        dest_end -= 1
        dest = dest[1:-1]
    image = i > 0 and text[i - 1] == "!"
    return RawLink(
        label=text[i + 1 : close],
        label_start=i + 1,
        label_end=close,
        url=dest,
        url_start=dest_start,
        url_end=dest_end,
        start=i - 1 if image else i,
        end=paren_close + 1,
        image=image,
    )


def find_links(text: str, start: int = 0, end: int | None = None) -> list[RawLink]:
    """Every inline link, autolink and bare URL in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    found: list[RawLink] = []
    i = text.find("[", start, end)
    while i != -1:
        if i > 0 and text[i - 1] == "\\":
            i = text.find("[", i + 1, end)
            continue
        link = link_at(text, i, end)
        if link is not None:
            found.append(link)
            # A link nested in the label (a badge inside a link) is rare: the outer one wins.
            i = text.find("[", link.end, end)
            continue
        i = text.find("[", i + 1, end)
    covered = [(lk.start, lk.end) for lk in found]

    def inside(pos: int) -> bool:
        return any(s <= pos < e for s, e in covered)

    segment = text[start:end]
    for m in _AUTOLINK.finditer(segment):
        pos = start + m.start()
        if not inside(pos):
            u = m.group(1)
            found.append(RawLink(u, pos + 1, pos + 1 + len(u), u, pos + 1, pos + 1 + len(u),
                                 pos, start + m.end(), bare=True))
            covered.append((pos, start + m.end()))
    for m in _BARE_URL.finditer(segment):
        pos = start + m.start()
        if not inside(pos):
            u = m.group(0)
            found.append(RawLink(u, pos, pos + len(u), u, pos, pos + len(u), pos, pos + len(u),
                                 bare=True))
    found.sort(key=lambda lk: lk.start)
    return found


def link_of(raw: RawLink, source: SourceText, role: LinkRole = LinkRole.OTHER) -> Link:
    """The model's :class:`Link` for a scanned link."""
    return Link(raw.label, raw.url, source.line_of(raw.start), Span(raw.start, raw.end),
                Span(raw.url_start, raw.url_end), role, raw.bare)

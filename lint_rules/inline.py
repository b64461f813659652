"""Scanning inline markdown links with exact offsets.

markdown-it-py's inline tokens carry no columns, and rules need the exact offsets of a title or a
URL to fix it; so links are scanned here, leniently: a destination with spaces is still returned
(as CommonMark would not) so that a rule can report it instead of losing the link.

Every scan is linear in the text it is given, whatever the text: a pull request may hold
20,000 unclosed ``[`` or 30,000 backticks on one line. Code spans, brackets and parentheses are
matched once per region in one pass each (:class:`_Matches`), never by a scan that restarts at
each opener, and the few patterns left are anchored or cannot backtrack over a run.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .lazy_regex import lazy_compile
from .model import Link, LinkRole, Span
from .source import SourceText

_BARE_URL = lazy_compile(r"(?<![(<\w/])(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"*_]")
_AUTOLINK = lazy_compile(r"<((?:https?|ftp)://[^\s<>]+)>")
_BACKTICKS = lazy_compile(r"`+")
# What the bracket and parenthesis matcher looks at; an escape takes the character after it.
_DELIMITERS = lazy_compile(r"\\[\s\S]|[\[\]()]|\n\r?\n")


@dataclass(frozen=True, slots=True, eq=False)
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


class _Matches:
    """The openers of ``text[start:end]`` and where each closes, found in one pass.

    - Code spans (a backtick run up to the next run of the same length) hide brackets, as in
      CommonMark; a backslash before the opening run makes its first backtick literal.
    - ``[`` and ``]`` outside code spans and escapes pair up like parentheses: a ``[`` whose
      ``]`` never comes closes nowhere (-1).
    - ``(`` and ``)`` pair up the same way, code spans or not, but never across a blank line: a
      link destination cannot run over one.
    """

    __slots__ = ("brackets", "openers", "parens")

    def __init__(self, text: str, start: int, end: int) -> None:
        spans = _code_spans(text, start, end)
        self.brackets: dict[int, int] = {}
        self.parens: dict[int, int] = {}
        self.openers: list[int] = []  # every "[" that may open a link, in order
        squares: list[int] = []
        rounds: list[int] = []
        k = 0  # the first code span that does not end before the current position
        for m in _DELIMITERS.finditer(text, start, end):
            pos = m.start()
            c = text[pos]
            if c == "\\":
                continue
            if c == "\n":
                rounds.clear()
                continue
            if c in "()":
                if c == "(":
                    rounds.append(pos)
                    self.parens[pos] = -1
                elif rounds:
                    self.parens[rounds.pop()] = pos
                continue
            while k < len(spans) and spans[k][1] <= pos:
                k += 1
            if k < len(spans) and spans[k][0] <= pos:
                continue  # inside a code span
            if c == "[":
                squares.append(pos)
                self.openers.append(pos)
                self.brackets[pos] = -1
            elif squares:
                self.brackets[squares.pop()] = pos


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[(start, end), …]`` of the code spans in ``text[start:end]``, in order."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end)]
    if len(runs) < 2:
        return []
    # For each run length, the starts of the runs of that length: a closer is the next one.
    by_length: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(runs):
        by_length.setdefault(e - s, []).append(i)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        s, e = runs[i]
        escapes = 0
        while s - escapes - 1 >= start and text[s - escapes - 1] == "\\":
            escapes += 1
        if escapes % 2:
            s += 1  # "\`": that backtick is literal, the rest of the run may still open
        same = by_length.get(e - s)
        if same is None:
            i += 1
            continue
        at = bisect_right(same, i)
        if at == len(same):
            i += 1
            continue
        close = same[at]
        spans.append((s, runs[close][1]))
        i = close + 1
    return spans


def match_bracket(text: str, i: int, end: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``i``, or -1."""
    return _Matches(text, i, end).brackets.get(i, -1)


def _title_start(dest: str) -> int:
    """Where a link title (``"…"``, ``'…'`` or ``(…)`` after spacing, at the very end of the
    destination) starts, spacing included; -1 without one. Found from the end, so a
    destination of 25,000 spaces costs one pass, not one per space."""
    if len(dest) < 3:
        return -1
    last = dest[-1]
    opener = {'"': '"', "'": "'", ")": "("}.get(last)
    if opener is None:
        return -1
    q = dest.rfind(opener, 0, len(dest) - 1)
    if q <= 0 or not dest[q - 1].isspace():
        return -1
    if last == ")" and dest.find(")", q + 1, len(dest) - 1) != -1:
        return -1
    return len(dest[:q].rstrip())


# Most links have a plain label and destination: matched by one regex, without the scanner.
_SIMPLE_LINK = lazy_compile(r"\[([^\[\]\\`\n]*)\]\(([^()\s\\<>\"']*)\)")


def link_at(text: str, i: int, end: int) -> RawLink | None:
    """The inline link whose ``[`` is at ``i``, if one starts there."""
    return _link_at(text, i, end, None)


def _link_at(text: str, i: int, end: int, matches: _Matches | None) -> RawLink | None:
    simple = _SIMPLE_LINK.match(text, i, end)
    if simple is not None:
        image = i > 0 and text[i - 1] == "!"
        return RawLink(simple.group(1), i + 1, simple.end(1), simple.group(2), simple.start(2),
                       simple.end(2), i - 1 if image else i, simple.end(), image=image)
    if matches is None:
        matches = _Matches(text, i, end)
    close = matches.brackets.get(i, -1)
    if close == -1 or close + 1 >= end or text[close + 1] != "(":
        return None
    paren_close = matches.parens.get(close + 1, -1)
    if paren_close == -1:
        return None
    dest_start, dest_end = close + 2, paren_close
    dest = text[dest_start:dest_end]
    lead = len(dest) - len(dest.lstrip())
    dest_start += lead
    dest = dest.strip()
    dest_end = dest_start + len(dest)
    if not dest.startswith("<"):
        title = _title_start(dest)
        if title != -1:
            dest = dest[:title]
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


class _Covered:
    """Sorted, merged ``[start, end)`` ranges; membership by bisection."""

    __slots__ = ("ends", "starts")

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(ranges):
            if self.ends and s <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], e)
            else:
                self.starts.append(s)
                self.ends.append(e)

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


def find_links(text: str, start: int = 0, end: int | None = None) -> list[RawLink]:
    """Every inline link, autolink and bare URL in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    found: list[RawLink] = []
    if text.find("[", start, end) != -1:
        if text.find("`", start, end) == -1 and text.find("\\", start, end) == -1:
            found = _plain_links(text, start, end)
        else:
            found = _links(text, start, end, _Matches(text, start, end))
    schemes = text.count("://", start, end)
    if schemes == 0 or schemes == sum(text.count("://", lk.start, lk.end) for lk in found):
        return found  # every URL of the region is inside a link: no bare URL to look for
    covered = _Covered([(lk.start, lk.end) for lk in found])
    autolinks: list[RawLink] = []
    # The patterns run on the region alone: their lookbehinds must not see the text before it.
    segment = text[start:end]
    for m in _AUTOLINK.finditer(segment):
        pos = start + m.start()
        if pos not in covered:
            u = m.group(1)
            autolinks.append(RawLink(u, pos + 1, pos + 1 + len(u), u, pos + 1, pos + 1 + len(u),
                                     pos, start + m.end(), bare=True))
    if autolinks:
        found += autolinks
        covered = _Covered([(lk.start, lk.end) for lk in found])
    for m in _BARE_URL.finditer(segment):
        pos = start + m.start()
        if pos not in covered:
            u = m.group(0)
            found.append(RawLink(u, pos, pos + len(u), u, pos, pos + len(u), pos, pos + len(u),
                                 bare=True))
    found.sort(key=lambda lk: lk.start)
    return found


def _links(text: str, start: int, end: int, matches: _Matches) -> list[RawLink]:
    found: list[RawLink] = []
    openers = matches.openers
    k = 0
    while k < len(openers):
        i = openers[k]
        if i == start and i > 0 and text[i - 1] == "\\":
            k += 1  # escaped by a backslash just before the region
            continue
        link = _link_at(text, i, end, matches)
        if link is None:
            k += 1
            continue
        found.append(link)
        # A link nested in the label (a badge inside a link) is rare: the outer one wins.
        k = bisect_left(openers, link.end, k + 1)
    return found


# A label without brackets on one line: its "]" is the one that closes it.
_PLAIN_LABEL = lazy_compile(r"\[[^\[\]\n]*\]")


def _plain_links(text: str, start: int, end: int) -> list[RawLink]:
    """:func:`_links` for a region without backticks or backslashes (most entries): no code
    span or escape can hide a bracket, so the usual link and the usual non-link (a ``[ ]``
    checkbox, ``[2020]``) are told by a pattern; the matcher is built only for the rest."""
    found: list[RawLink] = []
    matches: _Matches | None = None
    i = text.find("[", start, end)
    if i == start and start > 0 and text[start - 1] == "\\":
        i = text.find("[", i + 1, end)  # escaped by a backslash just before the region
    while i != -1:
        if matches is None and _SIMPLE_LINK.match(text, i, end) is None:
            inner = _SIMPLE_LINK.match(text, i + 1, end) if text.startswith("[", i + 1) else None
            if inner is not None and text.startswith("]", inner.end()) and \
                    not text.startswith("(", inner.end() + 1):
                i += 1  # "[[Code](url)]": the outer brackets hold a link, and are none
                continue
            label = _PLAIN_LABEL.match(text, i, end)
            if label is not None and (label.end() >= end or text[label.end()] != "("):
                i = text.find("[", i + 1, end)  # a bracketed word, not a link
                continue
            matches = _Matches(text, start, end)
        link = _link_at(text, i, end, matches)
        if link is None:
            i = text.find("[", i + 1, end)
            continue
        found.append(link)
        i = text.find("[", link.end, end)
    return found


def link_of(raw: RawLink, source: SourceText, role: LinkRole = LinkRole.OTHER) -> Link:
    """The model's :class:`Link` for a scanned link."""
    return Link(raw.label, raw.url, source.line_of(raw.start), Span(raw.start, raw.end),
                Span(raw.url_start, raw.url_end), role, raw.bare)

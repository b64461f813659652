"""A PR file's ``patch`` (as the pull files endpoint returns it) → hunks → new-file line sets.

Pure. GitHub anchors a review comment on a RIGHT-side line: an added (``+``) or context line of
the new file, and a multi-line comment only within one hunk. This module answers exactly those
questions, so nothing ever sends an anchor GitHub would refuse (one bad anchor and the whole
review is rejected with 422).
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


class LineKind(StrEnum):
    ADDED = "+"
    DELETED = "-"
    CONTEXT = " "


@dataclass(frozen=True, slots=True)
class DiffLine:
    kind: LineKind
    old: int | None  # line in the old file, None for an added line
    new: int | None  # line in the new file, None for a deleted line
    text: str


@dataclass(frozen=True, slots=True)
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    lines: tuple[DiffLine, ...]

    @property
    def right(self) -> frozenset[int]:
        """New-file lines GitHub shows on the RIGHT side: added and context lines."""
        return frozenset(ln.new for ln in self.lines if ln.new is not None)

    @property
    def added(self) -> frozenset[int]:
        return frozenset(ln.new for ln in self.lines
                         if ln.kind is LineKind.ADDED and ln.new is not None)


@dataclass(frozen=True, slots=True)
class FileDiff:
    """One changed file. ``has_patch`` is False when GitHub left the patch out (binary, huge,
    or past the response's line budget): nothing in it can be anchored then, and its hunks, if
    any, were computed here from the two versions."""

    path: str
    status: str = "modified"
    hunks: tuple[Hunk, ...] = ()
    has_patch: bool = True
    previous_path: str | None = None
    _hunk_by_line: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    # Computed once: the filter asks for every line of every finding.
    _added: set[int] = field(default_factory=set, compare=False, repr=False)
    _cache: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for i, hunk in enumerate(self.hunks):
            for line in hunk.lines:
                if line.new is not None:
                    self._hunk_by_line[line.new] = i
                    if line.kind is LineKind.ADDED:
                        self._added.add(line.new)

    @property
    def added_lines(self) -> frozenset[int]:
        return frozenset(self._added)

    def is_added(self, line: int) -> bool:
        return line in self._added

    def touches(self, first: int, last: int) -> bool:
        """Whether the PR adds any of lines ``first``..``last`` (in time independent of the
        span: a hostile entry may span thousands of lines)."""
        return _any_between(self._sorted("_added_sorted", self._added), first, last)

    def shows_any(self, first: int, last: int) -> bool:
        """Whether the diff shows any of lines ``first``..``last`` on its RIGHT side."""
        return _any_between(self._sorted("_right_sorted", self._hunk_by_line), first, last)

    def same_hunk(self, first: int, last: int) -> bool:
        """Whether one hunk shows every line of ``first``..``last`` (a hunk's RIGHT lines are
        consecutive, so its two ends decide)."""
        i = self._hunk_by_line.get(first)
        return i is not None and i == self._hunk_by_line.get(last)

    def _sorted(self, name: str, lines: Iterable[int]) -> list[int]:
        cached = self._cache.get(name)
        if cached is None:
            cached = self._cache[name] = sorted(lines)
        return cached

    @property
    def right_lines(self) -> frozenset[int]:
        return frozenset(self._hunk_by_line)

    def hunk_index(self, line: int) -> int | None:
        """The hunk whose RIGHT side shows ``line``, or None when the line is outside the diff."""
        return self._hunk_by_line.get(line)


def _any_between(ordered: list[int], first: int, last: int) -> bool:
    i = bisect_left(ordered, first)
    return i < len(ordered) and ordered[i] <= last


class PatchError(ValueError):
    """A patch that does not follow the unified-diff grammar GitHub emits."""


def parse_patch(patch: str) -> tuple[Hunk, ...]:
    """Parse GitHub's ``patch`` text (hunks only, no ``---``/``+++`` header)."""
    hunks: list[Hunk] = []
    lines: list[DiffLine] = []
    header: tuple[int, int, int, int] | None = None
    old = new = 0

    def close() -> None:
        if header is not None:
            hunks.append(Hunk(*header, tuple(lines)))

    for raw in patch.split("\n"):
        m = _HEADER.match(raw)
        if m:
            close()
            old_start, new_start = int(m.group(1)), int(m.group(3))
            old_count = int(m.group(2)) if m.group(2) is not None else 1
            new_count = int(m.group(4)) if m.group(4) is not None else 1
            header = (old_start, old_count, new_start, new_count)
            lines = []
            old, new = old_start, new_start
            continue
        if header is None:
            if raw.strip():
                raise PatchError(f"text before the first hunk header: {raw[:40]!r}")
            continue
        if raw.startswith("\\"):  # "\ No newline at end of file" is not a line of either side
            continue
        if raw.startswith("+"):
            lines.append(DiffLine(LineKind.ADDED, None, new, raw[1:]))
            new += 1
        elif raw.startswith("-"):
            lines.append(DiffLine(LineKind.DELETED, old, None, raw[1:]))
            old += 1
        elif raw.startswith(" ") or raw == "":
            if raw == "" and new - header[2] >= header[3] and old - header[0] >= header[1]:
                continue  # a trailing empty string after the last line, not a context line
            lines.append(DiffLine(LineKind.CONTEXT, old, new, raw[1:]))
            old += 1
            new += 1
        else:
            raise PatchError(f"unexpected diff line: {raw[:40]!r}")
    close()
    return tuple(hunks)


def file_diff(path: str, patch: str | None, *, status: str = "modified",
              previous_path: str | None = None, fallback: tuple[str, str] | None = None
              ) -> FileDiff:
    """A file's diff from GitHub's ``patch``; without one, from ``fallback`` (old, new text)
    when given, marked ``has_patch=False`` so that nothing is anchored on it."""
    if patch is None:
        hunks = diff_texts(*fallback) if fallback is not None else ()
        return FileDiff(path, status, hunks, has_patch=False, previous_path=previous_path)
    return FileDiff(path, status, parse_patch(patch), previous_path=previous_path)


# Up to this many line pairs, difflib's exact (and GitHub-like) diff; beyond, a patience diff,
# whose time grows as n log n: a PR can make both versions of a file 2 MB.
EXACT_PAIRS = 1_000_000
MAX_DEPTH = 8  # patience recursion into the gaps between unique-line anchors


def diff_texts(old: str, new: str, context: int = 3) -> tuple[Hunk, ...]:
    """Hunks between two texts, computed here: for a file whose patch GitHub left out.

    Such hunks tell which lines the PR changed, never where GitHub accepts an anchor.
    """
    a, b = old.splitlines(), new.splitlines()
    matcher: difflib.SequenceMatcher[str]
    if len(a) * len(b) <= EXACT_PAIRS:
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    else:
        matcher = _Precomputed(a, b, _patience_opcodes(a, b))
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        lines: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine(LineKind.CONTEXT, i1 + k + 1, j1 + k + 1, a[i1 + k])
                          for k in range(i2 - i1)]
                continue
            lines += [DiffLine(LineKind.DELETED, i + 1, None, a[i]) for i in range(i1, i2)]
            lines += [DiffLine(LineKind.ADDED, None, j + 1, b[j]) for j in range(j1, j2)]
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        hunks.append(Hunk(i1 + 1, i2 - i1, j1 + 1, j2 - j1, tuple(lines)))
    return tuple(hunks)


Opcode = tuple[str, int, int, int, int]


class _Precomputed(difflib.SequenceMatcher):  # type: ignore[type-arg]
    """difflib's hunk grouping over opcodes computed elsewhere."""

    def __init__(self, a: list[str], b: list[str], opcodes: list[Opcode]) -> None:
        super().__init__(None, [], [], autojunk=False)
        self.a, self.b = a, b
        self._opcodes = opcodes

    def get_opcodes(self) -> list[Opcode]:
        return self._opcodes


def _patience_opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """Opcodes of a patience diff: common ends, then lines unique to both sides that keep their
    order as anchors, recursively in the gaps; what stays unmatched is changed."""
    pairs: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b), 0)]
    while stack:
        alo, ahi, blo, bhi, depth = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            pairs.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            pairs.append((ahi, bhi))
        if alo >= ahi or blo >= bhi or depth >= MAX_DEPTH:
            continue
        anchors = _unique_anchors(a, alo, ahi, b, blo, bhi)
        prev_i, prev_j = alo, blo
        for i, j in anchors:
            stack.append((prev_i, i, prev_j, j, depth + 1))
            pairs.append((i, j))
            prev_i, prev_j = i + 1, j + 1
        if anchors:
            stack.append((prev_i, ahi, prev_j, bhi, depth + 1))
    pairs.sort()
    ops: list[Opcode] = []
    i = j = 0
    for pi, pj in [*pairs, (len(a), len(b))]:
        if i < pi or j < pj:
            tag = "replace" if i < pi and j < pj else "delete" if i < pi else "insert"
            ops.append((tag, i, pi, j, pj))
        if pi < len(a) and pj < len(b):
            if ops and ops[-1][0] == "equal" and ops[-1][2] == pi and ops[-1][4] == pj:
                ops[-1] = ("equal", ops[-1][1], pi + 1, ops[-1][3], pj + 1)
            else:
                ops.append(("equal", pi, pi + 1, pj, pj + 1))
        i, j = pi + 1, pj + 1
    return ops


def _unique_anchors(a: list[str], alo: int, ahi: int, b: list[str], blo: int,
                    bhi: int) -> list[tuple[int, int]]:
    """Lines occurring once in each range, longest run keeping the same order on both sides."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    candidates = [(i, where_b[a[i]]) for i in range(alo, ahi)
                  if count_a[a[i]] == 1 and a[i] in where_b]
    # Longest increasing subsequence of the b positions (patience sorting).
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(candidates):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back.append(tail_at[pos - 1] if pos else -1)
    out: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(candidates[k])
        k = back[k]
    return out[::-1]

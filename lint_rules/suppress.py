"""Inline suppression by HTML comment, markdownlint style.

``<!-- paperlist-disable-next-line PL103 -->``, ``<!-- paperlist-disable-line -->`` (on the
line itself), ``<!-- paperlist-disable PL1 -->`` … ``<!-- paperlist-enable PL1 -->`` for a
block, and ``<!-- paperlist-disable-file PL108 -->``. No codes means every rule; codes may be
prefixes or rule names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lint_rules.lazy_regex import lazy_compile

_COMMENT = lazy_compile(
    r"<!--\s*paperlist-(?P<verb>disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?P<codes>(?:[\s,]+[A-Za-z][\w-]*)*)\s*-->"
)
_ALL = "*"


@dataclass(frozen=True, eq=False)
class Suppressions:
    """Which codes are disabled on which line; ``file`` holds codes disabled everywhere."""

    by_line: dict[int, frozenset[str]] = field(default_factory=dict)
    file: frozenset[str] = frozenset()

    def is_suppressed(self, code: str, name: str, line: int) -> bool:
        selectors = self.file | self.by_line.get(line, frozenset())
        return any(
            s == _ALL or code.startswith(s.upper()) or s.lower() == name for s in selectors
        )


def parse_suppressions(lines: list[str], is_opaque: Callable[[int], bool]) -> Suppressions:
    by_line: dict[int, set[str]] = {}
    file_codes: set[str] = set()
    active: set[str] = set()
    for number, text in enumerate(lines, start=1):
        current = set(active)
        if "paperlist-" in text and not is_opaque(number):
            for m in _COMMENT.finditer(text):
                codes = set(re.findall(r"[A-Za-z][\w-]*", m.group("codes"))) or {_ALL}
                verb = m.group("verb")
                if verb == "disable-next-line":
                    by_line.setdefault(number + 1, set()).update(codes)
                elif verb == "disable-line":
                    current |= codes
                elif verb == "disable-file":
                    file_codes |= codes
                elif verb == "disable":
                    active |= codes
                    current |= codes
                else:  # enable
                    active = set() if _ALL in codes else active - codes
        if current:
            by_line.setdefault(number, set()).update(current)
    return Suppressions({k: frozenset(v) for k, v in by_line.items()}, frozenset(file_codes))

"""What rules return: findings, and fixes as edits on the original text."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Applicability(StrEnum):
    """How far a fix may be trusted.

    SAFE fixes are applied by ``--fix``; UNSAFE ones are shown by ``--diff`` and offered as
    one-click suggestions, because a human accepts them; DISPLAY ones are only shown.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of the original text with ``content``."""

    start: int
    end: int
    content: str

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        return cls(start, end, "")

    @classmethod
    def insert(cls, at: int, content: str) -> Edit:
        return cls(at, at, content)


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    title: str
    applicability: Applicability = Applicability.SAFE

    @classmethod
    def safe(cls, title: str, *edits: Edit) -> Fix:
        return cls(tuple(edits), title, Applicability.SAFE)

    @classmethod
    def unsafe(cls, title: str, *edits: Edit) -> Fix:
        return cls(tuple(edits), title, Applicability.UNSAFE)

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. Lines and columns are 1-based; ``start``/``end`` are offsets."""

    code: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    fix: Fix | None = None
    # Stable identity of what the finding is about (e.g. the normalised entry), used by the bot
    # to recognise a finding across pushes when its line moves.
    subject: str = ""
    related_lines: tuple[int, ...] = field(default=())

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)

"""Reporters: each turns the filtered findings into a plan (data) or text, and posts nothing.

``inline`` builds the review, ``summary`` the sticky comment, ``annotations`` the workflow
commands used when the token cannot write, ``local`` the ``--dry-run`` printout. The gateway
executes plans; the reporters never see GitHub.
"""

# No ``from __future__ import annotations`` here: it would bind the name ``annotations`` in this
# package and shadow the ``annotations`` reporter module on ``from bot.reporters import ...``.
from dataclasses import dataclass

from bot.filter import FilteredFinding
from lint_rules.source import SourceText


@dataclass(frozen=True, slots=True)
class Item:
    """One finding as every reporter sees it: where it falls, its fingerprint, its file's text."""

    filtered: FilteredFinding
    fingerprint: str
    source: SourceText

    @property
    def path(self) -> str:
        return self.filtered.path


def severity_order(item: Item) -> tuple[int, str, int, str]:
    f = item.filtered.finding
    return (-f.severity.rank, item.path, f.line, f.code)

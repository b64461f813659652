"""The immutable rule table: lookup by code or name, and ``--select``/``--ignore`` by prefix.

As in ruff and flake8, the longest matching selector wins, so ``--select PL1 --ignore PL108``
keeps every PL1xx rule but PL108, and ``--ignore PL1 --select PL108`` keeps only PL108 of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import UsageError
from .rule import Rule

# Renamed codes and names keep working: old -> new.
REDIRECTS: dict[str, str] = {}


class Registry:
    def __init__(self, rules: Sequence[type[Rule]]) -> None:
        self._rules = tuple(rules)
        self._by_code = {r.code: r for r in self._rules}
        self._by_name = {r.name: r for r in self._rules}
        if len(self._by_code) != len(self._rules) or len(self._by_name) != len(self._rules):
            raise ValueError("rule codes and names must be unique")

    def __iter__(self):
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, code_or_name: str) -> type[Rule] | None:
        key = REDIRECTS.get(code_or_name, code_or_name)
        return self._by_code.get(key.upper()) or self._by_name.get(key.lower())

    def _matches(self, selector: str) -> list[type[Rule]]:
        sel = REDIRECTS.get(selector, selector)
        if sel.upper() == "ALL":
            return list(self._rules)
        by_name = self._by_name.get(sel.lower())
        if by_name is not None:
            return [by_name]
        found = [r for r in self._rules if r.code.startswith(sel.upper())]
        if not found:
            raise UsageError(f"unknown rule selector `{selector}` (see `paperlist rules`)")
        return found

    def select(
        self, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
    ) -> tuple[type[Rule], ...]:
        """The rules enabled by the selectors; by default all of them."""
        weights: dict[str, tuple[int, bool]] = {}

        def apply(selectors: Iterable[str], enabled: bool) -> None:
            for sel in selectors:
                specificity = 99 if self._by_name.get(sel.lower()) else len(sel)
                for rule in self._matches(sel):
                    current = weights.get(rule.code)
                    if current is None or specificity >= current[0]:
                        weights[rule.code] = (specificity, enabled)

        apply(list(select) if select else ["ALL"], True)
        apply(list(ignore or []), False)
        return tuple(r for r in self._rules if weights.get(r.code, (0, False))[1])

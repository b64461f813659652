"""Patterns compiled on first use: each one compiles, and behaves as the compiled pattern."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import lint_rules
from lint_rules.lazy_regex import _LazyPattern, lazy_compile


def _lazy_patterns() -> list[tuple[str, str, _LazyPattern]]:
    found = []
    for info in pkgutil.walk_packages(lint_rules.__path__, "lint_rules."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, _LazyPattern):
                found.append((info.name, name, value))
    return found


PATTERNS = _lazy_patterns()


def test_the_linter_makes_its_patterns_lazily() -> None:
    # The style and rule modules hold most of them: if they went back to re.compile, every
    # start-up would compile them all again.
    assert len(PATTERNS) >= 60
    assert {module.split(".")[1] for module, _, _ in PATTERNS} >= {"styles", "rules", "inline"}


@pytest.mark.parametrize(("module", "name", "pattern"), PATTERNS,
                         ids=[f"{m}.{n}" for m, n, _ in PATTERNS])
def test_every_lazy_pattern_compiles(module: str, name: str, pattern: _LazyPattern) -> None:
    compiled = re.compile(pattern._source, pattern._flags)
    assert pattern.pattern == compiled.pattern and pattern.flags == compiled.flags
    assert pattern.groupindex == compiled.groupindex


def test_a_lazy_pattern_compiles_once_and_then_is_the_compiled_patterns_methods() -> None:
    pattern = lazy_compile(r"(?P<year>(?:19|20)\d{2})", re.IGNORECASE)
    assert "match" not in vars(pattern)
    assert pattern.search("MICCAI 2020.")["year"] == "2020"
    # After the first use, the methods are the compiled pattern's own (no wrapper per call).
    assert isinstance(pattern.finditer.__self__, re.Pattern)
    assert pattern.match is vars(pattern)["match"]
    assert pattern.sub("YYYY", "in 2021") == "in YYYY"
    assert pattern.flags & re.IGNORECASE
    with pytest.raises(AttributeError):
        _ = pattern.no_such_method  # type: ignore[attr-defined]


def test_a_bad_lazy_pattern_fails_on_first_use() -> None:
    pattern = lazy_compile(r"(unclosed")
    with pytest.raises(re.error):
        pattern.match("x")

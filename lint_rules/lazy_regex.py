"""Regular expressions compiled on first use rather than at import.

Compiling the linter's module-level patterns costs about 12 ms of every start-up, and a typical
run uses half of them: each entry style and many rules have patterns that only their own kind of
list ever reaches. A pre-commit hook pays start-up on every commit, so patterns that not every
run needs are made with :func:`lazy_compile`.

After the first use, the compiled pattern's methods sit on the object itself, so a call costs
what a call on the compiled pattern costs: nothing is added to the per-entry work of a large
list.
"""

from __future__ import annotations

import re
from typing import Any, cast

# What callers may use: methods and attributes of a compiled pattern. `re.sub(p, ...)` and
# `isinstance(p, re.Pattern)` are not supported (call ``p.sub(...)``).
_ATTRIBUTES = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split",
               "scanner", "pattern", "flags", "groups", "groupindex")


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Reached only while the attribute is not yet on the object, i.e. on first use.
        if name not in _ATTRIBUTES:
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        for attribute in _ATTRIBUTES:
            self.__dict__[attribute] = getattr(compiled, attribute)
        return self.__dict__[name]

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r})"


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, int(flags)))

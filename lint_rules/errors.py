"""Errors a user can act on. The CLI catches :class:`PaperlistError` once: exit 2, one line.

    PaperlistError
    ├── UsageError          bad arguments or an unknown rule selector
    ├── InputError          a list file that cannot be read (missing, binary, not UTF-8)
    ├── OutputError         a fixed list that cannot be written back (the list is unchanged)
    ├── ConfigError         an invalid .paperlist.yml: names the key and its line; carries
    │                       every other problem of the same file in ``more`` (one line each)
    └── LinkCheckError      the link checker could not run at all
"""

from __future__ import annotations

from collections.abc import Sequence


class PaperlistError(Exception):
    """Base of every error paperlist reports instead of a traceback."""


class UsageError(PaperlistError):
    pass


class InputError(PaperlistError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class OutputError(PaperlistError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: cannot write the fixed list ({self.reason}); it is unchanged"


class ConfigError(PaperlistError):
    """The first problem of a config (by line) in its fields, the others in ``more``, so that
    a user fixes them all in one round instead of learning of them one run at a time."""

    def __init__(self, path: str, key: str, line: int | None, reason: str,
                 more: Sequence[ConfigError] = ()) -> None:
        super().__init__(path, key, line, reason)
        self.path = path
        self.key = key
        self.line = line
        self.reason = reason
        self.more = tuple(more)

    @property
    def problems(self) -> tuple[ConfigError, ...]:
        """This problem and every other one found in the same file, in line order."""
        return (self, *self.more)

    def one_line(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        key = f"`{self.key}`: " if self.key else ""
        reason = " ".join(self.reason.split())  # one problem, one line, whatever YAML said
        return f"{where}: invalid config: {key}{reason}"

    def __str__(self) -> str:
        return "\n".join(problem.one_line() for problem in self.problems)


class LinkCheckError(PaperlistError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)
        self.url = url
        self.reason = reason

    def __str__(self) -> str:
        return f"link check failed for {self.url}: {self.reason}"

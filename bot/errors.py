"""Errors of the GitHub bot. They extend the linter's hierarchy, so the CLI's one handler
turns each into exit 2 with one line on stderr.

    PaperlistError                (lint_rules.errors)
    └── BotError
        ├── RunContextError       the run cannot be identified: no repository, PR or token
        ├── NotUtf8               a file read from GitHub is not UTF-8 (carries its bytes)
        └── GatewayError          GitHub answered something the bot cannot work with
            ├── PermissionDenied  a write was refused (403/404): a fork's read-only token
            ├── RateLimited       primary or secondary rate limit, with GitHub's wait if given
            └── ResponseTooLarge  an answer over the gateway's size cap
"""

from __future__ import annotations

from lint_rules.errors import PaperlistError


class BotError(PaperlistError):
    """Base of the bot's own errors."""


class RunContextError(BotError):
    def __init__(self, missing: str, hint: str) -> None:
        super().__init__(missing, hint)
        self.missing = missing
        self.hint = hint

    def __str__(self) -> str:
        return f"cannot tell the {self.missing}: {self.hint}"


class GatewayError(BotError):
    def __init__(self, action: str, status: int | None, detail: str,
                 retry_after: float | None = None) -> None:
        super().__init__(action, status, detail)
        self.action = action
        self.status = status
        self.detail = detail
        # Seconds GitHub asked us to wait (rate limits), when it said so.
        self.retry_after = retry_after

    def __str__(self) -> str:
        status = f" (HTTP {self.status})" if self.status is not None else ""
        return f"GitHub refused to {self.action}{status}: {self.detail}"


class PermissionDenied(GatewayError):
    """The token may read but not write, as on a ``pull_request`` run from a fork."""


class RateLimited(GatewayError):
    """GitHub's primary or secondary rate limit; ``retry_after`` holds the wait it asked for."""


class NotUtf8(BotError):
    """A file GitHub served is not valid UTF-8; ``data`` holds its bytes, ``offset`` the first
    byte that cannot be decoded."""

    def __init__(self, path: str, ref: str, data: bytes, offset: int) -> None:
        super().__init__(path, ref, offset)
        self.path = path
        self.ref = ref
        self.data = data
        self.offset = offset

    def __str__(self) -> str:
        return (f"{self.path} at {self.ref[:12]} is not valid UTF-8 (byte {self.offset}); "
                "save it as UTF-8")


class ResponseTooLarge(GatewayError):
    """GitHub (or something posing as it) sent more than the gateway reads in one response."""

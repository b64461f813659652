"""What the convention rules share: thresholds from the config, one message shape."""

from __future__ import annotations

from typing import Any

from lint_rules.conventions import DEFAULT_MIN_COUNT, DEFAULT_MIN_SHARE, Convention, Thresholds


def thresholds(config: Any) -> Thresholds:
    return Thresholds(
        min_share=float(config.get("conventions.min_share", DEFAULT_MIN_SHARE)),
        min_count=int(config.get("conventions.min_count", DEFAULT_MIN_COUNT)),
    )


def share(convention: Convention) -> str:
    """``12 of 14 entries`` for a message."""
    return f"{convention.count} of {convention.total} entries"

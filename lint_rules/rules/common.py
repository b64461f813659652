"""Small helpers shared by rules."""

from __future__ import annotations


def clip(text: str, width: int = 70) -> str:
    """Shorten a quoted value for a message."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"

"""Entry styles: each turns a section's blocks into entries. Detection picks, per section, the
style that reads the most entries; a config can pin one."""

from __future__ import annotations

from .base import Block, SectionContext, Style, split_venue_year
from .checkbox import CheckboxStyle

STYLES: tuple[Style, ...] = (CheckboxStyle(),)
DEFAULT_STYLE = "checkbox"


def style_named(name: str) -> Style | None:
    return next((s for s in STYLES if s.name == name), None)


__all__ = ["DEFAULT_STYLE", "STYLES", "Block", "SectionContext", "Style", "split_venue_year",
           "style_named"]

"""Entry styles: each turns a section's blocks into entries. Detection picks, per section, the
style that reads the most entries (then the one that reads the most of each entry); a config
can pin one. ``checkbox`` comes first: it wins a full tie."""

from __future__ import annotations

from .base import Block, SectionContext, Style, split_venue_year
from .bold_block import BoldBlockStyle
from .bold_year import BoldYearStyle
from .checkbox import CheckboxStyle
from .table import TableStyle
from .title_fields import TitleFieldsStyle
from .title_lines import TitleLinesStyle
from .title_tags import TitleTagsStyle
from .venue_prefix import VenuePrefixStyle
from .year_link import YearLinkStyle

STYLES: tuple[Style, ...] = (
    CheckboxStyle(),  # 1. - [ ] [Title](url). Venue Year. [[Code](url)]
    YearLinkStyle(),  # 2. - [ ] [2020: Title](url). Venue.
    VenuePrefixStyle(),  # 3. [Venue Year] **Title** [[paper]](url) and its variants
    BoldBlockStyle(),  # 4. **Title** / *Authors* / [date] [Venue, Year] / [[Paper](url)]
    TitleLinesStyle(),  # 5. Title / [[pdf]](url) / - Authors. *Venue Year*
    TableStyle(),  # 6. | [Title](url) | Venue | ... | table rows
    TitleFieldsStyle(),  # 7. **Title** / - Paper: url / - Code: url
    BoldYearStyle(),  # 8. - **Title** (YYYY), A. Author et al. [[pdf]](url)
    TitleTagsStyle(),  # 9. Title line / 🕝 **[Venue'YY]** **[[PDF]](url)** tag line
)
DEFAULT_STYLE = "checkbox"


def style_named(name: str) -> Style | None:
    return next((s for s in STYLES if s.name == name), None)


def writes_venue(name: str) -> bool:
    """Whether entries of the style have a place for a venue (most do)."""
    return getattr(style_named(name), "writes_venue", True)


__all__ = ["DEFAULT_STYLE", "STYLES", "Block", "SectionContext", "Style", "split_venue_year",
           "style_named", "writes_venue"]

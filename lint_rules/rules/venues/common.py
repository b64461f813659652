"""What the venue and placement rules share: the entries that name a venue, read once."""

from __future__ import annotations

from collections.abc import Iterator

from lint_rules.model import Document, Entry, Section, SectionKind
from lint_rules.venues import VenueReading, VenueTable

# Resources (blogs, other lists, videos) write authors or sites where papers write venues.
PAPER_SECTIONS = frozenset({SectionKind.YEAR, SectionKind.PAPERS})


def venue_entries(
    doc: Document, table: VenueTable
) -> Iterator[tuple[Entry, Section, VenueReading]]:
    """Paper entries with a venue, their section and their venue as the table reads it."""
    for entry in doc.entries:
        if not entry.venue_text or entry.venue_span is None:
            continue
        section = doc.section_of(entry)
        if section.kind not in PAPER_SECTIONS:
            continue
        yield entry, section, table.read(entry.venue_text)


def heading_of(section: Section) -> str:
    """A section's heading as written in messages: ``## 2020``."""
    return f"{'#' * max(section.level, 1)} {section.title}"

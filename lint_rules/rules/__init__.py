"""Every rule, in the order they run and are documented. Add a rule here by hand: no
import-time registration, so the table is explicit and greppable."""

from __future__ import annotations

from ..rule import Rule
from .conventions.arxiv_form import InconsistentArxivLinkForm
from .conventions.journal_year import InconsistentJournalYear
from .conventions.label_case import InconsistentLabelCase
from .conventions.trailing_period import InconsistentTrailingPeriod
from .conventions.venue_spelling import InconsistentVenueSpelling
from .duplicates.duplicate_entry import DuplicateEntry
from .duplicates.duplicate_title import DuplicateTitle
from .duplicates.shared_paper_link import SharedPaperLink
from .duplicates.similar_title import SimilarTitle
from .format.broken_link_markup import BrokenLinkMarkup
from .format.empty_link import EmptyLink
from .format.empty_title import EmptyTitle
from .format.entry_punctuation import ExtraPeriod, MissingPeriod
from .format.heading_format import HeadingFormat
from .format.insecure_link import InsecureLink
from .format.invisible_character import InvisibleCharacter
from .format.malformed_entry import MalformedEntry
from .format.malformed_extra_link import MalformedExtraLink
from .format.malformed_url import MalformedUrl
from .format.missing_final_newline import MissingFinalNewline
from .format.missing_link import MissingLink
from .format.missing_venue import MissingVenue
from .format.mixed_quotes import MixedQuotes
from .format.non_canonical_arxiv_link import NonCanonicalArxivLink
from .format.padded_link_destination import PaddedLinkDestination
from .format.raw_html_in_entry import RawHtmlInEntry
from .format.trailing_whitespace import TrailingWhitespace
from .format.typographic_ligature import TypographicLigature
from .format.unread_items import UnreadItems
from .links.arxiv_title_mismatch import ArxivTitleMismatch
from .links.dead_link import DeadLink
from .links.link_timeout import LinkTimeout
from .links.permanent_redirect import PermanentRedirect
from .links.preprint_published import PreprintPublished
from .links.unverifiable_link import UnverifiableLink
from .meta.internal_error import InternalError
from .placement.arxiv_after_venue import ArxivAfterVenue
from .placement.arxiv_year_mismatch import ArxivYearMismatch
from .placement.unknown_topic import UnknownTopic
from .placement.venue_year_mismatch import VenueYearMismatch
from .placement.year_sections_out_of_order import YearSectionsOutOfOrder
from .venues.missing_venue_year import MissingVenueYear
from .venues.unknown_venue import UnknownVenue
from .venues.venue_alias import VenueAlias

ALL_RULES: tuple[type[Rule], ...] = (
    InternalError,
    # PL1xx: entry format and hygiene
    MalformedEntry,
    EmptyTitle,
    EmptyLink,
    MalformedUrl,
    MissingVenue,
    MissingPeriod,
    ExtraPeriod,
    MalformedExtraLink,
    TrailingWhitespace,
    TypographicLigature,
    InvisibleCharacter,
    MixedQuotes,
    InsecureLink,
    NonCanonicalArxivLink,
    HeadingFormat,
    MissingFinalNewline,
    RawHtmlInEntry,
    MissingLink,
    UnreadItems,
    BrokenLinkMarkup,
    PaddedLinkDestination,
    # PL2xx: year and section placement
    YearSectionsOutOfOrder,
    VenueYearMismatch,
    ArxivYearMismatch,
    UnknownTopic,
    ArxivAfterVenue,
    # PL3xx: duplicates
    DuplicateEntry,
    DuplicateTitle,
    SimilarTitle,
    SharedPaperLink,
    # PL4xx: venues
    VenueAlias,
    UnknownVenue,
    MissingVenueYear,
    # PL5xx: live links (only with check --links)
    DeadLink,
    LinkTimeout,
    PermanentRedirect,
    UnverifiableLink,
    ArxivTitleMismatch,
    PreprintPublished,
    # PL6xx: house conventions learned from the list's majority
    InconsistentVenueSpelling,
    InconsistentLabelCase,
    InconsistentJournalYear,
    InconsistentTrailingPeriod,
    InconsistentArxivLinkForm,
)

__all__ = ["ALL_RULES", "InternalError"]

"""Building arXiv's search_query from the digest config."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.arxiv.query import QuerySpec, build_search_query, submitted_window, term


def test_terms_are_searched_in_titles_and_abstracts_and_phrases_quoted():
    assert term("SimCLR") == "(ti:SimCLR OR abs:SimCLR)"
    assert term("self-supervised") == '(ti:"self-supervised" OR abs:"self-supervised")'
    assert (
        term("masked  image\nmodeling")
        == '(ti:"masked image modeling" OR abs:"masked image modeling")'
    )
    # Quotes and parentheses cannot break out of the phrase.
    assert term('x") OR all:(y') == '(ti:"x OR all: y" OR abs:"x OR all: y")'
    with pytest.raises(ValueError):
        term('""')


def test_full_query_structure():
    spec = QuerySpec.from_config(
        {
            "keywords": ["self-supervised", "SimCLR"],
            "phrases": ["masked autoencoder"],
            "required": [["MRI", "CT"], "medical"],
            "excluded": ["quantum"],
            "categories": ["cs.CV", "eess.IV"],
        }
    )
    assert spec.required == (("MRI", "CT"), ("medical",))
    q = build_search_query(
        spec, datetime(2026, 11, 17, tzinfo=UTC), datetime(2026, 11, 25, 6, 5, tzinfo=UTC)
    )
    assert q == (
        '((ti:"self-supervised" OR abs:"self-supervised") OR (ti:SimCLR OR abs:SimCLR)'
        ' OR (ti:"masked autoencoder" OR abs:"masked autoencoder"))'
        " AND ((ti:MRI OR abs:MRI) OR (ti:CT OR abs:CT))"
        " AND (ti:medical OR abs:medical)"
        " AND (cat:cs.CV OR cat:eess.IV)"
        " AND submittedDate:[202611170000 TO 202611250605]"
        " ANDNOT (ti:quantum OR abs:quantum)"
    )


def test_window_is_converted_to_gmt():
    cet = timezone(timedelta(hours=1))
    assert (
        submitted_window(datetime(2026, 1, 1, 0, 30, tzinfo=cet), datetime(2026, 1, 2))
        == "submittedDate:[202512312330 TO 202601020000]"
    )
    with pytest.raises(ValueError):
        submitted_window(datetime(2026, 1, 2), datetime(2026, 1, 1))


def test_empty_query_is_refused_and_duplicates_dropped():
    with pytest.raises(ValueError, match="digest query is empty"):
        build_search_query(QuerySpec.from_config({"excluded": ["x"]}))
    spec = QuerySpec.from_config({"keywords": ["a", "a", " ", 3], "phrases": ["a"]})
    assert spec.keywords == ("a",)
    assert build_search_query(spec) == "(ti:a OR abs:a)"

"""Dedupe against the list (arXiv id, DOI, title) and against earlier digest markers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.digest.dedupe import (
    ListIndex,
    dedupe,
    format_marker,
    parse_marker,
    suggested_before,
)
from lint_rules.arxiv_atom import ArxivEntry
from lint_rules.config import Config
from lint_rules.parse import parse
from tests.conftest import EXAMPLE_LIST

LIST = EXAMPLE_LIST


@pytest.fixture(scope="module")
def index() -> ListIndex:
    return ListIndex.from_entries(parse(LIST.read_text("utf-8"), Config()).entries)


def _paper(identifier: str, title: str, doi: str | None = None) -> ArxivEntry:
    return ArxivEntry(
        id=identifier, version=1, title=title, summary="", authors=(), published=None,
        updated=None, primary_category="cs.CV", categories=("cs.CV",), doi=doi,
        journal_ref=None, comment=None, abs_url=f"https://arxiv.org/abs/{identifier}",
        pdf_url=None,
    )  # fmt: skip


def test_listed_arxiv_id_including_pdf_links(index):
    # The list links MoCo-CXR as https://arxiv.org/pdf/2010.05352.pdf
    reason, entry = index.match(_paper("2010.05352", "Anything"))
    assert "2010.05352" in reason and entry.title.startswith("MoCo-CXR")


def test_published_version_found_by_doi(index):
    paper = _paper(
        "2611.00003",
        "SALAD: anomaly detection on chest radiographs",
        "10.1007/978-3-030-59710-8_46",
    )
    reason, entry = index.match(paper)
    assert "published version" in reason and entry.title.startswith("SALAD")


def test_published_version_found_by_title(index):
    # Listed with an IEEE link and no DOI in the URL: only the title identifies it.
    title = (
        "Self-Path: Self-supervision for Classification of Pathology Images"
        " with Limited Annotations"
    )
    reason, entry = index.match(_paper("2611.00004", title.upper()))
    assert reason == "the same title is already listed"
    assert entry.url == "https://ieeexplore.ieee.org/document/9343323"


def test_near_identical_title_matches_but_a_different_paper_does_not(index):
    near = "Self Supervised Feature Learning for 3D Medical Images by Playing a Rubiks Cube"
    assert index.match(_paper("2611.00005", near)) is not None
    different = "Self-supervised Feature Learning for 3D Medical Images by Playing Jigsaw"
    assert index.match(_paper("2611.00006", different)) is None
    assert index.match(_paper("2611.00007", "Self-supervised learning")) is None


def test_dedupe_reports_why_each_paper_was_dropped(index):
    papers = [
        _paper("2611.00001", "A new paper"),
        _paper("2611.00001", "A new paper"),
        _paper("2101.05224", "Big Self-Supervised Models Advance Medical Image Classification"),
        _paper("2611.00002", "Suggested last week"),
    ]
    result = dedupe(papers, index, {"2611.00002"})
    assert [p.id for p in result.kept] == ["2611.00001"]
    reasons = [d.reason for d in result.dropped]
    assert reasons == [
        "returned twice by arXiv",
        "arXiv id 2101.05224 is already listed",
        "suggested in an earlier digest",
    ]


def test_marker_round_trip_and_earlier_weeks_only():
    body = "text\n" + format_marker("2026-W47", ["2611.00001", "cs/0112017"]) + "\nmore"
    marker = parse_marker(body)
    assert marker is not None and marker.week == "2026-W47"
    assert marker.ids == ("2611.00001", "cs/0112017")
    bodies = [body, format_marker("2026-W48", ["2611.00009"]), "no marker", ""]
    assert suggested_before(bodies, except_week="2026-W48") == {"2611.00001", "cs/0112017"}
    assert suggested_before(bodies) == {"2611.00001", "cs/0112017", "2611.00009"}
    assert parse_marker(format_marker("2026-W01", [])).ids == ()


def test_a_new_version_of_a_listed_preprint_is_still_listed(index):
    paper = replace(_paper("2011.01355", "Patch2Self (v2 retitled)"), version=2)
    assert index.match(paper) is not None

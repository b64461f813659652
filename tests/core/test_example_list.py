"""What issue #2 promises on the user's own list (the bundled example)."""

from __future__ import annotations

from lint_rules.config import Config, load_config
from lint_rules.engine import check_text
from lint_rules.findings import Severity
from lint_rules.model import SectionKind
from lint_rules.parse import parse

from ..conftest import EXAMPLE_DIR


def _check(text: str):
    config = load_config(EXAMPLE_DIR / ".paperlist.yml")
    return check_text(text, config=config, path="README.md")


def test_parses_every_entry_with_its_parts(example_text: str) -> None:
    doc = parse(example_text)
    assert len(doc.entries) == 45  # counted by hand: 34 papers, 11 resources
    by_line = {e.line: e for e in doc.entries}
    e = by_line[32]
    assert e.title.startswith("Contrastive learning of global and local features")
    assert e.url == "https://arxiv.org/abs/2006.10511"
    assert (e.venue, e.year, e.arxiv_id, e.checkbox) == ("NeurIPS", 2020, "2006.10511", " ")
    assert [lk.label for lk in e.extra_links] == ["Code"]
    assert e.topic == "Segmentation"
    assert doc.text[e.url_span.start:e.url_span.end] == e.url
    assert by_line[12].arxiv_id == "2010.05352"
    assert by_line[25].doi == "10.1007/978-3-030-59710-8_46"
    assert (by_line[6].venue, by_line[6].year) == ("TMI", None)
    years = [s.year for s in doc.sections if s.kind is SectionKind.YEAR]
    assert years == [2021, 2020, 2019, 2018, 2017]
    # Without its config, sections named for lists, blogs and videos hold resources; the
    # reviews are papers. The config's `resources_after_break` makes every section after the
    # `----` a resource section.
    resources = [s.title for s in doc.sections if s.kind is SectionKind.RESOURCES]
    assert resources == ["Paper Lists on GitHub", "Blogs", "Videos"]
    configured = parse(example_text, Config({"sections": {"resources_after_break": True}}))
    resources = [s.title for s in configured.sections if s.kind is SectionKind.RESOURCES]
    assert resources == ["Reviews papers", "Paper Lists on GitHub", "Blogs", "Videos"]


def test_reports_the_known_defects(example_text: str) -> None:
    findings = _check(example_text)
    at = {(f.line, f.code) for f in findings}
    assert {(31, "PL103"), (33, "PL103")} <= at  # the two empty links
    assert (74, "PL110") in at  # the ligature
    assert (12, "PL114") in at  # the arXiv PDF link
    assert (20, "PL113") in at  # the http:// link
    errors = {(f.line, f.code) for f in findings if f.severity is Severity.ERROR}
    assert {(31, "PL103"), (33, "PL103")} <= errors
    ligature = next(f for f in findings if f.code == "PL110")
    assert ligature.fix is not None


def test_no_error_where_the_list_follows_its_own_conventions(example_text: str) -> None:
    findings = _check(example_text)
    error_lines = {f.line for f in findings if f.severity is Severity.ERROR}
    # Journals without a year (TMI., Medical Image Analysis.) and the looser resource
    # sections after the `----` carry no error; only the two empty links are errors.
    journal_lines = {6, 7, 8, 9, 10, 11, 18, 19, 47, 53}
    resource_lines = set(range(70, 88))
    assert not error_lines & (journal_lines | resource_lines), sorted(error_lines)
    assert {31, 33} <= error_lines

"""The digest's GitHub calls against the GitHub stand-in: label, listing, finding the week."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.digest.dedupe import format_marker
from bot.github.digest_issues import DigestIssue, DigestIssues, connect
from tests.standins.github import FakeGitHub


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub("curator/ssl-medical") as fake:
        yield fake


def _issues(gh: FakeGitHub, label: str = "arxiv-digest") -> DigestIssues:
    return DigestIssues(connect(gh.token, gh.base_url, gh.full_name, pause=False), label)


def test_label_is_created_once(gh):
    issues = _issues(gh)
    assert issues.ensure_label() is True
    assert issues.ensure_label() is False
    assert len(gh.requests_to("POST", r"/labels$")) == 1
    assert gh.labels["arxiv-digest"]["name"] == "arxiv-digest"


def test_label_created_meanwhile_is_not_an_error(gh):
    issues = _issues(gh)
    gh.fail_next("GET", r"/labels/arxiv-digest$", 404, message="Not Found")
    gh._ensure_label("arxiv-digest")  # another run created it between our GET and POST
    assert issues.ensure_label() is False


def test_listing_keeps_labelled_issues_only_open_and_closed(gh):
    gh._ensure_label("arxiv-digest")
    for number, (title, labels, state) in enumerate(
        [
            ("arXiv digest 2026-W46", ["arxiv-digest"], "closed"),
            ("arXiv digest 2026-W47", ["arxiv-digest"], "open"),
            ("Unrelated bug", [], "open"),
        ],
        start=1,
    ):
        body = format_marker(title.split()[-1], ["2611.0000" + str(number)])
        issue = gh._issue_body(gh._take_number(), title, body, "someone", labels)
        issue["state"] = state
        gh.issues[issue["number"]] = issue
    found = _issues(gh).list_digest_issues()
    assert sorted(i.week for i in found) == ["2026-W46", "2026-W47"]
    assert {i.state for i in found} == {"open", "closed"}


def test_week_is_found_by_marker_else_by_title():
    by_marker = DigestIssue(3, "renamed by the curator", format_marker("2026-W48", []), "open", "")
    by_title = DigestIssue(2, "arXiv digest 2026-W47", "marker edited away", "closed", "")
    issues = [by_marker, by_title]
    assert DigestIssues.find_week(issues, "2026-W48") is by_marker
    assert DigestIssues.find_week(issues, "2026-W47") is by_title
    assert DigestIssues.find_week(issues, "2026-W49") is None


def test_this_weeks_issue_opened_by_someone_else_is_never_edited(gh):
    """An issue that looks like this week's digest (label, title, marker) but was opened by
    another account is read for its papers and otherwise left alone."""
    gh._ensure_label("arxiv-digest")
    forged = format_marker("2026-W48", ["2611.00001"]) + "\nFiled by another app"
    other = gh._issue_body(gh._take_number(), "arXiv digest 2026-W48", forged, "other-app[bot]",
                           ["arxiv-digest"])
    gh.issues[other["number"]] = other
    issues = _issues(gh)
    assert [i.week for i in issues.list_digest_issues()] == ["2026-W48"]  # still deduplicates

    ours, action = issues.upsert("2026-W48", "our digest")
    assert action == "created" and ours.number != other["number"]
    assert ours.author == "github-actions[bot]"
    assert gh.issues[other["number"]]["body"] == forged
    again, action = issues.upsert("2026-W48", format_marker("2026-W48", []) + "\nnew")
    assert (again.number, action) == (ours.number, "updated")
    assert gh.issues[other["number"]]["body"] == forged
    assert not gh.requests_to("PATCH", rf"/issues/{other['number']}$")

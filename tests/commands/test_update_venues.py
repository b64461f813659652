"""`/paperlist update-venues` and the digest's "Published since listed" section: the updates
(pure), then end to end against the GitHub, arXiv and Crossref stand-ins."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.commands.add import finding_key
from bot.commands.run import command_main
from bot.digest.run import digest_main
from bot.published import apply_updates, plan_updates, render_section
from lint_rules.config import parse_config_text
from lint_rules.engine import check_text
from lint_rules.parse import parse
from lint_rules.publication import PublishedRecord
from lint_rules.venues import load_venue_table
from tests.conftest import EXAMPLE_DIR, EXAMPLE_LIST
from tests.standins.arxiv import ArxivStandin, Paper
from tests.standins.crossref import CrossrefStandin, Work
from tests.standins.github import FakeGitHub

YEAR_LIST = """\
# Papers

## 2021
- [ ] [Rotation prediction for knee MRI](https://arxiv.org/abs/2010.00001). arXiv.
- [ ] [Jigsaw puzzles for CT](https://arxiv.org/abs/2101.00002). arXiv.

## 2020
- [ ] [Rubik cube pretraining](https://link.springer.com/chapter/10.1007/1). MICCAI 2020.
- [ ] [Context restoration](https://link.springer.com/chapter/10.1007/2). MICCAI 2020.
"""
WHEN = datetime(2021, 1, 1, tzinfo=UTC)


def test_updates_follow_the_lists_spelling_and_year_rule():
    config = parse_config_text("list: README.md\n")
    table = load_venue_table(config)
    doc = parse(YEAR_LIST, config)
    records = {
        "arxiv:2010.00001": PublishedRecord("arxiv:2010.00001", "Accepted to MICCAI 2020"),
        "arxiv:2101.00002": PublishedRecord("arxiv:2101.00002", "12 pages"),
    }
    updates = plan_updates(doc, records, table)
    assert [(u.line, u.venue, u.move_to) for u in updates] == [(4, "MICCAI 2020", 2020)]
    text, applied, skipped = apply_updates(YEAR_LIST, config, updates, table)
    assert applied == updates and skipped == []
    moved = parse(text, config)
    entry = next(e for e in moved.entries if e.arxiv_id == "2010.00001")
    assert moved.sections[entry.section].year == 2020 and entry.venue_text == "MICCAI 2020"
    assert len(moved.entries) == len(doc.entries)
    before = Counter(finding_key(f) for f in check_text(YEAR_LIST, config=config))
    after = Counter(finding_key(f) for f in check_text(text, config=config))
    assert not after - before
    section = render_section(updates)
    assert section.startswith("## Published since listed")
    assert "`arXiv` → `MICCAI 2020`" in section and "moves to the 2020 section" in section


MOCO = Paper("2010.05352", "MoCo-CXR", "x", WHEN, doi="10.1000/midl.2021.17")
BIG = Paper("2101.05224", "Big Self-Supervised Models", "x", WHEN, journal_ref="9 pages")
WORKS = [Work("10.1000/midl.2021.17", "MoCo-CXR",
              ("Proceedings of the Fourth Conference on Medical Imaging with Deep Learning",),
              2021, type="proceedings-article", event="Medical Imaging with Deep Learning")]


@pytest.fixture
def services() -> Iterator[tuple[FakeGitHub, ArxivStandin, CrossrefStandin]]:
    with ArxivStandin(papers=[MOCO, BIG]) as arxiv, CrossrefStandin(works=WORKS) as crossref, \
            FakeGitHub() as gh:
        config = (EXAMPLE_DIR / ".paperlist.yml").read_text("utf-8").replace(
            "digest:\n", f"digest:\n  arxiv_api_url: {arxiv.url}\n  delay_seconds: 0\n", 1)
        config += (f"published:\n  crossref_api_url: {crossref.url}\n"
                   "  mailto: lists@example.org\n  delay_seconds: 0\n"
                   "  crossref_delay_seconds: 0\n  cache: ''\n")
        gh.set_files({"README.md": EXAMPLE_LIST.read_text("utf-8"), ".paperlist.yml": config})
        gh.set_permission("maintainer", "admin")
        yield gh, arxiv, crossref


def _comment(gh: FakeGitHub, tmp_path: Path, issue: int, body: str) -> int:
    event = tmp_path / f"event-{len(gh.requests)}.json"
    event.write_text(json.dumps({
        "action": "created", "issue": {"number": issue},
        "comment": {"body": body, "user": {"login": "maintainer", "type": "User"}}}), "utf-8")
    args = argparse.Namespace(repo=gh.full_name, event_path=str(event), event_name="issue_comment",
                              config=None, dry_run=False, token=gh.token, api_url=gh.base_url,
                              no_pause=True)
    return command_main(args, environ={})


def test_update_venues_comment_opens_one_pull_request(services, tmp_path):
    gh, _, crossref = services
    issue = gh.add_issue("Venues")
    assert _comment(gh, tmp_path, issue, "/paperlist update-venues") == 0
    pulls = gh.open_pulls()
    assert len(pulls) == 1 and pulls[0].head_ref == "paperlist/update-venues"
    text = gh.contents_at("paperlist/update-venues", "README.md")
    line = next(ln for ln in text.splitlines() if "2010.05352" in ln)
    assert line.rstrip().endswith("). MIDL 2021.")
    assert "2101.05224). arXiv." in text  # "9 pages" names no venue
    assert "MIDL 2021" in gh.issues[pulls[0].number]["body"]
    assert "/pull/" in gh.issue_comments_on(issue)[0]["body"]
    assert crossref.requests and crossref.requests[0].query["mailto"] == "lists@example.org"
    writes = len([r for r in gh.requests if r.method != "GET"])
    _comment(gh, tmp_path, issue, "/paperlist update-venues")
    assert len([r for r in gh.requests if r.method != "GET"]) == writes  # nothing new


def test_digest_has_a_published_since_listed_section(services, tmp_path, capsys):
    gh, _, _ = services
    (tmp_path / "README.md").write_text(EXAMPLE_LIST.read_text("utf-8"), "utf-8")
    (tmp_path / ".paperlist.yml").write_text(gh.contents_at("main", ".paperlist.yml"), "utf-8")
    args = argparse.Namespace(repo=None, since=None, until="2026-11-25", top=None, dry_run=True,
                              config=str(tmp_path / ".paperlist.yml"), token=None, api_url=None)
    assert digest_main(args) == 0
    out = capsys.readouterr().out
    assert "## Published since listed" in out
    assert "**MoCo-CXR: MoCo Pretraining Improves Representation and Transferability of Chest " \
        "X-ray Models** (line 12): `arXiv` → `MIDL 2021`" in out
    assert out.index("## Published since listed") < out.index("<sub>Opened by")


def _unattended(gh: FakeGitHub, event_name: str) -> int:
    args = argparse.Namespace(repo=gh.full_name, event_path=None, event_name=event_name,
                              config=None, dry_run=False, token=gh.token, api_url=gh.base_url,
                              no_pause=True, update_venues=False)
    return command_main(args, environ={})


def test_the_schedule_opens_the_pull_request_only_when_the_config_says_so(services, capsys):
    gh, _, _ = services
    assert _unattended(gh, "schedule") == 0
    assert gh.open_pulls() == [] and "update_pr" in capsys.readouterr().err
    config = gh.contents_at("main", ".paperlist.yml").replace(
        "published:\n", "published:\n  update_pr: true\n", 1)
    gh.set_files({".paperlist.yml": config})
    assert _unattended(gh, "schedule") == 0
    pulls = gh.open_pulls()
    assert len(pulls) == 1 and "scheduled run" in gh.issues[pulls[0].number]["body"]
    assert all(not gh.issue_comments_on(n) for n in gh.issues)  # nobody to reply to


def test_a_manual_dispatch_always_runs(services):
    gh, _, _ = services
    assert _unattended(gh, "workflow_dispatch") == 0
    assert len(gh.open_pulls()) == 1

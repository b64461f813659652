"""`paperlist command` end to end: real PyGithub and requests against the GitHub and arXiv
stand-ins on 127.0.0.1, the example list as the repository's README."""

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
from bot.digest.dedupe import format_marker
from lint_rules.config import parse_config_text
from lint_rules.engine import check_text
from lint_rules.parse import parse
from tests.conftest import EXAMPLE_DIR, EXAMPLE_LIST
from tests.standins.arxiv import ArxivStandin, Paper
from tests.standins.github import FakeGitHub

BRAIN = Paper(
    "2005.01234", "Contrastive self-supervised pretraining for brain MRI segmentation",
    "Contrastive learning on unlabelled brain MRI volumes improves segmentation.",
    datetime(2020, 5, 3, tzinfo=UTC), authors=("Ann Lee", "Bo Chen"),
    journal_ref="Medical Image Computing and Computer Assisted Intervention - MICCAI 2020, "
                "pp. 12-21",
    comment="Early accept. Code: https://github.com/annlee/brain-cl.",
)
XRAY = Paper(
    "2006.04321", "Self-supervised anomaly detection on chest X-rays with aggregation",
    "Anomaly detection on chest X-rays without labels.",
    datetime(2020, 6, 9, tzinfo=UTC),
)
MEDIA = Paper(
    "2102.00777", "Self-supervised representation learning for fetal ultrasound video",
    "Ultrasound video representations learned without labels.",
    datetime(2021, 2, 1, tzinfo=UTC),
    journal_ref="Medical Image Analysis 71 (2021) 102062",
)
LISTED = Paper(
    "2101.05224", "Big Self-Supervised Models Advance Medical Image Classification",
    "Already in the list.", datetime(2021, 1, 13, tzinfo=UTC),
)
IDS = [BRAIN.id, XRAY.id, MEDIA.id]


@pytest.fixture
def arxiv() -> Iterator[ArxivStandin]:
    with ArxivStandin(papers=[BRAIN, XRAY, MEDIA, LISTED]) as standin:
        yield standin


@pytest.fixture
def gh(arxiv: ArxivStandin) -> Iterator[FakeGitHub]:
    config = (EXAMPLE_DIR / ".paperlist.yml").read_text("utf-8").replace(
        "digest:\n", f"digest:\n  arxiv_api_url: {arxiv.url}\n  delay_seconds: 0\n", 1)
    with FakeGitHub() as fake:
        fake.set_files({"README.md": EXAMPLE_LIST.read_text("utf-8"), ".paperlist.yml": config})
        fake.set_permission("maintainer", "maintain")
        fake.set_permission("reader", "read")
        yield fake


def run(gh: FakeGitHub, tmp_path: Path, body: str, *, user: str = "maintainer",
        issue: int | None = None, pull: bool = False,
        capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, int]:
    number = issue if issue is not None else gh.add_issue("arXiv digest 2026-W48")
    payload = {
        "action": "created",
        "issue": {"number": number, **({"pull_request": {"url": "x"}} if pull else {})},
        "comment": {"id": 1, "body": body, "user": {"login": user, "type": "User"},
                    "author_association": "MEMBER"},
        "repository": {"full_name": gh.full_name},
    }
    event = tmp_path / f"event-{len(gh.requests)}.json"
    event.write_text(json.dumps(payload), "utf-8")
    args = argparse.Namespace(repo=gh.full_name, event_path=str(event), event_name="issue_comment",
                              config=None, dry_run=False, token=gh.token, api_url=gh.base_url,
                              no_pause=True)
    return command_main(args, environ={}), number


def writes(gh: FakeGitHub) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in gh.requests if r.method != "GET"]


def keys(text: str) -> Counter[tuple[str, str]]:
    config = parse_config_text((EXAMPLE_DIR / ".paperlist.yml").read_text("utf-8"))
    return Counter(finding_key(f) for f in check_text(text, config=config))


def test_trusted_comment_opens_one_pull_request_with_entries_in_their_sections(gh, tmp_path):
    code, issue = run(gh, tmp_path, "Thanks!\n/paperlist add " + " ".join(IDS))
    assert code == 0
    pulls = gh.open_pulls()
    assert len(pulls) == 1 and pulls[0].head_ref == f"paperlist/issue-{issue}"
    after = gh.contents_at(pulls[0].head_ref, "README.md")
    before = gh.contents_at("main", "README.md")
    assert after != before and before == EXAMPLE_LIST.read_text("utf-8")
    doc = parse(after, parse_config_text(gh.contents_at("main", ".paperlist.yml")))
    placed = {e.arxiv_id: e for e in doc.entries if e.arxiv_id in IDS}
    assert set(placed) == set(IDS)
    section = {i: doc.sections[e.section].title.strip() for i, e in placed.items()}
    assert section == {BRAIN.id: "2020", XRAY.id: "2020", MEDIA.id: "2021"}
    assert placed[XRAY.id].topic == "Detection"  # next to SALAD, its nearest entry
    brain = doc.source.line_text(placed[BRAIN.id].line)
    assert brain == (f"- [ ] [{BRAIN.title}](https://arxiv.org/abs/{BRAIN.id}). MICCAI 2020. "
                     "[[Code](https://github.com/annlee/brain-cl)]")
    assert doc.source.line_text(placed[MEDIA.id].line).endswith("). Medical Image Analysis.")
    assert doc.source.line_text(placed[XRAY.id].line).endswith("). arXiv.")
    assert not keys(after) - keys(before)  # paperlist check: no new finding
    body = gh.issues[pulls[0].number]["body"]
    assert "MICCAI 2020" in body and "journal_ref" in body and "closest entries" in body
    replies = gh.issue_comments_on(issue)
    assert len(replies) == 1 and f"/pull/{pulls[0].number}" in replies[0]["body"]


def test_identical_second_comment_changes_nothing(gh, tmp_path):
    _, issue = run(gh, tmp_path, "/paperlist add " + " ".join(IDS))
    head = gh.branches[f"paperlist/issue-{issue}"]
    done = len(writes(gh))
    run(gh, tmp_path, "/paperlist add " + " ".join(IDS), issue=issue)
    assert writes(gh)[done:] == []
    assert gh.branches[f"paperlist/issue-{issue}"] == head
    assert len(gh.open_pulls()) == 1 and len(gh.issue_comments_on(issue)) == 1


def test_later_comment_updates_the_same_pull_request(gh, tmp_path):
    _, issue = run(gh, tmp_path, f"/paperlist add {BRAIN.id}")
    run(gh, tmp_path, f"/paperlist add {XRAY.id}", issue=issue)
    pulls = gh.open_pulls()
    assert len(pulls) == 1
    text = gh.contents_at(pulls[0].head_ref, "README.md")
    assert BRAIN.id in text and XRAY.id in text
    assert "Add 2 papers" in gh.issues[pulls[0].number]["title"]


def test_listed_and_unknown_ids_are_reported_not_added(gh, tmp_path):
    _, issue = run(gh, tmp_path, f"/paperlist add {LISTED.id} 2511.99999 not-an-id")
    assert gh.open_pulls() == []
    reply = gh.issue_comments_on(issue)[0]["body"]
    assert "arXiv:2101.05224: arXiv id 2101.05224 is already listed, line 13 under `## 2021`" \
        in reply
    assert "Not found on arXiv: `2511.99999`" in reply
    assert "`not-an-id`" in reply


def test_ticked_digest_suggestions_are_added_by_a_bare_command(gh, tmp_path):
    lines = [format_marker("2026-W48", [XRAY.id, MEDIA.id]),
             f"- [x] [{XRAY.title}](https://arxiv.org/abs/{XRAY.id}). arXiv.",
             f"- [ ] [{MEDIA.title}](https://arxiv.org/abs/{MEDIA.id}). arXiv."]
    issue = gh.add_issue("arXiv digest 2026-W48", "\n".join(lines), labels=["arxiv-digest"])
    run(gh, tmp_path, "/paperlist add", issue=issue)
    text = gh.contents_at(f"paperlist/issue-{issue}", "README.md")
    assert XRAY.id in text and MEDIA.id not in text


def test_commenter_without_write_access_gets_nothing_but_a_log_line(gh, tmp_path, capsys):
    code, issue = run(gh, tmp_path, "/paperlist add " + BRAIN.id, user="reader")
    assert code == 0
    assert writes(gh) == [] and gh.open_pulls() == []
    assert "reader has read access" in capsys.readouterr().err
    run(gh, tmp_path, "/paperlist add " + BRAIN.id, user="stranger", issue=issue)
    assert writes(gh) == []
    assert "stranger has none access" in capsys.readouterr().err


def test_comment_on_a_pull_request_is_ignored_without_asking_github(gh, tmp_path, capsys):
    asked = len(gh.requests)
    code, _ = run(gh, tmp_path, "/paperlist add " + BRAIN.id, pull=True, issue=99)
    assert code == 0 and len(gh.requests) == asked
    assert "is a pull request" in capsys.readouterr().err


def test_bot_and_plain_comments_are_ignored(gh, tmp_path, capsys):
    run(gh, tmp_path, "/paperlist add " + BRAIN.id, user="github-actions[bot]")
    run(gh, tmp_path, "Looks good to me, `/paperlist add` later?")
    err = capsys.readouterr().err
    assert "by a bot" in err and "no /paperlist command" in err
    assert writes(gh) == []


def test_arxiv_down_is_reported_on_the_issue_and_changes_nothing(gh, arxiv, tmp_path):
    from tests.standins.arxiv import status

    arxiv.push(*[status(503) for _ in range(5)])
    code, issue = run(gh, tmp_path, f"/paperlist add {BRAIN.id}")
    assert code == 2
    assert gh.open_pulls() == [] and f"paperlist/issue-{issue}" not in gh.branches
    reply = gh.issue_comments_on(issue)[0]["body"]
    assert "arXiv could not be asked" in reply and "nothing was changed" in reply


def test_dry_run_prints_the_plan_and_writes_nothing(gh, tmp_path, capsys):
    number = gh.add_issue("Papers")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({
        "action": "created", "issue": {"number": number},
        "comment": {"body": f"/paperlist add {BRAIN.id}",
                    "user": {"login": "maintainer", "type": "User"}}}), "utf-8")
    args = argparse.Namespace(repo=gh.full_name, event_path=str(event), event_name="issue_comment",
                              config=None, dry_run=True, token=gh.token, api_url=gh.base_url,
                              no_pause=True)
    assert command_main(args, environ={}) == 0
    out = capsys.readouterr().out
    assert "Add 1 paper requested in #" in out and "MICCAI 2020" in out
    assert writes(gh) == []


def test_text_from_the_list_and_arxiv_is_neutralised_in_the_pr_and_reply(gh, arxiv, tmp_path):
    from tests.standins.github import iter_bodies

    text = EXAMPLE_LIST.read_text("utf-8").replace("## 2020\n", "## 2020 @octo-team <img>\n", 1)
    gh.set_files({"README.md": text})
    arxiv.papers.append(Paper("2005.07777", "Self-supervised X-ray anomaly detection for "
                              "@someone <script>x</script>", "x", datetime(2020, 5, 1,
                                                                          tzinfo=UTC)))
    run(gh, tmp_path, "/paperlist add 2005.07777")
    pull = gh.open_pulls()[0]
    assert "@\u2060octo-team &lt;img&gt;" in gh.issues[pull.number]["body"]  # shown, defused
    for body in iter_bodies(gh):
        assert "@octo-team" not in body and "@someone" not in body
        assert "<img>" not in body and "<script>" not in body

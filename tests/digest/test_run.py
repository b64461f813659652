"""`paperlist digest` end to end against the arXiv and GitHub stand-ins on 127.0.0.1."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.digest.dedupe import format_marker, parse_marker
from bot.digest.run import digest_main
from bot.github import digest_issues
from tests.conftest import EXAMPLE_DIR, EXAMPLE_LIST
from tests.standins.arxiv import ArxivStandin, Paper
from tests.standins.github import FakeGitHub

LIST = EXAMPLE_LIST
EXAMPLE_CONFIG = EXAMPLE_DIR / ".paperlist.yml"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WEEK = "2026-W48"

NEW_CXR = Paper(
    "2611.00001",
    "Self-supervised contrastive pretraining for chest X-ray classification",
    "We pretrain with @octocat on unlabelled chest radiographs. It transfers well.",
    NOW - timedelta(days=1),
    authors=("Ann Lee", "Bo Chen"),
)
NEW_CT = Paper(
    "2611.00002",
    "Masked image modeling for 3D CT organ segmentation",
    "Masked image modeling on unlabelled CT volumes improves organ segmentation.",
    NOW - timedelta(days=2),
    categories=("eess.IV", "cs.CV"),
)
# The arXiv version of SALAD, which the list has under its Springer (MICCAI) link.
PUBLISHED_ELSEWHERE = Paper(
    "2611.00003",
    "SALAD: Self-supervised Aggregation Learning for Anomaly Detection on X-Rays",
    "Anomaly detection on chest X-rays.",
    NOW - timedelta(days=3),
    doi="10.1007/978-3-030-59710-8_46",
)
# Self-Path is listed with an IEEE link only: the title gives it away.
SAME_TITLE = Paper(
    "2611.00004",
    "Self-Path: Self-supervision for Classification of Pathology Images with Limited Annotations",
    "Histopathology.",
    NOW - timedelta(days=3),
)
LISTED_ID = Paper(
    "2101.05224",
    "Big Self-Supervised Models Advance Medical Image Classification",
    "Replaced version.",
    NOW - timedelta(days=4),
    version=3,
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "README.md").write_text(LIST.read_text("utf-8"), "utf-8")
    return tmp_path


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    # Production pauses 1 s between writes (GitHub's secondary limits); the stand-in has none.
    real_connect = digest_issues.connect
    monkeypatch.setattr(
        digest_issues, "connect", lambda *a, **kw: real_connect(*a, **{**kw, "pause": False})
    )
    with FakeGitHub("curator/ssl-medical") as gh:
        yield gh


def _configure(workdir: Path, arxiv: ArxivStandin) -> Path:
    config = workdir / ".paperlist.yml"
    config.write_text(
        EXAMPLE_CONFIG.read_text("utf-8")
        + f"  arxiv_api_url: {arxiv.url}\n  delay_seconds: 0.02\n  page_size: 2\n",
        "utf-8",
    )
    return config


def _args(config: Path, gh: FakeGitHub | None, **overrides) -> argparse.Namespace:
    values = dict(
        repo=gh.full_name if gh else None,
        since=None,
        until="2026-11-25",
        top=None,
        dry_run=False,
        config=str(config),
        token=gh.token if gh else None,
        api_url=gh.base_url if gh else None,
    )
    values.update(overrides)
    return argparse.Namespace(**values)


def _writes(gh: FakeGitHub) -> list:
    return [r for r in gh.requests if r.method in ("POST", "PATCH", "PUT", "DELETE")]


def test_dry_run_prints_the_issue_and_posts_nothing(workdir, github, capsys):
    papers = [NEW_CXR, NEW_CT, PUBLISHED_ELSEWHERE, SAME_TITLE, LISTED_ID]
    with ArxivStandin(papers=papers) as arxiv:
        code = digest_main(_args(_configure(workdir, arxiv), github, dry_run=True))
    out = capsys.readouterr().out
    assert code == 0
    assert _writes(github) == []
    assert github.issues == {}
    marker = parse_marker(out)
    assert marker is not None and marker.week == WEEK
    assert set(marker.ids) == {"2611.00001", "2611.00002"}
    line = (
        "- [ ] [Self-supervised contrastive pretraining for chest X-ray classification]"
        "(https://arxiv.org/abs/2611.00001). arXiv."
    )
    assert line in out.splitlines()
    assert "Found 5; 3 already in the list" in out
    assert "@\u2060octocat" in out and "@octocat" not in out
    assert "MoCo-CXR" in out  # the nearest list entry is named
    # The query sent to arXiv had the configured terms and the week's window.
    query = arxiv.requests[0].params["search_query"]
    assert 'abs:"self-supervised"' in query and "cat:eess.IV" in query
    assert "submittedDate:[202611170000 TO 202611252359]" in query
    assert [r.params["start"] for r in arxiv.requests] == ["0", "2", "4"]  # 5 papers, pages of 2


def test_weekly_issue_is_created_once_then_updated(workdir, github, capsys):
    with ArxivStandin(papers=[NEW_CXR]) as arxiv:
        config = _configure(workdir, arxiv)
        assert digest_main(_args(config, github)) == 0
        assert digest_main(_args(config, github)) == 0  # same week, same papers: nothing to do
        arxiv.papers.append(NEW_CT)
        assert digest_main(_args(config, github)) == 0  # same week, one more paper: edit
    assert len(github.issues) == 1
    (issue,) = github.issues.values()
    assert issue["title"] == f"arXiv digest {WEEK}"
    assert [lb["name"] for lb in issue["labels"]] == ["arxiv-digest"]
    assert "arxiv-digest" in github.labels
    assert set(parse_marker(issue["body"]).ids) == {"2611.00001", "2611.00002"}
    assert len(github.requests_to("POST", r"/issues$")) == 1
    assert len(github.requests_to("PATCH", r"/issues/\d+$")) == 1
    assert "unchanged" in capsys.readouterr().err


def test_papers_suggested_in_earlier_issues_are_skipped_even_when_closed(workdir, github):
    github._ensure_label("arxiv-digest")
    old = github._issue_body(
        github._take_number(), "arXiv digest 2026-W47",
        format_marker("2026-W47", ["2611.00001"]), "github-actions[bot]", ["arxiv-digest"],
    )  # fmt: skip
    old["state"] = "closed"
    github.issues[old["number"]] = old
    with ArxivStandin(papers=[NEW_CXR, NEW_CT]) as arxiv:
        assert digest_main(_args(_configure(workdir, arxiv), github)) == 0
    new = [i for i in github.issues.values() if i["number"] != old["number"]]
    assert len(new) == 1
    assert parse_marker(new[0]["body"]).ids == ("2611.00002",)
    assert "1 suggested in earlier digests" in new[0]["body"]


def test_nothing_new_opens_no_issue_and_says_so(workdir, github, capsys):
    with ArxivStandin(papers=[PUBLISHED_ELSEWHERE, LISTED_ID]) as arxiv:
        assert digest_main(_args(_configure(workdir, arxiv), github)) == 0
    assert github.issues == {} and _writes(github) == []
    assert "nothing new for 2026-W48" in capsys.readouterr().err


def test_a_502_that_created_the_issue_does_not_create_a_second(workdir, github):
    github.fail_next("POST", r"/issues$", 502, after=True)
    with ArxivStandin(papers=[NEW_CXR]) as arxiv:
        assert digest_main(_args(_configure(workdir, arxiv), github)) == 0
    assert len(github.issues) == 1
    assert len(github.requests_to("POST", r"/issues$")) == 1


def test_a_502_before_creating_is_followed_by_one_create(workdir, github):
    github.fail_next("POST", r"/issues$", 502)
    with ArxivStandin(papers=[NEW_CXR]) as arxiv:
        assert digest_main(_args(_configure(workdir, arxiv), github)) == 0
    assert len(github.issues) == 1
    assert len(github.requests_to("POST", r"/issues$")) == 2


def test_since_backfills_a_longer_window(workdir, capsys):
    old_paper = Paper(
        "2604.00009", "Self-supervised ultrasound video representation learning", "Ultrasound.",
        NOW - timedelta(days=200),
    )  # fmt: skip
    with ArxivStandin(papers=[old_paper]) as arxiv:
        config = _configure(workdir, arxiv)
        assert digest_main(_args(config, None, dry_run=True)) == 0
        assert "2604.00009" not in capsys.readouterr().out
        assert digest_main(_args(config, None, dry_run=True, since="2026-01-01")) == 0
    assert "2604.00009" in capsys.readouterr().out
    assert "submittedDate:[202601010000 TO" in arxiv.requests[-1].params["search_query"]


def test_arxiv_error_feed_is_an_error_with_its_message(workdir):
    from lint_rules.arxiv_atom import ArxivError
    from tests.standins.arxiv import error_400

    with ArxivStandin(papers=[NEW_CXR]) as arxiv:
        arxiv.push(error_400())
        with pytest.raises(ArxivError, match="incorrect id format for abc"):
            digest_main(_args(_configure(workdir, arxiv), None, dry_run=True))


def test_posting_without_a_token_is_refused_before_any_request(workdir):
    from bot.errors import RunContextError

    with ArxivStandin(papers=[NEW_CXR]) as arxiv:
        with pytest.raises(RunContextError):
            digest_main(_args(_configure(workdir, arxiv), None))
        assert arxiv.requests == []


def test_always_empty_window_warns_and_opens_nothing(workdir, github, capsys, caplog):
    with ArxivStandin(papers=[]) as arxiv:
        assert digest_main(_args(_configure(workdir, arxiv), github)) == 0
    assert len(arxiv.requests) == 3  # the first page was retried before giving up
    assert github.issues == {}
    assert "nothing new for 2026-W48 (0 found" in capsys.readouterr().err
    assert any("empty first page" in r.getMessage() for r in caplog.records)


def test_unknown_repository_is_a_gateway_error_before_arxiv_is_asked(workdir, github):
    from bot.errors import GatewayError

    with ArxivStandin(papers=[NEW_CXR]) as arxiv:
        with pytest.raises(GatewayError, match="open someone/else"):
            digest_main(_args(_configure(workdir, arxiv), github, repo="someone/else"))
        assert arxiv.requests == []


def test_a_capped_backfill_says_what_it_left_out(workdir, capsys):
    with ArxivStandin(papers=[NEW_CXR, NEW_CT]) as arxiv:
        config = _configure(workdir, arxiv)
        config.write_text(config.read_text("utf-8") + "  max_results: 1\n", "utf-8")
        assert digest_main(_args(config, None, dry_run=True)) == 0
    out = capsys.readouterr().out
    assert "arXiv has 2 matches in this window; only the newest 1 were looked at" in out
    assert len(arxiv.requests) == 1


def test_a_feed_in_an_unknown_encoding_exits_2_with_one_line(workdir, capsys):
    """The attack as reported: a LookupError traceback; now the CLI's one-line error."""
    from bot.cli import main
    from tests.standins.arxiv import Action

    with ArxivStandin(papers=[NEW_CXR]) as arxiv:
        arxiv.push(Action(200, b'<?xml version="1.0" encoding="x-klingon"?><feed/>'))
        config = _configure(workdir, arxiv)
        code = main(["digest", "--dry-run", "--config", str(config), "--until", "2026-11-25"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "x-klingon" in err and "encoding" in err

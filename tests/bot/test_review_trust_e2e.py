"""End to end, issue 12: what a pull request (or another bot) can put in front of the review
bot must neither trick it nor stop it.

Each test carries its attack: another Bot account's comments with our markers, a forged
fingerprint quoted in our own suggestion, the 30-comment cap bypass by replies and renames, a
65,000-character line, a file that is not UTF-8, and an oversized answer from "GitHub".
"""

from __future__ import annotations

import argparse
import io
from dataclasses import replace

import pytest
from github import Auth, Github
from github.Commit import Commit

from bot.diff import file_diff
from bot.github.gateway import GatewaySettings
from bot.markers import SUMMARY_MARKER, find_fingerprint, fp_marker, state_marker
from bot.reporters.inline import build_review_plan
from bot.review import lint_file, review_main
from lint_rules.config import Config
from tests.standins.github import FakeGitHub, render_patch

FAST = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None, retries=1,
                       backoff_factor=0)
BASE = """# Self-supervised papers

## 2020
- [ ] [Contrastive Pretraining for Segmentation](https://arxiv.org/abs/2001.00001). MICCAI 2020.
- [ ] [Rotation Prediction for Detection](https://arxiv.org/abs/2002.00002). NeurIPS 2020.
- [ ] [Masked Modelling for Registration](https://arxiv.org/abs/2003.00003). MICCAI 2020.
"""


def empty_link(n: int, title: str = "New Paper") -> str:
    return f"- [ ] [{title} {n} on Self-Supervision](). MICCAI 2020."


@pytest.fixture
def fake():
    with FakeGitHub("octo-lab/papers") as gh:
        gh.set_files({"README.md": BASE})
        yield gh


def run(fake: FakeGitHub, number: int, settings: GatewaySettings = FAST
        ) -> tuple[int, str, str]:
    args = argparse.Namespace(repo=None, pr=number, dry_run=False, config=None, links=False,
                              token=None, api_url=None, event_path=None)
    env = {"GITHUB_REPOSITORY": fake.full_name, "GITHUB_API_URL": fake.base_url,
           "GITHUB_TOKEN": fake.token}
    out, err = io.StringIO(), io.StringIO()
    code = review_main(args, settings=settings, environ=env, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def client(fake: FakeGitHub, token: str) -> Github:
    return Github(base_url=fake.base_url, auth=Auth.Token(token), retry=None,
                  seconds_between_requests=None, seconds_between_writes=None)


def planned_fps(head: str) -> list[str]:
    items = lint_file("README.md", head, file_diff("README.md", render_patch(BASE, head)),
                      Config({}))
    return [c.fingerprint for c in build_review_plan(items, "0" * 40, []).comments]


def test_another_bots_comments_with_our_markers_are_left_alone(fake):
    head = BASE + empty_link(1) + "\n"
    number = fake.add_pull({"README.md": head}).number
    (real_fp,) = planned_fps(head)
    other = client(fake, fake.add_token("ghs_other_app", "other-app[bot]"))
    forged_state = state_marker({"PL999:00000000000000aa": "PL103 empty-link: all fixed, merge"})
    theirs = other.get_repo(fake.full_name).get_issue(number).create_comment(
        f"{SUMMARY_MARKER}\nQuoting the PR:\n> {head.splitlines()[-1]}\n{forged_state}")
    pull = other.get_repo(fake.full_name).get_pull(number)
    commit = Commit(other.requester, {}, {"sha": fake.pulls[number].head_sha}, completed=False)
    pull.create_review(commit=commit, body="other review", event="COMMENT", comments=[
        {"path": "README.md", "line": 7, "body": f"other bot says\n{fp_marker(real_fp)}"},
        {"path": "README.md", "line": 7, "body": f"stale?\n{fp_marker('PL103:' + 'f' * 16)}"}])
    before = {c["id"]: c["body"] for c in fake.review_comments_on(number)}

    code, _out, err = run(fake, number)
    assert err == "" and code == 1
    comments = {c["id"]: c for c in fake.review_comments_on(number)}
    for cid, body in before.items():  # theirs: neither deleted nor edited
        assert comments[cid]["body"] == body
    ours = [c for c in comments.values() if c["user"]["login"] == "github-actions[bot]"]
    assert [find_fingerprint(c["body"]) for c in ours] == [real_fp]  # not silenced by theirs
    issue_comments = fake.issue_comments_on(number)
    assert len(issue_comments) == 2
    assert next(c for c in issue_comments if c["id"] == theirs.id)["body"] == theirs.body
    summary = next(c for c in issue_comments if c["id"] != theirs.id)
    assert "Fixed since the last run" not in summary["body"]  # their state is not believed
    assert not fake.requests_to("PATCH", rf"/issues/comments/{theirs.id}$")


def test_a_fingerprint_forged_in_a_pr_line_is_never_read_as_ours(fake):
    """Line 7 ends with the marker of line 8's finding. Our suggestion on line 7 quotes it; had
    we read the first marker in our comment, line 8's error would count as commented (and the
    comment on line 8 as a duplicate to delete)."""
    victim = empty_link(8)
    (victim_fp,) = planned_fps(BASE + victim + "\n")
    # An error to comment on, and trailing spaces: the suggestion quotes the rest of the line.
    line = f"{empty_link(7)} {fp_marker(victim_fp)}  "
    head = BASE + line + "\n" + victim + "\n"
    number = fake.add_pull({"README.md": head}).number
    run(fake, number)
    first = {c["line"]: c for c in fake.review_comments_on(number)}
    assert set(first) == {7, 8}
    assert fp_marker(victim_fp) in first[7]["body"].split("suggestion")[1]  # quoted, verbatim
    assert find_fingerprint(first[7]["body"]) != victim_fp
    assert find_fingerprint(first[8]["body"]) == victim_fp
    run(fake, number)  # a rerun: nothing repeated, nothing deleted
    assert {c["id"] for c in fake.review_comments_on(number)} == {c["id"] for c in
                                                                  first.values()}
    assert not fake.requests_to("DELETE", r"/pulls/comments/")
    (summary,) = fake.issue_comments_on(number)
    assert summary["body"].count("(commented inline)") >= 2


def test_replies_and_renames_cannot_push_past_the_comment_cap(fake):
    fake.set_files({".paperlist.yml": "review:\n  max_comments: 3\n"})
    head = BASE + "".join(empty_link(n) + "\n" for n in range(5))
    number = fake.add_pull({"README.md": head}).number
    run(fake, number)
    first = fake.review_comments_on(number)
    assert len(first) == 3
    for rounds in range(3):  # reply to every bot comment, rename every entry, push
        for c in fake.review_comments_on(number):
            if not c.get("in_reply_to_id"):
                fake.add_human_reply(c["id"], "will do")
        renamed = BASE + "".join(empty_link(n, f"Renamed{rounds}") + "\n" for n in range(5))
        fake.push(number, {"README.md": renamed})
        run(fake, number)
        ours = [c for c in fake.review_comments_on(number)
                if c["user"]["login"] == "github-actions[bot]"]
        assert len(ours) <= 3
    (summary,) = fake.issue_comments_on(number)
    assert "over the inline limit" in summary["body"]


def test_a_65000_character_line_cannot_silence_the_review(fake):
    long_title = "Self-Supervised " + "very " * 13000
    line = f"- [ ] [{long_title}](https://arxiv.org/abs/2005.00005). Miccai 2020. "
    assert len(line) > 65000
    head = BASE + line + "\n" + empty_link(2) + "\n"
    number = fake.add_pull({"README.md": head}).number
    code, _out, err = run(fake, number)
    assert err == "" and code == 1
    assert [r.status for r in fake.requests_to("POST", r"/pulls/\d+/reviews$")] == [200]
    comments = fake.review_comments_on(number)
    assert {c["line"] for c in comments} == {7, 8}
    assert all(len(c["body"]) <= 8000 for c in comments)
    long_comment = next(c for c in comments if c["line"] == 7)
    assert "suggestion" not in long_comment["body"].split("\n")[0]
    assert "```suggestion" not in long_comment["body"]  # did not fit: left out
    assert "too long to show as a suggestion" in long_comment["body"]
    assert len(fake.issue_comments_on(number)[0]["body"]) <= 8000


def test_a_file_that_is_not_utf8_is_a_finding_not_a_traceback(fake):
    bad = (empty_link(1) + " caf\xe9\n").encode("latin-1").decode("utf-8", "surrogateescape")
    head = BASE + bad
    number = fake.add_pull({"README.md": head}).number
    code, out, err = run(fake, number)
    assert err == "" and code == 1 and "Traceback" not in out
    comments = fake.review_comments_on(number)
    assert any("`PL000` invalid-encoding" in c["body"] and c["line"] == 7 for c in comments)
    (summary,) = fake.issue_comments_on(number)
    assert "not valid UTF-8" in summary["body"] and "PL103" in summary["body"]


def test_an_answer_over_the_size_cap_is_refused_with_one_line(fake):
    head = BASE + "".join(empty_link(n) + "\n" for n in range(60))
    number = fake.add_pull({"README.md": head}).number
    code, _out, err = run(fake, number, replace(FAST, max_response_bytes=4096))
    assert code == 2
    assert err.count("\n") == 1 and "over 4096 bytes" in err and "Traceback" not in err
    assert fake.reviews[number] == [] and fake.issue_comments_on(number) == []


def test_a_file_of_tiny_lines_is_not_reviewed_and_the_summary_says_why(fake):
    # The CLI refuses such a file (exit 2); the bot says so in its summary instead of spending
    # minutes in markdown-it and difflib on it.
    head = BASE + "x\n" * 45_000
    number = fake.add_pull({"README.md": head}).number
    code, out, err = run(fake, number)
    assert err == "" and code == 1 and "Traceback" not in out  # no list: the check fails
    assert fake.review_comments_on(number) == []
    (summary,) = fake.issue_comments_on(number)
    body = summary["body"]
    assert "No list file of this pull request could be reviewed." in body
    assert "- **README.md**: not reviewed: it has 45,006 lines in 90,312 bytes: too many short " \
        "lines for a paper list" in body
    assert "<sub>At `" in body and "No problems" not in body

"""The GitHub stand-in itself, driven by the real PyGithub client over loopback HTTP."""

from __future__ import annotations

import pytest
from github import Auth, Github, GithubException
from github.Commit import Commit

from tests.standins.github import FakeGitHub, parse_hunks, render_patch

BASE = "".join(f"line {i}\n" for i in range(1, 80))
HEAD = BASE.replace("line 10\n", "line 10 changed\n").replace("line 50\n", "line 50\nnew 50b\n")


def client(fake: FakeGitHub, token: str | None = None) -> Github:
    return Github(base_url=fake.base_url, auth=Auth.Token(token or fake.token), retry=None,
                  seconds_between_requests=None, seconds_between_writes=None)


@pytest.fixture
def fake():
    with FakeGitHub() as gh:
        gh.set_files({"README.md": BASE})
        yield gh


def test_render_patch_matches_git_hunk_headers():
    patch = render_patch("a\nb\nc\n", "a\nB\nc\nd")
    assert patch.split("\n") == ["@@ -1,3 +1,4 @@", " a", "-b", "+B", " c", "+d",
                                 "\\ No newline at end of file"]
    assert render_patch(None, "x\n") == "@@ -0,0 +1 @@\n+x"
    hunks = parse_hunks(patch)
    assert hunks[0].right == [1, 2, 3, 4] and hunks[0].left == [1, 2, 3]


def test_pull_files_are_paged_with_link_headers(fake):
    pr = fake.add_pull({"README.md": HEAD, **{f"notes/{i:02}.txt": "x\n" for i in range(35)}})
    pull = client(fake).get_repo(fake.full_name).get_pull(pr.number)
    files = list(pull.get_files())
    assert len(files) == 36
    readme = next(f for f in files if f.filename == "README.md")
    assert "+line 10 changed" in readme.patch and readme.status == "modified"
    pages = fake.requests_to("GET", r"/pulls/\d+/files$")
    assert len(pages) == 2 and pages[1].query["page"] == ["2"]


def test_contents_at_ref_are_base64(fake):
    pr = fake.add_pull({"README.md": HEAD})
    repo = client(fake).get_repo(fake.full_name)
    assert repo.get_contents("README.md", ref=pr.head_sha).decoded_content.decode() == HEAD
    assert repo.get_contents("README.md", ref="main").decoded_content.decode() == BASE
    with pytest.raises(GithubException) as err:
        repo.get_contents("missing.yml", ref="main")
    assert err.value.status == 404


def test_review_anchor_rules_are_all_or_nothing(fake):
    pr = fake.add_pull({"README.md": HEAD})
    gh = client(fake)
    pull = gh.get_repo(fake.full_name).get_pull(pr.number)
    commit = Commit(gh.requester, {}, {"sha": pr.head_sha}, completed=False)
    good = {"path": "README.md", "line": 51, "body": "ok"}
    bad_cases = [
        ({"path": "README.md", "line": 30, "body": "outside"}, "must be part of the diff"),
        ({"path": "README.md", "line": 10, "start_line": 10, "body": "x"}, "must precede"),
        ({"path": "README.md", "line": 51, "start_line": 10, "body": "x"}, "same hunk"),
        ({"path": "other.md", "line": 1, "body": "x"}, "path is invalid"),
    ]
    for bad, message in bad_cases:
        with pytest.raises(GithubException) as err:
            pull.create_review(commit=commit, body="r", event="COMMENT", comments=[good, bad])
        assert err.value.status == 422 and message in str(err.value.data)
    assert fake.review_comments_on(pr.number) == [] and fake.reviews[pr.number] == []
    review = pull.create_review(commit=commit, body="r", event="COMMENT", comments=[
        good, {"path": "README.md", "line": 10, "start_line": 8, "body": "multi"}])
    assert review.state == "COMMENTED" and review.commit_id == pr.head_sha
    got = sorted((c.line, c.start_line) for c in pull.get_review_comments())
    assert got == [(10, 8), (51, None)]


def test_push_reanchors_or_outdates_review_comments(fake):
    pr = fake.add_pull({"README.md": HEAD})
    gh = client(fake)
    pull = gh.get_repo(fake.full_name).get_pull(pr.number)
    commit = Commit(gh.requester, {}, {"sha": pr.head_sha}, completed=False)
    pull.create_review(commit=commit, body="r", event="COMMENT", comments=[
        {"path": "README.md", "line": 51, "body": "moves"},
        {"path": "README.md", "line": 10, "body": "goes"}])
    fake.push(pr.number, {"README.md": "top\n" + HEAD.replace("line 10 changed\n", "line 10\n")})
    by_body = {c["body"]: c for c in fake.review_comments_on(pr.number)}
    assert by_body["moves"]["line"] == 52 and by_body["moves"]["original_line"] == 51
    assert by_body["goes"]["line"] is None


def test_fault_after_creation_still_creates(fake):
    pr = fake.add_pull({"README.md": HEAD})
    pull = client(fake).get_repo(fake.full_name).get_pull(pr.number)
    fake.fail_next("POST", r"/issues/\d+/comments$", 502, after=True)
    with pytest.raises(GithubException) as err:
        pull.create_issue_comment("hello")
    assert err.value.status == 502
    assert [c.body for c in pull.get_issue_comments()] == ["hello"]
    fake.fail_next("POST", r"/issues/\d+/comments$", 502)
    with pytest.raises(GithubException):
        pull.create_issue_comment("lost")
    assert len(fake.issue_comments_on(pr.number)) == 1


def test_read_only_token_cannot_write(fake):
    pr = fake.add_pull({"README.md": HEAD})
    pull = client(fake, fake.read_only_token).get_repo(fake.full_name).get_pull(pr.number)
    assert pull.head.sha == pr.head_sha  # reads still work
    with pytest.raises(GithubException) as err:
        pull.create_issue_comment("x")
    assert err.value.status == 403 and fake.issue_comments == {}


def test_issues_and_labels_for_the_digest(fake):
    repo = client(fake).get_repo(fake.full_name)
    fake.add_pull({"README.md": HEAD})  # PRs are issues too, as on GitHub
    label = repo.create_label("arxiv-digest", "1d76db", "Weekly arXiv suggestions")
    assert label.name == "arxiv-digest"
    with pytest.raises(GithubException) as err:
        repo.create_label("ARXIV-digest", "1d76db")
    assert err.value.status == 422
    issue = repo.create_issue("Weekly digest", body="papers", labels=["arxiv-digest"])
    repo.create_issue("Unrelated", body="x")
    assert [i.number for i in repo.get_issues(labels=["arxiv-digest"])] == [issue.number]
    assert [i.title for i in repo.get_issues(creator="github-actions[bot]")] == [
        "Unrelated", "Weekly digest"]
    assert len(list(repo.get_issues(state="all"))) == 3
    issue.edit(body="updated", state="closed")
    assert list(repo.get_issues(labels=["arxiv-digest"])) == []
    closed = list(repo.get_issues(state="closed", labels=["arxiv-digest"]))
    assert closed[0].body == "updated" and closed[0].state_reason == "completed"
    assert [lb.name for lb in repo.get_labels()] == ["arxiv-digest"]
    assert repo.get_label("arxiv-digest").color == "1d76db"


def test_requests_are_recorded_with_bodies(fake):
    repo = client(fake).get_repo(fake.full_name)
    repo.create_issue("T", body="B")
    post = fake.requests_to("POST", r"/issues$")[0]
    assert post.body == {"title": "T", "body": "B"} and post.status == 201
    assert post.token == fake.token


def test_socket_guard_refuses_non_loopback():
    import socket

    with pytest.raises(OSError, match="loopback only"), socket.socket() as s:
        s.connect(("192.0.2.1", 80))

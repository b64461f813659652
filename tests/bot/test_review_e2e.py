"""End to end: ``review_main`` with the real PyGithub client over real HTTP against the stand-in.

The PR adds five entries to the user's list — a venue alias, an arXiv pdf link duplicating an
existing abs entry, an empty link, a clean entry, and a title holding ``@octocat`` and
``<img src=x onerror=alert(1)>`` — and edits one existing line.
"""

from __future__ import annotations

import argparse
import io
import json
import re

import pytest

from bot.github.gateway import GatewaySettings
from bot.markers import SUMMARY_MARKER, find_fingerprint
from bot.review import review_main
from tests.conftest import EXAMPLE_LIST
from tests.standins.github import FakeGitHub, iter_bodies

LIST = EXAMPLE_LIST
FAST = GatewaySettings(seconds_between_requests=None, seconds_between_writes=None, retries=2,
                       backoff_factor=0)

VENUE = ("- [ ] [Self-Supervised Venue Alias Example](https://arxiv.org/abs/2006.11111). "
         "Neurips 2020.")
DUPLICATE = ("- [ ] [Self-Supervised Contrastive Video-Speech Representation Learning for "
             "Ultrasound](https://arxiv.org/pdf/2008.06607.pdf). MICCAI 2020.")
EMPTY = "- [ ] [Self-Supervised Empty Link Example](). MICCAI 2021."
CLEAN = ("- [ ] [A Clean Self-Supervised Paper on Contrastive Pretraining]"
         "(https://arxiv.org/abs/2103.00020). MICCAI 2021.")
HOSTILE = ("- [ ] [Thanks @octocat <img src=x onerror=alert(1)> for Self-Supervised Segmentation]"
           "(https://arxiv.org/abs/2104.00001). MICCAI 2021.")
EDITED_FROM = "(https://arxiv.org/abs/2101.05224). arXiv."
EDITED_TO = "(https://arxiv.org/abs/2101.05224). CVPR 2021."
RAW_MENTION = re.compile(r"(?<![\w`])@octocat")


def base_list() -> str:
    return LIST.read_text(encoding="utf-8")


def head_list(base: str) -> str:
    lines = base.split("\n")

    def after(sub: str, new: list[str]) -> None:
        i = next(i for i, line in enumerate(lines) if sub in line)
        lines[i + 1 : i + 1] = new

    lines = [ln.replace(EDITED_FROM, EDITED_TO) for ln in lines]
    after("2101.05224", [EMPTY, CLEAN, HOSTILE])
    after("2006.10511", [VENUE, DUPLICATE])
    return "\n".join(lines)


def line_of(text: str, entry: str) -> int:
    return text.split("\n").index(entry) + 1


@pytest.fixture
def fake():
    with FakeGitHub("octo-lab/ssl-medical") as gh:
        gh.set_files({"README.md": base_list(), ".paperlist.yml": "list: README.md\n",
                      "CONTRIBUTING.md": "Be kind.\n"})
        yield gh


def run(fake: FakeGitHub, pr: int, *, token: str | None = None, dry_run: bool = False,
        event_path: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    args = argparse.Namespace(repo=None, pr=pr, dry_run=dry_run, config=None, links=False,
                              token=None, api_url=None, event_path=event_path)
    environ = {"GITHUB_REPOSITORY": fake.full_name, "GITHUB_API_URL": fake.base_url,
               "GITHUB_TOKEN": token or fake.token, **(env or {})}
    out, err = io.StringIO(), io.StringIO()
    code = review_main(args, settings=FAST, environ=environ, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def open_pr(fake: FakeGitHub) -> tuple[int, str]:
    head = head_list(base_list())
    return fake.add_pull({"README.md": head}).number, head


def test_first_run_posts_one_review_on_the_defective_added_lines(fake):
    number, head = open_pr(fake)
    code, _out, err = run(fake, number)
    assert err == ""
    assert code == 1  # the empty link and the duplicate are errors on the PR's own lines

    (review,) = fake.reviews[number]
    assert review["state"] == "COMMENTED" and review["commit_id"] == fake.pulls[number].head_sha
    posted = fake.requests_to("POST", r"/pulls/\d+/reviews$")[0].body
    assert posted["event"] == "COMMENT" and posted["commit_id"] == fake.pulls[number].head_sha

    comments = fake.review_comments_on(number)
    commented = {c["line"] for c in comments}
    # One comment per entry, and only on entries with a content problem: the raw HTML in
    # HOSTILE's title is a house-style warning, listed in the summary, not commented.
    defective = {line_of(head, e) for e in (VENUE, DUPLICATE, EMPTY)}
    assert commented == defective and len(comments) == len(defective)
    assert line_of(head, CLEAN) not in commented and line_of(head, HOSTILE) not in commented
    assert not any(EDITED_TO in head.split("\n")[c["line"] - 1] for c in comments)

    venue = [c for c in comments if c["line"] == line_of(head, VENUE)]
    assert any("PL4" in c["body"] for c in venue)
    block = re.search(r"```suggestion\n(.*)\n```", next(c["body"] for c in venue if "PL4" in
                                                       c["body"])).group(1)
    assert block == VENUE.replace("Neurips 2020", "NeurIPS 2020")
    (dup,) = [c for c in comments if c["line"] == line_of(head, DUPLICATE)]
    # The duplicate is shown; the pdf-link detail is not, but its safe fix rides along in the
    # entry's one suggestion.
    assert "`PL301` duplicate-entry" in dup["body"] and "PL114" not in dup["body"]
    assert dup["body"].count("```suggestion") == 1 and "arxiv.org/abs/2008.06607)" in dup["body"]

    (summary,) = fake.issue_comments_on(number)
    assert summary["body"].startswith(SUMMARY_MARKER) and len(summary["body"]) <= 8000
    assert "<details><summary>" in summary["body"]  # pre-existing findings, collapsed
    assert f"README.md:{line_of(head, HOSTILE)}](" in summary["body"].split("<details>")[0]
    for body in iter_bodies(fake):
        prose = re.sub(r"(`{3,})suggestion\n.*?\n\1", "", body, flags=re.DOTALL)
        assert not RAW_MENTION.search(prose)
        assert "<img" not in prose and "onerror=alert(1)>" not in prose


def test_second_run_adds_nothing_and_keeps_one_summary(fake):
    number, _head = open_pr(fake)
    run(fake, number)
    before = {c["id"] for c in fake.review_comments_on(number)}
    (summary,) = fake.issue_comments_on(number)
    posts = len([r for r in fake.requests if r.method == "POST"])
    before_requests = len(fake.requests)
    code, _, _ = run(fake, number)
    assert code == 1
    # A quiet re-run stays cheap: no request per existing comment (PyGithub's lazy completion).
    assert len(fake.requests) - before_requests <= 12
    assert len([r for r in fake.requests if r.method == "POST"]) == posts
    assert {c["id"] for c in fake.review_comments_on(number)} == before
    assert [c["id"] for c in fake.issue_comments_on(number)] == [summary["id"]]


def test_push_that_fixes_a_finding_edits_the_summary_and_drops_its_comment(fake):
    number, head = open_pr(fake)
    run(fake, number)
    summary = dict(fake.issue_comments_on(number)[0])
    fixed = head.replace(EMPTY, EMPTY.replace("]()", "](https://arxiv.org/abs/2105.00005)"))
    fixed = "A new first line\n" + fixed  # every line moves: fingerprints must not care
    fake.push(number, {"README.md": fixed})
    run(fake, number)
    (edited,) = fake.issue_comments_on(number)
    assert edited["id"] == summary["id"] and edited["body"] != summary["body"]
    assert fake.requests_to("PATCH", rf"/issues/comments/{summary['id']}$")
    assert "Fixed since the last run (1)" in edited["body"] and "PL103" in edited["body"]
    remaining = {find_fingerprint(c["body"]).split(":")[0] for c in fake.review_comments_on(number)}
    assert "PL103" not in remaining and "PL401" in remaining
    assert len(fake.reviews[number]) == 1  # nothing new to say: no second review


def test_summary_post_answering_502_after_creating_still_leaves_one(fake):
    number, _ = open_pr(fake)
    fake.fail_next("POST", r"/issues/\d+/comments$", 502, after=True)
    code, _, err = run(fake, number)
    assert code == 1 and err == ""
    assert len(fake.issue_comments_on(number)) == 1
    assert len(fake.requests_to("POST", r"/issues/\d+/comments$")) == 1


def test_review_post_answering_502_after_creating_is_not_repeated(fake):
    number, _ = open_pr(fake)
    fake.fail_next("POST", r"/pulls/\d+/reviews$", 502, after=True)
    run(fake, number)
    assert len(fake.reviews[number]) == 1
    fps = [find_fingerprint(c["body"]) for c in fake.review_comments_on(number)]
    assert len(fps) == len(set(fps))


def test_review_post_lost_by_a_502_is_created_once_more(fake):
    number, _ = open_pr(fake)
    fake.fail_next("POST", r"/pulls/\d+/reviews$", 502)
    run(fake, number)
    assert len(fake.requests_to("POST", r"/pulls/\d+/reviews$")) == 2
    assert len(fake.reviews[number]) == 1


def test_pr_touching_no_list_file_gets_nothing(fake):
    number = fake.add_pull({"CONTRIBUTING.md": "Be kind. @octocat\n"}).number
    code, out, _ = run(fake, number)
    assert code == 0 and "changes no list file" in out
    assert fake.reviews[number] == [] and fake.issue_comments_on(number) == []
    assert not [r for r in fake.requests if r.method != "GET"]


def test_read_only_token_prints_annotations_and_exits_0(fake):
    number, head = open_pr(fake)
    code, out, _ = run(fake, number, token=fake.read_only_token)
    assert code == 0
    assert f"::error file=README.md,line={line_of(head, EMPTY)}," in out
    assert "cannot comment on this pull request" in out
    assert fake.reviews[number] == [] and fake.issue_comments_on(number) == []


def test_dry_run_prints_and_posts_nothing(fake):
    number, head = open_pr(fake)
    code, out, _ = run(fake, number, dry_run=True)
    assert f"README.md:{line_of(head, VENUE)}" in out and SUMMARY_MARKER in out
    assert not [r for r in fake.requests if r.method != "GET"]
    assert code == 1


def test_config_comes_from_the_base_branch_not_the_pr(fake):
    fake.set_files({"papers.md": base_list(), ".paperlist.yml": "list: papers.md\n"})
    head = head_list(base_list())
    # The PR points the config at a file it does not change and ignores every rule.
    number = fake.add_pull({"papers.md": head,
                            ".paperlist.yml": "list: README.md\nrules:\n  ignore: [PL]\n"}).number
    run(fake, number)
    assert {c["line"] for c in fake.review_comments_on(number)} >= {line_of(head, EMPTY)}
    contents = [r for r in fake.requests if "/contents/" in r.path]
    assert any(r.path.endswith(".paperlist.yml") and r.query["ref"] == ["main"]
               for r in contents)


def test_invalid_base_config_is_exit_2(fake):
    fake.set_files({".paperlist.yml": "list: [not, a, string]\n"})
    number, _ = open_pr(fake)
    code, _, err = run(fake, number)
    assert code == 2 and ".paperlist.yml" in err and "list" in err


def test_pr_number_from_a_pull_request_target_event(fake, tmp_path):
    number, _head = open_pr(fake)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "number": number,
                                 "pull_request": {"number": number,
                                                  "head": {"sha": fake.pulls[number].head_sha}}}))
    args = argparse.Namespace(repo=None, pr=None, dry_run=False, config=None, links=False,
                              token=None, api_url=None, event_path=None)
    env = {"GITHUB_REPOSITORY": fake.full_name, "GITHUB_API_URL": fake.base_url,
           "GITHUB_TOKEN": fake.token, "GITHUB_EVENT_PATH": str(event),
           "GITHUB_EVENT_NAME": "pull_request_target"}
    review_main(args, settings=FAST, environ=env, out=io.StringIO(), err=io.StringIO())
    assert len(fake.reviews[number]) == 1


def test_workflow_run_for_an_older_head_posts_nothing(fake, tmp_path):
    number, _ = open_pr(fake)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"workflow_run": {"head_sha": "0" * 40, "pull_requests": [
        {"number": number}]}}))
    code, out, _ = run(fake, number, event_path=str(event),
                       env={"GITHUB_EVENT_NAME": "workflow_run"})
    assert code == 0 and "nothing to do" in out
    assert not [r for r in fake.requests if r.method != "GET"]


def test_links_checks_only_the_links_the_pr_adds(fake, tmp_path, monkeypatch):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class Host(BaseHTTPRequestHandler):
        def log_message(self, *a):
            return

        def do_HEAD(self):
            seen.append(self.path)
            self.send_response(200 if self.path == "/ok" else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    server = ThreadingHTTPServer(("127.0.0.1", 0), Host)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    host = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.chdir(tmp_path)  # the verdict cache lands here, not in the repository
    try:
        old = f"- [ ] [An Old Self-Supervised Paper]({host}/old-gone). MICCAI 2020.\n"
        # The link host is on loopback, which the checker refuses unless the config allows it.
        fake.set_files({"README.md": "# Papers\n\n## 2020\n" + old,
                        ".paperlist.yml": "list: README.md\nlinks:\n  allow_private: true\n"})
        ok = f"- [ ] [A Live Self-Supervised Paper]({host}/ok). MICCAI 2020."
        gone = f"- [ ] [A Dead Self-Supervised Paper]({host}/gone). MICCAI 2020."
        head = "# Papers\n\n## 2020\n" + old + ok + "\n" + gone + "\n"
        number = fake.add_pull({"README.md": head}).number
        args = argparse.Namespace(repo=fake.full_name, pr=number, dry_run=False, config=None,
                                  links=True, token=fake.token, api_url=fake.base_url,
                                  event_path=None)
        review_main(args, settings=FAST, environ={}, out=io.StringIO(), err=io.StringIO())
    finally:
        server.shutdown()
        server.server_close()
    assert "/old-gone" not in seen and {"/ok", "/gone"} <= set(seen)
    dead = [c for c in fake.review_comments_on(number) if "PL501" in c["body"]]
    assert [c["line"] for c in dead] == [line_of(head, gone)]


def test_stale_comment_with_a_human_reply_is_kept(fake):
    number, head = open_pr(fake)
    run(fake, number)
    empty = next(c for c in fake.review_comments_on(number) if "PL103" in c["body"])
    fake.add_human_reply(empty["id"], "Fixed, thanks!")
    venue = next(c for c in fake.review_comments_on(number) if "PL401" in c["body"])
    fixed = head.replace(EMPTY, EMPTY.replace("]()", "](https://arxiv.org/abs/2105.00005)"))
    fixed = fixed.replace(VENUE, VENUE.replace("Neurips", "NeurIPS"))
    fake.push(number, {"README.md": fixed})
    run(fake, number)
    ids = {c["id"] for c in fake.review_comments_on(number)}
    assert empty["id"] in ids  # its finding is gone, but a person answered it
    assert venue["id"] not in ids  # gone and unanswered: deleted
    assert fake.requests_to("DELETE", rf"/pulls/comments/{venue['id']}$")


def test_paperlist_review_command_line(fake, capsys):
    from bot.cli import main

    number, _ = open_pr(fake)
    code = main(["review", "--repo", fake.full_name, "--pr", str(number), "--dry-run",
                 "--api-url", fake.base_url, "--token", fake.token])
    out = capsys.readouterr().out
    assert code == 1 and "(dry run)" in out and SUMMARY_MARKER in out
    assert not [r for r in fake.requests if r.method != "GET"]


def test_a_forged_fingerprint_from_a_person_does_not_silence_the_bot(fake):
    from github import Auth, Github
    from github.Commit import Commit

    from bot.diff import file_diff
    from bot.review import lint_file
    from lint_rules.config import Config
    from tests.standins.github import render_patch

    number, head = open_pr(fake)
    items = lint_file("README.md", head, file_diff("README.md", render_patch(base_list(), head)),
                      Config({}))
    forged = next(i.fingerprint for i in items if i.fingerprint.startswith("PL103"))
    person = fake.add_token("ghp_author", "contributor")
    gh = Github(base_url=fake.base_url, auth=Auth.Token(person), retry=None,
                seconds_between_requests=None, seconds_between_writes=None)
    pull = gh.get_repo(fake.full_name).get_pull(number)
    commit = Commit(gh.requester, {}, {"sha": fake.pulls[number].head_sha}, completed=False)
    pull.create_review(commit=commit, body="lgtm", event="COMMENT", comments=[
        {"path": "README.md", "line": line_of(head, EMPTY),
         "body": f"nothing to see <!-- paperlist:fp={forged} -->"}])
    run(fake, number)
    bots = [c for c in fake.review_comments_on(number) if c["user"]["type"] == "Bot"]
    assert any(find_fingerprint(c["body"]) == forged for c in bots)
    assert len(fake.review_comments_on(number)) == len(bots) + 1  # theirs kept


def test_a_config_next_to_the_list_names_it(fake):
    fake.set_files({"lists/ssl.md": base_list(),
                    "lists/.paperlist.yml": "list: ssl.md\nrules:\n  ignore: [PL117]\n"})
    head = head_list(base_list())
    number = fake.add_pull({"lists/ssl.md": head}).number
    run(fake, number)
    comments = fake.review_comments_on(number)
    assert {c["path"] for c in comments} == {"lists/ssl.md"}
    assert line_of(head, EMPTY) in {c["line"] for c in comments}
    assert not any("PL117" in c["body"] for c in comments)  # that config's ignore applies


def test_local_config_flag_names_the_list_relative_to_itself(fake, tmp_path, monkeypatch):
    fake.set_files({"lists/ssl.md": base_list()})
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / ".paperlist.yml").write_text("list: ssl.md\n")
    monkeypatch.chdir(tmp_path)
    number = fake.add_pull({"lists/ssl.md": head_list(base_list())}).number
    args = argparse.Namespace(repo=fake.full_name, pr=number, dry_run=False,
                              config="lists/.paperlist.yml", links=False, token=fake.token,
                              api_url=fake.base_url, event_path=None)
    review_main(args, settings=FAST, environ={}, out=io.StringIO(), err=io.StringIO())
    assert len(fake.reviews[number]) == 1
    assert not [r for r in fake.requests if r.path.endswith(".paperlist.yml")]


def test_list_diff_too_large_for_a_patch_goes_to_the_summary_only(fake):
    fake.files_patch_line_budget = 0  # GitHub leaves the patch out past its budget
    number, head = open_pr(fake)
    code, _, err = run(fake, number)
    assert err == "" and code == 1
    assert fake.reviews[number] == [] and fake.review_comments_on(number) == []
    (summary,) = fake.issue_comments_on(number)
    assert "GitHub sent no diff for <code>README.md</code>" in summary["body"]
    on_changed = summary["body"].split("<details>")[0]
    assert f"README.md:{line_of(head, EMPTY)}](" in on_changed  # still told apart from old problems
    assert f"README.md:{line_of(head, CLEAN)}](" not in on_changed


def test_review_refused_with_422_still_updates_the_summary(fake):
    number, head = open_pr(fake)
    fake.fail_next("POST", r"/pulls/\d+/reviews$", 422,
                   message="Pull request review thread line must be part of the diff")
    code, out, err = run(fake, number)
    assert code == 1 and err == "" and "summary instead" in out
    assert fake.reviews[number] == []
    (summary,) = fake.issue_comments_on(number)
    assert "GitHub refused this run's inline comments" in summary["body"]
    assert f"README.md:{line_of(head, EMPTY)}](" in summary["body"]
    assert len(fake.requests_to("POST", r"/pulls/\d+/reviews$")) == 1  # a 422 is not retried
    run(fake, number)  # the next run tries again
    assert len(fake.reviews[number]) == 1


def test_outdated_comment_is_replaced_on_the_findings_new_line(fake):
    number, head = open_pr(fake)
    run(fake, number)
    old = next(c for c in fake.review_comments_on(number) if "PL401" in c["body"])
    renamed = VENUE.replace("Venue Alias Example", "Venue Alias Example, Revised")
    fake.push(number, {"README.md": head.replace(VENUE, renamed)})
    assert fake.review_comments[old["id"]]["line"] is None  # GitHub marks it outdated
    run(fake, number)
    venue = [c for c in fake.review_comments_on(number) if "PL401" in c["body"]]
    assert [c["line"] for c in venue] == [line_of(head.replace(VENUE, renamed), renamed)]
    assert old["id"] not in {c["id"] for c in venue}
    assert len(fake.reviews[number]) == 2


def test_two_lists_in_one_pr_get_one_review(fake):
    fake.set_files({"lists/other.md": "# Other\n\n## 2020\n",
                    "lists/.paperlist.yml": "list: other.md\n"})
    head = head_list(base_list())
    number = fake.add_pull({"README.md": head,
                            "lists/other.md": "# Other\n\n## 2020\n" + EMPTY.replace(
                                "2021", "2020") + "\n"}).number
    run(fake, number)
    assert len(fake.reviews[number]) == 1
    assert {c["path"] for c in fake.review_comments_on(number)} == {"README.md", "lists/other.md"}
    (summary,) = fake.issue_comments_on(number)
    assert "<code>README.md</code>, <code>lists/other.md</code>" in summary["body"]


def test_pr_from_a_deleted_fork_is_reviewed(fake):
    head = head_list(base_list())
    number = fake.add_pull({"README.md": head}, head_repo=None).number
    run(fake, number)
    assert line_of(head, EMPTY) in {c["line"] for c in fake.review_comments_on(number)}


def test_list_over_the_contents_size_limit_is_read_through_the_blob_api():
    with FakeGitHub("octo-lab/ssl-medical", contents_size_limit=1000) as gh:
        gh.set_files({"README.md": base_list(), ".paperlist.yml": "list: README.md\n"})
        number, head = open_pr(gh)
        code, _out, err = run(gh, number)
        assert err == "" and code == 1
        assert gh.requests_to("GET", r"/git/blobs/[0-9a-f]{40}$")
        commented = {c["line"] for c in gh.review_comments_on(number)}
        assert line_of(head, EMPTY) in commented


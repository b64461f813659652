"""``paperlist link-report`` end to end: the real PyGithub client over HTTP against the GitHub
stand-in, the real link checker against a loopback link host.

One issue is opened while links are dead, edited in place on later runs, closed once they are
fixed; issues by anyone else, even carrying our label and marker, are left alone.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from github import Auth, Github

from bot.cli import main
from bot.github.digest_issues import TrackedIssue
from bot.github.link_report import Plan, is_report, link_report_main, plan
from lint_rules.links.report_markdown import MARKER
from tests.links.servers import Host, Reply
from tests.standins.github import FakeGitHub

pytestmark = pytest.mark.timeout(60)

CONFIG = ("links:\n  allow_private: true\n  arxiv_api: false\n  per_host_interval: 0\n"
          "  timeout: 1\n  backoff: 0.05\n  cache:\n    enabled: false\n")


@pytest.fixture
def host() -> Iterator[Host]:
    h = Host({"/ok": Reply(200), "/moved": Reply(301, {"Location": "/ok"}),
              "/blocked": Reply(403, body=b"no bots")})
    yield h
    h.close()


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub("curator/ssl-medical") as gh:
        yield gh


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".paperlist.yml").write_text(CONFIG)
    return tmp_path


def write_list(workdir: Path, host: Host, gone: str = "/gone") -> None:
    (workdir / "README.md").write_text(
        "# Papers\n\n## 2020\n"
        f"- [ ] [Live Paper]({host.url('/ok')}). MICCAI 2020.\n"
        f"- [ ] [Lost Paper]({host.url(gone)}). MICCAI 2020.\n"
        f"- [ ] [Moved Paper]({host.url('/moved')}). MICCAI 2020.\n"
        f"- [ ] [Publisher Paper]({host.url('/blocked')}). MICCAI 2020.\n"
    )


def report(fake: FakeGitHub | None, *, dry_run: bool = False, **over: object) -> tuple[int, str]:
    values: dict[str, object] = dict(
        paths=["README.md"], config=None, repo=fake.full_name if fake else None, label=None,
        bot_login=None, dry_run=dry_run, token=fake.token if fake else None,
        api_url=fake.base_url if fake else None,
    )
    values.update(over)
    out = io.StringIO()
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "curator/ssl-medical",
           "GITHUB_SHA": "0" * 40}
    code = link_report_main(argparse.Namespace(**values), environ=env, out=out, pause=False)
    return code, out.getvalue()


def writes(fake: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests if r.method != "GET"]


def test_opens_one_issue_updates_it_then_closes_it_when_fixed(fake, host, workdir):
    write_list(workdir, host)
    code, out = report(fake)
    assert code == 0 and "opened issue #1: Link report: 1 dead link" in out
    issue = fake.issues[1]
    assert issue["title"] == "Link report: 1 dead link" and issue["state"] == "open"
    assert [lb["name"] for lb in issue["labels"]] == ["broken-links"]
    assert issue["user"]["login"] == "github-actions[bot]"
    body = issue["body"]
    assert body.startswith(MARKER + "\n")
    assert "[README.md:5](https://github.com/curator/ssl-medical/blob/" in body
    assert "| Lost Paper |" in body and "404 not found" in body
    assert f"<code>{host.url('/ok')}</code>" in body  # the moved link's fix
    unsure = body[body.index("<details>"):]
    assert "Publisher Paper" in unsure and "unverifiable" in unsure  # collapsed, not dead

    # Still broken a week later: the same issue, edited, no second one.
    host.routes["/gone2"] = Reply(410)
    write_list(workdir, host, gone="/gone2")
    code, out = report(fake)
    assert code == 0 and "updated issue #1" in out and len(fake.issues) == 1
    assert "410 gone" in fake.issues[1]["body"]

    # Fixed: the issue is closed with a body saying so.
    host.routes["/gone2"] = Reply(200)
    code, out = report(fake)
    assert "closed issue #1" in out
    assert fake.issues[1]["state"] == "closed" and fake.issues[1]["state_reason"] == "completed"
    assert "### No dead links" in fake.issues[1]["body"]
    assert fake.issues[1]["title"] == "Link report: no dead links"

    # Nothing dead, nothing open: no write at all.
    before = len(writes(fake))
    code, out = report(fake)
    assert "nothing to do" in out and len(writes(fake)) == before and len(fake.issues) == 1


def test_a_closed_report_is_history_new_breakage_opens_a_new_issue(fake, host, workdir):
    write_list(workdir, host)
    report(fake)
    write_list(workdir, host, gone="/ok")
    report(fake)
    assert fake.issues[1]["state"] == "closed"
    write_list(workdir, host)
    _, out = report(fake)
    assert "opened issue #2" in out and fake.issues[1]["state"] == "closed"


def test_issues_by_others_with_our_label_and_marker_are_left_alone(fake, host, workdir):
    """Another app's issue (and a person's) quoting our marker is not ours to edit or close."""
    fake._ensure_label("broken-links")
    forged = f"{MARKER}\n### 0 dead links\nforged by someone else"
    for token, login in (("ghs_other", "other-app[bot]"), ("ghp_person", "maintainer")):
        fake.add_token(token, login)
        gh = Github(base_url=fake.base_url, auth=Auth.Token(token),
                    seconds_between_requests=None, seconds_between_writes=None)
        gh.get_repo(fake.full_name).create_issue("Link report: 0 dead links", forged,
                                                 labels=["broken-links"])
    write_list(workdir, host)
    _, out = report(fake)
    assert "opened issue #3" in out
    assert [fake.issues[n]["body"] for n in (1, 2)] == [forged, forged]
    assert {fake.issues[n]["state"] for n in (1, 2)} == {"open"}

    write_list(workdir, host, gone="/ok")
    _, out = report(fake)
    assert "closed issue #3" in out
    assert {fake.issues[n]["state"] for n in (1, 2)} == {"open"}
    assert not [r for r in fake.requests if r.method == "PATCH" and r.path.endswith(("/1", "/2"))]


def test_a_502_that_created_the_issue_does_not_create_a_second(fake, host, workdir):
    write_list(workdir, host)
    fake.fail_next("POST", r"/issues$", 502, after=True)
    code, out = report(fake)
    assert code == 0 and len(fake.issues) == 1 and "opened issue #1" in out
    assert len(fake.requests_to("POST", r"/issues$")) == 1


def test_label_from_the_config_and_marker_only_on_the_first_line(fake, host, workdir):
    (workdir / ".paperlist.yml").write_text(CONFIG + "  issue_label: dead-links\n")
    write_list(workdir, host)
    report(fake)
    assert [lb["name"] for lb in fake.issues[1]["labels"]] == ["dead-links"]
    assert is_report(fake_issue(fake.issues[1]["body"]))
    assert not is_report(fake_issue(f"Someone quoting us:\n{MARKER}\n"))


def fake_issue(body: str) -> TrackedIssue:
    return TrackedIssue(1, "t", body, "open", "", "github-actions[bot]")


def test_plan_is_pure_and_complete():
    open_one = [fake_issue(f"{MARKER}\nold")]
    assert plan([], "T", "B", dead=True) == Plan("create")
    assert plan([], "T", "B", dead=False) == Plan("none")
    assert plan(open_one, "T", "B", dead=False) == Plan("close", 1)
    assert plan(open_one, "T", "B", dead=True) == Plan("update", 1)
    assert plan(open_one, "t", f"{MARKER}\nold", dead=True) == Plan("unchanged", 1)


def test_dry_run_prints_and_needs_no_github(host, workdir):
    write_list(workdir, host)
    code, out = report(None, dry_run=True)
    assert code == 0 and out.startswith("Link report: 1 dead link\n\n" + MARKER)


def test_without_a_token_it_stops_before_checking_links(host, workdir, capsys, monkeypatch):
    write_list(workdir, host)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    code = main(["link-report", "--repo", "curator/ssl-medical"])
    assert code == 2 and "GITHUB_TOKEN" in capsys.readouterr().err
    assert host.seen == []


def test_a_github_apps_login_is_given_explicitly(fake, host, workdir):
    """An App's installation token cannot ask /user either: --bot-login names it, and only its
    issues are ours (not those of github-actions[bot])."""
    app_token = fake.add_token("ghs_app", "paperlist-app[bot]")
    write_list(workdir, host)
    report(fake)  # as github-actions[bot]: issue #1
    _, out = report(fake, token=app_token, bot_login="paperlist-app[bot]")
    assert "opened issue #2" in out and fake.issues[2]["user"]["login"] == "paperlist-app[bot]"
    write_list(workdir, host, gone="/ok")
    _, out = report(fake, token=app_token, bot_login="paperlist-app[bot]")
    assert "closed issue #2" in out and fake.issues[1]["state"] == "open"
